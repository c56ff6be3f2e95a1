import {createClients, type AwsClients, type AwsSettings} from '../aws/clients.js';
import {ConsoleError} from '../aws/errors.js';
import {Gateway} from '../aws/gateway.js';

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
  /** Whether the full-screen app may start: both ends are terminals. */
  interactive: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function buildContext(settings: AwsSettings): Promise<CommandContext> {
  const clients = createClients(settings);
  let region: string;
  try {
    region = await clients.region();
  } catch {
    throw new ConsoleError('No AWS region: pass --region (or set AWS_REGION, or a region in your profile).', 2);
  }
  if (!region || region === 'undefined') {
    throw new ConsoleError('No AWS region: pass --region (or set AWS_REGION, or a region in your profile).', 2);
  }
  return {
    clients,
    gateway: new Gateway(clients),
    region,
    profile: settings.profile ?? process.env.AWS_PROFILE ?? null,
    interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

export function requireStack(flags: {stack?: string}, command: string): string {
  if (!flags.stack) throw new ConsoleError(`${command} needs --stack NAME|ARN (the root stack).`, 2);
  return flags.stack;
}
