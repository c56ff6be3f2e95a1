import {afterEach, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {Gateway, type EventPage} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import {isRealFailure} from '../../source/domain/reasons.js';
import type {PostMortem} from '../../source/domain/types.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {emptyPostMortemData, loadPostMortem} from '../../source/store/postmortem-loader.js';
import {resolveRootStack} from '../../source/store/resolve-root.js';
import {ConsoleStore} from '../../source/store/store.js';

// A failed operation's root cause is known from its failed branches alone (what the postmortem command reads): the
// store reads those first and publishes the post-mortem, then reads the rest of the history, every page once.
let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** Records every DescribeStackEvents page asked for, by stack and token. */
class PageLog extends Gateway {
  pages: string[] = [];
  override async stackEventsPage(stackId: string, token?: string): Promise<EventPage> {
    this.pages.push(`${stackId} ${token ?? 'top'}`);
    return super.stackEventsPage(stackId, token);
  }
}

const fast = {maxAttempts: 1, callsPerSecond: {cloudformation: 10_000, cloudtrail: 10_000}};
const cloudformationCalls = (calls: Record<string, number>) =>
  Object.entries(calls)
    .filter(([k]) => k.startsWith('CloudFormation.'))
    .reduce((a, [, v]) => a + v, 0);

describe('the root cause as soon as it can be known', () => {
  it('on a large rolled-back stack: the post-mortem after about the calls of the postmortem command, before the full history', async () => {
    sim = await startSim({scenario: 'large'});
    const total = sim.world.stacks.reduce((n, s) => n + s.events.length, 0);

    // The postmortem command's reads (its own client), for the yardstick.
    const commandClients = createClients({...simSettings(sim), ...fast});
    const commandGateway = new Gateway(commandClients);
    const root = await resolveRootStack(commandGateway, sim.rootStackName, sim.region);
    const command = await loadPostMortem(commandGateway, root, emptyPostMortemData(), {
      cloudtrail: false,
      region: sim.region,
      apiCalls: () => ({cloudformation: 0, cloudtrail: 0}),
    });
    const commandCalls = cloudformationCalls(sim.calls());
    commandClients.destroy();
    sim.resetCalls();

    const clients = createClients({...simSettings(sim), ...fast});
    const gateway = new PageLog(clients);
    const store = new ConsoleStore(gateway, {query: sim.rootStackName, region: sim.region, cloudtrail: false, resourceTotals: false});
    let atPostMortem: {pm: PostMortem; calls: number; events: number} | null = null;
    store.subscribe(() => {
      const snap = store.getSnapshot();
      if (atPostMortem || !snap.postMortem) return;
      let events = 0;
      for (const list of snap.events.values()) events += list.length;
      atPostMortem = {pm: snap.postMortem, calls: cloudformationCalls(sim!.calls()), events};
    });
    const told: string[] = [];
    store.watch({onEvents: events => told.push(...events.map(e => e.eventId))});
    await store.pollOnce();

    expect(atPostMortem).not.toBeNull();
    const early = atPostMortem!;
    expect(early.pm.rootCause?.eventId).toBe(command.rootCause?.eventId);
    expect(early.pm.chain.map(l => l.logicalResourceId)).toEqual(command.chain.map(l => l.logicalResourceId));
    // The command's calls (~30), plus at most the first pages of the other stacks already on the wire.
    expect(commandCalls).toBeLessThan(40);
    expect(early.calls).toBeLessThanOrEqual(commandCalls + 5);
    expect(early.events).toBeLessThan(total / 10);

    // Then the rest, in the same poll: every event held once, in the sim's order, each told once, no page read twice.
    expect(store.ended).toBe(true);
    const snap = store.getSnapshot();
    for (const s of sim.world.stacks) expect(snap.events.get(s.stackId)?.map(e => e.eventId)).toEqual(s.events.map(e => e.eventId));
    expect(told.length).toBe(total);
    expect(new Set(told).size).toBe(total);
    expect(new Set(gateway.pages).size).toBe(gateway.pages.length);
    // The post-mortem is made again from the whole history, and says the same.
    expect(snap.postMortem?.rootCause?.eventId).toBe(command.rootCause?.eventId);
    clients.destroy();
  }, 60_000);

  it('while the operation runs: the failed branch is on screen before the other stacks are read', async () => {
    sim = await startSim({scenario: 'rolled-back', clock: 'manual', startAt: 0});
    const world = sim.world;
    const rootStack = world.stacks.find(s => s.parentId === null)!;
    // The moment the root reports a nested stack failed, while its operation still runs.
    const reported = rootStack.events.find(e => e.status.endsWith('_FAILED'))!;
    sim.clock.set(reported.time + 1);
    const now = reported.time + 1;
    const failing = world.stacks.filter(s => s.events.some(e => e.time <= now && e.status.endsWith('_FAILED')));
    // The failure inside the nested stack the root reports (what the screen's FIRST FAILURE shows).
    const branch = world.stacks.find(s => s.stackId === reported.physicalId)!;
    const cause = branch.events.find(e => e.time <= now && isRealFailure(e))!;
    expect(cause).toBeDefined();

    const clients = createClients({...simSettings(sim), ...fast});
    const store = new ConsoleStore(new Gateway(clients), {query: sim.rootStackName, region: sim.region, cloudtrail: false, resourceTotals: false});
    let stacksReadWhenSeen: number | null = null;
    store.subscribe(() => {
      const snap = store.getSnapshot();
      if (stacksReadWhenSeen !== null) return;
      if (snap.events.get(cause.stackId)?.some(e => e.eventId === cause.eventId)) stacksReadWhenSeen = snap.events.size;
    });
    await store.pollOnce();
    const snap = store.getSnapshot();
    expect(snap.stacks.get(snap.rootStackId!)?.status).toMatch(/_IN_PROGRESS$/);
    // The root and the stacks with a failure, not the stacks beside them (read after, in the same poll).
    expect(stacksReadWhenSeen).not.toBeNull();
    expect(stacksReadWhenSeen).toBeLessThanOrEqual(failing.length + 1);
    expect(snap.events.size).toBeGreaterThan(stacksReadWhenSeen!);
    for (const s of world.stacks) {
      const visible = s.events.filter(e => e.time <= now).map(e => e.eventId);
      if (visible.length > 0) expect(snap.events.get(s.stackId)?.map(e => e.eventId)).toEqual(visible);
    }
    clients.destroy();
  }, 30_000);
});
