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
import {commandHelp, globalHelp} from './commands/help.js';
import {asksOwnVersion, parseArgs, validateArgs} from './commands/parse-args.js';
import {COMMAND_NAMES, type CommandName} from './commands/registry.js';
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
  if (asksOwnVersion(argv) && !argv.includes('--help')) {
    process.stdout.write(`${await ownVersion()}\n`);
    return 0;
  }
  // --help wins over anything else on the line, mistakes included: the help is what someone unsure asks for.
  // `help [command]` is the same, as git and npm take it.
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    const named = argv.find(a => (COMMAND_NAMES as readonly string[]).includes(a)) as CommandName | undefined;
    process.stdout.write(named ? `${commandHelp(named)}\n` : globalHelp());
    return 0;
  }
  const args = parseArgs(argv);
  parsedProfile = args.flags.profile;
  // Nothing to watch: the bare command prints the help.
  if (args.implied && !args.flags.stack && !args.flags.replay) {
    process.stdout.write(globalHelp());
    return 0;
  }
  validateArgs(args);

  // The commands (the SDK, the screens, the sim) are a bundle of their own, loaded only now: --version, --help and
  // a mistake on the command line answer without parsing it.
  return (await import('./main.js')).runCommand(args);
}

function fail(error: unknown): number {
  const failure = classifyFailure(error, {profile: profileFlag()});
  const code = exitCodeOf(failure);
  // One line, whatever AWS said (a reason can be megabytes): capped, then sanitised.
  process.stderr.write(`panther-console: ${safeText(failure.message)}\n`);
  if (code !== 2 && process.env.PANTHER_CONSOLE_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  return code;
}

/** --profile as parsed (for the hint in an error), else AWS_PROFILE. */
let parsedProfile: string | undefined;
function profileFlag(): string | null {
  return parsedProfile ?? process.env.AWS_PROFILE ?? null;
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
