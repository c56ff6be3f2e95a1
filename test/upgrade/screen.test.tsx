// Frames of the upgrade screen: the Ladder pane, the rung details, the typed confirmation; and a live walk on the
// simulated account where nothing is executed before the version is typed.
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {reviewChangeSets} from '../../source/domain/change-review.js';
import {planLadder} from '../../source/panther/ladder.js';
import {initialWalk, plannedSummary, type WalkEvent} from '../../source/panther/upgrade-walk.js';
import {WalkStore} from '../../source/store/walk-store.js';
import {runWalk} from '../../source/upgrade/driver.js';
import {defaultCatalog} from '../../source/panther/catalog.js';
import {emptySnapshot} from '../../source/store/snapshot.js';
import {width as textWidth} from '../../source/ui/text.js';
import {ladderLabel} from '../../source/ui/Ladder.js';
import {UpgradeApp} from '../../source/ui/UpgradeApp.js';
import {staticSource} from '../../source/ui/useSnapshot.js';
import {resourceChange} from '../domain/builders.js';
import {flags, upgradeContext} from './helpers.js';

const KEYS = {enter: '\r', escape: '\u001B', backspace: '\u007F', tab: '\t', down: '\u001B[B'};

const ladder = planLadder({from: '1.24.3', to: '1.26', catalog: defaultCatalog(), region: 'us-east-2', parameters: null});

function walkAt(events: WalkEvent[], mode: 'execute' | 'dry-run' = 'execute') {
  const store = new WalkStore(initialWalk({mode, stackName: 'panther-prod', from: ladder.from, to: ladder.to, rungs: ladder.rungs}));
  for (const e of events) store.dispatch(e);
  return store;
}

function renderScreen(walk: WalkStore, size = {width: 100, height: 30}) {
  const onConfirm = vi.fn();
  const r = render(<UpgradeApp walk={walk} source={staticSource(emptySnapshot('panther-prod', 'us-east-2'))} onConfirm={onConfirm} {...size} />);
  const frame = () => r.lastFrame() ?? '';
  const until = (check: (f: string) => void) => vi.waitFor(() => check(frame()), {timeout: 3000, interval: 5});
  return {...r, frame, until, onConfirm};
}

