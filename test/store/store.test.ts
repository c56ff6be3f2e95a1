import {afterEach, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {Gateway} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim, type FaultOptions, type RunningSim} from '../../source/sim/index.js';
import {ConsoleStore} from '../../source/store/store.js';

// The store against the sim on a manual clock: the test decides when time passes and when a poll runs.
let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function liveDeploy(faults?: FaultOptions, maxAttempts = 4) {
  sim = await startSim({scenario: 'first-deploy', clock: 'manual', startAt: 0, ...(faults ? {faults} : {})});
  // The manual clock plays 30 minutes in a few hundred polls: lift the production rate limit for the test.
  const clients = createClients({...simSettings(sim), maxAttempts, callsPerSecond: {cloudformation: 1000, cloudtrail: 1000}});
  // A fixed jitter: the backoff's waits are exact, run after run.
  const store = new ConsoleStore(new Gateway(clients), {query: sim.rootStackName, region: sim.region, intervalMs: 2000, random: () => 0.5});
  return {sim, store, clients};
}

const cfnCalls = (s: RunningSim, op: string) => s.calls()[`CloudFormation.${op}`] ?? 0;

/** Every event the sim shows at its current time, by event ID. */
function visibleEventIds(s: RunningSim): Set<string> {
  const now = s.clock.now();
  const ids = new Set<string>();
  for (const stack of s.world.stacks) for (const e of stack.events) if (e.time <= now) ids.add(e.eventId);
  return ids;
}

function heldEventIds(store: ConsoleStore): Set<string> {
  const ids = new Set<string>();
  for (const events of store.getSnapshot().events.values()) for (const e of events) ids.add(e.eventId);
  return ids;
}

/** Plays the story to its end in steps of `stepMs`, polling after each step, then polls until settled. */
async function playToEnd(s: RunningSim, store: ConsoleStore, stepMs: number) {
  while (!s.clock.atEnd()) {
    s.clock.advance(stepMs);
    await store.pollOnce();
  }
  for (let i = 0; i < 10 && !(store.settled && store.getSnapshot().postMortem && !store.getSnapshot().poll.cloudformation.lastError); i++) {
    await store.pollOnce();
  }
}

describe('the polling store on a live first deploy', () => {
  it('picks up a nested stack in the same poll as the parent event that names it', async () => {
    const {sim, store} = await liveDeploy();
    const bootstrap = sim.world.stacks.find(st => st.logicalId === 'Bootstrap')!;
    const named = sim.world.stacks[0]!.events.find(e => e.physicalId === bootstrap.stackId)!;
    sim.clock.set(named.time - 1);
    await store.pollOnce();
    expect(store.getSnapshot().stacks.size).toBe(1);
    sim.clock.set(named.time + 1);
    await store.pollOnce();
    const snap = store.getSnapshot();
    expect(snap.stacks.has(bootstrap.stackId)).toBe(true);
    expect(snap.events.get(bootstrap.stackId)?.length ?? 0).toBeGreaterThan(0);
  });

  it('reads each settled stack once, then only the root', async () => {
    const {sim, store} = await liveDeploy();
    sim.clock.set(sim.clock.end);
    await store.pollOnce();
    await store.pollOnce();
    sim.resetCalls();
    await store.pollOnce();
    expect(cfnCalls(sim, 'DescribeStackEvents')).toBe(1);
    expect(sim.calls()).toEqual({'CloudFormation.DescribeStackEvents': 1});
  });

  it('makes one DescribeStackEvents call per stack in progress, plus the root, per poll', async () => {
    const {sim, store} = await liveDeploy();
    sim.clock.advance(12 * 60_000); // mid-deploy: several nested stacks creating at once
    await store.pollOnce();
    await store.pollOnce();
    sim.clock.advance(1_000);
    sim.resetCalls();
    await store.pollOnce();
    const snap = store.getSnapshot();
    const nestedInProgress = [...snap.stacks.values()].filter(st => st.stackId !== snap.rootStackId && st.status.endsWith('_IN_PROGRESS')).length;
    expect(nestedInProgress).toBeGreaterThanOrEqual(3);
    expect(cfnCalls(sim, 'DescribeStackEvents')).toBe(nestedInProgress + 1);
    expect(cfnCalls(sim, 'DescribeStacks')).toBe(0);
  });

  it('follows the deploy to the end: every nested stack deleted, every event held, the root cause found', async () => {
    const {sim, store} = await liveDeploy();
    await playToEnd(sim, store, 20_000);
    const snap = store.getSnapshot();
    expect(heldEventIds(store)).toEqual(visibleEventIds(sim));
    const nested = [...snap.stacks.values()].filter(st => st.stackId !== snap.rootStackId);
    expect(nested.length).toBe(sim.world.stacks.length - 1);
    expect(nested.every(st => st.deleted)).toBe(true);
    expect(snap.postMortem?.rootCause?.logicalResourceId).toBe('AuditLogsBucket');
  });
});

