import chalk from 'chalk';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Snapshot} from '../../source/store/snapshot.js';
import {ALL_COMMAND_IDS, KEYMAP} from '../../source/ui/keymap.js';
import type {SnapshotSource} from '../../source/ui/useSnapshot.js';
import {width as textWidth} from '../../source/ui/text.js';
import {failedDeployFixture, makeEvent, makeStack} from './fixtures.js';
import {KEYS, renderApp} from './helpers.js';

const ESC = '\u001B';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each([
  [100, 30],
  [80, 24],
])('the console at %ix%i', (width, height) => {
  it('opens on the root cause: banner, marked and selected row, details', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width, height});
    // The banner leads with where, the category and AWS's whole message (wrapped over its rows).
    await app.until(f => expect(f).toContain('ROOT CAUSE LogAnalysis/ProcessedDataBucket · SCP deny · User:'));
    expect(app.frame().replace(/\s+/g, ' ')).toContain('is not authorized to perform: s3:PutEncryptionConfiguration');
    const lines = app.lines();
    // One row less than the terminal, never wider than it.
    expect(lines).toHaveLength(height - 1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
    // The name is cut in the middle: the stack and the end of the logical ID stay.
    expect(app.cursorLine()).toMatch(/›◆\d\d:\d\d:\d\d LogAnalysis\/…\S*Bucket +CREATE_FAILED/);
    expect(app.frame()).toContain('ROOT CAUSE of the failed operation');
    // Rows show times of day; the title dates the row under the cursor.
    expect(app.frame()).toMatch(/· \d{4}-\d\d-\d\d UTC/);
    // The CloudTrail evidence is in view without scrolling: right under the category.
    expect(app.frame()).toMatch(/Denied\s+\d\d:\d\d:\d\d s3:PutBucketEncryption/);
    app.unmount();
  });

  it('marks the deleted stacks', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width, height});
    await app.until(f => expect(f).toContain('Stacks (9) · ✝ 8 deleted'));
    expect(app.lines().filter(l => /[├└] .*✝/.test(l))).toHaveLength(8);
    expect(app.frame()).toMatch(/› panther-p\S* +rolled back/);
    app.unmount();
  });

  it('jumps back to the root cause with e after moving away', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width, height});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press('g');
    await app.until(() => expect(app.cursorLine()).toMatch(/› 10:00:00 panther-prod /));
    app.press('e');
    await app.until(() => expect(app.cursorLine()).toMatch(/›◆.*CREATE_FAILED/));
    app.unmount();
  });

  it('moves across failures with n and N', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width, height});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press('n');
    await app.until(() => expect(app.cursorLine()).toMatch(/›✗.*Web\/WebService.*CREATE_FAILED/));
    app.press('n');
    await app.until(() => expect(app.cursorLine()).toMatch(/›✗.*panther-prod\/Web +CREATE_FAILED/));
    app.press('N');
    await app.until(() => expect(app.cursorLine()).toMatch(/›✗.*Web\/WebService/));
    app.press('N');
    await app.until(() => expect(app.cursorLine()).toContain('›◆'));
    app.unmount();
  });
});

