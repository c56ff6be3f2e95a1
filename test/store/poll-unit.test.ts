import {afterEach, describe, expect, it, vi} from 'vitest';
import {createClients, type AwsSettings} from '../../source/aws/clients.js';
import {Gateway, type EventPage} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import type {StackEvent} from '../../source/domain/types.js';
import {startSim, type FaultOptions, type RunningSim} from '../../source/sim/index.js';
import {fetchNewEvents} from '../../source/store/event-pager.js';
import {ConsoleStore} from '../../source/store/store.js';

// A poll is one unit: its reads never overlap the next poll's, each event is told once, and a hang or a storm of
// throttling only delays what is shown. The sim plays a first deploy on a manual clock; the test decides when polls run.
let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** The real gateway with hooks on one stack's reads: fail it, or hold it until released. */
class HookedGateway extends Gateway {
  hooks = new Map<string, () => Promise<void>>();
  override async stackEventsPage(stackId: string, token?: string): Promise<EventPage> {
    const hook = this.hooks.get(stackId);
    if (hook) await hook();
    return super.stackEventsPage(stackId, token);
  }
}

async function liveDeploy(faults?: FaultOptions, settings: Partial<AwsSettings> = {}) {
  sim = await startSim({scenario: 'first-deploy', clock: 'manual', startAt: 0, ...(faults ? {faults} : {})});
  const clients = createClients({...simSettings(sim), maxAttempts: 1, callsPerSecond: {cloudformation: 1000, cloudtrail: 1000}, ...settings});
  const gateway = new HookedGateway(clients);
  const store = new ConsoleStore(gateway, {query: sim.rootStackName, region: sim.region, intervalMs: 2000, random: () => 0.5});
  const told: string[] = [];
  store.watch({onEvents: events => told.push(...events.map(e => e.eventId))});
  return {sim, store, gateway, clients, told};
}

function visibleEventIds(s: RunningSim): string[] {
  const now = s.clock.now();
  return s.world.stacks.flatMap(st => st.events.filter(e => e.time <= now).map(e => e.eventId)).sort();
}

const sorted = (ids: string[]) => [...ids].sort();

