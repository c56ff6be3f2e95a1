// `upgrade`: walks the ladder (source/upgrade/: plan, session, driver, watch, report, fullscreen). On a terminal the
// full-screen walk with typed confirmations; without one the text report, executing exactly the rungs --approve
// lists. Without --execute it is a dry run that writes nothing at all.
import {upgradeFullScreen} from '../upgrade/fullscreen.js';
import {upgradeReport} from '../upgrade/report.js';
import {prepareUpgrade, type UpgradeFlags} from '../upgrade/session.js';
import type {CommandContext} from './context.js';

export type {UpgradeFlags};

export async function upgradeCommand(ctx: CommandContext, flags: UpgradeFlags): Promise<number> {
  const live = ctx.interactive && flags.format === 'text';
  const session = await prepareUpgrade(ctx, flags, {live});
  try {
    return live ? await upgradeFullScreen(session) : await upgradeReport(session, {handleSigint: true});
  } finally {
    session.close();
  }
}
