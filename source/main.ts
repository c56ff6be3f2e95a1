// The commands themselves: everything the launcher (cli.tsx) loads only once the command line is known to be
// right. Each command's module (and the SDK clients and screens it needs) loads only when that command runs.
import type {BundleFlags} from './commands/bundle.js';
import type {CommonFlags} from './commands/context.js';
import type {ParsedArgs} from './commands/parse-args.js';
import type {PreflightFlags} from './commands/preflight.js';
import type {OpenReplay} from './commands/replay.js';

/** Runs the command the arguments name (already validated) and returns its exit code; errors are thrown. */
export async function runCommand(args: ParsedArgs): Promise<number> {
  let {command} = args;
  const flags = args.flags as CommonFlags & BundleFlags & typeof args.flags;
  if (command === 'policy') return (await import('./commands/policy.js')).policyCommand(flags, process.stdout);
  // --replay: the bundle is served by the embedded sim and the command runs against it; `demo` is `watch` on it.
  const replay: OpenReplay | null = flags.replay
    ? await (await import('./commands/replay.js')).openReplay(flags.replay, command === 'sim' ? flags.port : undefined)
    : null;
  if (replay && !flags.stack) flags.stack = replay.bundle.stack;
  if (replay && command === 'demo') command = 'watch';
  const settings = replay ? replay.settings : {region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl};
  try {
    switch (command) {
      case 'demo':
        return await (await import('./commands/demo.js')).demoCommand(flags);
      case 'sim':
        return replay
          ? await (await import('./commands/replay.js')).serveReplay(replay, process.stdout)
          : await (await import('./commands/sim.js')).simCommand(flags, process.stdout);
      case 'bundle':
        return await (await import('./commands/bundle.js')).bundleCommand(settings, flags);
      case 'deployments':
        return await (await import('./commands/deployments.js')).deploymentsCommand(flags, process.stdout, process.stderr);
      default: {
        // preflight's inputs (stack name, --params, --to) are checked before any AWS call: bad input exits 2.
        const preflightModule = command === 'preflight' ? await import('./commands/preflight.js') : null;
        const preflight = preflightModule ? await preflightModule.preflightInputs(flags as PreflightFlags) : undefined;
        const {buildContext} = await import('./commands/context.js');
        const ctx = await buildContext(settings);
        if (replay) ctx.replay = {recordedAt: replay.bundle.createdAt ?? null};
        try {
          if (preflightModule) return await preflightModule.preflightCommand(ctx, flags as PreflightFlags, preflight);
          if (command === 'postmortem') return await (await import('./commands/postmortem.js')).postmortemCommand(ctx, flags);
          if (command === 'ladder') return await (await import('./commands/ladder.js')).ladderCommand(ctx, flags);
          if (command === 'upgrade') return await (await import('./commands/upgrade.js')).upgradeCommand(ctx, flags);
          if (command === 'deploy') return await (await import('./commands/deploy.js')).deployCommand(ctx, flags);
          if (command === 'cleanup') return await (await import('./commands/cleanup.js')).cleanupCommand(ctx, flags);
          return await (await import('./commands/watch.js')).watchCommand(ctx, flags);
        } finally {
          ctx.clients.destroy();
        }
      }
    }
  } finally {
    await replay?.close();
  }
}