const kept = (key: string) => ({key, fate: 'kept' as const, value: 'v', previous: 'v', source: null, description: '', noEcho: false});
const rootSummary = plannedSummary({
  target: 'root',
  stackName: 'panther-prod',
  templateUrl: ladder.rungs[0].templateUrl,
  parameters: [kept('FirstUserEmail'), kept('PulumiSecretArn')],
});
const change = resourceChange;
/** A root change set with nested ones: Bootstrap and Core modified, and (danger) a table replaced in LogAnalysis. */
function reviewed(danger: boolean) {
  const nested = (id: string) => change(id, 'AWS::CloudFormation::Stack', {nestedChangeSetId: `arn:cs/${id}`});
  return reviewChangeSets([
    {path: '', stackName: 'panther-prod', changes: [nested('Bootstrap'), nested('Core'), ...(danger ? [nested('LogAnalysis')] : [])]},
    {path: 'Bootstrap', stackName: 'panther-prod-Bootstrap-A', changes: [change('GlueSyncFunction', 'AWS::Lambda::Function')]},
    {
      path: 'Core',
      stackName: 'panther-prod-Core-B',
      changes: Array.from({length: 12}, (_, i) => change(`CoreFunction${i}`, 'AWS::Lambda::Function')),
    },
    ...(danger
      ? [
          {
            path: 'LogAnalysis',
            stackName: 'panther-prod-LogAnalysis-C',
            changes: [
              change('AlertsDedupTable', 'AWS::DynamoDB::Table', {
                replacement: 'True',
                details: [{attribute: 'Properties', name: 'KeySchema', requiresRecreation: 'Always'}],
              }),
            ],
          },
        ]
      : []),
  ]);
}
const readyAt = (index: number, danger = false): WalkEvent[] => [
  {
    type: 'summary',
    index,
    summary: {
      ...rootSummary,
      changeSet: {
        id: 'arn:cs',
        name: `panther-console-v${ladder.rungs[index].version.replace(/\./g, '-')}-20261102T140731Z-abc123`,
        status: 'CREATE_COMPLETE',
        review: reviewed(danger),
      },
    },
  },
  {type: 'awaiting-confirmation', index},
];
const readyAt0: WalkEvent[] = [{type: 'rung-started', index: 0}, ...readyAt(0)];

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('the Ladder pane', () => {
  it.each([
    // The root's status in CloudFormation's words, cut at the end in the label's columns at that size.
    [100, 30, 'UPDATE_IN_PROGRESS'],
    [80, 24, 'UPDATE_IN_PRO…'],
  ])('shows every rung with its state at %ix%i, within the terminal', async (width, height, status) => {
    const walk = walkAt([
      {type: 'rung-started', index: 0},
      {type: 'awaiting-confirmation', index: 0},
      {type: 'confirmed', index: 0, by: 'typed'},
      {type: 'verifying', index: 0},
      {type: 'verified', index: 0, version: '1.24.12'},
      {type: 'rung-started', index: 1},
      {type: 'awaiting-confirmation', index: 1},
      {type: 'confirmed', index: 1, by: 'typed'},
      {type: 'executing', index: 1, target: 'root'},
      {type: 'stack-status', index: 1, target: 'root', status: 'UPDATE_IN_PROGRESS'},
    ]);
    const app = renderScreen(walk, {width, height});
    await app.until(f => expect(f).toContain('Ladder → 1.26.9 · EXECUTE'));
    const f = app.frame();
    // The stacks are on 1.24.12 now: the deployed mark is there, 1.24.3 is where the walk began.
    expect(f).toMatch(/ {2}1\.24\.3 +was deployed/);
    expect(f).toMatch(/✓ 1\.24\.12 +deployed\b/);
    expect(f).toMatch(new RegExp(`›▶ 1\\.25\\.18 +${status}(?!\\w)`));
    expect(f).toMatch(/ {3}1\.26\.9 +pending/);
    expect(f).toContain('Rung 2/3 · 1.25.18 (from 1.24.12)');
    const lines = f.split('\n');
    expect(lines).toHaveLength(height - 1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
    app.unmount();
  });

  it('says what runs in words: the build by name, a rollback as the Timeline abbreviates it', async () => {
    const done0: WalkEvent[] = [
      {type: 'rung-started', index: 0},
      {type: 'awaiting-confirmation', index: 0},
      {type: 'confirmed', index: 0, by: 'typed'},
      {type: 'verifying', index: 0},
      {type: 'verified', index: 0, version: '1.24.12'},
      {type: 'rung-started', index: 1},
      {type: 'awaiting-confirmation', index: 1},
      {type: 'confirmed', index: 1, by: 'typed'},
      {type: 'executing', index: 1, target: 'root'},
    ];
    // 100 columns: 18 for the label.
    const building = renderScreen(
      walkAt([
        ...done0,
        {type: 'stack-status', index: 1, target: 'root', status: 'UPDATE_COMPLETE'},
        {type: 'build-started', index: 1, id: 'panther-pulumi:7'},
        {type: 'build-status', index: 1, status: 'IN_PROGRESS', phase: 'BUILD'},
      ]),
    );
    await building.until(f => expect(f).toMatch(/›▶ 1\.25\.18 +build: IN_PROGRESS\b/));
    expect(building.frame()).toContain('Rung 2/3 · 1.25.18 (from 1.24.12) · panther-pulumi build:');
    expect(building.frame()).toContain('Walking 1.25.18: panther-pulumi build: IN_PROGRESS');
    expect(building.frame()).not.toContain('building · BUILD');
    building.unmount();
    const rolling = renderScreen(walkAt([...done0, {type: 'stack-status', index: 1, target: 'root', status: 'UPDATE_ROLLBACK_IN_PROGRESS'}]));
    // CloudFormation's word cut at the end, never abbreviated into another word (UPDATE_ROLLBK_...).
    await rolling.until(f => expect(f).toMatch(/›▶ 1\.25\.18 +root UPDATE_ROLLB…/));
    expect(rolling.frame()).toContain('Walking 1.25.18: executing · root UPDATE_ROLLBACK_IN_PROGRESS');
    rolling.unmount();
  });

  it.each([
    [18, 'UPDATE_ROLLBACK_IN_PROGRESS', 'root UPDATE_ROLLB…', 'build: IN_PROGRESS'],
    [26, 'UPDATE_ROLLBACK_IN_PROGRESS', 'root UPDATE_ROLLBACK_IN_P…', 'pulumi build: IN_PROGRESS'],
    [40, 'UPDATE_ROLLBACK_IN_PROGRESS', 'root UPDATE_ROLLBACK_IN_PROGRESS', 'panther-pulumi build: IN_PROGRESS'],
    [14, 'UPDATE_IN_PROGRESS', 'UPDATE_IN_PRO…', 'build: IN_PRO…'],
  ])('in %i columns labels %s as %s, a running build as %s', (cols, status, executing, build) => {
    const rung = walkAt([]).getState().rungs[1];
    expect(ladderLabel({...rung, state: 'executing', status: {role: 'UPDATE_COMPLETE', root: status}}, cols, false)).toBe(executing);
    expect(ladderLabel({...rung, state: 'executing', status: {role: status}}, cols, false)).toBe(executing.replace('root', 'role'));
    expect(ladderLabel({...rung, state: 'building', build: {id: 'b', status: 'IN_PROGRESS', phase: 'BUILD', logs: ''}}, cols, false)).toBe(build);
    // CloudFormation's word or its head, never a made-up abbreviation.
    const shown = executing.replace(/^root /, '');
    expect(shown.endsWith('…') ? status.startsWith(shown.slice(0, -1)) : shown === status).toBe(true);
  });

  it('marks a failed rung and a dry run', async () => {
    const failed = renderScreen(
      walkAt([
        {type: 'rung-started', index: 0},
        {type: 'failed', index: 0, message: 'the root stack update ended UPDATE_ROLLBACK_COMPLETE'},
      ]),
    );
    await failed.until(f => expect(f).toMatch(/›✗ 1\.24\.12 +failed/));
    expect(failed.frame()).toContain('FAILED     the root stack update ended UPDATE_ROLLBACK_COMPLETE');
    expect(failed.frame()).toContain('Rung 1.24.12 failed: the walk stopped');
    failed.unmount();
    const dry = walkAt(
      [
        {type: 'rung-started', index: 0},
        {type: 'summary', index: 0, summary: rootSummary},
        {type: 'planned', index: 0},
      ],
      'dry-run',
    );
    const app = renderScreen(dry);
    await app.until(f => expect(f).toMatch(/· 1\.24\.12 +planned \(dry run\)/));
    expect(app.frame()).toContain('Ladder → 1.26.9 · DRY RUN');
    expect(app.frame()).toContain('root stack · panther-prod: dry run: would create a change set');
    app.unmount();
  });

  it('moves the details with the rung cursor', async () => {
    const app = renderScreen(walkAt([{type: 'rung-started', index: 0}]));
    await app.until(f => expect(f).toContain('Rung 1/3 · 1.24.12'));
    app.stdin.write(KEYS.down);
    await app.until(f => expect(f).toContain('Rung 2/3 · 1.25.18'));
    expect(app.frame()).toMatch(/› {2}1\.25\.18 +pending/);
    app.unmount();
  });
});

describe('the typed confirmation', () => {
  it('shows the change set resource by resource, takes the typed version, and confirms only on an exact match', async () => {
    const app = renderScreen(walkAt(readyAt0));
    await app.until(f => expect(f).toContain('Type 1.24.12 and press Enter to execute (Esc or q cancels):'));
    expect(app.frame()).toContain('Review: 13 changes, 0 replacements, 0 removals');
    expect(app.frame()).toContain('root stack panther-prod: 13 changes ');
    expect(app.frame()).toContain('Bootstrap (panther-prod-Bootstrap-A)');
    expect(app.frame()).toContain('- Modify GlueSyncFunction · AWS::Lambda::Function');
    expect(app.frame()).not.toContain('AWS::CloudFormation::Stack');
    app.stdin.write('1.24.1');
    await app.until(f => expect(f).toContain('(Esc or q cancels): 1.24.1█'));
    app.stdin.write(KEYS.enter);
    await app.until(f => expect(f).toContain('not 1.24.1: type exactly 1.24.12 (Esc or q cancels): 1.24.1█'));
    expect(app.onConfirm).not.toHaveBeenCalled();
    // The rest and Enter in one burst, as tmux send-keys delivers them (typing, not a paste).
    app.stdin.write('2\r');
    await vi.waitFor(() => expect(app.onConfirm).toHaveBeenCalledWith(0, true));
    app.unmount();
  });

  it('Esc cancels the rung; so does q (it never quits mid-walk); other letters are not a version', async () => {
    for (const key of [KEYS.escape, 'q']) {
      const app = renderScreen(walkAt(readyAt0));
      await app.until(f => expect(f).toContain('Type 1.24.12'));
      app.stdin.write('x');
      app.stdin.write(key);
      await vi.waitFor(() => expect(app.onConfirm).toHaveBeenCalledWith(0, false));
      expect(app.onConfirm).toHaveBeenCalledTimes(1);
      app.unmount();
    }
  });

  it('keeps the review pinned to the rung being confirmed: j and ↓ scroll it, they never show another rung', async () => {
    const app = renderScreen(walkAt(readyAt0), {width: 100, height: 30});
    await app.until(f => expect(f).toContain('Review 1.24.12 · pinned'));
    app.stdin.write('j');
    app.stdin.write(KEYS.down);
    app.stdin.write('jjjj');
    await app.until(f => expect(f).toContain('Rung 1/3 · 1.24.12'));
    expect(app.frame()).not.toContain('Rung 2/3');
    // The summary stays on top while the rest scrolls under it.
    expect(app.frame()).toContain('Review: 13 changes');
    expect(app.frame()).toContain('Type 1.24.12 and press Enter');
    app.stdin.write('1.24.12\r');
    await vi.waitFor(() => expect(app.onConfirm).toHaveBeenCalledWith(0, true));
    app.unmount();
  });

  it('a bracketed paste is text: its newline is never Enter', async () => {
    const app = renderScreen(walkAt(readyAt0));
    await app.until(f => expect(f).toContain('Type 1.24.12'));
    app.stdin.write('\u001B[200~1.24.12\n\u001B[201~');
    await app.until(f => expect(f).toContain('(Esc or q cancels): 1.24.12█'));
    expect(app.onConfirm).not.toHaveBeenCalled();
    app.stdin.write(KEYS.enter);
    await vi.waitFor(() => expect(app.onConfirm).toHaveBeenCalledWith(0, true));
    app.unmount();
  });

  it('a DANGER rung puts the danger first and takes the version and the word replace', async () => {
    const walk = walkAt([{type: 'rung-started', index: 0}, ...readyAt(0, true)]);
    const app = renderScreen(walk);
    await app.until(f => expect(f).toContain('1 DANGER change above. Type 1.24.12 replace and press Enter'));
    const f = app.frame();
    expect(f).toContain('Review: 14 changes, 1 replacement, 0 removals · 1 DANGER');
    expect(f).toContain('DANGER LogAnalysis/AlertsDedupTable: replaces DynamoDB table');
    // The danger line is above the change list.
    expect(f.indexOf('DANGER LogAnalysis')).toBeLessThan(f.indexOf('Modify GlueSyncFunction'));
    app.stdin.write('1.24.12\r');
    await app.until(f2 => expect(f2).toContain('not 1.24.12: type exactly 1.24.12 replace (Esc or q cancels): 1.24.12█'));
    expect(app.onConfirm).not.toHaveBeenCalled();
    app.stdin.write(' replace\r');
    await vi.waitFor(() => expect(app.onConfirm).toHaveBeenCalledWith(0, true));
    app.unmount();
  });

  it('a review that could not be read whole (a nested change set missing) takes the word too, and says what is unknown', async () => {
    const unread = {...reviewed(false), unread: ['Core (no nested change set)']};
    const walk = walkAt([
      {type: 'rung-started', index: 0},
      {type: 'summary', index: 0, summary: {...rootSummary, changeSet: {id: 'arn:cs', name: 'cs', status: 'CREATE_COMPLETE', review: unread}}},
      {type: 'awaiting-confirmation', index: 0},
    ]);
    const app = renderScreen(walk);
    await app.until(f => expect(f).toContain('Type 1.24.12 replace and press Enter'));
    expect(app.frame()).toContain('NOT REVIEWED Core (no nested change set): what changes in');
    app.stdin.write('1.24.12\r');
    await app.until(f => expect(f).toContain('type exactly 1.24.12 replace'));
    expect(app.onConfirm).not.toHaveBeenCalled();
    app.unmount();
  });

  it.each([
    [100, 14],
    [80, 24],
    [100, 30],
    [60, 15],
  ])('at %ix%i the prompt is never drawn without the change set summary', async (width, height) => {
    for (const danger of [false, true]) {
      const app = renderScreen(walkAt([{type: 'rung-started', index: 0}, ...readyAt(0, danger)]), {width, height});
      await app.until(f => expect(f).toMatch(/[Tt]ype 1\.24\.12|Terminal too small/));
      const f = app.frame();
      if (/[Tt]ype 1\.24\.12/.test(f)) {
        expect(f).toContain('Review: ');
        expect(f).toContain('root stack panther-prod:');
        if (danger) expect(f).toContain('DANGER LogAnalysis/AlertsDedupTable');
      } else {
        expect(f).not.toMatch(/[Tt]ype 1\.24\.12/);
        app.stdin.write('1.24.12\r');
        await new Promise(resolve => setTimeout(resolve, 30));
        expect(app.onConfirm).not.toHaveBeenCalled();
      }
      for (const line of f.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(width);
      app.unmount();
    }
  });

  it('too small to show the summary: says the size it needs, takes no typing, Esc still cancels', async () => {
    const app = renderScreen(walkAt([{type: 'rung-started', index: 0}, ...readyAt(0, true)]), {width: 100, height: 9});
    await app.until(f => expect(f).toMatch(/Terminal too small to show 1\.24\.12's change set summary: it needs 100x\d+ \(now 100x9\)/));
    app.stdin.write('1.24.12 replace\r');
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(app.onConfirm).not.toHaveBeenCalled();
    app.stdin.write(KEYS.escape);
    await vi.waitFor(() => expect(app.onConfirm).toHaveBeenCalledWith(0, false));
    app.unmount();
  });
});

describe('a live walk on the simulated account', () => {
  it('executes nothing before the version is typed, then walks the rung and offers the next', async () => {
    const t = await upgradeContext({interactive: true});
    const session = await t.prepare(flags({execute: true}), {live: true});
    cleanup = async () => {
      session.close();
      await t.close();
    };
    const pending = new Map<number, (ok: boolean) => void>();
    const walking = runWalk(session, {sleep: t.sleep, confirm: i => new Promise(resolve => pending.set(i, resolve))});
    const onConfirm = (i: number, ok: boolean) => pending.get(i)?.(ok);
    const r = render(<UpgradeApp walk={session.walk} source={session.store!} onConfirm={onConfirm} width={100} height={30} />);
    const frame = () => r.lastFrame() ?? '';
    await vi.waitFor(() => expect(frame()).toContain('Type 1.24.12 and press Enter'), {timeout: 5000, interval: 5});
    // Both change sets were created and shown; nothing was executed.
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2});
    expect(frame()).toMatch(/Review: \d+ changes, 0 replacements, 0 removals/);
    expect(frame()).toMatch(/deployment role panther-deployment-role: 2 changes +│/);
    expect(frame()).toMatch(/root stack panther-prod: \d+ changes +│/);
    r.stdin.write('1.24.12');
    await vi.waitFor(() => expect(frame()).toContain('1.24.12█'), {timeout: 3000, interval: 5});
    r.stdin.write(KEYS.enter);
    await vi.waitFor(() => expect(frame()).toContain('Type 1.25.18 and press Enter'), {timeout: 10_000, interval: 5});
    expect(frame()).toMatch(/✓ 1\.24\.12 +deployed\b/);
    expect(frame()).toMatch(/Stacks \(1[0-9]\)/);
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 4, 'CloudFormation.ExecuteChangeSet': 2, 'CodeBuild.StartBuild': 1});
    r.stdin.write(KEYS.escape);
    await walking;
    await vi.waitFor(() => expect(frame()).toMatch(/⊘ 1\.25\.18 +cancelled/), {timeout: 3000, interval: 5});
    expect(session.walk.getState().outcome).toBe('cancelled');
    // The cancelled rung's two change sets were deleted again (1.25.18's review: its conditional replacement shown).
    expect(t.writes()).toEqual({
      'CloudFormation.CreateChangeSet': 4,
      'CloudFormation.ExecuteChangeSet': 2,
      'CodeBuild.StartBuild': 1,
      'CloudFormation.DeleteChangeSet': 2,
    });
    r.unmount();
  });
});