describe('a poll is one unit', () => {
  it('waits for every read of a pass when one fails, and tells each event once across the next polls', async () => {
    const {sim, store, gateway, told} = await liveDeploy();
    sim.clock.advance(12 * 60_000); // several nested stacks creating at once
    await store.pollOnce();
    const nested = [...store.getSnapshot().stacks.values()].filter(s => s.parentId && s.status.endsWith('_IN_PROGRESS'));
    expect(nested.length).toBeGreaterThan(2);
    const [failing, slow] = nested;
    sim.clock.advance(60_000);
    // One read fails at once; another is still on the wire when it does.
    let slowDone = false;
    let release!: () => void;
    let failed!: () => void;
    let onWire!: () => void;
    const failedRead = new Promise<void>(resolve => (failed = resolve));
    const slowOnWire = new Promise<void>(resolve => (onWire = resolve));
    gateway.hooks.set(failing!.stackId, async () => {
      failed();
      throw Object.assign(new Error('Rate exceeded'), {name: 'Throttling'});
    });
    gateway.hooks.set(slow!.stackId, () => {
      onWire();
      return new Promise<void>(resolve => (release = resolve)).then(() => void (slowDone = true));
    });
    const poll = store.pollOnce();
    let pollEnded = false;
    void poll.then(() => (pollEnded = true));
    // A second caller (the screen's loop and a tail) joins the running poll instead of reading the same stacks again.
    expect(store.pollOnce()).toBe(poll);
    // Both reads have gone out (on a loaded machine that takes a while: no fixed delay), then a few more turns.
    await Promise.all([failedRead, slowOnWire]);
    for (let i = 0; i < 5; i++) await new Promise(r => setImmediate(r));
    // The failed read is over, the slow one still on the wire: the poll waits for it.
    expect(pollEnded).toBe(false);
    release();
    await poll;
    expect(slowDone).toBe(true);
    expect(store.getSnapshot().poll.cloudformation.lastError?.kind).toBe('throttled');
    gateway.hooks.clear();
    await store.pollOnce();
    await store.pollOnce();
    expect(told.length).toBe(new Set(told).size);
    expect(sorted(told)).toEqual(visibleEventIds(sim));
  });

  // Seeds 2, 5 and 6 once lost a nested stack's deletion: a resumed read whose catch-up read failed was marked as
  // read after the parent's DELETE report.
  const storms: [string, number, number][] = [
    ['50%', 11, 0.5],
    ['75%', 11, 0.75],
    ['75%', 2, 0.75],
    ['75%', 5, 0.75],
    ['75%', 6, 0.75],
  ];
  it.each(storms)(
    'tells every event exactly once through %s throttling (seed %i), then ends with the post-mortem',
    async (_name, seed, probability) => {
      // One attempt per call: the polls are the retries, so the storm hits the store itself.
      const {sim, store, told} = await liveDeploy({throttle: {probability}, seed});
      while (!sim.clock.atEnd()) {
        sim.clock.advance(20_000);
        await store.pollOnce();
      }
      for (let i = 0; i < 1000 && !store.ended; i++) await store.pollOnce();
      expect(store.ended).toBe(true);
      expect(told.length).toBe(new Set(told).size);
      expect(sorted(told)).toEqual(visibleEventIds(sim));
      expect(store.getSnapshot().postMortem?.rootCause?.logicalResourceId).toBe('AuditLogsBucket');
    },
    60_000,
  );

  it('marks CloudFormation stale while a request hangs, and resumes by itself when the endpoint answers again', async () => {
    // Timeouts shortened for the test: each attempt gives up after 300 ms of silence.
    const {sim, store} = await liveDeploy(undefined, {timeouts: {idleMs: 300, totalMs: 1000}, maxAttempts: 2});
    sim.clock.advance(6 * 60_000);
    await store.pollOnce();
    const held = store.getSnapshot().events;
    sim.setFaults({hang: {windows: [{start: 0, end: 1500, basis: 'real'}]}});
    const staleSeen: string[] = [];
    const unsubscribe = store.subscribe(() => {
      const e = store.getSnapshot().poll.cloudformation.lastError;
      if (e) staleSeen.push(e.message);
    });
    const started = Date.now();
    let polls = 0;
    while (Date.now() - started < 1500) {
      await store.pollOnce();
      polls++;
    }
    unsubscribe();
    expect(polls).toBeGreaterThan(0);
    expect(staleSeen.some(m => /timed out|TimeoutError|no answer/i.test(m))).toBe(true);
    expect(store.getSnapshot().events.get(store.getSnapshot().rootStackId!)!.length).toBe(held.get(store.getSnapshot().rootStackId!)!.length);
    await new Promise(r => setTimeout(r, Math.max(0, 1600 - (Date.now() - started))));
    sim.clock.advance(60_000);
    await store.pollOnce();
    expect(store.getSnapshot().poll.cloudformation.lastError).toBeNull();
    expect(sorted([...store.getSnapshot().events.values()].flat().map(e => e.eventId))).toEqual(visibleEventIds(sim));
  }, 30_000);

  it('says the source is stale when a poll runs past the stall limit, before the request gives up', async () => {
    sim = await startSim({scenario: 'first-deploy', clock: 'manual', startAt: 6 * 60_000});
    const clients = createClients({...simSettings(sim), maxAttempts: 1, timeouts: {idleMs: 2000}});
    const store = new ConsoleStore(new Gateway(clients), {query: sim.rootStackName, region: sim.region, stallMs: 200});
    await store.pollOnce();
    sim.setFaults({hang: true});
    const poll = store.pollOnce();
    await new Promise(r => setTimeout(r, 500));
    expect(store.getSnapshot().poll.cloudformation.lastError?.message).toMatch(/no answer from AWS for \d+ s; still trying/);
    expect(store.getSnapshot().poll.cloudformation.lastSuccessAt).not.toBeNull();
    await poll;
    sim.setFaults({});
    await store.pollOnce();
    expect(store.getSnapshot().poll.cloudformation.lastError).toBeNull();
  }, 20_000);
});

