// Per-command help: `panther-console <command> --help`. The global help (no command) stays in cli.tsx.

const common = `
  AWS flags
    --stack, -s NAME|ARN    root stack (a deleted stack is found by name through ListStacks)
    --region, -r REGION     AWS region (default: the SDK chain, AWS_REGION, profile)
    --profile, -p NAME      AWS profile (default: AWS_PROFILE)
    --endpoint-url URL      send every AWS call to URL (AWS_ENDPOINT_URL_* work too)
    --replay BUNDLE         run offline on a support bundle (see \`bundle\`); --stack defaults to its stack`;

const exitCodes = `
  Exit codes
    0 no failure found, 1 the latest operation failed, 2 bad input, 3 AWS unreachable/unauthorized/throttled`;

interface CommandHelp {
  summary: string;
  usage: string;
  flags?: string;
  examples: string[];
  /** Extra paragraphs (permissions, notes). */
  notes?: string;
  aws?: boolean;
  exit?: boolean;
}

export const COMMAND_HELP: Record<string, CommandHelp> = {
  watch: {
    summary: 'The full-screen console on a root stack: nested stacks (live and deleted), timeline, root cause.',
    usage: 'panther-console watch --stack NAME|ARN [flags]',
    flags: `
    --interval SECONDS      base poll interval (default 2; slower when nothing happens)
    --format text|json      without a terminal: a text tail, or JSON lines then the post-mortem
    --no-cloudtrail         do not look up denied calls in CloudTrail
    --no-bell               no terminal bell when a resource fails`,
    examples: [
      'panther-console watch -s panther-prod --profile prod',
      'panther-console watch -s panther-prod --format json | jq .',
      'panther-console --replay panther-support.json.gz watch',
    ],
    notes: '    Keys: Tab panes, arrows/j/k move, Enter drill in, e first error, n/N failures, / filter, ? help, q quit.',
    aws: true,
    exit: true,
  },
  postmortem: {
    summary: 'The root cause of the latest failed operation, printed: which (possibly deleted) nested stack, which\n  resource, what it means, what to do, and the denied CloudTrail call behind an access denial.',
    usage: 'panther-console postmortem --stack NAME|ARN [flags]',
    flags: `
    --format text|json|markdown   text (default), the JSON of docs/output-formats.md, or Markdown for a ticket
    --no-cloudtrail         do not look up denied calls in CloudTrail`,
    examples: [
      'panther-console postmortem --stack panther-prod --region us-east-2',
      'panther-console postmortem -s panther-prod --format json > postmortem.json',
      'panther-console postmortem -s panther-prod --format markdown',
      'panther-console postmortem --replay panther-support.json.gz',
    ],
    aws: true,
    exit: true,
  },
  ladder: {
    summary: 'The upgrade plan from the deployed (or --from) version to --to, one minor at a time, each at its\n  recommended patch, with the migrations of each step. Read-only.',
    usage: 'panther-console ladder (--stack NAME|ARN | --from VERSION) --to VERSION [flags]',
    flags: `
    --to VERSION            target (1.28 or 1.28.3)
    --from VERSION          deployed version (default: read from the deployed root template, then the tags)
    --params FILE           values for new parameters and migrations (ApiCertificateArn, PulumiSecretArn, ...)
    --role-stack NAME       the PantherDeploymentRole stack (default: the one stack that deploys the role)
    --catalog FILE          extra released versions ({"recommended": ["1.40.2"]})
    --template-base-url URL a mirror of Panther's templates
    --write-alias-template FILE   write the api.<domain> Route53 alias record stack template
    --force                 replace an existing --write-alias-template file
    --format text|json|markdown`,
    examples: [
      'panther-console ladder -s panther-prod --to 1.28',
      'panther-console ladder --from 1.24.3 --to 1.28 --region us-east-2 --format json',
    ],
    aws: true,
  },
  upgrade: {
    summary:
      "Step through the ladder: change sets (nested stacks included), a resource-level review with DANGER\n  changes called out, typed confirmation, execute, watch, the panther-pulumi build, verify, next rung.\n  Every rung's parameters come from its own template; a walk needing a value nobody gave writes nothing.\n  Without --execute it is a dry run.",
    usage: 'panther-console upgrade --stack NAME|ARN --to VERSION [--execute [--approve V1,V2]] [flags]',
    flags: `
    --to VERSION            target version
    --execute               create and execute the change sets (otherwise a dry run)
    --approve V1,V2         without a terminal: execute exactly these rungs (the first ones, in order)
    --allow-replacement     without a terminal: execute a change set that replaces or removes a stateful
                            resource (a table, bucket, key...); on a terminal you type the word instead
    --role-stack NAME       the PantherDeploymentRole stack (default: the one stack that deploys the role)
    --params FILE, --catalog FILE, --template-base-url URL   as for ladder`,
    examples: [
      'panther-console upgrade -s panther-prod --to 1.28',
      'panther-console upgrade -s panther-prod --to 1.26 --execute --approve 1.25.18,1.26.9',
      'panther-console upgrade -s panther-prod --to 1.27 --execute --approve 1.27.8 --params params.json --allow-replacement',
    ],
    notes:
      '    Exit: 0 done (or a dry run), 1 a rung failed or the walk stopped before its target, 2 bad input (a value\n' +
      '    missing, a DANGER change without --allow-replacement, a plan that would go backwards), 3 AWS trouble,\n' +
      '    130 interrupted (an update already started continues in CloudFormation; upgrade again resumes).\n' +
      '    Permissions: `panther-console policy --for upgrade` prints what --execute needs beyond the read-only policy.',
    aws: true,
  },
  preflight: {
    summary: 'Checks before a first deploy: region supported, account identity, stack name prefix, parameters,\n  old Panther infrastructure still present.',
    usage: 'panther-console preflight --stack-name NAME [--params FILE] [flags]',
    flags: `
    --stack-name NAME       the stack to be created
    --params FILE           the parameters you will deploy with
    --format text|json|markdown`,
    examples: ['panther-console preflight --stack-name panther-prod --params params.json --region us-east-2'],
    aws: true,
  },
  bundle: {
    summary: 'Write a redacted support bundle: every API response the post-mortem, the stack tree (every nested\n  stack, live and deleted, with its events) and the ladder used, CloudTrail denies included, with the\n  post-mortem in Markdown. Parameter values (except non-secret Panther ones), NoEcho values and\n  secret-looking strings are removed, e-mail addresses masked; --mask-account replaces account IDs\n  consistently. Written readable by you only; an existing --out is replaced only with --force.',
    usage: 'panther-console bundle --stack NAME|ARN --out FILE [--mask-account] [flags]',
    flags: `
    --out FILE              where to write the bundle (gzip JSON, readable by you only), e.g. panther-support.json.gz
    --force                 replace an existing --out file (never written through a symbolic link otherwise)
    --mask-account          replace 12-digit account IDs (000000000000, 111111111111, ...)
    --no-cloudtrail         do not look up denied calls in CloudTrail`,
    examples: [
      'panther-console bundle --stack panther-prod --out panther-support.json.gz',
      'panther-console bundle -s panther-prod --out panther-support.json.gz --mask-account',
      'panther-console --replay panther-support.json.gz postmortem',
    ],
    aws: true,
  },
  policy: {
    summary: 'Print the IAM policy the console needs, as JSON (no AWS call). The read-only policy covers watch,\n  postmortem, ladder, preflight and bundle; --for upgrade prints what upgrade --execute needs on top.',
    usage: 'panther-console policy [--for readonly|upgrade]',
    flags: `
    --for readonly|upgrade  which policy (default readonly)`,
    examples: [
      'panther-console policy > panther-console-readonly.json',
      'aws iam create-policy --policy-name PantherConsoleUpgrade --policy-document "$(panther-console policy --for upgrade)"',
    ],
  },
  demo: {
    summary: 'The full-screen console on the embedded simulated account (no AWS needed).',
    usage: 'panther-console demo [--scenario NAME] [--speed X]',
    flags: `
    --scenario NAME         first-deploy (default), rolled-back, healthy, update-rollback, large,
                            huge, preflight, preflight-clean, upgrade
    --speed X               playback speed of a live scenario
    --replay BUNDLE         the console on a support bundle instead`,
    examples: ['panther-console demo', 'panther-console demo --scenario rolled-back', 'panther-console demo --replay panther-support.json.gz'],
  },
  sim: {
    summary: 'Serve the simulated account alone on 127.0.0.1, for any AWS client. Prints\n  `listening on http://127.0.0.1:PORT` first.',
    usage: 'panther-console sim [--scenario NAME] [--port N] [--speed X]',
    flags: `
    --scenario NAME         rolled-back (default), first-deploy, healthy, update-rollback, large,
                            huge, preflight, preflight-clean, upgrade
    --port N                port (default: a free one)
    --speed X               playback speed of a live scenario
    --replay BUNDLE         serve a support bundle instead`,
    examples: [
      'panther-console sim --scenario rolled-back --port 4566',
      'AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws cloudformation describe-stacks --endpoint-url http://127.0.0.1:4566 --region us-east-2',
    ],
  },
};

/** The help of one command, or null when it has none. */
export function commandHelp(command: string): string | null {
  const h = COMMAND_HELP[command];
  if (!h) return null;
  const parts = [`\n  ${h.summary}\n`, `  Usage\n    $ ${h.usage}\n`];
  if (h.flags) parts.push(`  Flags${h.flags}\n`);
  if (h.aws) parts.push(`${common.slice(1)}\n`);
  parts.push(`  Examples\n${h.examples.map(e => `    $ ${e}`).join('\n')}\n`);
  if (h.notes) parts.push(`${h.notes}\n`);
  if (h.exit) parts.push(`${exitCodes.slice(1)}\n`);
  return parts.join('\n');
}
