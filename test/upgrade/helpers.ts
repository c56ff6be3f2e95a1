// A command context on the upgrade scenario (manual clock): the walk's waits advance the simulated clock, so a
// 30-minute upgrade takes milliseconds and nothing depends on real time.
import {afterEach} from 'vitest';
import {simSettings} from '../../source/commands/sim.js';
import {upgradeReport} from '../../source/upgrade/report.js';
import type {UpgradeFlags} from '../../source/upgrade/session.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {DEFAULT_SEED} from '../../source/sim/scenarios/index.js';
import {upgradeWorld, type OtherStack} from '../../source/sim/scenarios/upgrade.js';
import {testContext} from '../support/console-context.js';

export const WRITES = ['CloudFormation.CreateChangeSet', 'CloudFormation.ExecuteChangeSet', 'CodeBuild.StartBuild', 'CloudFormation.DeleteChangeSet'];

export interface UpgradeContextOptions {
  failRung?: string;
  interactive?: boolean;
  otherStacks?: OtherStack[];
  scenario?: string;
  /** The upgrade world's own options (a stale tag, an update already running...). */
  world?: Partial<Parameters<typeof upgradeWorld>[0]>;
}

export async function upgradeContext(opts: UpgradeContextOptions = {}) {
  // Other stacks beside Panther's (or other world options): the same scenario's world, built here with them.
  const world =
    opts.otherStacks || opts.world
      ? upgradeWorld({
          scenario: 'upgrade',
          seed: DEFAULT_SEED,
          t0: DEFAULT_EPOCH,
          failRung: opts.failRung,
          otherStacks: opts.otherStacks,
          ...opts.world,
        })
      : undefined;
  // Another scenario (e.g. rolled-back) is served as it ends, on its own clock.
  const sim: RunningSim = opts.scenario
    ? await startSim({scenario: opts.scenario})
    : await startSim({scenario: 'upgrade', clock: 'manual', ...(opts.failRung ? {failRung: opts.failRung} : {}), ...(world ? {world} : {})});
  const {ctx, clients, prepare, out, err} = testContext({...simSettings(sim), region: sim.region}, {interactive: opts.interactive});
  /** Each wait of the walk moves the simulated clock 30x as far (a 2 s poll is a minute of scenario time). */
  const sleep = async (ms: number) => {
    sim.clock.advance(ms * 30);
    await new Promise(resolve => setImmediate(resolve));
  };
  const writes = () => Object.fromEntries(Object.entries(clients.counter.all).filter(([k]) => WRITES.includes(k)));
  /** prepare, then the text report (its waits on the simulated clock), the session closed: the exit code. */
  const report = async (f: UpgradeFlags, o: {signal?: {aborted: boolean}} = {}) => {
    const session = await prepare(f);
    const code = await upgradeReport(session, {sleep, ...o});
    session.close();
    return code;
  };
  return {
    sim,
    ctx,
    prepare,
    report,
    clients,
    sleep,
    writes,
    out,
    err,
    close: async () => {
      clients.destroy();
      await sim.close();
    },
  };
}

/**
 * For a test file: registers an afterEach that closes the context its test made, and returns the function that makes
 * it (upgradeContext's options). Call once, at the top of the file.
 */
export function upgradeContextPerTest() {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });
  return async (opts: Parameters<typeof upgradeContext>[0] = {}) => {
    const t = await upgradeContext(opts);
    close = t.close;
    return t;
  };
}

export const flags = (extra: Partial<UpgradeFlags>): UpgradeFlags => ({
  format: 'text',
  cloudtrail: true,
  bell: false,
  stack: 'panther-prod',
  to: '1.26',
  ...extra,
});
