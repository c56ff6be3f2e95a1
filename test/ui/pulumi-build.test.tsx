// The panther-pulumi build from the watch console, on the sim's healthy first deploy (1.28.7, the project made, no
// build since): the banner's offer, b and the typed confirmation, exactly one StartBuild, the build followed to its
// end in the banner, the Stacks pane and Details; Esc starts nothing.
import {afterEach, describe, expect, it} from 'vitest';
import type {CommonFlags} from '../../source/commands/context.js';
import {simSettings} from '../../source/commands/sim.js';
import {createStore} from '../../source/commands/watch.js';
import {startSession} from '../../source/commands/watch-sessions.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {ConsoleSessions} from '../../source/store/console-sessions.js';
import type {BuildView, PulumiPort} from '../../source/store/pulumi-watch.js';
import {resolveRootStack} from '../../source/store/resolve-root.js';
import {width as textWidth} from '../../source/ui/text.js';
import {testContext} from '../support/console-context.js';
import {KEYS, renderApp} from './helpers.js';

let sim: RunningSim | null = null;
let sessions: ConsoleSessions | null = null;
afterEach(async () => {
  sessions?.close();
  sessions = null;
  await sim?.close();
  sim = null;
});

const flags: CommonFlags = {format: 'text', cloudtrail: false, bell: false};
const starts = (s: RunningSim) => s.calls()['CodeBuild.StartBuild'] ?? 0;

/** The console's session on the healthy story, its clock stopped at the story's end (the test moves it). */
async function healthy(wrapPulumi?: (p: PulumiPort) => PulumiPort) {
  sim = await startSim({scenario: 'healthy', clock: 'manual'});
  sim.clock.set(sim.clock.end);
  const {ctx} = testContext({...simSettings(sim), region: sim.region});
  const root = await resolveRootStack(ctx.gateway, sim.rootStackName, sim.region);
  const session = startSession(ctx, createStore(ctx, sim.rootStackName, flags), root, {
    flags,
    scope: null,
    createStore,
    pulumiPollMs: 10,
    ...(wrapPulumi ? {wrapPulumi} : {}),
  });
  sessions = new ConsoleSessions(session, null);
  return {sim, sessions};
}

describe.each([
  [100, 30],
  [80, 24],
])('the panther-pulumi build at %ix%i', (width, height) => {
  it('is offered after the create, asked for, started once, and followed to SUCCEEDED', async () => {
    const {sim, sessions} = await healthy();
    const app = renderApp({sessions, width, height, noColor: true});
    await app.until(f => expect(f).toContain('DEPLOY NOT FINISHED: no panther-pulumi build since the CREATE · b starts it'), 5000);
    expect(app.frame()).toMatch(/⚙ panther-pul\S* +not run/);

    app.press('b');
    await app.until(() => expect(app.lines().at(-1)).toMatch(/Type build .*Enter.*\(Esc cancels\): █$/));
    // A wrong word starts nothing, and says what to type.
    app.press('bild');
    app.press(KEYS.enter);
    await app.until(() => expect(app.lines().at(-1)).toContain('type build (or panther-pulumi) to start it'));
    expect(starts(sim)).toBe(0);
    app.press('build');
    await app.until(() => expect(app.lines().at(-1)).toMatch(/build█$/));
    app.press(KEYS.enter);
    await app.until(f => expect(f).toMatch(/panther-pulumi build IN_PROGRESS · \w+/));
    expect(starts(sim)).toBe(1);

    // CodeBuild's phases pass on the sim's clock: BUILD, then SUCCEEDED.
    const seen: string[] = [];
    const reads = () => sim.calls()['CodeBuild.BatchGetBuilds'] ?? 0;
    for (let i = 0; i < 40 && !app.frame().includes('build SUCCEEDED'); i++) {
      const phase = /panther-pulumi build IN_PROGRESS · (\w+)/.exec(app.frame())?.[1];
      if (phase && seen.at(-1) !== phase) seen.push(phase);
      sim.clock.advance(15_000);
      // The next read of the build, then its frame.
      const before = reads();
      await app.until(f => expect(reads() > before || f.includes('build SUCCEEDED')).toBe(true));
    }
    expect(seen).toContain('BUILD');
    await app.until(f => expect(f).toMatch(/panther-pulumi build SUCCEEDED · \dm\d\ds · the CREATE is finished/));
    expect(app.frame()).not.toContain('DEPLOY NOT FINISHED');
    if (width >= 100) expect(app.frame()).toMatch(/⚙ panther-pulumi +ok/);
    // Details: the build, its id and logs, whole.
    expect(app.frame()).toMatch(/Logs +https:\/\/console\.aws\.amazon\.com\/cloudwatch/);
    expect(starts(sim)).toBe(1);
    for (const line of app.lines()) expect(textWidth(line)).toBeLessThanOrEqual(width);
    // Nothing left to start: b says so.
    app.press('b');
    await app.until(() => expect(app.lines().at(-1)).toMatch(/^the panther-pulumi build succeeded: nothing to start/));
    expect(starts(sim)).toBe(1);
    app.unmount();
  });

  it('Esc cancels the confirmation: nothing is started', async () => {
    const {sim, sessions} = await healthy();
    const app = renderApp({sessions, width, height, noColor: true});
    await app.until(f => expect(f).toContain('b starts it'), 5000);
    app.press('b');
    app.press('build');
    // q typed in the prompt is a letter, not quit.
    app.press('q');
    await app.until(() => expect(app.lines().at(-1)).toMatch(/buildq█$/));
    app.press(KEYS.backspace);
    await app.until(() => expect(app.lines().at(-1)).toMatch(/build█$/));
    app.press(KEYS.escape);
    await app.until(() => expect(app.lines().at(-1)).toMatch(/^cancelled: no panther-pulumi build started/));
    // After Esc the console is as it was, the offer standing.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(starts(sim)).toBe(0);
    expect(app.frame()).toContain('b starts it');
    app.unmount();
  });
});

describe('the panther-pulumi build', () => {
  it('that fails shows the failed phase and its message, and is offered again', async () => {
    const failed = (b: BuildView): BuildView => ({
      ...b,
      status: 'FAILED',
      phase: 'COMPLETED',
      complete: true,
      endedAt: b.startedAt,
      failure: 'BUILD FAILED: error: update failed: pulumi up exited with 255',
    });
    const {sim, sessions} = await healthy(port => ({...port, getBuild: async id => failed((await port.getBuild(id))!)}));
    const app = renderApp({sessions, width: 100, height: 30, noColor: true});
    await app.until(f => expect(f).toContain('b starts it'), 5000);
    app.press('b');
    app.press('panther-pulumi');
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('panther-pulumi build FAILED · BUILD FAILED: error: update failed'));
    // Details: the message whole (wrapped).
    expect(app.frame().replace(/[│\s]+/g, ' ')).toMatch(/Failed BUILD FAILED: error: update failed: pulumi up exited with 255/);
    expect(app.frame()).toMatch(/⚙ panther-pulumi +failed/);
    expect(starts(sim)).toBe(1);
    // b offers it again.
    app.press('b');
    await app.until(() => expect(app.lines().at(-1)).toContain('Type build'));
    app.unmount();
  });
});
