// The one command contract: every command, the flags it takes, the formats it prints, whether it needs --stack and
// whether it runs on a --replay bundle. Parsing, validation, --help and the README's tables are generated from it
// (test/docs/readme-tables.test.ts fails when the README drifts). Kept light: the CLI reads it before it loads the
// one command it runs.

export type Format = 'text' | 'json' | 'markdown';
export const FORMATS: readonly Format[] = ['text', 'json', 'markdown'];

export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  short?: string;
  default?: string | number | boolean;
  /** What the value looks like in help (NAME|ARN, SECONDS...); booleans have none. */
  value?: string;
  /** The only values it takes (checked before anything loads). */
  choices?: readonly string[];
  /** One line for --help and the README; a command may say it its own way (CommandSpec.flagHelp). */
  help: string;
}

/** The simulated account's stories (the help test holds this list to the sim's own). */
export const SCENARIOS = [
  'first-deploy',
  'rolled-back',
  'failed-deploy',
  'healthy',
  'update-rollback',
  'large',
  'huge',
  'preflight',
  'preflight-clean',
  'deployments',
  'upgrade',
  'deploy',
  'failing-deploy',
] as const;
const scenarios = SCENARIOS.join(', ');

export const FLAGS = {
  stack: {type: 'string', short: 's', value: 'NAME|ARN', help: 'the root stack (a deleted one is found by name through ListStacks, kept 90 days)'},
  region: {type: 'string', short: 'r', value: 'REGION', help: 'AWS region (default: the SDK chain: AWS_REGION, the profile)'},
  profile: {type: 'string', short: 'p', value: 'NAME', help: 'AWS profile (default: AWS_PROFILE); SSO profiles work'},
  endpointUrl: {type: 'string', value: 'URL', help: 'send every AWS call to URL (AWS_ENDPOINT_URL* work too); a loopback URL needs no credentials'},
  replay: {type: 'string', value: 'BUNDLE', help: 'run offline on a support bundle (see bundle); --stack defaults to its stack'},
  format: {type: 'string', default: 'text', value: 'text|json|markdown', help: 'output without a terminal'},
  interval: {type: 'number', value: 'SECONDS', help: 'base poll interval (default 2; slower when nothing happens)'},
  cloudtrail: {type: 'boolean', default: true, help: 'do not look up denied calls in CloudTrail'},
  bell: {type: 'boolean', default: true, help: 'no terminal bell when a resource fails'},
  scenario: {type: 'string', value: 'NAME', choices: SCENARIOS, help: `the simulated story: ${scenarios}`},
  port: {type: 'number', value: 'N', help: 'port to serve on (default: a free one)'},
  speed: {type: 'number', value: 'X', help: 'playback speed of a live scenario'},
  out: {type: 'string', value: 'FILE', help: 'where to write the bundle (gzip JSON, readable by you only)'},
  maskAccount: {type: 'boolean', default: false, help: 'replace 12-digit account IDs consistently (000000000000, ...)'},
  force: {type: 'boolean', default: false, help: 'replace an existing output file'},
  for: {type: 'string', value: 'readonly|upgrade|deploy', choices: ['readonly', 'upgrade', 'deploy'], help: 'which policy (default readonly)'},
  stackName: {type: 'string', value: 'NAME', help: 'the root stack to be created'},
  from: {type: 'string', value: 'VERSION', help: 'deployed version (default: read from the deployed root template, then the tags)'},
  to: {type: 'string', value: 'VERSION', help: 'target version (1.28 or 1.28.3)'},
  catalog: {type: 'string', value: 'FILE', help: 'extra released versions ({"recommended": ["1.40.2"]})'},
  templateBaseUrl: {type: 'string', value: 'URL', help: "a mirror of Panther's templates"},
  writeAliasTemplate: {type: 'string', value: 'FILE', help: 'write the api.<domain> Route53 alias record stack template'},
  params: {
    type: 'string',
    value: 'FILE',
    help: 'values for new parameters and migrations (ApiCertificateArn, PulumiSecretArn, ...); 200 at most, 1 MB at most',
  },
  roleStack: {type: 'string', value: 'NAME', help: 'the PantherDeploymentRole stack (default: the one stack that deploys the role)'},
  execute: {
    type: 'boolean',
    default: false,
    help: 'write (upgrade, deploy: execute the change sets; cleanup: delete the failed root stack); otherwise a dry run that writes nothing',
  },
  approve: {
    type: 'string',
    value: 'WHAT',
    help: "without a terminal: what --execute may do: the rungs V1,V2 (upgrade), the VERSION (deploy), the root stack's NAME (cleanup)",
  },
  allowReplacement: {type: 'boolean', default: false, help: 'without a terminal: execute a change replacing or removing a stateful resource'},
  version: {
    type: 'string',
    value: 'VERSION',
    help: 'the Panther version to deploy: 1.31 (its recommended patch) or 1.31.1 (default: the newest catalogued)',
  },
  roleArn: {
    type: 'string',
    value: 'ARN',
    help: 'the role CloudFormation deploys with (the PantherDeploymentRole; the stack name must then start with panther-)',
  },
  skipPreflight: {type: 'string', value: 'REASON', help: 'deploy even though a preflight check failed; the reason is printed with the deploy'},
  profiles: {type: 'string', value: 'A,B', help: 'AWS profiles to read, comma-separated (default: the current one: AWS_PROFILE, else default)'},
  regions: {type: 'string', value: 'R1,R2', help: 'regions to read, comma-separated (default: every region Panther supports)'},
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

export const COMMAND_NAMES = [
  'watch',
  'postmortem',
  'ladder',
  'upgrade',
  'deploy',
  'preflight',
  'cleanup',
  'bundle',
  'deployments',
  'policy',
  'demo',
  'sim',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CommandSpec {
  /** One line: the global help and the README's command table. */
  summary: string;
  /** The command's own help (several lines allowed). */
  description: string;
  usage: string;
  /** Every flag it takes (--help and --version are everyone's). */
  flags: readonly FlagName[];
  /** What --format may say; the first is the default. */
  formats: readonly Format[];
  needsStack: boolean;
  /** Runs on a --replay bundle (else a bundle is refused with `replayRefusal`). */
  replay: boolean;
  replayRefusal?: string;
  /** Talks to AWS: the AWS flags are listed apart in its help. */
  aws: boolean;
  /** How a flag reads in this command's help, where it differs from FLAGS. */
  flagHelp?: Partial<Record<FlagName, string>>;
  /** What a flag's value looks like in this command's help, where it differs from FLAGS (cleanup --approve NAME). */
  flagValue?: Partial<Record<FlagName, string>>;
  examples: readonly string[];
  notes?: string;
  exitCodes: string;
}

const AWS: readonly FlagName[] = ['stack', 'region', 'profile', 'endpointUrl', 'replay'];
const EXIT_REPORT = '0 no failure found, 1 the latest operation failed, 2 bad input, 3 AWS unreachable/unauthorized/throttled';

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  watch: {
    summary: 'the full-screen console on a root stack (the default with --stack on a terminal)',
    description: 'The full-screen console on a root stack: nested stacks (live and deleted), timeline, root cause.',
    usage: 'panther-console watch --stack NAME|ARN [flags]',
    flags: [...AWS, 'format', 'interval', 'cloudtrail', 'bell'],
    formats: ['text', 'json'],
    needsStack: true,
    replay: true,
    aws: true,
    flagHelp: {format: 'without a terminal: a text tail, or JSON lines then the post-mortem'},
    examples: [
      'panther-console watch -s panther-prod --profile prod',
      'panther-console watch -s panther-prod --format json | jq .',
      'panther-console --replay panther-support.json.gz watch',
    ],
    notes: 'Keys: Tab panes, arrows/j/k move, Enter drill in, e first error, n/N failures, / filter, ? help, q quit.',
    exitCodes: EXIT_REPORT,
  },
  postmortem: {
    summary: 'root cause of the latest failed operation; exit 1 when it failed',
    description:
      'The root cause of the latest failed operation, printed: which (possibly deleted) nested stack, which\nresource, what it means, what to do, and the denied CloudTrail call behind an access denial.',
    usage: 'panther-console postmortem --stack NAME|ARN [flags]',
    flags: [...AWS, 'format', 'cloudtrail'],
    formats: ['text', 'json', 'markdown'],
    needsStack: true,
    replay: true,
    aws: true,
    flagHelp: {format: 'text, the JSON of docs/output-formats.md, or Markdown for a ticket'},
    examples: [
      'panther-console postmortem --stack panther-prod --region us-east-2',
      'panther-console postmortem -s panther-prod --format json > postmortem.json',
      'panther-console postmortem -s panther-prod --format markdown',
      'panther-console postmortem --replay panther-support.json.gz',
    ],
    exitCodes: EXIT_REPORT,
  },
  ladder: {
    summary: 'the upgrade plan from the deployed (or --from) version to --to, one minor at a time',
    description:
      'The upgrade plan from the deployed (or --from) version to --to, one minor at a time, each at its\nrecommended patch, with the migrations of each step. Read-only.',
    usage: 'panther-console ladder (--stack NAME|ARN | --from VERSION) --to VERSION [flags]',
    flags: [...AWS, 'format', 'to', 'from', 'params', 'roleStack', 'catalog', 'templateBaseUrl', 'writeAliasTemplate', 'force'],
    formats: ['text', 'json', 'markdown'],
    needsStack: false,
    replay: true,
    aws: true,
    flagHelp: {force: 'replace an existing --write-alias-template file'},
    examples: ['panther-console ladder -s panther-prod --to 1.28', 'panther-console ladder --from 1.24.3 --to 1.28 --region us-east-2 --format json'],
    exitCodes: '0 the plan printed, 2 bad input, 3 AWS unreachable/unauthorized/throttled',
  },
  upgrade: {
    summary: 'walk the ladder: change sets, review, typed confirmation, execute (a dry run without --execute)',
    description:
      "Step through the ladder: change sets (nested stacks included), a resource-level review with DANGER\nchanges called out, typed confirmation, execute, watch, the panther-pulumi build, verify, next rung.\nEvery rung's parameters come from its own template; a walk needing a value nobody gave writes nothing.\nWithout --execute it is a dry run.",
    usage: 'panther-console upgrade --stack NAME|ARN --to VERSION [--execute [--approve V1,V2]] [flags]',
    flags: [...AWS, 'to', 'execute', 'approve', 'allowReplacement', 'roleStack', 'params', 'catalog', 'templateBaseUrl', 'interval', 'cloudtrail'],
    formats: ['text'],
    needsStack: true,
    replay: true,
    aws: true,
    flagHelp: {
      allowReplacement: 'without a terminal: execute a change set that replaces or removes a stateful resource (on a terminal you type the word)',
      execute: 'create and execute the change sets (otherwise a dry run that writes nothing)',
      approve: 'without a terminal: execute exactly these rungs (the first ones, in order)',
    },
    flagValue: {approve: 'V1,V2'},
    examples: [
      'panther-console upgrade -s panther-prod --to 1.28',
      'panther-console upgrade -s panther-prod --to 1.26 --execute --approve 1.25.18,1.26.9',
      'panther-console upgrade -s panther-prod --to 1.27 --execute --approve 1.27.8 --params params.json --allow-replacement',
    ],
    notes: 'Permissions: `panther-console policy --for upgrade` prints what --execute needs beyond the read-only policy.',
    exitCodes:
      '0 done (or a dry run), 1 a rung failed or the walk stopped before its target, 2 bad input (a value missing,\na DANGER change without --allow-replacement, a plan that would go backwards), 3 AWS trouble, 130 interrupted\n(an update already started continues in CloudFormation; upgrade again resumes)',
  },
  deploy: {
    summary: 'a first deploy end to end: preflight, CREATE change set, review, confirmation, watch, build, verify',
    description:
      "A first deploy, end to end: preflight (a failed check stops it), the version's template and its\nparameters reconciled with --params, a CREATE change set (nested stacks included) shown by resource\ntype with the IAM capabilities it needs, the typed version (or --approve VERSION in scripts), the create\nwatched live, the panther-pulumi build (1.22+) and the deployed version verified. A failed create lands\non its post-mortem and the cleanup plan. Without --execute it is a dry run that writes nothing.",
    usage: 'panther-console deploy --stack NAME --version VERSION --params FILE [--role-arn ARN] [--execute [--approve VERSION]] [flags]',
    flags: [
      'stack',
      'region',
      'profile',
      'endpointUrl',
      'version',
      'params',
      'roleArn',
      'execute',
      'approve',
      'skipPreflight',
      'catalog',
      'templateBaseUrl',
      'interval',
      'cloudtrail',
    ],
    formats: ['text'],
    needsStack: true,
    replay: false,
    replayRefusal: 'deploy creates a stack in a live account: a support bundle is a recorded one.',
    aws: true,
    flagHelp: {
      stack: 'the root stack to create (a name: panther-prod)',
      params: 'the parameters to deploy with (a CloudFormation parameters file): FirstUserEmail, PulumiSecretArn, ...',
      approve: 'without a terminal: the version being deployed (1.31.1), to execute it',
      execute: 'create and execute the change set (otherwise a dry run that writes nothing)',
    },
    flagValue: {approve: 'VERSION'},
    examples: [
      'panther-console deploy -s panther-prod --version 1.31 --params params.json',
      'panther-console deploy -s panther-prod --version 1.31 --params params.json --role-arn arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 --execute',
      'panther-console deploy -s panther-prod --version 1.31.1 --params params.json --execute --approve 1.31.1',
    ],
    notes: 'Permissions: `panther-console policy --for deploy` prints what deploy --execute needs beyond the read-only policy.',
    exitCodes:
      '0 deployed and verified (or a dry run), 1 the create failed or the deploy stopped (a preflight check failed,\nnot confirmed), 2 bad input (a parameter missing or unknown, the name taken), 3 AWS trouble, 130 interrupted\n(a create already started continues in CloudFormation)',
  },
  preflight: {
    summary: 'checks before a first deploy (read-only); exit 1 when a check fails',
    description:
      'Checks before a first deploy: region supported, account identity, stack name prefix, parameters,\nold Panther infrastructure still present.',
    usage: 'panther-console preflight --stack-name NAME [--params FILE] [flags]',
    flags: ['stackName', 'params', 'to', 'catalog', 'format', 'cloudtrail', 'stack', 'region', 'profile', 'endpointUrl'],
    formats: ['text', 'json', 'markdown'],
    needsStack: false,
    replay: false,
    replayRefusal: 'preflight checks a live account (IAM, S3, Organizations): a support bundle does not hold them. Run it against the account.',
    aws: true,
    flagHelp: {
      params: 'the parameters you will deploy with (a CloudFormation parameters file, 1 MB and 200 parameters at most)',
      to: 'the version to deploy (default: the newest catalogued)',
      stack: 'the root stack to be created, when --stack-name is not given',
    },
    examples: ['panther-console preflight --stack-name panther-prod --params params.json --region us-east-2'],
    exitCodes: '0 nothing failed, 1 a check failed, 2 bad input, 3 AWS unreachable/unauthorized/throttled',
  },
  cleanup: {
    summary: 'what a failed first deploy left behind and the commands that remove it; --execute deletes the root stack',
    description:
      'What a failed first deploy left behind: the root stack in ROLLBACK_COMPLETE (it holds the name until it is\ndeleted) and every resource its rollback retained (DeletionPolicy Retain), each with whether it still\nexists and holds data, and the AWS CLI command that removes it. --execute deletes the root stack (by its\nARN) after a typed confirmation; the retained resources are only ever listed, never deleted. Any other\nstack (deployed, updated, nested, rolling back) is refused.',
    usage: 'panther-console cleanup --stack NAME|ARN [--execute [--approve NAME]] [flags]',
    flags: ['stack', 'region', 'profile', 'endpointUrl', 'format', 'execute', 'approve', 'interval'],
    formats: ['text', 'json'],
    needsStack: true,
    replay: false,
    replayRefusal:
      'cleanup reads (S3, DynamoDB, CloudWatch Logs, KMS) and deletes in a live account: a support bundle holds neither. Run it against the account.',
    aws: true,
    flagHelp: {
      format: 'text, or the JSON of docs/output-formats.md',
      execute: 'delete the root stack after a typed confirmation (otherwise a dry run that writes nothing)',
      approve: "without a terminal: the root stack's name, to delete it",
      interval: 'seconds between two reads of the stack while it is deleted (default 2)',
    },
    flagValue: {approve: 'NAME'},
    examples: [
      'panther-console cleanup --stack panther-prod --region us-east-2',
      'panther-console cleanup -s panther-prod --execute',
      'panther-console cleanup -s panther-prod --execute --approve panther-prod --format json',
    ],
    notes:
      'Permissions: the read-only policy covers the plan; `panther-console policy --for deploy` holds what --execute adds\n(cloudformation:DeleteStack on panther-* stacks).',
    exitCodes:
      '0 the plan printed, or the root stack deleted; 1 cancelled at the prompt, or the delete failed (DELETE_FAILED);\n2 bad input, a stack that is not a failed first deploy, --approve not naming it; 3 AWS trouble; 130 interrupted\n(the delete goes on in CloudFormation)',
  },
  bundle: {
    summary: 'write a redacted support bundle (every API response used) to --out',
    description:
      'Write a redacted support bundle: every API response the post-mortem, the stack tree (every nested\nstack, live and deleted, with its events) and the ladder used, CloudTrail denies included, with the\npost-mortem in Markdown. Parameter values (except non-secret Panther ones), NoEcho values and\nsecret-looking strings are removed, e-mail addresses masked; --mask-account replaces account IDs\nconsistently. Written readable by you only; an existing --out is replaced only with --force.',
    usage: 'panther-console bundle --stack NAME|ARN --out FILE [--mask-account] [flags]',
    flags: ['stack', 'region', 'profile', 'endpointUrl', 'out', 'force', 'maskAccount', 'cloudtrail'],
    formats: ['text'],
    needsStack: true,
    replay: false,
    replayRefusal: 'bundle reads a live account: a support bundle is already one (open it with --replay).',
    aws: true,
    flagHelp: {force: 'replace an existing --out file (never written through a symbolic link otherwise)'},
    examples: [
      'panther-console bundle --stack panther-prod --out panther-support.json.gz',
      'panther-console bundle -s panther-prod --out panther-support.json.gz --mask-account',
      'panther-console --replay panther-support.json.gz postmortem',
    ],
    exitCodes: '0 written, 2 bad input, 3 AWS unreachable/unauthorized/throttled',
  },
  deployments: {
    summary: 'every Panther root stack in the given profiles x regions: version, status, last operation, rungs behind',
    description:
      "Every Panther root stack in the given profiles x regions, read-only: its version (the deployed root\ntemplate's, else its PantherVersion tags), status, last operation and when, and how many rungs of the\nupgrade ladder it is behind the latest recommended version. A stack two profiles both reach (one account)\nis listed once, with both profiles. A profile or region that cannot be read is listed with why; the rest\nis still read.",
    usage: 'panther-console deployments [--profiles A,B] [--regions R1,R2] [flags]',
    flags: ['profiles', 'regions', 'format', 'profile', 'region', 'endpointUrl'],
    formats: ['text', 'json'],
    needsStack: false,
    replay: false,
    replayRefusal: 'deployments reads live accounts, every profile and region given: a support bundle holds one stack. Run it against the accounts.',
    aws: true,
    flagHelp: {
      format: 'text (a table) or json (docs/output-formats.md)',
      profile: 'one profile: the same as --profiles NAME',
      region: 'one region: the same as --regions REGION',
      endpointUrl: "send every profile's calls to URL (the SDK reads a profile's own endpoint_url for AWS_PROFILE only)",
    },
    examples: [
      'panther-console deployments',
      'panther-console deployments --profiles prod,staging --regions us-east-2,eu-west-1',
      "panther-console deployments --profiles prod,staging --format json | jq '.deployments[] | select(.rungsBehind > 0)'",
    ],
    notes: 'Each profile is one account to the rate limiter: its regions share 8 CloudFormation calls a second.',
    exitCodes:
      '0 every profile and region read, 2 bad input (a region Panther does not support, a malformed\nprofile name), 3 a profile or region could not be read (the rest is printed all the same, and the\nunread ones are listed with why)',
  },
  policy: {
    summary: 'print the IAM policy the console needs (--for upgrade|deploy: what --execute adds)',
    description:
      'Print the IAM policy the console needs, as JSON (no AWS call). The read-only policy covers watch,\npostmortem, ladder, preflight, bundle, deployments and the dry runs; --for upgrade prints what upgrade --execute needs\non top, --for deploy what deploy --execute and cleanup --execute need on top.',
    usage: 'panther-console policy [--for readonly|upgrade|deploy]',
    flags: ['for'],
    formats: ['text'],
    needsStack: false,
    replay: false,
    replayRefusal: 'policy makes no AWS call: drop --replay.',
    aws: false,
    examples: [
      'panther-console policy > panther-console-readonly.json',
      'aws iam create-policy --policy-name PantherConsoleUpgrade --policy-document "$(panther-console policy --for upgrade)"',
    ],
    exitCodes: '0 printed, 2 bad input',
  },
  demo: {
    summary: 'the full-screen console on the embedded simulated account (no AWS needed)',
    description: 'The full-screen console on the embedded simulated account (no AWS needed); without a terminal, its report.',
    usage: 'panther-console demo [--scenario NAME] [--speed X]',
    flags: ['scenario', 'speed', 'replay', 'format', 'interval', 'cloudtrail', 'bell', 'to', 'execute', 'approve', 'allowReplacement'],
    formats: ['text', 'json', 'markdown'],
    needsStack: false,
    replay: true,
    aws: false,
    flagHelp: {
      scenario: `${scenarios} (default first-deploy)`,
      replay: 'the console on a support bundle instead (as watch: text, or JSON lines)',
      format: 'without a terminal: a live scenario as text or JSON lines, a finished one as its post-mortem (text, json, markdown); upgrade: text',
      to: 'upgrade: the target version (default 1.26); deploy, failing-deploy: the version to deploy (default 1.31)',
      execute: 'upgrade and deploy scenarios without a terminal: execute (with --approve)',
      approve: 'upgrade and deploy scenarios without a terminal: the rungs (V1,V2) or the version to execute',
    },
    flagValue: {approve: 'V1,V2|VERSION'},
    examples: ['panther-console demo', 'panther-console demo --scenario rolled-back', 'panther-console demo --replay panther-support.json.gz'],
    exitCodes: EXIT_REPORT,
  },
  sim: {
    summary: 'serve the simulated account on 127.0.0.1 for any AWS client',
    description: 'Serve the simulated account alone on 127.0.0.1, for any AWS client. Prints\n`listening on http://127.0.0.1:PORT` first.',
    usage: 'panther-console sim [--scenario NAME] [--port N] [--speed X]',
    flags: ['scenario', 'port', 'speed', 'replay'],
    formats: ['text'],
    needsStack: false,
    replay: true,
    aws: false,
    flagHelp: {scenario: `${scenarios} (default rolled-back)`, replay: 'serve a support bundle instead'},
    examples: [
      'panther-console sim --scenario rolled-back --port 4566',
      'AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws cloudformation describe-stacks --endpoint-url http://127.0.0.1:4566 --region us-east-2',
    ],
    exitCodes: '0 stopped, 2 bad input',
  },
};

/** The flag as typed: --stack-name for stackName. */
export function flagOption(name: FlagName): string {
  return `--${name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`;
}

/** The flag as it is usually typed: --no-bell for a flag on by default. */
export function flagWord(name: FlagName): string {
  const spec = FLAGS[name] as FlagSpec;
  return spec.type === 'boolean' && spec.default === true ? `--no-${flagOption(name).slice(2)}` : flagOption(name);
}

/** The commands that take a flag, in the registry's order. */
export function commandsTaking(name: FlagName): CommandName[] {
  return COMMAND_NAMES.filter(c => COMMANDS[c].flags.includes(name));
}