describe('the console at 100x30', () => {
  const size = {width: 100, height: 30};

  it('Enter on a stack narrows the timeline to its subtree', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline · panther-prod'));
    app.press(KEYS.shiftTab);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.press('jj');
    await app.until(() => expect(app.lines().find(l => l.includes('› ├ BootstrapGateway'))).toBeDefined());
    app.press(KEYS.enter);
    await app.until(f => expect(f).toMatch(/┃Timeline · BootstrapGateway · \d+\/\d+/));
    const rows = app.timelineRows();
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.some(l => /Pan\S*…\S*ctorFunction/.test(l))).toBe(true);
    expect(rows.some(l => l.includes('/ApiGateway'))).toBe(true);
    expect(rows.some(l => /LogAnalysis|Web|Core|Bootstrap\//.test(l.split('┃')[1] ?? ''))).toBe(false);
    app.unmount();
  });

  it('e finds the root cause from another subtree or behind a filter', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press(KEYS.shiftTab);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.press('jj');
    await app.until(() => expect(app.lines().find(l => l.includes('› ├ BootstrapGateway'))).toBeDefined());
    app.press(KEYS.enter);
    await app.until(f => expect(f).toMatch(/Timeline · BootstrapGateway/));
    app.press('f');
    await app.until(f => expect(f).toContain('failures only'));
    app.press('e');
    await app.until(() => expect(app.cursorLine()).toMatch(/›◆.*DataBucket/));
    expect(app.frame()).toMatch(/Timeline · panther-prod/);
    expect(app.frame()).not.toContain('failures only');
    app.unmount();
  });

  it('Enter on a stack without nested stacks: rows name the resource alone', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline · panther-prod'));
    app.press(KEYS.shiftTab);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.press('j');
    await app.until(() => expect(app.lines().find(l => /› ├ \S+/.test(l))).toBeDefined());
    const leaf = /› ├ (\S+)/.exec(app.lines().find(l => /› ├ \S+/.test(l))!)![1]!;
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain(`Timeline · ${leaf} ·`));
    const resourceRows = app.timelineRows().filter(l => !l.includes(` ${leaf} `));
    expect(resourceRows.length).toBeGreaterThan(0);
    // The name column (after the time) has no stack prefix.
    for (const row of resourceRows) expect(/\d\d:\d\d:\d\d (\S+)/.exec(row)?.[1]).not.toContain('/');
    app.unmount();
  });

  it('Enter on the root cause row shows details with category, hint and the denied call', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press(KEYS.enter);
    await app.until(f => expect(f).toMatch(/┃Details/));
    expect(app.frame()).toMatch(/Category +scp-deny/);
    expect(app.frame()).toContain('An organisation service control policy denies');
    expect(app.frame()).toMatch(/↓ \d+ more/);
    app.press('G');
    await app.until(f => expect(f).toMatch(/↑ \d+ more/));
    expect(app.frame()).toContain('policy/p-deny-s3enc');
    expect(app.frame()).not.toMatch(/↓ \d+ more/);
    // The full CloudTrail record sits above the bottom page: a few lines up.
    for (let i = 0; i < 12 && !app.frame().includes('s3:PutBucketEncryption AccessDenied · denied by scp'); i++) {
      const before = app.frame();
      app.press('k');
      await app.until(f => expect(f).not.toBe(before));
    }
    expect(app.frame()).toContain('s3:PutBucketEncryption AccessDenied · denied by scp');
    app.press(KEYS.escape);
    await app.until(f => expect(f).toMatch(/┃Timeline/));
    app.unmount();
  });

  it('a follow-on failure points at the root cause; a cancellation says it is not one', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press('n');
    await app.until(f => expect(f).toContain('Root cause LogAnalysis/ProcessedDataBucket: scp-deny (press e)'));
    // It is a failure of its own too: its diagnosis, as the reports give it.
    expect(app.frame()).toMatch(/Category\s+timeout/);
    expect(app.frame()).toContain('The ECS service did not stabilise.');
    app.press('e');
    app.press('j');
    await app.until(f => expect(f).toContain('not a root cause'));
    app.unmount();
  });

  it('Tab and Shift-Tab cycle the focused pane', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toMatch(/┃Timeline/));
    app.press(KEYS.tab);
    await app.until(f => expect(f).toMatch(/┃Details/));
    expect(app.frame()).not.toMatch(/┃Timeline/);
    app.press(KEYS.tab);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.press(KEYS.tab);
    await app.until(f => expect(f).toMatch(/┃Timeline/));
    app.press(KEYS.shiftTab);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.unmount();
  });

  it('? shows every command of the keymap, and closes again', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('?');
    await app.until(f => expect(f).toContain('Keys (? or Esc to close)'));
    for (const id of ALL_COMMAND_IDS) {
      expect(app.frame()).toContain(KEYMAP[id].description);
      expect(app.frame()).toContain(KEYMAP[id].label);
    }
    expect(app.frame()).toMatch(/Ctrl-U +clear the typed text/);
    expect(app.frame()).not.toContain('more ↓');
    app.press('?');
    await app.until(f => expect(f).not.toContain('Keys (? or Esc to close)'));
    app.unmount();
  });

  it('f shows failures only', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('CREATE_IN_PROG'));
    app.press('f');
    await app.until(f => expect(f).toContain('failures only'));
    const rows = app.timelineRows();
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row).toMatch(/[◆✗]\d\d:\d\d:\d\d .*_FAILED/);
    expect(app.frame()).not.toContain('cancelled');
    app.unmount();
  });

  it('/ filters by typed text on Enter, and Esc cancels the typing', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('/');
    await app.until(f => expect(f).toContain('Enter apply'));
    app.press('WebServicx');
    app.press(KEYS.backspace);
    app.press('e');
    await app.until(f => expect(f).toContain('/WebService█'));
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('filter "WebService"'));
    const rows = app.timelineRows();
    expect(rows).toHaveLength(5);
    app.press('/');
    await app.until(f => expect(f).toContain('Enter apply'));
    app.press('zzz');
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('Enter apply'));
    expect(app.frame()).toContain('filter "WebService"');
    app.unmount();
  });

  it('status bar: account, region, profile, the open stack and its status, poll state, API calls, staleness, expired credentials', async () => {
    const {snapshot} = failedDeployFixture();
    const stale: Snapshot = {
      ...snapshot,
      poll: {
        ...snapshot.poll,
        state: 'backing-off',
        cloudformation: {
          lastSuccessAt: Date.parse('2025-03-01T10:03:35.000Z'),
          lastError: {kind: 'expired-credentials', message: 'ExpiredToken', at: Date.parse('2025-03-01T10:05:00.000Z')},
        },
      },
    };
    const app = renderApp({snapshot: stale, ...size});
    // Where it is, what the root does and how old the data is come first: the poll state and the call count give way.
    await app.until(f => expect(f).toContain('123456789012 us-east-1 (prod) · panther-prod ROLLBACK_COMPLETE · stale since 10:03:35'));
    expect(app.lines()[0]).toContain('CREDENTIALS EXPIRED');
    expect(app.lines()[1]).toContain('ROOT CAUSE');
    app.unmount();
    const wide = renderApp({snapshot: stale, width: 130, height: 30});
    await wide.until(f =>
      expect(f).toContain('123456789012 us-east-1 (prod) · panther-prod ROLLBACK_COMPLETE · backing-off · API 52 · stale since 10:03:35  ? help'),
    );
    wide.unmount();
  });

  it('follows a live store and shows progress of running stacks', async () => {
    const root = makeStack('live', {status: 'CREATE_IN_PROGRESS'});
    const child = makeStack('live-Core-ABC', {parentId: root.stackId, rootId: root.stackId, status: 'CREATE_IN_PROGRESS', stackId: 'arn:child'});
    const ev = (n: number, status = 'CREATE_COMPLETE') => makeEvent(child, `Res${n}`, 'AWS::SQS::Queue', status, 10 + n);
    const base: Snapshot = {
      ...failedDeployFixture().snapshot,
      rootStackId: root.stackId,
      postMortem: null,
      stacks: new Map([
        [root.stackId, root],
        ['arn:child', child],
      ]),
      events: new Map([
        [root.stackId, [makeEvent(root, 'Core', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 1, '', 'arn:child')]],
        ['arn:child', [ev(1), ev(2)]],
      ]),
      resourceTotals: new Map([['arn:child', 4]]),
    };
    let current = base;
    const listeners = new Set<() => void>();
    const source: SnapshotSource = {
      subscribe(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      getSnapshot: () => current,
    };
    const app = renderApp({source, ...size});
    await app.until(f => expect(f).toContain('2/4 ██░░'));
    current = {...base, events: new Map([...base.events, ['arn:child', [ev(1), ev(2), ev(3), ev(4, 'CREATE_FAILED')]]])};
    listeners.forEach(l => l());
    await app.until(f => expect(f).toContain('3/4 ██▌'.slice(0, 4)));
    await app.until(f => expect(f).toMatch(/✗.*Core\/Res4 +CREATE_FAILED/));
    app.unmount();
  });

  it('holding Backspace in the filter prompt erases one character per key, however they arrive', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('/');
    await app.until(f => expect(f).toContain('Enter apply'));
    app.press('WebServicxx');
    await app.until(f => expect(f).toContain('/WebServicxx█'));
    app.press(KEYS.backspace + KEYS.backspace); // one chunk, as a held key or tmux send-keys BSpace BSpace sends it
    await app.until(f => expect(f).toContain('/WebServic█'));
    app.press('e');
    await app.until(f => expect(f).toContain('/WebService█'));
    app.unmount();
  });

  it('Esc on the Timeline clears an applied filter (and failures only) before leaving the pane', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('/Web');
    app.press(KEYS.enter);
    app.press('f');
    await app.until(f => expect(f).toContain('failures only · filter "Web"'));
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('filter "Web"'));
    expect(app.frame()).not.toContain('failures only');
    expect(app.frame()).toMatch(/┃Timeline/);
    app.press(KEYS.escape);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.unmount();
  });

  it('counts every stack in the Stacks title whatever is collapsed, and marks a collapsed stack hiding the root cause', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Stacks (9) · ✝ 8 deleted'));
    app.press(KEYS.shiftTab);
    await app.until(f => expect(f).toMatch(/┃Stacks/));
    app.press('jjh'); // collapse BootstrapGateway (its connector is hidden)
    await app.until(f => expect(f).toContain('├ +BootstrapGateway'));
    expect(app.frame()).not.toContain('PantherAthenaDDBConnector');
    expect(app.frame()).toContain('Stacks (9) · ✝ 8 deleted');
    app.press('gh'); // collapse the root: LogAnalysis, the root cause's stack, is hidden under it
    await app.until(f => expect(f).toMatch(/› \+◆panther-p/));
    expect(app.frame()).toContain('Stacks (9) · ✝ 8 deleted');
    expect(app.frame()).not.toContain('+◆BootstrapGateway');
    app.unmount();
  });

  it('the Stacks footer says when a deleted stack was deleted, and the status and time of a live one', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toMatch(/ROLLBACK_COMPLETE · 3m30s/));
    app.press(KEYS.shiftTab);
    app.press('j');
    await app.until(f => expect(f).toContain('deleted at 10:03:20'));
    expect(app.frame()).not.toContain('DELETE_COMPLETE ·');
    app.unmount();
  });

  it('a nested stack after an update shows that update complete, not measured against the whole template', async () => {
    const root = makeStack('upd', {status: 'UPDATE_COMPLETE'});
    const child = makeStack('upd-Bootstrap-ABC', {parentId: root.stackId, rootId: root.stackId, status: 'UPDATE_COMPLETE', stackId: 'arn:boot'});
    const self = (status: string, t: number) => makeEvent(child, child.stackName, 'AWS::CloudFormation::Stack', status, t, '', child.stackId);
    const res = (id: string, status: string, t: number) => makeEvent(child, id, 'AWS::S3::Bucket', status, t);
    const snapshot: Snapshot = {
      ...failedDeployFixture().snapshot,
      rootStackId: root.stackId,
      postMortem: null,
      stacks: new Map([
        [root.stackId, root],
        ['arn:boot', child],
      ]),
      events: new Map([
        [root.stackId, [makeEvent(root, 'Bootstrap', 'AWS::CloudFormation::Stack', 'UPDATE_COMPLETE', 20, '', 'arn:boot')]],
        [
          'arn:boot',
          [
            self('UPDATE_IN_PROGRESS', 1),
            res('A', 'UPDATE_IN_PROGRESS', 2),
            res('B', 'UPDATE_IN_PROGRESS', 2),
            res('A', 'UPDATE_COMPLETE', 5),
            res('B', 'UPDATE_COMPLETE', 6),
            self('UPDATE_COMPLETE', 8),
          ],
        ],
      ]),
      resourceTotals: new Map([['arn:boot', 58]]),
    };
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toMatch(/└ Bootstrap +2\/2 ████/));
    expect(app.frame()).not.toContain('2/58');
    app.unmount();
  });

  it('counts elapsed time on between snapshots while the root stack is in progress', async () => {
    vi.useFakeTimers({toFake: ['Date', 'setInterval', 'clearInterval'], now: Date.parse('2025-03-01T10:01:05.000Z')});
    try {
      const root = makeStack('live', {status: 'CREATE_IN_PROGRESS'});
      const snapshot: Snapshot = {
        ...failedDeployFixture().snapshot,
        rootStackId: root.stackId,
        postMortem: null,
        stacks: new Map([[root.stackId, root]]),
        events: new Map([
          [root.stackId, [makeEvent(root, root.stackName, 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 0, 'User Initiated', root.stackId)]],
        ]),
      };
      const app = renderApp({snapshot, ...size});
      await app.until(f => expect(f).toContain('CREATE IN PROGRESS · 1m05s'));
      vi.advanceTimersByTime(1000);
      await app.until(f => expect(f).toContain('CREATE IN PROGRESS · 1m06s'));
      vi.advanceTimersByTime(2000);
      await app.until(f => expect(f).toContain('CREATE IN PROGRESS · 1m08s'));
      app.unmount();
      expect(vi.getTimerCount()).toBe(0); // the tick stops with the screen
    } finally {
      vi.useRealTimers();
    }
  });

  it('handles fast keys arriving as one string', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, ...size});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('g');
    await app.until(f => expect(f).toMatch(/· 1\/\d+ ·/));
    app.press('jjj');
    await app.until(f => expect(f).toMatch(/· 4\/\d+ ·/));
    app.unmount();
  });

  it('q and Ctrl-C quit', async () => {
    const {snapshot} = failedDeployFixture();
    for (const key of ['q', KEYS.ctrlC]) {
      const onQuit = vi.fn();
      const app = renderApp({snapshot, ...size, onQuit});
      await app.until(f => expect(f).toContain('Timeline'));
      app.press(key);
      await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
      app.unmount();
    }
  });
});

