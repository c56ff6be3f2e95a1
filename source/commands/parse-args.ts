// The command line, read against the registry: which command, which flags, every mistake one InputError naming the
// fix. meow does the parsing proper (types, defaults, --no-X) on the command's own flags once the words are known
// to be right; this module decides what is right, which meow cannot (flags per command, a value missing, a flag
// given twice).
import meow from 'meow';
import {InputError} from '../errors.js';
import {COMMAND_NAMES, COMMANDS, FLAGS, flagOption, flagWord, type CommandName, type FlagSpec, type FlagName, type Format} from './registry.js';

export interface ParsedArgs {
  command: CommandName;
  /** The command came from --stack alone (watch is the default then). */
  implied: boolean;
  flags: ParsedFlags;
  /** The flags written on the command line (not their defaults). */
  given: ReadonlySet<FlagName>;
  help: boolean;
  version: boolean;
}

/** Every flag's value, typed as the registry says (absent flags are undefined or their default). */
export type ParsedFlags = {
  -readonly [K in FlagName]: (typeof FLAGS)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof FLAGS)[K]['type'] extends 'number'
      ? number | undefined
      : string | undefined;
} & {format: Format};

const SHORT = new Map<string, FlagName>(
  (Object.keys(FLAGS) as FlagName[]).flatMap(name => {
    const short = (FLAGS[name] as {short?: string}).short;
    return short ? [[short, name] as const] : [];
  }),
);
const BY_OPTION = new Map<string, FlagName>((Object.keys(FLAGS) as FlagName[]).map(name => [flagOption(name).slice(2), name]));

interface Token {
  flag: FlagName;
  /** How the user wrote it (for messages): --stack, -s, --no-bell. */
  written: string;
  value: string | undefined;
}

/** 1.31, 1.31.1 or v1.31.1: what makes `--version X` deploy's flag rather than the console's own version. */
const VERSION_VALUE = /^v?\d+\.\d+(\.\d+)?$/;

export function isVersionValue(word: string | undefined): boolean {
  return word !== undefined && VERSION_VALUE.test(word);
}

/**
 * Whether the line asks for the console's own version. On a `deploy` line `--version` is always deploy's flag (a bad
 * value is refused there: a script must never read the console's version as a deploy that succeeded); elsewhere,
 * `--version` followed by a Panther version is refused as a flag the command does not take.
 */
export function asksOwnVersion(argv: readonly string[]): boolean {
  if (isDeployLine(argv)) return false;
  return argv.some((a, i) => a === '--version' && !isVersionValue(argv[i + 1]));
}

/** A line whose command is deploy. */
function isDeployLine(argv: readonly string[]): boolean {
  return argv.includes('deploy');
}

