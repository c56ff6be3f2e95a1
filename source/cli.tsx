// The entry point: parses flags, picks the command, builds the context, and turns every failure into one clear
// line on stderr with the exit code of docs/output-formats.md (0 ok, 1 failure found, 2 bad input, 3 AWS trouble).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import meow from 'meow';

// `panther-console ... | head` closes the pipe early: that is the reader's choice, not an error to print.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Nothing more can be said on a broken stream: leave quietly (EPIPE: the reader is done) or with 3.
    process.exit(error.code === 'EPIPE' ? 0 : 3);
  });
}
import {ConsoleError, failureOf} from './aws/errors.js';
import type {BundleFlags} from './commands/bundle.js';
import type {CommonFlags} from './commands/context.js';
import {commandHelp} from './commands/help.js';
import type {PreflightFlags} from './commands/preflight.js';
import type {OpenReplay} from './commands/replay.js';
import {flagDefinitions} from './flags.js';
import {safeText} from './text/display.js';

const commands = ['watch', 'postmortem', 'ladder', 'upgrade', 'preflight', 'bundle', 'policy', 'demo', 'sim'] as const;
type Command = (typeof commands)[number];

const help = `
  Usage
    $ panther-console [command] [flags]

  Commands
    watch        full-screen console on a root stack (default when --stack is given on a terminal)
    postmortem   root cause of the latest failed operation; exit 1 when it failed
    ladder       the upgrade plan from the deployed (or --from) version to --to, one minor at a time
    upgrade      walk the ladder: change sets, review, typed confirmation, execute, watch (dry run without --execute)
    preflight    checks before a first deploy (read-only); exit 1 when a check fails
    bundle       write a redacted support bundle (every API response used) to --out
    policy       print the IAM policy the console needs (--for upgrade: what upgrade --execute adds)
    demo         the full-screen console on the embedded simulated account (no AWS needed)
    sim          serve the simulated account on 127.0.0.1 for any AWS client

  Flags
    --stack, -s NAME|ARN    root stack (a deleted stack is found by name through ListStacks)
    --region, -r REGION     AWS region (default: the SDK chain, AWS_REGION, profile)
    --profile, -p NAME      AWS profile (default: AWS_PROFILE)
    --endpoint-url URL      send every AWS call to URL (AWS_ENDPOINT_URL_* work too)
    --replay BUNDLE         run any command offline on a support bundle (--stack defaults to its stack)
    --format text|json|markdown
    --interval SECONDS      base poll interval of watch (default 2)
    --no-cloudtrail         do not look up denied calls in CloudTrail
    --no-bell               no terminal bell when a resource fails
    --from VERSION, --to VERSION   ladder: deployed version (default: detected) and target (1.28 or 1.28.3)
    --params FILE           ladder: values for migrations (ApiCertificateArn, PulumiSecretArn, ...)
    --catalog FILE          ladder: extra released versions ({"recommended": ["1.40.2"]})
    --template-base-url URL ladder: a mirror of Panther's templates
    --write-alias-template FILE   ladder: write the api.<domain> Route53 alias record stack template
    --execute               upgrade: really upgrade (default: a dry run that writes nothing)
    --approve V1,V2         upgrade without a terminal: the rungs to execute (the scripted typed confirmation)
    --allow-replacement     upgrade without a terminal: execute a DANGER change (a stateful resource replaced)
    --role-stack NAME       ladder/upgrade: the PantherDeploymentRole stack (default: found by its role)
    --stack-name NAME       preflight: the root stack to be created (--params FILE, --to VERSION: default the newest)
    --scenario NAME         demo/sim: rolled-back, first-deploy, healthy, update-rollback, large,
                            huge, preflight, preflight-clean, upgrade
    --port N, --speed X     sim/demo: port to serve on, playback speed
    --out FILE, --mask-account    bundle: where to write it; mask account IDs
    --force                 bundle, ladder: replace an existing output file
    --for readonly|upgrade  policy: which document
    --help, --version       <command> --help: that command's help and examples

  Examples
    $ panther-console demo
    $ panther-console postmortem --stack panther-prod --region us-east-2
    $ panther-console postmortem -s panther-prod --format json > postmortem.json
    $ panther-console watch -s panther-prod --profile prod
    $ panther-console ladder -s panther-prod --to 1.28
    $ panther-console ladder --from 1.24.3 --to 1.28 --region us-east-2 --format json
    $ panther-console sim --scenario rolled-back --port 4566
    $ panther-console preflight --stack-name panther-prod --params params.json --region us-east-2
    $ panther-console bundle -s panther-prod --out panther-support.json.gz --mask-account
    $ panther-console --replay panther-support.json.gz postmortem
    $ panther-console postmortem --help

  Exit codes
    0 no failure found, 1 the latest operation failed (or an upgrade stopped before its target), 2 bad input,
    3 AWS unreachable/unauthorized/throttled, 130 interrupted
`;

