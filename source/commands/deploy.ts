// `deploy`: a first deploy (source/upgrade/: deploy-session, deploy-driver, and the walk's report and full screen).
// On a terminal the full-screen walk with the typed confirmation; without one the text report, executing only with
// --approve VERSION. Without --execute it is a dry run that writes nothing at all.
import {prepareDeploy, type DeployFlags} from '../upgrade/deploy-session.js';
import {upgradeFullScreen} from '../upgrade/fullscreen.js';
import {upgradeReport} from '../upgrade/report.js';
import type {CommandContext} from './context.js';

export type {DeployFlags};

export async function deployCommand(ctx: CommandContext, flags: DeployFlags): Promise<number> {
  const live = ctx.interactive && flags.format === 'text';
  const session = await prepareDeploy(ctx, flags, {live});
  try {
    // A failed preflight check is said before any screen opens: the deploy writes nothing (exit 1).
    if (session.execute && session.preflightFailed && !flags.skipPreflight) return await upgradeReport(session, {handleSigint: true});
    return live ? await upgradeFullScreen(session) : await upgradeReport(session, {handleSigint: true});
  } finally {
    session.close();
  }
}