describe('the polling store through faults', () => {
  const faultCases: [string, FaultOptions][] = [
    ['20% throttling', {throttle: {probability: 0.2}, seed: 3}],
    ['a ten-minute outage (connection resets)', {outage: {windows: [{start: 10 * 60_000, end: 20 * 60_000}]}}],
    ['an expired-token window', {expiredToken: {windows: [{start: 8 * 60_000, end: 18 * 60_000}]}}],
  ];
  it.each(faultCases)('loses no event through %s and ends on the right root cause', async (_name, faults) => {
    const {sim, store} = await liveDeploy(faults, 1);
    await playToEnd(sim, store, 30_000);
    const snap = store.getSnapshot();
    expect(heldEventIds(store)).toEqual(visibleEventIds(sim));
    expect(snap.postMortem?.rootCause?.logicalResourceId).toBe('AuditLogsBucket');
    expect(snap.poll.cloudformation.lastError).toBeNull();
  });

  it('keeps everything it fetched and says since when the data is stale while AWS is unreachable', async () => {
    const {sim, store} = await liveDeploy(undefined, 1);
    sim.clock.advance(6 * 60_000);
    await store.pollOnce();
    const before = heldEventIds(store);
    sim.setFaults({outage: true});
    sim.clock.advance(60_000);
    await store.pollOnce();
    const snap = store.getSnapshot();
    expect(heldEventIds(store)).toEqual(before);
    expect(snap.poll.cloudformation.lastError?.kind).toBe('network');
    expect(snap.poll.cloudformation.lastSuccessAt).not.toBeNull();
    sim.setFaults({});
    await store.pollOnce();
    expect(store.getSnapshot().poll.cloudformation.lastError).toBeNull();
    expect(heldEventIds(store)).toEqual(visibleEventIds(sim));
  });

  it('reports expired credentials as such, then resumes with every event once they are valid again', async () => {
    const {sim, store} = await liveDeploy(undefined, 1);
    sim.clock.advance(6 * 60_000);
    await store.pollOnce();
    sim.setFaults({expiredToken: true});
    sim.clock.advance(60_000);
    await store.pollOnce();
    expect(store.getSnapshot().poll.cloudformation.lastError?.kind).toBe('expired-credentials');
    sim.setFaults({});
    await store.pollOnce();
    expect(heldEventIds(store)).toEqual(visibleEventIds(sim));
  });

  it('backs off (longer waits) while throttled and returns to the base interval after', async () => {
    const {sim, store} = await liveDeploy(undefined, 1);
    sim.clock.advance(6 * 60_000);
    await store.pollOnce();
    sim.setFaults({throttle: true});
    const waits = [await store.pollOnce(), await store.pollOnce(), await store.pollOnce()];
    expect(store.getSnapshot().poll.state).toBe('backing-off');
    // Half-way (the fixed jitter) between the base interval and a cap that doubles: 4 s, 8 s, 16 s.
    expect(waits).toEqual([3000, 5000, 9000]);
    sim.setFaults({});
    sim.clock.advance(5_000);
    const wait = await store.pollOnce();
    expect(wait).toBeLessThan(Math.max(...(waits as number[])));
    expect(wait).toBeLessThanOrEqual(3000);
    expect(store.getSnapshot().poll.state).toBe('waiting');
  });
});