/** The flags and words of argv, without deciding yet which command they belong to. */
function tokenize(argv: readonly string[]): {tokens: Token[]; words: string[]; help: boolean; version: boolean} {
  const deployLine = isDeployLine(argv);
  const tokens: Token[] = [];
  const words: string[] = [];
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    // `--version` alone is the console's own version; followed by a Panther version it is deploy's --version V.
    if (arg === '--version' && !deployLine && !isVersionValue(argv[i + 1])) {
      version = true;
      continue;
    }
    let flag: FlagName | undefined;
    let written: string;
    let inline: string | undefined;
    let negated = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      written = eq >= 0 ? arg.slice(0, eq) : arg;
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      const option = written.slice(2);
      flag = BY_OPTION.get(option);
      if (!flag && option.startsWith('no-')) {
        const positive = BY_OPTION.get(option.slice(3));
        if (positive && FLAGS[positive].type === 'boolean') {
          flag = positive;
          negated = true;
        }
      }
      if (!flag) throw new InputError(`Unknown flag ${written}.${suggest(option, [...BY_OPTION.keys()], '--')} See --help.`);
    } else if (/^-[^-\d]/.test(arg)) {
      written = arg.slice(0, 2);
      flag = SHORT.get(arg[1]!);
      if (!flag) throw new InputError(`Unknown flag ${written}. See --help.`);
      // -sNAME and -s=NAME, as getopt and yargs read them.
      if (arg.length > 2) inline = arg.slice(arg[2] === '=' ? 3 : 2);
    } else {
      words.push(arg);
      continue;
    }
    const spec = FLAGS[flag];
    if (spec.type === 'boolean') {
      if (inline !== undefined && (negated || !/^(true|false)$/.test(inline)))
        throw new InputError(`${written} takes no value (got ${written}=${inline}).`);
      tokens.push({flag, written, value: negated ? 'false' : (inline ?? 'true')});
      continue;
    }
    if (negated) throw new InputError(`Unknown flag ${written}. See --help.`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      // A flag after a flag that needs a value is a value forgotten, not the value (a negative number is no
      // value any flag here takes).
      if (next !== undefined && (!next.startsWith('-') || (spec.type === 'number' && /^-\d/.test(next)))) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') throw new InputError(`${written} needs a value: ${flagOption(flag)} ${spec.value ?? 'VALUE'}.`);
    tokens.push({flag, written, value});
  }
  return {tokens, words, help, version};
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const {tokens, words, help, version} = tokenize(argv);
  const [first, ...rest] = words;
  if (rest.length > 0) throw new InputError(`Unexpected argument: ${rest[0]}. See --help.`);
  let command: CommandName;
  let implied = false;
  if (first === undefined) {
    command = 'watch';
    implied = true;
  } else if ((COMMAND_NAMES as readonly string[]).includes(first)) {
    command = first as CommandName;
  } else {
    throw new InputError(`Unknown command: ${first}.${suggest(first, COMMAND_NAMES, '')} Commands: ${COMMAND_NAMES.join(', ')}.`);
  }
  const spec = COMMANDS[command];
  const seen = new Map<FlagName, string>();
  for (const token of tokens) {
    const before = seen.get(token.flag);
    if (before !== undefined) throw new InputError(`${flagOption(token.flag)} is given twice (${before} and ${token.written}): give it once.`);
    seen.set(token.flag, token.written);
    // `ladder --out x` is a mistake, not a flag ignored (the bare form is watch, and held to watch's flags).
    if (token.flag === 'replay' && !spec.replay) throw new InputError(spec.replayRefusal ?? `${command} does not run on a --replay bundle.`);
    if (!spec.flags.includes(token.flag)) {
      throw new InputError(`${command} does not take ${token.written}. Its flags: ${spec.flags.map(flagWord).join(' ')} (see ${command} --help).`);
    }
  }
  const flags = parseWithMeow(tokens, command);
  return {command, implied, flags, given: new Set(seen.keys()), help, version};
}

/**
 * meow on the flags as read above, written out in one canonical form (--flag=value, --flag, --no-flag) so the two
 * readings cannot differ (-sNAME, a value starting with a dash): types, defaults, --no-X.
 */
function parseWithMeow(tokens: readonly Token[], command: CommandName): ParsedFlags {
  const argv = tokens.map(t =>
    FLAGS[t.flag].type === 'boolean'
      ? t.value === 'false'
        ? `--no-${flagOption(t.flag).slice(2)}`
        : flagOption(t.flag)
      : `${flagOption(t.flag)}=${t.value}`,
  );
  const names = Object.keys(FLAGS) as FlagName[];
  const definitions = Object.fromEntries(
    names.map(name => {
      const spec = FLAGS[name] as {type: 'string' | 'number' | 'boolean'; short?: string; default?: unknown};
      return [
        name,
        {type: spec.type, ...(spec.short ? {shortFlag: spec.short} : {}), ...(spec.default !== undefined ? {default: spec.default} : {})},
      ];
    }),
  );
  const cli = meow('', {
    importMeta: import.meta,
    argv,
    allowUnknownFlags: false,
    autoHelp: false,
    autoVersion: false,
    flags: definitions as never,
  });
  const flags = cli.flags as unknown as ParsedFlags;
  // The default format is the command's first.
  if (!tokens.some(t => t.flag === 'format')) flags.format = COMMANDS[command].formats[0]!;
  return flags;
}

