// The console at the sizes people run it: what a user sees at 80x24, 100x30, 60x20 and in the compact layout
// (50x12): Details in order and marked when cut, Details over the timeline when only the timeline fits, names cut
// in the middle, CloudFormation's own status words, the time column, the filter as you type.
import {describe, expect, it} from 'vitest';
import type {Snapshot} from '../../source/store/snapshot.js';
import {truncateMiddle, width as textWidth} from '../../source/ui/text.js';
import {joinName, timelineColumns} from '../../source/ui/Timeline.js';
import {failedDeployFixture, makeEvent, makeStack} from './fixtures.js';
import {KEYS, renderApp} from './helpers.js';

/** An update rolling back in CloudSecurity, whose sibling resources share a long prefix and differ at the end. */
function siblingsSnapshot(): Snapshot {
  const root = makeStack('panther-prod', {status: 'UPDATE_ROLLBACK_IN_PROGRESS'});
  const cs = makeStack('panther-prod-CloudSecurity-XYZ', {
    parentId: root.stackId,
    rootId: root.stackId,
    status: 'UPDATE_ROLLBACK_IN_PROGRESS',
    stackId: 'arn:cs',
  });
  const ids = ['SnapshotPollerFunctionRole', 'SnapshotPollerFunction', 'SnapshotPollerFunctionLogGroup', 'SnapshotPollerFunctionAlarm'];
  const events = ids.map((id, i) => makeEvent(cs, id, 'AWS::Lambda::Function', 'UPDATE_COMPLETE', 10 + i));
  events.push(makeEvent(cs, cs.stackName, 'AWS::CloudFormation::Stack', 'UPDATE_ROLLBACK_IN_PROGRESS', 20, 'rolling back', cs.stackId));
  return {
    ...failedDeployFixture().snapshot,
    rootStackId: root.stackId,
    postMortem: null,
    stacks: new Map([
      [root.stackId, root],
      ['arn:cs', cs],
    ]),
    events: new Map([
      [root.stackId, [makeEvent(root, 'CloudSecurity', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', 1, '', 'arn:cs')]],
      ['arn:cs', events],
    ]),
  };
}

/** The name cell of each timeline row (after the time, before the status). */
function nameCells(rows: string[]): string[] {
  return rows.map(r => /\d\d:\d\d:\d\d (.+?) +(UPDATE|CREATE|DELETE|ROLLBACK)_/.exec(r)?.[1] ?? '');
}

describe('names cut in the middle, statuses in their own words', () => {
  it.each([
    [80, 24],
    [100, 30],
  ])('at %ix%i sibling resources keep the ends that tell them apart', async (width, height) => {
    const app = renderApp({snapshot: siblingsSnapshot(), width, height, noColor: true});
    await app.until(() => expect(app.timelineRows().length).toBeGreaterThanOrEqual(5));
    const names = nameCells(app.timelineRows()).filter(n => n.startsWith('Cloud') && n.includes('…'));
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^Cloud\S*…\S*(Role|Function|Group|Alarm)$/);
    // CloudFormation's own words, never shortened into new ones; cut at the end only when the column is narrow.
    for (const row of app.timelineRows()) expect(row).not.toMatch(/ROLLBK|_IN_PROG\b/);
    expect(app.frame()).toContain('UPDATE_COMPLETE');
    expect(app.frame()).toMatch(/UPDATE_ROLLBACK_I(N_PROGRESS|…)/);
    app.unmount();
  });

  it('at 200 columns the name and reason columns take the room, the status is whole', async () => {
    const app = renderApp({snapshot: siblingsSnapshot(), width: 200, height: 30, noColor: true});
    await app.until(f => expect(f).toContain('CloudSecurity/SnapshotPollerFunctionLogGroup'));
    expect(app.frame()).toContain('UPDATE_ROLLBACK_IN_PROGRESS');
    app.unmount();
  });

  it('joinName keeps a short stack whole and the end of the logical ID', () => {
    expect(joinName('LogProcessingRole', 'PantherLogProcessingNotificationsFunction', 40)).toBe('LogProcessingRole/…NotificationsFunction');
    expect(joinName('Core', 'Api', 40)).toBe('Core/Api');
    expect(textWidth(joinName('PantherAthenaDDBConnector', 'ConnectorFunction', 20))).toBe(20);
  });

  it('truncateMiddle counts wide characters as two columns', () => {
    expect(truncateMiddle('データベース接続関数', 9)).toBe('デー…関数');
    expect(textWidth(truncateMiddle('データベース接続関数', 10))).toBeLessThanOrEqual(10);
    expect(truncateMiddle('short', 10)).toBe('short');
    expect(truncateMiddle('abcdefghij', 5)).toBe('ab…ij');
  });

  it('the time column stays at 60 columns and narrower; the reason and the status give way first', () => {
    for (const width of [60, 50, 40, 32, 28]) expect(timelineColumns(width).time).toBe(true);
    expect(timelineColumns(60).reason).toBe(0);
    expect(timelineColumns(60).status).toBe(18);
    expect(timelineColumns(40).status).toBeLessThan(18);
    const wide = timelineColumns(158, 44);
    expect(wide.name).toBe(44); // no wider than the longest name: the reason gets the rest
    expect(2 + 9 + wide.name + 1 + wide.status + 1 + wide.reason).toBe(158);
  });

  it.each([
    [60, 20],
    [59, 20],
    [50, 12],
  ])('at %ix%i every timeline row shows its time', async (width, height) => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width, height, noColor: true});
    await app.until(() => expect(app.cursorLine()).toMatch(/^›◆\d\d:\d\d:\d\d /));
    expect(app.timelineRows().length).toBeGreaterThan(3);
    for (const line of app.lines()) expect(textWidth(line)).toBeLessThanOrEqual(width);
    app.unmount();
  });
});

