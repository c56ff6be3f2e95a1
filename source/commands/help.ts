// --help and the README's command and flag tables, all written from the registry so they cannot disagree with
// what the parser accepts.
import wrapAnsi from 'wrap-ansi';
import {COMMAND_NAMES, COMMANDS, FLAGS, commandsTaking, flagWord, type CommandName, type FlagName} from './registry.js';

const AWS_FLAGS: readonly FlagName[] = ['stack', 'region', 'profile', 'endpointUrl', 'replay'];
const COLUMN = 28;

/** `--stack, -s NAME|ARN`, `--no-cloudtrail`: the flag as a user types it (with a command's own value word). */
export function flagUsage(name: FlagName, command?: CommandName): string {
  const spec = FLAGS[name] as {short?: string; value?: string};
  const value = (command && COMMANDS[command].flagValue?.[name]) ?? spec.value;
  return `${flagWord(name)}${spec.short ? `, -${spec.short}` : ''}${value ? ` ${value}` : ''}`;
}

function flagHelpIn(command: CommandName, name: FlagName): string {
  const spec = COMMANDS[command];
  if (spec.flagHelp?.[name]) return spec.flagHelp[name]!;
  if (name === 'format') return `${spec.formats.join(', ')} (default ${spec.formats[0]})`;
  return FLAGS[name].help;
}

/** Two columns: the usage, then the help wrapped under itself (the whole row within 110 columns). */
function row(usage: string, help: string): string {
  const lines = wrapAnsi(help, 110 - 4 - COLUMN, {hard: true}).split('\n');
  const head = usage.length < COLUMN - 1 ? `    ${usage.padEnd(COLUMN)}${lines[0]}` : `    ${usage}\n    ${' '.repeat(COLUMN)}${lines[0]}`;
  return [head, ...lines.slice(1).map(l => `    ${' '.repeat(COLUMN)}${l}`)].join('\n');
}

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map(l => `${by}${l}`)
    .join('\n');

export function commandHelp(command: CommandName): string {
  const spec = COMMANDS[command];
  const own = spec.flags.filter(f => !(spec.aws && AWS_FLAGS.includes(f)));
  const aws = spec.aws ? spec.flags.filter(f => AWS_FLAGS.includes(f)) : [];
  const parts = [`\n${indent(spec.description, '  ')}\n`, `  Usage\n    $ ${spec.usage}\n`];
  if (own.length > 0) parts.push(`  Flags\n${own.map(f => row(flagUsage(f, command), flagHelpIn(command, f))).join('\n')}\n`);
  if (aws.length > 0) parts.push(`  AWS flags\n${aws.map(f => row(flagUsage(f, command), flagHelpIn(command, f))).join('\n')}\n`);
  parts.push(`  Examples\n${spec.examples.map(e => `    $ ${e}`).join('\n')}\n`);
  if (spec.notes) parts.push(`${indent(spec.notes, '  ')}\n`);
  parts.push(`  Exit codes\n${indent(spec.exitCodes, '    ')}\n`);
  return parts.join('\n');
}

export function globalHelp(): string {
  const commands = COMMAND_NAMES.map(c => `    ${c.padEnd(13)}${COMMANDS[c].summary}`).join('\n');
  const flags = (Object.keys(FLAGS) as FlagName[]).map(f => row(flagUsage(f), `${FLAGS[f].help}${takenBy(f)}`)).join('\n');
  return `
  Usage
    $ panther-console [command] [flags]

  Commands
${commands}

  Flags (each command takes its own: <command> --help lists them)
${flags}
    --help, --version

  Examples
    $ panther-console demo
    $ panther-console postmortem --stack panther-prod --region us-east-2
    $ panther-console postmortem -s panther-prod --format json > postmortem.json
    $ panther-console watch -s panther-prod --profile prod
    $ panther-console ladder -s panther-prod --to 1.28
    $ panther-console preflight --stack-name panther-prod --params params.json --region us-east-2
    $ panther-console bundle -s panther-prod --out panther-support.json.gz --mask-account
    $ panther-console --replay panther-support.json.gz postmortem

  Exit codes
    0 no failure found, 1 the latest operation failed (or an upgrade stopped before its target), 2 bad input,
    3 AWS unreachable/unauthorized/throttled, 130 interrupted
`;
}

/** " (ladder, upgrade)" after a flag that only some commands take. */
function takenBy(flag: FlagName): string {
  const by = commandsTaking(flag);
  return by.length >= COMMAND_NAMES.length - 3 ? '' : ` (${by.join(', ')})`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's table of commands. */
export function commandsTable(): string {
  const rows = COMMAND_NAMES.map(c => {
    const spec = COMMANDS[c];
    const formats = spec.formats.length > 1 ? spec.formats.join(', ') : '';
    return `| \`${c}\` | ${cell(spec.summary)} | ${formats} | ${spec.needsStack ? 'yes' : ''} | ${spec.replay ? 'yes' : ''} |`;
  });
  return ['| command | what it does | `--format` | needs `--stack` | `--replay` |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README's table of flags: what each means and which commands take it. */
export function flagsTable(): string {
  const rows = (Object.keys(FLAGS) as FlagName[]).map(
    f => `| \`${cell(flagUsage(f))}\` | ${cell(FLAGS[f].help)} | ${commandsTaking(f).join(', ')} |`,
  );
  return ['| flag | meaning | commands |', '| --- | --- | --- |', ...rows].join('\n');
}
