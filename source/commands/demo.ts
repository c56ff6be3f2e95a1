import {startSim} from '../sim/index.js';
import {upgradeFullScreen} from '../upgrade/fullscreen.js';
import {upgradeReport} from '../upgrade/report.js';
import {prepareUpgrade, type UpgradeFlags} from '../upgrade/session.js';
import {buildContext, type CommonFlags} from './context.js';
import {computePostMortem, postMortemExitCode, renderPostMortem, reportWidth} from './postmortem.js';
import {simOptions, simSettings, startConsoleSim, type SimFlags} from './sim.js';
import {resolveRootStack} from '../store/resolve-root.js';
import {createStore, watchFullScreen, watchTail} from './watch.js';

/**
 * The console on the embedded simulated account: no AWS needed. With a terminal, the full-screen console;
 * without one, the report (the post-mortem, or the tail of a live scenario).
 */
export async function demoCommand(flags: CommonFlags & SimFlags): Promise<number> {
  if (flags.scenario === 'upgrade') return upgradeDemo(flags as UpgradeFlags & SimFlags);
  const sim = await startConsoleSim(simOptions(flags, 'first-deploy'));
  try {
    const ctx = await buildContext(simSettings(sim));
    try {
      const store = createStore(ctx, sim.rootStackName, flags);
      if (ctx.interactive && flags.format === 'text') {
        // As watch does: the root is known before the first frame, so the banner's rows are kept from it on.
        store.adoptRoot(await resolveRootStack(ctx.gateway, sim.rootStackName, ctx.region));
        return await watchFullScreen(ctx, store, flags);
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
 * `demo --scenario upgrade`: Panther 1.24.3 on the simulated account, walked to --to (default 1.26: three rungs,
 * the last with a DANGER replacement). On a terminal the walk executes on the simulated account (every rung still
 * waits for its typed version); without one it is the dry run report (unless --execute is given, with --approve).
 */
export async function upgradeDemo(flags: UpgradeFlags & SimFlags): Promise<number> {
  const sim = await startSim({...simOptions(flags, 'upgrade'), ...(flags.failRung ? {failRung: flags.failRung} : {})});
  try {
    const ctx = await buildContext(simSettings(sim));
    try {
      const live = ctx.interactive && flags.format === 'text';
      const demoFlags: UpgradeFlags = {...flags, stack: sim.rootStackName, to: flags.to ?? '1.26', execute: live || Boolean(flags.execute)};
      const session = await prepareUpgrade(ctx, demoFlags, {live});
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