/** The demo's flags that drive the simulated account, which a --replay bundle replaces. */
const DEMO_ONLY: readonly FlagName[] = ['scenario', 'speed', 'to', 'execute', 'approve', 'allowReplacement'];

/** us-east-2, eu-central-1, us-gov-west-1, cn-north-1, ap-southeast-5... */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The values, checked before anything loads or any AWS call: every mistake is one line naming the fix. */
export function validateArgs({command, flags, given}: ParsedArgs): void {
  let spec = COMMANDS[command];
  // demo --replay is the console (watch) on the bundle: the simulated account's own flags mean nothing there.
  if (command === 'demo' && flags.replay) {
    const simOnly = DEMO_ONLY.filter(f => given.has(f));
    if (simOnly.length > 0) throw new InputError(`demo --replay opens the console on the bundle: drop ${simOnly.map(flagWord).join(' ')}.`);
    spec = COMMANDS.watch;
  }
  const version = (flags as {version?: string}).version;
  if (version !== undefined && !isVersionValue(version)) {
    throw new InputError(`--version ${version} is not a Panther version like 1.31 (its recommended patch) or 1.31.1.`);
  }
  if (!spec.formats.includes(flags.format)) {
    const known = (['text', 'json', 'markdown'] as string[]).includes(flags.format);
    throw new InputError(
      known
        ? `${command} prints ${orList(spec.formats)}, not ${flags.format}.`
        : `--format ${flags.format}: ${command} prints ${orList(spec.formats)}.`,
    );
  }
  if (flags.interval !== undefined && !(flags.interval > 0)) throw new InputError('--interval must be a positive number of seconds.');
  if (flags.speed !== undefined && !(flags.speed > 0)) throw new InputError('--speed must be a positive number.');
  if (flags.port !== undefined && !(Number.isInteger(flags.port) && flags.port >= 0 && flags.port < 65536))
    throw new InputError('--port must be an integer from 0 to 65535.');
  if (flags.region !== undefined && !REGION_NAME.test(flags.region))
    throw new InputError(`--region ${flags.region} is not an AWS region name: they look like us-east-2 or eu-central-1.`);
  if (flags.endpointUrl !== undefined && !isHttpUrl(flags.endpointUrl))
    throw new InputError(`--endpoint-url ${flags.endpointUrl} is not an http(s) URL: give one like http://127.0.0.1:4566.`);
  for (const name of Object.keys(FLAGS) as FlagName[]) {
    const choices = (FLAGS[name] as FlagSpec).choices;
    const value = flags[name];
    if (choices && value !== undefined && !choices.includes(String(value)))
      throw new InputError(`${flagOption(name)} ${value}: it takes ${orList(choices)}.`);
  }
  if (flags.replay) {
    if (!spec.replay) throw new InputError(spec.replayRefusal ?? `${command} does not run on a --replay bundle.`);
    if (flags.endpointUrl) throw new InputError('--replay serves its own endpoint: drop --endpoint-url.');
  }
  // Said before any AWS set-up: no region is needed to be told --stack is missing (--replay names its own).
  if (spec.needsStack && !flags.stack && !flags.replay) throw new InputError(`${command} needs --stack NAME|ARN (the root stack).`);
}

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const orList = (items: readonly string[]): string => (items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

/** " Did you mean --stack?" for a word one or two typos away from a known one (a third of its length at most). */
function suggest(word: string, known: readonly string[], prefix: string): string {
  const limit = Math.min(2, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? ` Did you mean ${prefix}${best}?` : '';
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
