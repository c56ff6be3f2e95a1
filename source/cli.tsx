// The entry point: reads the command line against the registry (commands/registry.ts), loads the one command it
// runs, and turns every failure into one clear line on stderr with the exit code of docs/output-formats.md
// (0 ok, 1 failure found, 2 bad input, 3 AWS trouble, 70 our bug: errors.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `panther-console ... | head` closes the pipe early: that is the reader's choice, not an error to print.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Nothing more can be said on a broken stream: leave quietly (EPIPE: the reader is done) or with 3.
    process.exit(error.code === 'EPIPE' ? 0 : 3);
  });
}
import {classifyFailure} from './aws/errors.js';
import type {BundleFlags} from './commands/bundle.js';
import type {CommonFlags} from './commands/context.js';
import {commandHelp, globalHelp} from './commands/help.js';
import {parseArgs, validateArgs} from './commands/parse-args.js';
import type {PreflightFlags} from './commands/preflight.js';
import type {OpenReplay} from './commands/replay.js';
import {exitCodeOf} from './errors.js';
import {safeText} from './text/display.js';

/** The version in our package.json, found by walking up from this module (dist/ or dist/bundle/). */
async function ownVersion(): Promise<string> {
  const {readFile} = await import('node:fs/promises');
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(await readFile(new URL('package.json', dir), 'utf8')) as {name?: string; version?: string};
      if (pkg.name === 'panther-console' && pkg.version) return pkg.version;
    } catch {
      // Not here: one level up.
    }
    if (dir.pathname === '/') return 'unknown';
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // --version wins wherever it stands, whatever else is on the line.
  if (argv.includes('--version') && !argv.includes('--help')) {
    process.stdout.write(`${await ownVersion()}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  let {command} = args;
  if (args.help) {
    process.stdout.write(args.implied ? globalHelp() : `${commandHelp(command)}\n`);
    return 0;
  }
  // Nothing to watch: the bare command prints the help.
  if (args.implied && !args.flags.stack && !args.flags.replay) {
    process.stdout.write(globalHelp());
    return 0;
  }
  validateArgs(args);

  const flags = args.flags as CommonFlags & BundleFlags & typeof args.flags;
  // Each command's module (and the SDK clients and screens it needs) loads only when that command runs.
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

function fail(error: unknown): number {
  const failure = classifyFailure(error, {profile: profileFlag()});
  const code = exitCodeOf(failure);
  // One line, whatever AWS said (a reason can be megabytes): capped, then sanitised.
  process.stderr.write(`panther-console: ${safeText(failure.message)}\n`);
  if (code !== 2 && process.env.PANTHER_CONSOLE_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  return code;
}

/** --profile as given (for the hint in an error), else AWS_PROFILE. */
function profileFlag(): string | null {
  const argv = process.argv;
  const i = argv.findIndex(a => a === '--profile' || a === '-p');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  const eq = argv.find(a => a.startsWith('--profile='));
  return eq ? eq.slice('--profile='.length) : (process.env.AWS_PROFILE ?? null);
}

/**
 * Exit once stdout and stderr have drained: a pipe whose reader is slower than us holds queued writes, and
 * process.exit() would drop them (a JSON tail cut mid-line). Open SDK sockets would keep the process alive otherwise.
 */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

// A crash outside main's promise (a timer's throw, a rejection nobody awaits) is one line and exit 70 too, never a
// stack trace on a terminal left in raw mode: an open full screen restores the terminal first (ui/run.tsx).
let crashed = false;
const crash = (error: unknown): void => {
  if (crashed) return;
  crashed = true;
  exitAfterFlush(fail(error));
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

main().then(
  code => exitAfterFlush(code),
  error => exitAfterFlush(fail(error)),
);
