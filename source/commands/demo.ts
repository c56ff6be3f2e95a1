import type {ProfileTarget} from '../aws/deployments-reader.js';
import {SUPPORTED_REGIONS} from '../panther/regions.js';
import {startSim, type RunningSim, type SimOptions} from '../sim/index.js';
import {deployParams} from '../sim/scenarios/deploy.js';
import type {PulumiPort} from '../store/pulumi-watch.js';
import {upgradeFullScreen} from '../upgrade/fullscreen.js';
import {upgradeReport} from '../upgrade/report.js';
import {prepareUpgrade, type UpgradeFlags, type WalkSession} from '../upgrade/session.js';
import {prepareDeploy, type DeployFlags} from '../upgrade/deploy-session.js';
import {buildContext, type CommandContext, type CommonFlags} from './context.js';
import {computePostMortem, postMortemExitCode, renderPostMortem, reportWidth} from './postmortem.js';
import {simCredentials, simOptions, simSettings, startConsoleSim, type SimFlags} from './sim.js';
import {resolveRootStack} from '../store/resolve-root.js';
import {createStore, watchFullScreen, watchTail} from './watch.js';
import type {PickerScope} from './watch-sessions.js';

/**
 * The console on the embedded simulated account: no AWS needed. With a terminal, the full-screen console;
 * without one, the report (the post-mortem, or the tail of a live scenario).
 */
export async function demoCommand(flags: CommonFlags & SimFlags): Promise<number> {
  if (flags.scenario === 'upgrade') return upgradeDemo(flags as UpgradeFlags & SimFlags);
  if (flags.scenario === 'deploy' || flags.scenario === 'failing-deploy') return deployDemo(flags as UpgradeFlags & SimFlags);
  const sim = await startConsoleSim(simOptions(flags, 'first-deploy'));
  try {
    const ctx = await buildContext(simSettings(sim));
    try {
      const store = createStore(ctx, sim.rootStackName, flags);
      if (ctx.interactive && flags.format === 'text') {
        // As watch does: the root is known before the first frame, so the banner's rows are kept from it on.
        const root = await resolveRootStack(ctx.gateway, sim.rootStackName, ctx.region);
        return await watchFullScreen(ctx, store, root, flags, {scope: demoScope(sim), wrapPulumi: port => playsBuild(port, sim)});
      }
      if (sim.clock.atEnd()) {
        const pm = await computePostMortem(ctx, sim.rootStackName, flags);
        ctx.stdout.write(renderPostMortem(pm, flags.format, reportWidth(ctx.stdout)));
        return postMortemExitCode(pm);
      }
      return await watchTail(ctx, store, flags);
    } finally {
      ctx.clients.destroy();
    }
  } finally {
    await sim.close();
  }
}

/**
 * The demo's picker. A scenario of several accounts (`deployments`) is served per account (by access key) and per
 * region: each account is listed by its key (profiles need a config file) in Panther's regions, the expired one left
 * out. Any other scenario is one account in one region (its world answers whatever region a request names).
 */
export function demoScope(sim: Pick<RunningSim, 'world' | 'region' | 'url'>): PickerScope {
  const accounts = Object.entries(sim.world.accounts ?? {}).filter(([, a]) => !a.expired);
  if (accounts.length === 0) return {profiles: [{label: 'sim', credentials: simCredentials}], regions: [sim.region], endpointUrl: sim.url};
  const profiles: ProfileTarget[] = accounts.map(([key]) => ({
    label: key,
    credentials: {accessKeyId: key, secretAccessKey: simCredentials.secretAccessKey},
  }));
  const regions = SUPPORTED_REGIONS.includes(sim.region) ? [...SUPPORTED_REGIONS] : [...SUPPORTED_REGIONS, sim.region];
  return {profiles, regions, endpointUrl: sim.url};
}

/** Scenario ms per real ms while a build the demo started plays: a pulumi build of ~4 minutes in ~12 s. */
export const DEMO_BUILD_SPEED = 20;

/**
 * A build started in the demo plays on the simulated clock: a scenario that stands at its end (healthy) starts it
 * moving, so the build walks its phases to SUCCEEDED in front of the user.
 */
export function playsBuild(port: PulumiPort, sim: Pick<RunningSim, 'clock'>): PulumiPort {
  return {
    ...port,
    startBuild: async () => {
      const build = await port.startBuild();
      if (sim.clock.speed() === 0) sim.clock.setSpeed(DEMO_BUILD_SPEED);
      return build;
    },
  };
}

/**
 * `demo --scenario upgrade`: Panther 1.24.3 on the simulated account, walked to --to (default 1.26: three rungs,
 * the last with a DANGER replacement). On a terminal the walk executes on the simulated account (every rung still
 * waits for its typed version); without one it is the dry run report (unless --execute is given, with --approve).
 */
export async function upgradeDemo(flags: UpgradeFlags & SimFlags): Promise<number> {
  return walkDemo({...simOptions(flags, 'upgrade'), ...(flags.failRung ? {failRung: flags.failRung} : {})}, flags, async (ctx, sim, live) => {
    const demoFlags: UpgradeFlags = {...flags, stack: sim.rootStackName, to: flags.to ?? '1.26', execute: live || Boolean(flags.execute)};
    return prepareUpgrade(ctx, demoFlags, {live});
  });
}

/** A walk on the simulated account: the full screen on a terminal, else its text report. */
async function walkDemo(
  options: SimOptions,
  flags: CommonFlags,
  prepare: (ctx: CommandContext, sim: RunningSim, live: boolean) => Promise<WalkSession & {close(): void}>,
): Promise<number> {
  const sim = await startSim(options);
  try {
    const ctx = await buildContext(simSettings(sim));
    try {
      const live = ctx.interactive && flags.format === 'text';
      const session = await prepare(ctx, sim, live);
      try {
        return live ? await upgradeFullScreen(session) : await upgradeReport(session, {handleSigint: true});
      } finally {
        session.close();
      }
    } finally {
      ctx.clients.destroy();
    }
  } finally {
    await sim.close();
  }
}

/**
 * `demo --scenario deploy` (or `failing-deploy`): the first deploy of panther-prod on the simulated account, with
 * the PantherDeploymentRole and the parameters of a clean account. On a terminal it executes after the typed version
 * (the create plays live, then the panther-pulumi build); without one it is the dry run (or --execute --approve).
 */
export async function deployDemo(flags: UpgradeFlags & SimFlags): Promise<number> {
  return walkDemo(simOptions(flags, flags.scenario ?? 'deploy'), flags, async (ctx, sim, live) => {
    const demoFlags: DeployFlags = {
      ...flags,
      stack: sim.rootStackName,
      version: flags.to ?? '1.31',
      roleArn: `arn:aws:iam::${sim.account}:role/PantherDeploymentRole-${sim.region}`,
      execute: live || Boolean(flags.execute),
    };
    return prepareDeploy(ctx, demoFlags, {live, params: Object.fromEntries(deployParams().map(p => [p.ParameterKey, p.ParameterValue]))});
  });
}