describe('Details', () => {
  it('at 80x24 starts with what matters and marks how much more there is below', async () => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width: 80, height: 24, noColor: true});
    await app.until(f => expect(f).toMatch(/Denied +\d\d:\d\d:\d\d s3:PutBucketEncryption/));
    expect(app.frame()).toMatch(/↓ \d+ more│/);
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('» Details'));
    const before = Number(/↓ (\d+) more/.exec(app.frame())![1]);
    app.press('j');
    await app.until(f => expect(f).toMatch(/↑ 1 more/));
    expect(Number(/↓ (\d+) more/.exec(app.frame())![1])).toBe(before - 1);
    app.unmount();
  });

  it('of an ordinary event: the reason first, then the resource, stack, type, physical ID, status and time', async () => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width: 100, height: 30, noColor: true});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press('g');
    await app.until(() => expect(app.cursorLine()).toMatch(/panther-prod +CREATE_IN_PROGRESS/));
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('» Details'));
    const labels = app
      .lines()
      .map(l => /[┃│]([A-Z][a-z]+) {2,}/.exec(l.slice(l.indexOf('┃')))?.[1])
      .filter(Boolean);
    expect(labels.slice(0, 4)).toEqual(['Reason', 'Resource', 'Stack', 'Type']);
    expect(labels.indexOf('Status')).toBeGreaterThan(labels.indexOf('Type'));
    app.unmount();
  });

  it('in the compact layout (50x12) opens over the timeline on Enter, scrolls, and closes on Esc', async () => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width: 50, height: 12, noColor: true});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('Details · Enter/Esc close'));
    expect(app.timelineRows()).toHaveLength(0);
    expect(app.frame()).toContain('ROOT CAUSE of the failed operation');
    expect(app.frame()).toMatch(/↓ \d+ more/);
    app.press('G');
    await app.until(f => expect(f).toMatch(/↑ \d+ more/));
    expect(app.frame()).not.toMatch(/↓ \d+ more/);
    for (const line of app.lines()) expect(textWidth(line)).toBeLessThanOrEqual(50);
    expect(app.lines()).toHaveLength(11);
    app.press(KEYS.escape);
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    expect(app.frame()).not.toContain('Details · Enter/Esc close');
    app.unmount();
  });
});

describe('the filter', () => {
  it('filters as the text is typed, reopens selected, keeps the selected event when cleared', async () => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width: 100, height: 30, noColor: true});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    const all = Number(/· \d+\/(\d+) ·/.exec(app.frame())![1]);
    app.press('/WebService');
    // No Enter: the timeline already shows only the matching rows.
    await app.until(f => expect(f).toContain('filter "WebService"'));
    expect(app.timelineRows()).toHaveLength(5);
    app.press(KEYS.enter);
    await app.until(f => expect(f).not.toContain('Enter apply'));
    app.press('/');
    await app.until(f => expect(f).toContain('/WebService█  typing replaces'));
    app.press('Web');
    await app.until(f => expect(f).toContain('filter "Web"'));
    expect(app.frame()).toContain('/Web█');
    app.press(KEYS.enter);
    app.press('G'); // the last Web row, far from the root cause and from the end of the whole timeline
    await app.until(f => expect(f).toMatch(/· (\d+)\/\1 ·/));
    const selected = app.cursorLine();
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('filter "Web"'));
    expect(Number(/· \d+\/(\d+) ·/.exec(app.frame())![1])).toBe(all);
    expect(app.cursorLine()).toBe(selected);
    expect(app.frame()).not.toMatch(new RegExp(`· ${all}/${all} ·`));
    app.unmount();
  });

  it('clearing a filter the console opened with keeps the event it shows, not the root cause', async () => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width: 100, height: 30, noColor: true, initialState: {filter: 'WebService'}});
    await app.until(() => expect(app.cursorLine()).toMatch(/✗.*Web\/WebService +CREATE_FAILED/));
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('filter "WebService"'));
    expect(app.cursorLine()).toMatch(/✗.*Web\/WebService +CREATE_FAILED/);
    app.unmount();
  });

  it('n wraps from the last failure to the first, and the status bar says so until the next key', async () => {
    const app = renderApp({snapshot: failedDeployFixture().snapshot, width: 100, height: 30, noColor: true});
    await app.until(() => expect(app.cursorLine()).toContain('◆'));
    for (let i = 0; i < 20 && !app.frame().includes('wrapped to the first failure'); i++) {
      const before = app.frame();
      app.press('n');
      await app.until(f => expect(f).not.toBe(before));
    }
    expect(app.lines().at(-1)).toMatch(/^wrapped to the first failure · 123456789012/);
    app.press('j');
    await app.until(f => expect(f).not.toContain('wrapped'));
    app.unmount();
  });
});

describe('the status bar', () => {
  it('leaves out what is not known yet instead of showing "?"', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot: {...snapshot, identity: null, profile: null}, width: 100, height: 30, noColor: true});
    await app.until(f => expect(f).toContain('panther-prod ROLLBACK_COMPLETE'));
    expect(app.lines().at(-1)).toMatch(/^us-east-1 · panther-prod ROLLBACK_COMPLETE · /);
    expect(app.lines().at(-1)).not.toMatch(/\?(?! help)/);
    app.unmount();
  });
});
