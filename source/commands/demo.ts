import {buildContext, type CommonFlags} from './context.js';
import {computePostMortem, postMortemExitCode, renderPostMortem, reportWidth} from './postmortem.js';
import {simOptions, simSettings, startConsoleSim, type SimFlags} from './sim.js';
import {upgradeDemo, type UpgradeFlags} from './upgrade.js';
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
      if (ctx.interactive && flags.format === 'text') return await watchFullScreen(ctx, store, flags);
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
