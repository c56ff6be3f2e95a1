// Defect 1: no string from AWS or an error reaches the terminal raw, on any screen: the full console (a fatal error,
// banners, timeline, details, status bar), the Checks screen of preflight and the upgrade screen. Frames are drawn
// without colour, so any ESC, BEL or C1 byte in one came from the data.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {planLadder} from '../../source/panther/ladder.js';
import type {PreflightReport} from '../../source/panther/preflight/types.js';
import {initialWalk, type WalkEvent} from '../../source/panther/upgrade-walk.js';
import {defaultCatalog} from '../../source/panther/catalog.js';
import {emptySnapshot, type Snapshot} from '../../source/store/snapshot.js';
import {WalkStore} from '../../source/store/walk-store.js';
import {ChecksApp} from '../../source/ui/ChecksApp.js';
import {UpgradeApp} from '../../source/ui/UpgradeApp.js';
import {staticSource} from '../../source/ui/useSnapshot.js';
import {failedDeployFixture} from './fixtures.js';
import {renderApp} from './helpers.js';

const ESC = '\x1b';
/** A title change, a clipboard write, a screen clear, an 8-bit CSI, a bell and an unterminated OSC. */
const HOSTILE = `Stack not found ${ESC}]0;pwned\x07${ESC}]52;c;cm0gLXJmIH4=\x07${ESC}[2J${ESC}[H\x9b31m\x07 (ValidationError) ${ESC}]8;;http://evil for panther-prod`;
const TERMINAL_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

function expectSafe(frame: string): void {
  expect(frame).not.toMatch(TERMINAL_CONTROL);
  expect(frame).not.toContain('pwned');
  expect(frame).not.toContain('cm0gLXJmIH4=');
}

const until = (frame: () => string | undefined, check: (f: string) => void) => vi.waitFor(() => check(frame() ?? ''), {timeout: 3000, interval: 5});

describe('the console with hostile text', () => {
  it('shows a fatal error sanitised on the full screen, the rest of its text kept', async () => {
    const snapshot: Snapshot = {...emptySnapshot('panther-prod', 'us-east-1'), fatal: HOSTILE};
    const app = renderApp({snapshot, width: 100, height: 30, noColor: true});
    await app.until(f => expect(f).toContain('Stack not found'));
    expectSafe(app.frame());
    // An unterminated OSC loses its introducer only: what follows it is still read.
    expect(app.frame()).toContain('for panther-prod');
    app.unmount();
  });

  it('shows a fatal error of several lines and a huge one without choking', async () => {
    const fatal = `line one ${ESC}]0;pwned\x07\nline two\r\n${'x'.repeat(10 * 1024 * 1024)}`;
    const app = renderApp({snapshot: {...emptySnapshot('p', 'us-east-1'), fatal}, width: 80, height: 24, noColor: true});
    await app.until(f => expect(f).toMatch(/line one\s*\n\s*line two/));
    expectSafe(app.frame());
    app.unmount();
  });

  it('sanitises banners, timeline, details and status bar', async () => {
    const {snapshot, rootCause} = failedDeployFixture();
    const pm = snapshot.postMortem!;
    const rc = {...pm.rootCause!, reason: HOSTILE, hint: HOSTILE, category: HOSTILE as never, logicalResourceId: `Bucket${ESC}]0;pwned\x07`};
    // The root cause's event carries the same text (the timeline and the details read events).
    Object.assign(rootCause, {reason: HOSTILE, physicalResourceId: HOSTILE, resourceType: HOSTILE});
    const hostile: Snapshot = {
      ...snapshot,
      postMortem: {...pm, rootCause: rc, notes: [HOSTILE], deniedCalls: pm.deniedCalls.map(d => ({...d, errorMessage: HOSTILE, principal: HOSTILE}))},
      profile: `prod${ESC}]0;pwned\x07`,
      region: `us-east-1${ESC}[2J`,
      identity: {account: `1234${ESC}]52;c;cm0gLXJmIH4=\x07`, arn: 'x'},
      poll: {...snapshot.poll, cloudformation: {lastSuccessAt: null, lastError: {kind: 'expired-credentials', message: HOSTILE, at: 1}}},
    };
    const app = renderApp({snapshot: hostile, width: 120, height: 40, noColor: true});
    await app.until(f => expect(f).toContain('ROOT CAUSE'));
    await app.until(f => expect(f).toContain('CREDENTIALS EXPIRED'));
    expectSafe(app.frame());
    // The same with the timeline alone (compact) and with a filter typed from a paste.
    app.unmount();
    const compact = renderApp({snapshot: hostile, width: 60, height: 14, noColor: true, initialState: {filterDraft: `a${ESC}]0;pwned\x07`}});
    await compact.until(f => expect(f).toMatch(/\d\d:\d\d:\d\d/));
    expectSafe(compact.frame());
    compact.unmount();
  });
});

describe('the Checks screen with hostile text', () => {
  it('sanitises the header, the list and the details', async () => {
    const report: PreflightReport = {
      stackName: `panther${ESC}]0;pwned\x07`,
      region: 'us-east-2',
      account: null,
      principal: null,
      version: '1.39.7',
      paramsFile: null,
      apiCalls: {},
      checks: [{id: 'scp', group: 'organization', title: `SCP ${ESC}[2J`, status: 'fail', found: HOSTILE, action: HOSTILE}],
    };
    const app = render(<ChecksApp report={report} width={100} height={24} noColor />);
    await until(app.lastFrame, f => expect(f).toContain('Found: Stack not found'));
    expectSafe(app.lastFrame() ?? '');
    app.unmount();
  });
});

describe('the upgrade screen with hostile text', () => {
  it('sanitises a stopped rung, its notes, the stop message and a fatal snapshot', async () => {
    const ladder = planLadder({from: '1.24.3', to: '1.26', catalog: defaultCatalog(), region: 'us-east-2', parameters: null});
    const store = new WalkStore(initialWalk({mode: 'execute', stackName: 'panther-prod', from: ladder.from, to: ladder.to, rungs: ladder.rungs}));
    const events: WalkEvent[] = [
      {type: 'rung-started', index: 0},
      {type: 'stack-note', index: 0, target: 'root', note: HOSTILE},
      {type: 'stopped', index: 0, reason: 'needs-input', message: HOSTILE},
    ];
    for (const e of events) store.dispatch(e);
    const snapshot = {...emptySnapshot('panther-prod', 'us-east-2'), fatal: HOSTILE};
    const app = render(<UpgradeApp walk={store} source={staticSource(snapshot)} onConfirm={() => {}} width={120} height={36} noColor />);
    await until(app.lastFrame, f => expect(f).toContain('Stack not found'));
    expectSafe(app.lastFrame() ?? '');
    app.unmount();
  });
});

describe('the one gateway', () => {
  it('is the only component that imports ink’s Text: every other draws through ui/SafeText.tsx', () => {
    const dir = join(import.meta.dirname, '../../source/ui');
    const offenders = readdirSync(dir)
      .filter(f => /\.tsx?$/.test(f) && f !== 'SafeText.tsx')
      .filter(f => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
