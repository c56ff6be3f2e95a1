// The panther-pulumi build check of the watch console, against the sim through the real clients: what it reads (and
// what it never reads), the offer, exactly one StartBuild once confirmed, and the build followed to its end.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {CodeBuildGateway} from '../../source/aws/codebuild.js';
import {simSettings} from '../../source/commands/sim.js';
import {pulumiPort} from '../../source/commands/watch-sessions.js';
import {startSim, type RunningSim, type SimOptions} from '../../source/sim/index.js';
import {PulumiBuildWatch, type BuildView, type PulumiPort} from '../../source/store/pulumi-watch.js';
import {ConsoleStore} from '../../source/store/store.js';
import {testContext, unpaced} from '../support/console-context.js';

let sim: RunningSim | null = null;
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await sim?.close();
  sim = null;
});

const calls = (s: RunningSim, key: string) => s.calls()[key] ?? 0;
const codebuildCalls = (s: RunningSim) =>
  Object.entries(s.calls())
    .filter(([k]) => k.startsWith('CodeBuild.'))
    .reduce((n, [, v]) => n + v, 0);

/** The store on a scenario, read until the root's operation has settled, with the build check watching it. */
async function watched(scenario: string, options: Partial<SimOptions> & {atEnd?: boolean} = {}, wrap?: (p: PulumiPort) => PulumiPort) {
  const {atEnd, ...simOptions} = options;
  sim = await startSim({scenario, ...simOptions});
  if (atEnd) sim.clock.set(sim.clock.end);
  const {ctx} = testContext({...simSettings(sim), region: sim.region});
  const store = new ConsoleStore(ctx.gateway, {query: sim.rootStackName, region: sim.region, cloudtrail: false, resourceTotals: false});
  const codebuild = new CodeBuildGateway(ctx.clients, unpaced());
  const port = pulumiPort(ctx, codebuild);
  const watch = new PulumiBuildWatch(store, wrap ? wrap(port) : port, {pollMs: 5});
  stops.push(() => {
    watch.stop();
    store.stop();
    codebuild.destroy();
    ctx.clients.destroy();
  });
  for (let i = 0; i < 10 && !store.ended; i++) await store.pollOnce();
  return {sim, store, watch};
}