describe('small terminals and colour', () => {
  it('degrades to the timeline alone at 40x10 and keeps working', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width: 40, height: 10});
    await app.until(f => expect(f).toContain('ROOT CAUSE'));
    expect(app.lines()).toHaveLength(9);
    for (const line of app.lines()) expect(textWidth(line)).toBeLessThanOrEqual(40);
    expect(app.cursorLine()).toContain('◆');
    app.press('jjjn?');
    await app.until(f => expect(f).toContain('Keys'));
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('Keys'));
    app.unmount();
  });

  it('at 40x10 the Stacks pane takes no keys; Tab and Enter open Details over the timeline, Esc and Enter close it', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width: 40, height: 10});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press(KEYS.escape); // no Stacks pane to go back to
    app.press('g');
    await app.until(() => expect(app.cursorLine()).toMatch(/^› \d\d:\d\d:\d\d panther-prod +CREATE_IN_PRO/));
    app.press(KEYS.tab);
    await app.until(f => expect(f).toContain('Details · Enter/Esc close'));
    expect(app.frame()).toMatch(/Resource +panther-prod/);
    app.press(KEYS.tab);
    await app.until(f => expect(f).not.toContain('Details · Enter/Esc close'));
    app.press('e');
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('ROOT CAUSE of the failed operation'));
    app.press(KEYS.enter);
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.unmount();
  });

  it('the help overlay scrolls when it does not fit (60x15), with a more marker', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width: 60, height: 15});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('?');
    await app.until(f => expect(f).toContain('more ↓'));
    expect(app.frame()).toContain(KEYMAP.nextPane.description);
    expect(app.frame()).not.toContain(KEYMAP.quit.description);
    app.press('G');
    await app.until(f => expect(f).toContain(KEYMAP.quit.description));
    expect(app.frame()).not.toContain(KEYMAP.nextPane.description);
    expect(app.frame()).toContain('more ↑');
    app.press('g');
    await app.until(f => expect(f).toContain(KEYMAP.nextPane.description));
    app.press('jjjjjjjjjjjjjjjjjjjjjjjjjj'); // every line reachable, none past the end
    await app.until(f => expect(f).toContain(KEYMAP.quit.description));
    for (const line of app.lines()) expect(textWidth(line)).toBeLessThanOrEqual(60);
    expect(app.lines()).toHaveLength(14);
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('Keys (?'));
    app.unmount();
  });

  it('the help overlay uses two columns where they fit whole', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width: 100, height: 20});
    await app.until(f => expect(f).toContain('Timeline'));
    app.press('?');
    await app.until(f => expect(f).toContain('Keys (? or Esc to close)'));
    for (const id of ALL_COMMAND_IDS) expect(app.frame()).toContain(KEYMAP[id].description);
    expect(app.frame()).not.toContain('more ↓');
    app.unmount();
  });

  it('says the terminal is too small rather than crash', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width: 15, height: 3});
    await app.until(f => expect(f).toContain('terminal too'));
    app.press('jk?');
    app.unmount();
  });

  it('without NO_COLOR frames are coloured; with NO_COLOR they carry no escape codes', async () => {
    const level = chalk.level;
    chalk.level = 3; // the test runner's stdout is not a TTY: force colours so the check can fail
    try {
      const {snapshot} = failedDeployFixture();
      const coloured = renderApp({snapshot, width: 100, height: 30, noColor: false});
      await coloured.until(f => expect(f).toContain(`${ESC}[`));
      coloured.unmount();

      vi.stubEnv('NO_COLOR', '1');
      const plain = renderApp({snapshot, width: 100, height: 30});
      await plain.until(f => expect(f).toContain('ROOT CAUSE'));
      plain.press(KEYS.tab);
      await plain.until(f => expect(f).toContain('» Details'));
      expect(plain.frame()).not.toContain(ESC);
      plain.unmount();
    } finally {
      chalk.level = level;
    }
  });
});