describe('paging always ends', () => {
  const event = (id: string): StackEvent => ({
    eventId: id,
    stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/panther-prod/1',
    stackName: 'panther-prod',
    logicalResourceId: 'panther-prod',
    physicalResourceId: '',
    resourceType: 'AWS::CloudFormation::Stack',
    status: 'CREATE_IN_PROGRESS',
    reason: '',
    timestamp: '2026-01-01T00:00:00.000Z',
    operationId: null,
  });

  class LoopingGateway extends Gateway {
    calls = 0;
    constructor(private readonly tokens: (n: number) => string) {
      super(createClients({region: 'us-east-1', credentials: {accessKeyId: 'x', secretAccessKey: 'y'}}));
    }
    override async stackEventsPage(): Promise<EventPage> {
      this.calls++;
      return {events: [event(`e${this.calls}`)], nextToken: this.tokens(this.calls)};
    }
  }

  it('stops on a NextToken it has seen before, keeps what it read, and says so once', async () => {
    const gateway = new LoopingGateway(n => (n % 2 ? 'A' : 'B')); // A, B, A, B...
    const read = await fetchNewEvents(gateway, event('x').stackId, new Set());
    expect(gateway.calls).toBe(3);
    expect(read.events.map(e => e.eventId)).toEqual(['e3', 'e2', 'e1']);
    expect(gateway.clients.warnings.messages).toEqual([
      'DescribeStackEvents of panther-prod: AWS returned a page token it had already returned; stopped after 3 pages (the rest may be missing).',
    ]);
  });

  it('stops at the page cap on a history that never ends', async () => {
    const gateway = new LoopingGateway(n => `t${n}`);
    const read = await fetchNewEvents(gateway, event('x').stackId, new Set());
    expect(gateway.calls).toBe(2000);
    expect(read.events.length).toBe(2000);
    expect(gateway.clients.warnings.messages[0]).toMatch(/stopped after 2000 pages \(the cap\)/);
  });
});

describe('CloudTrail in the post-mortem', () => {
  it('a CloudTrail that hangs leaves CloudFormation fresh, and is not asked again on every poll', async () => {
    sim = await startSim({scenario: 'rolled-back', faults: {hang: {services: ['cloudtrail']}}});
    const clients = createClients({
      ...simSettings(sim),
      maxAttempts: 1,
      timeouts: {idleMs: 2000},
      callsPerSecond: {cloudformation: 1000, cloudtrail: 1000},
    });
    const store = new ConsoleStore(new Gateway(clients), {query: sim.rootStackName, region: sim.region, stallMs: 300});
    await store.pollOnce();
    const snap = store.getSnapshot();
    expect(snap.postMortem?.rootCause?.logicalResourceId).toBe('AuditLogsBucket');
    expect(snap.poll.cloudformation.lastError).toBeNull();
    expect(snap.poll.cloudtrail.lastError?.kind).toBe('network');
    const lookups = sim.calls()['CloudTrail.LookupEvents'];
    await store.pollOnce();
    expect(sim.calls()['CloudTrail.LookupEvents']).toBe(lookups);
    expect(store.getSnapshot().poll.cloudformation.lastError).toBeNull();
  }, 20_000);
});

describe('a replayed bundle', () => {
  it('is read once: the store stops polling when everything is read and the post-mortem is made', async () => {
    sim = await startSim({scenario: 'rolled-back'});
    const clients = createClients({...simSettings(sim), maxAttempts: 1, callsPerSecond: {cloudformation: 1000, cloudtrail: 1000}});
    const store = new ConsoleStore(new Gateway(clients), {
      query: sim.rootStackName,
      region: sim.region,
      intervalMs: 10,
      replay: {recordedAt: '2026-11-02T14:40:31.000Z'},
    });
    store.start();
    await vi.waitFor(() => expect(store.getSnapshot().poll.state).toBe('settled'), {timeout: 10_000, interval: 20});
    const calls = sim.calls();
    await new Promise(r => setTimeout(r, 200)); // twenty intervals: no poll goes out
    expect(sim.calls()).toEqual(calls);
    expect(store.getSnapshot().replay).toEqual({recordedAt: '2026-11-02T14:40:31.000Z'});
    expect(store.getSnapshot().postMortem?.rootCause?.logicalResourceId).toBe('AuditLogsBucket');
    store.stop();
  });
});

describe('stale means silent, not slow', () => {
  it('a long first read that keeps getting answers is not marked stale', async () => {
    // Every answer takes 60 ms; the first read of the rolled-back history takes far longer than the stall limit.
    sim = await startSim({scenario: 'rolled-back', faults: {latencyMs: 60}});
    const clients = createClients({...simSettings(sim), maxAttempts: 1, callsPerSecond: {cloudformation: 1000, cloudtrail: 1000}});
    const store = new ConsoleStore(new Gateway(clients), {query: sim.rootStackName, region: sim.region, stallMs: 250, cloudtrail: false});
    const stale: string[] = [];
    store.subscribe(() => {
      const e = store.getSnapshot().poll.cloudformation.lastError;
      if (e) stale.push(e.message);
    });
    const started = Date.now();
    await store.pollOnce();
    expect(Date.now() - started).toBeGreaterThan(500);
    expect(stale).toEqual([]);
  }, 20_000);
});