describe('the panther-pulumi build check', () => {
  it('offers the build after a 1.28.7 create with no build since: one GetTemplate, one ListBuildsForProject, nothing started', async () => {
    const {sim, watch} = await watched('healthy');
    await vi.waitFor(() => expect(watch.getSnapshot().status).toBe('offer'));
    const s = watch.getSnapshot();
    expect(s).toMatchObject({version: '1.28.7', operation: {type: 'CREATE'}, build: null, canStart: true});
    expect(calls(sim, 'CloudFormation.GetTemplate')).toBe(1);
    expect(calls(sim, 'CodeBuild.ListBuildsForProject')).toBe(1);
    // The project has no build: nothing to read of one, nothing started.
    expect(calls(sim, 'CodeBuild.BatchGetBuilds')).toBe(0);
    expect(calls(sim, 'CodeBuild.StartBuild')).toBe(0);
  });

  it('makes no CodeBuild call (and reads no version) after a failed operation', async () => {
    const {sim, store, watch} = await watched('rolled-back');
    expect(store.ended).toBe(true);
    // Give a check every chance to run: more polls, more snapshots.
    await store.pollOnce();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(watch.getSnapshot().status).toBe('idle');
    expect(codebuildCalls(sim)).toBe(0);
    expect(calls(sim, 'CloudFormation.GetTemplate')).toBe(0);
  });

  it('makes no CodeBuild call for a deployed version below 1.22', async () => {
    // The upgrade story's root, deployed from a 1.21.5 template (the tags still say 1.24.3: the template wins).
    const {sim, watch} = await watched('upgrade', {clock: 'fixed', deployedTemplateVersion: '1.21.5'});
    await vi.waitFor(() => expect(watch.getSnapshot().version).toBe('1.21.5'));
    expect(watch.getSnapshot()).toMatchObject({status: 'idle', canStart: false});
    expect(calls(sim, 'CloudFormation.GetTemplate')).toBe(1);
    expect(codebuildCalls(sim)).toBe(0);
  });

  it('says nothing when a build ran after the deploy (it succeeded)', async () => {
    const {sim, watch} = await watched('upgrade', {clock: 'fixed'});
    await vi.waitFor(() => expect(watch.getSnapshot().build?.status).toBe('SUCCEEDED'));
    expect(watch.getSnapshot()).toMatchObject({status: 'idle', canStart: false, version: '1.24.3'});
    expect(calls(sim, 'CodeBuild.ListBuildsForProject')).toBe(1);
    expect(calls(sim, 'CodeBuild.BatchGetBuilds')).toBe(1);
    expect(watch.start()).toBe(false);
    expect(calls(sim, 'CodeBuild.StartBuild')).toBe(0);
  });

  it('offers nothing, silently, when the account has no panther-pulumi project', async () => {
    // The deployments story's panther-prod (1.28.7, updated) has no CodeBuild project.
    const {sim, watch} = await watched('deployments');
    await vi.waitFor(() => expect(calls(sim, 'CodeBuild.ListBuildsForProject')).toBe(1));
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(watch.getSnapshot()).toMatchObject({status: 'idle', canStart: false, message: null});
  });

  it('starts exactly one build once confirmed and follows it to SUCCEEDED', async () => {
    const {sim, watch} = await watched('healthy', {clock: 'manual', atEnd: true});
    await vi.waitFor(() => expect(watch.getSnapshot().status).toBe('offer'));
    expect(watch.start()).toBe(true);
    // A second confirmation while it starts starts nothing more.
    expect(watch.start()).toBe(false);
    await vi.waitFor(() => expect(watch.getSnapshot().status).toBe('running'));
    expect(watch.getSnapshot().startedHere).toBe(true);
    const phases = new Set<string>();
    while (watch.getSnapshot().status === 'running') {
      phases.add(watch.getSnapshot().build!.phase);
      sim.clock.advance(20_000);
      const before = calls(sim, 'CodeBuild.BatchGetBuilds');
      await vi.waitFor(() => expect(calls(sim, 'CodeBuild.BatchGetBuilds')).toBeGreaterThan(before));
      await new Promise(resolve => setTimeout(resolve, 1));
    }
    const s = watch.getSnapshot();
    expect(s.status).toBe('succeeded');
    expect(s.build).toMatchObject({status: 'SUCCEEDED', complete: true, project: 'panther-pulumi'});
    expect(s.build!.logsLink).toContain('/aws/codebuild/panther-pulumi');
    expect(phases.has('BUILD')).toBe(true);
    expect(calls(sim, 'CodeBuild.StartBuild')).toBe(1);
    // Nothing is read any more once it has ended.
    const reads = calls(sim, 'CodeBuild.BatchGetBuilds');
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(calls(sim, 'CodeBuild.BatchGetBuilds')).toBe(reads);
  });

  it('says why in its message when the check is denied, and offers nothing', async () => {
    const denied = Object.assign(
      new Error('User: arn:aws:sts::123456789012:assumed-role/ReadOnly/me is not authorized to perform: codebuild:ListBuildsForProject'),
      {
        name: 'AccessDeniedException',
      },
    );
    const {sim, watch} = await watched('healthy', {}, port => ({...port, latestBuild: () => Promise.reject(denied)}));
    await vi.waitFor(() => expect(watch.getSnapshot().status).toBe('denied'));
    expect(watch.getSnapshot().message).toMatch(/^cannot check the panther-pulumi build: Access denied .*codebuild:ListBuildsForProject/);
    expect(watch.getSnapshot().canStart).toBe(false);
    expect(calls(sim, 'CodeBuild.StartBuild')).toBe(0);
  });

  it('offers the build again after one that failed, with the failed phase', async () => {
    const failed: BuildView = {
      id: 'panther-pulumi:1',
      project: 'panther-pulumi',
      status: 'FAILED',
      phase: 'COMPLETED',
      complete: true,
      startedAt: '2030-01-01T00:00:00.000Z',
      endedAt: '2030-01-01T00:05:00.000Z',
      failure: 'BUILD FAILED: error: pulumi up exited 255',
      logsLink: 'https://logs.example/1',
    };
    const {watch} = await watched('healthy', {}, port => ({...port, latestBuild: async () => failed}));
    await vi.waitFor(() => expect(watch.getSnapshot().status).toBe('offer'));
    expect(watch.getSnapshot()).toMatchObject({canStart: true, build: {failure: 'BUILD FAILED: error: pulumi up exited 255'}});
  });
});
