// The embedded simulated AWS account: startSim() serves a scenario's world over real HTTP on 127.0.0.1 so the real
// SDK clients (and the AWS CLI) can be pointed at it with `endpoint`.
import type {AddressInfo} from 'node:net';
import {createClock, type ClockMode, type SimClock} from './clock.js';
import {Faults, type FaultOptions} from './faults.js';
import {DEFAULT_SEED, findScenario, scenarios} from './scenarios/index.js';
import type {LargeOptions} from './scenarios/large.js';
import {createSimServer} from './server.js';
import {WorldView} from './view.js';
import type {World} from './world.js';

export type {FaultOptions, FaultSpec, FaultWindow, LostResponseSpec, Service} from './faults.js';
export type {LargeOptions} from './scenarios/large.js';
export type {ClockMode, SimClock} from './clock.js';
export type {World, WorldStack, WorldEvent, TrailRecord} from './world.js';
export {largeWorld} from './scenarios/large.js';

/** Default story start of the non-realtime scenarios: fixed, so runs (and screenshots) are reproducible. */
export const DEFAULT_EPOCH = Date.UTC(2026, 10, 2, 14, 7, 31);

export interface SimOptions {
  /** One of scenarioNames; default 'rolled-back'. */
  scenario?: string;
  seed?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Realtime clock: scenario ms per real ms. Default: the scenario's (first-deploy plays in ~60 s). */
  speed?: number;
  /** Default: the scenario's ('realtime' for first-deploy, 'fixed' otherwise). */
  clock?: ClockMode;
  /** Where the clock starts, in ms from the story start (manual/realtime; fixed starts at the end). */
  startAt?: number;
  /** Epoch ms of the story start. Default DEFAULT_EPOCH, or the current time for a realtime clock. */
  startTime?: number;
  faults?: FaultOptions;
  largeOptions?: LargeOptions;
  /** upgrade scenario: the version whose root-stack update fails in a nested stack and rolls back. */
  failRung?: string;
  /** upgrade scenario: the root's (and role stack's) deployed template version, newer than its 1.24.3 tags say. */
  deployedTemplateVersion?: string;
  /** upgrade scenario: someone else's update to this version is already running when the story starts. */
  inProgressTo?: string;
  /** Serve a prebuilt world instead of a scenario (e.g. a replayed bundle). */
  world?: World;
  /** How injected latency (faults.latencyMs) is waited out; default a real timer. Tests record it instead. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunningSim {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  region: string;
  account: string;
  rootStackName: string;
  rootStackId: string;
  scenario: string;
  clock: {
    now(): number;
    advance(ms: number): void;
    set(epochMs: number): void;
    setSpeed(x: number): void;
    /** Scenario ms per real ms (0: paused, or not a realtime clock). */
    speed(): number;
    atEnd(): boolean;
    readonly start: number;
    readonly end: number;
    readonly mode: ClockMode;
  };
  world: World;
  /** Requests served, keyed "Service.Action" (e.g. "CloudFormation.DescribeStacks"), faulted ones included. */
  calls(): Record<string, number>;
  resetCalls(): void;
  setFaults(f: FaultOptions): void;
  close(): Promise<void>;
}

export const scenarioNames: string[] = scenarios.map(s => s.name);

export async function startSim(opts: SimOptions = {}): Promise<RunningSim> {
  const name = opts.scenario ?? 'rolled-back';
  const scenario = findScenario(name);
  if (!opts.world && !scenario) throw new Error(`unknown scenario "${name}" (known: ${scenarioNames.join(', ')})`);
  const mode: ClockMode = opts.clock ?? scenario?.clock ?? 'fixed';
  const t0 = opts.startTime ?? (mode === 'realtime' ? Math.floor(Date.now() / 1000) * 1000 : DEFAULT_EPOCH);
  const world =
    opts.world ??
    scenario!.build({
      seed: opts.seed ?? DEFAULT_SEED,
      t0,
      large: opts.largeOptions,
      failRung: opts.failRung,
      deployedTemplateVersion: opts.deployedTemplateVersion,
      inProgressTo: opts.inProgressTo,
    });
  const storyEnd = Math.max(...world.stacks.map(s => s.events[s.events.length - 1].time));
  const speed = opts.speed ?? (scenario?.playSeconds ? (storyEnd - world.startTime) / (scenario.playSeconds * 1000) : (scenario?.speed ?? 1));
  const clock: SimClock = createClock({
    mode,
    start: world.startTime,
    end: world.endTime,
    at: opts.startAt === undefined ? (scenario?.startsAtT0 ? t0 : undefined) : world.startTime + opts.startAt,
    speed,
  });
  const faults = new Faults(opts.faults, () => clock.now(), world.startTime);
  const counts = new Map<string, number>();
  const server = createSimServer({view: new WorldView(world), clock, faults, counts, ...(opts.sleep ? {sleep: opts.sleep} : {})});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    region: world.region,
    account: world.account,
    rootStackName: world.rootStackName,
    rootStackId: world.rootStackId,
    scenario: world.scenario,
    clock: {
      now: () => clock.now(),
      advance: ms => clock.advance(ms),
      set: t => clock.set(t),
      setSpeed: x => clock.setSpeed(x),
      speed: () => clock.speed(),
      atEnd: () => clock.atEnd(),
      start: clock.start,
      end: clock.end,
      mode: clock.mode,
    },
    world,
    calls: () => Object.fromEntries(counts),
    resetCalls: () => counts.clear(),
    setFaults: f => faults.set(f),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
