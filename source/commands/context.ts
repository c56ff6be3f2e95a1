import {readAtMost} from '../io/read-at-most.js';
import {createClients, type AwsClients, type AwsSettings} from '../aws/clients.js';
import {InputError} from '../errors.js';
import {Gateway} from '../aws/gateway.js';
import {sanitize} from '../text/sanitize.js';

export interface CommonFlags {
  stack?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  format: 'text' | 'json' | 'markdown';
  cloudtrail: boolean;
  bell: boolean;
  interval?: number;
}

/** Everything a command needs to talk to AWS (or the sim): clients, the gateway, the resolved region. */
export interface CommandContext {
  clients: AwsClients;
  gateway: Gateway;
  region: string;
  profile: string | null;
  /** Whether the full-screen app may start: both ends are terminals, and the terminal can address its cursor. */
  interactive: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Set when the endpoint serves a --replay bundle: a recorded account that never changes. */
  replay?: {recordedAt: string | null};
  /** While a full screen is open, warnings go to its status bar, not to stderr (which would tear the frame). */
  screenOpen?: boolean;
}

export async function buildContext(settings: AwsSettings): Promise<CommandContext> {
  const clients = createClients(settings);
  let region: string;
  try {
    region = await clients.region();
  } catch (error) {
    // The SDK refuses a region that cannot be part of a host name (us_east_2): that one was given, and is wrong.
    const refused = /Region not accepted: region="([^"]*)"/.exec(String((error as Error)?.message));
    if (refused) throw new InputError(badRegion(refused[1]!, settings));
    throw new InputError('No AWS region: pass --region (or set AWS_REGION, or a region in your profile).');
  }
  if (!region || region === 'undefined') {
    throw new InputError('No AWS region: pass --region (or set AWS_REGION, or a region in your profile).');
  }
  if (!REGION_NAME.test(region)) throw new InputError(badRegion(region, settings));
  const ctx: CommandContext = {
    clients,
    gateway: new Gateway(clients),
    region,
    profile: settings.profile ?? process.env.AWS_PROFILE ?? null,
    interactive: canDrawFullScreen(process.stdout, process.stdin, process.env),
    stdout: process.stdout,
    stderr: process.stderr,
  };
  clients.warnings.onWarning(message => {
    if (!ctx.screenOpen) ctx.stderr.write(`panther-console: warning: ${sanitize(message)}\n`);
  });
  return ctx;
}

/**
 * The full screen needs two terminals and cursor addressing: TERM=dumb (Emacs shell buffers, some CI consoles and
 * editors' terminals) cannot move the cursor or switch screens, so there the commands print their text instead.
 * An unset TERM on a Unix terminal is taken as dumb too (Windows terminals do not set it and can address).
 */
export function canDrawFullScreen(
  stdout: {isTTY?: boolean},
  stdin: {isTTY?: boolean},
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!stdout.isTTY || !stdin.isTTY) return false;
  const term = env.TERM ?? '';
  if (term === 'dumb') return false;
  return term !== '' || platform === 'win32';
}

/** us-east-2, eu-central-1, us-gov-west-1, cn-north-1, ap-southeast-5... */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function badRegion(region: string, settings: AwsSettings): string {
  const from = settings.region
    ? '--region'
    : process.env.AWS_REGION
      ? 'AWS_REGION'
      : process.env.AWS_DEFAULT_REGION
        ? 'AWS_DEFAULT_REGION'
        : 'the profile';
  return `${from} says "${region}", which is not an AWS region name: they look like us-east-2 or eu-central-1.`;
}

export function requireStack(flags: {stack?: string}, command: string): string {
  if (!flags.stack) throw new InputError(`${command} needs --stack NAME|ARN (the root stack).`);
  return flags.stack;
}

/**
 * A file the user named with `flag`, as text; one line and exit 2 when it cannot be read. At most one byte more than
 * `maxBytes` is read: enough for the caller to refuse it as too large, without holding a huge file in memory.
 */
export async function readUserFile(path: string, flag: string, maxBytes: number): Promise<string> {
  try {
    return (await readAtMost(path, maxBytes + 1)).toString('utf8');
  } catch (error) {
    throw new InputError(`${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}