/** The first flag on the command line that no command knows, for a one-line error (meow prints two lines). */
function unknownFlag(argv: readonly string[]): string | null {
  const known = new Set<string>(['help', 'version', ...Object.keys(flagDefinitions)]);
  const short = new Set<string>(Object.values(flagDefinitions).flatMap(d => ('shortFlag' in d ? [d.shortFlag] : [])));
  for (const arg of argv) {
    if (arg === '--') break;
    if (/^--./.test(arg)) {
      const name = arg.slice(2).split('=')[0]!.replace(/^no-/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      if (!known.has(name)) return arg.split('=')[0]!;
    } else if (/^-[^-\d]/.test(arg)) {
      for (const c of arg.slice(1)) if (!short.has(c) && c !== 'h') return `-${c}`;
    }
  }
  return null;
}

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

/** The formats each command prints (the full-screen console is text on a terminal). */
const FORMATS: Readonly<Partial<Record<Command, readonly string[]>>> = {
  watch: ['text', 'json'],
  demo: ['text', 'json', 'markdown'],
  postmortem: ['text', 'json', 'markdown'],
  ladder: ['text', 'json', 'markdown'],
  preflight: ['text', 'json', 'markdown'],
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const unknown = unknownFlag(argv);
  if (unknown) throw new ConsoleError(`Unknown flag ${unknown}. See --help.`, 2);
  // --version wins wherever it stands (meow only honours it alone).
  if (argv.includes('--version') && !argv.includes('--help')) {
    process.stdout.write(`${await ownVersion()}\n`);
    return 0;
  }
  const cli = meow(help, {
    importMeta: import.meta,
    allowUnknownFlags: true,
    flags: flagDefinitions,
  });

  const [first, ...rest] = cli.input;
  if (rest.length > 0) throw new ConsoleError(`Unexpected argument: ${rest[0]}. See --help.`, 2);
  let command: Command;
  if (first === undefined) {
    if (!cli.flags.stack && !cli.flags.replay) {
      cli.showHelp(0);
      return 0;
    }
    command = 'watch';
  } else if ((commands as readonly string[]).includes(first)) {
    command = first as Command;
  } else {
    throw new ConsoleError(`Unknown command: ${first}. Commands: ${commands.join(', ')}.`, 2);
  }
  if ((cli.flags as {help?: boolean}).help) {
    const text = commandHelp(command);
    if (text === null) cli.showHelp(0);
    else process.stdout.write(`${text}\n`);
    return 0;
  }
  if (cli.flags.interval !== undefined && !(cli.flags.interval > 0)) throw new ConsoleError('--interval must be a positive number of seconds.', 2);
  if (cli.flags.speed !== undefined && !(cli.flags.speed > 0)) throw new ConsoleError('--speed must be a positive number.', 2);
  if (cli.flags.port !== undefined && !(Number.isInteger(cli.flags.port) && cli.flags.port >= 0 && cli.flags.port < 65536))
    throw new ConsoleError('--port must be an integer from 0 to 65535.', 2);

  const flags = cli.flags as CommonFlags & BundleFlags & typeof cli.flags;
  // Each command's module (and the SDK clients and screens it needs) loads only when that command runs.
  if (command === 'policy') return (await import('./commands/policy.js')).policyCommand(flags, process.stdout);
  if (flags.replay && flags.endpointUrl) throw new ConsoleError('--replay serves its own endpoint: drop --endpoint-url.', 2);
  // --replay: the bundle is served by the embedded sim and the command runs against it; `demo` is `watch` on it.
  const replay: OpenReplay | null = flags.replay
    ? await (await import('./commands/replay.js')).openReplay(flags.replay, command === 'sim' ? flags.port : undefined)
    : null;
  if (replay && !flags.stack) flags.stack = replay.bundle.stack;
  if (replay && command === 'demo') command = 'watch';
  // A bundle records what the post-mortem, tree and ladder read: preflight's IAM, S3 and Organizations checks would
  // pass for lack of data, and preflight never passes what it could not check.
  if (replay && command === 'preflight')
    throw new ConsoleError('preflight checks a live account (IAM, S3, Organizations): a support bundle does not hold them. Run it against the account.', 2);
  const formats = FORMATS[command];
  if (flags.format !== 'text' && !(formats ?? ['text']).includes(flags.format))
    throw new ConsoleError(`${command} prints ${(formats ?? ['text']).join(' or ')}, not ${flags.format}.`, 2);
  // Commands on a root stack say so before any AWS set-up (no region needed to be told --stack is missing).
  if ((command === 'postmortem' || command === 'watch' || command === 'bundle') && !flags.stack)
    throw new ConsoleError(`${command} needs --stack NAME|ARN (the root stack).`, 2);
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
  const failure = failureOf(error, {profile: profileFlag()});
  // One line, whatever AWS said (a reason can be megabytes): capped, then sanitised.
  process.stderr.write(`panther-console: ${safeText(failure.line)}\n`);
  if (failure.exitCode !== 2 && process.env.PANTHER_CONSOLE_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  return failure.exitCode;
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
