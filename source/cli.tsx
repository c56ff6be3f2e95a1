// The entry point: parses flags, picks the command, builds the context, and turns every failure into one clear
// line on stderr with the exit code of DESIGN.md section 3 (0 ok, 1 failure found, 2 bad input, 3 AWS trouble).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import meow from 'meow';
import {ConsoleError, describeAwsError, explainFault} from './aws/errors.js';
import {buildContext, type CommonFlags} from './commands/context.js';
import {demoCommand} from './commands/demo.js';
import {ladderCommand, ladderFlagDefinitions} from './commands/ladder.js';
import {postmortemCommand} from './commands/postmortem.js';
import {simCommand} from './commands/sim.js';
import {watchCommand} from './commands/watch.js';
import {sanitize} from './text/sanitize.js';

const commands = ['watch', 'postmortem', 'ladder', 'demo', 'sim'] as const;
type Command = (typeof commands)[number];

const help = `
  Usage
    $ panther-console [command] [flags]

  Commands
    watch        full-screen console on a root stack (default when --stack is given on a terminal)
    postmortem   root cause of the latest failed operation; exit 1 when it failed
    ladder       the upgrade plan from the deployed (or --from) version to --to, one minor at a time
    demo         the full-screen console on the embedded simulated account (no AWS needed)
    sim          serve the simulated account on 127.0.0.1 for any AWS client

  Flags
    --stack, -s NAME|ARN    root stack (a deleted stack is found by name through ListStacks)
    --region, -r REGION     AWS region (default: the SDK chain, AWS_REGION, profile)
    --profile, -p NAME      AWS profile (default: AWS_PROFILE)
    --endpoint-url URL      send every AWS call to URL (AWS_ENDPOINT_URL_* work too)
    --format text|json|markdown
    --interval SECONDS      base poll interval of watch (default 2)
    --no-cloudtrail         do not look up denied calls in CloudTrail
    --no-bell               no terminal bell when a resource fails
    --from VERSION, --to VERSION   ladder: deployed version (default: detected) and target (1.28 or 1.28.3)
    --params FILE           ladder: values for migrations (ApiCertificateArn, PulumiSecretArn, ...)
    --catalog FILE          ladder: extra released versions ({"recommended": ["1.40.2"]})
    --template-base-url URL ladder: a mirror of Panther's templates
    --write-alias-template FILE   ladder: write the api.<domain> Route53 alias record stack template
    --scenario NAME         demo/sim: rolled-back, first-deploy, large, healthy, update-rollback
    --port N, --speed X     sim/demo: port to serve on, playback speed
    --help, --version

  Examples
    $ panther-console demo
    $ panther-console postmortem --stack panther-prod --region us-east-2
    $ panther-console postmortem -s panther-prod --format json > postmortem.json
    $ panther-console watch -s panther-prod --profile prod
    $ panther-console ladder -s panther-prod --to 1.28
    $ panther-console ladder --from 1.24.3 --to 1.28 --region us-east-2 --format json
    $ panther-console sim --scenario rolled-back --port 4566

  Exit codes
    0 no failure found, 1 the latest operation failed, 2 bad input, 3 AWS unreachable/unauthorized/throttled
`;

async function main(): Promise<number> {
  const cli = meow(help, {
    importMeta: import.meta,
    allowUnknownFlags: false,
    flags: {
      stack: {type: 'string', shortFlag: 's'},
      region: {type: 'string', shortFlag: 'r'},
      profile: {type: 'string', shortFlag: 'p'},
      endpointUrl: {type: 'string'},
      format: {type: 'string', default: 'text', choices: ['text', 'json', 'markdown']},
      interval: {type: 'number'},
      cloudtrail: {type: 'boolean', default: true},
      bell: {type: 'boolean', default: true},
      scenario: {type: 'string'},
      port: {type: 'number'},
      speed: {type: 'number'},
      ...ladderFlagDefinitions,
    },
  });

  const [first, ...rest] = cli.input;
  if (rest.length > 0) throw new ConsoleError(`Unexpected argument: ${rest[0]}. See --help.`, 2);
  let command: Command;
  if (first === undefined) {
    if (!cli.flags.stack) {
      cli.showHelp(0);
      return 0;
    }
    command = 'watch';
  } else if ((commands as readonly string[]).includes(first)) {
    command = first as Command;
  } else {
    throw new ConsoleError(`Unknown command: ${first}. Commands: ${commands.join(', ')}.`, 2);
  }
  if (cli.flags.interval !== undefined && !(cli.flags.interval > 0)) throw new ConsoleError('--interval must be a positive number of seconds.', 2);
  if (cli.flags.speed !== undefined && !(cli.flags.speed > 0)) throw new ConsoleError('--speed must be a positive number.', 2);
  if (cli.flags.port !== undefined && !(Number.isInteger(cli.flags.port) && cli.flags.port >= 0 && cli.flags.port < 65536))
    throw new ConsoleError('--port must be an integer from 0 to 65535.', 2);

  const flags = cli.flags as CommonFlags & typeof cli.flags;
  switch (command) {
    case 'demo':
      return demoCommand(flags);
    case 'sim':
      return simCommand(flags, process.stdout);
    default: {
      const ctx = await buildContext({
        region: flags.region,
        profile: flags.profile,
        endpointUrl: flags.endpointUrl,
      });
      try {
        if (command === 'postmortem') return await postmortemCommand(ctx, flags);
        if (command === 'ladder') return await ladderCommand(ctx, flags);
        return await watchCommand(ctx, flags);
      } finally {
        ctx.clients.destroy();
      }
    }
  }
}

function fail(error: unknown): number {
  if (error instanceof ConsoleError) {
    process.stderr.write(`panther-console: ${sanitize(error.message)}\n`);
    return error.exitCode;
  }
  const fault = describeAwsError(error);
  const profile = process.env.AWS_PROFILE ?? null;
  process.stderr.write(`panther-console: ${sanitize(explainFault(fault, {profile}))}\n`);
  if (process.env.PANTHER_CONSOLE_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  return 3;
}

main().then(
  code => process.exit(code),
  error => process.exit(fail(error)),
);
