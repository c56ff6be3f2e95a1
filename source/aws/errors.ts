import {DENIED_CODES} from '../domain/access-denial.js';
import type {FaultKind} from '../store/snapshot.js';

/** What went wrong with an AWS call, in the terms the console acts on. */
export interface AwsFault {
  kind: FaultKind;
  code: string;
  /** One line, safe to print. */
  message: string;
}

const throttleCodes = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);
const expiredCodes = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'TokenRefreshRequired',
]);
const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError', 'EHOSTUNREACH', 'ENETUNREACH']);

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function describeAwsError(error: unknown): AwsFault {
  const e = error as {name?: string; code?: string; Code?: string; message?: string; $metadata?: {httpStatusCode?: number}};
  const code = e?.name && e.name !== 'Error' ? e.name : (e?.code ?? e?.Code ?? 'Error');
  const message = oneLine(String(e?.message ?? error));
  if (throttleCodes.has(code) || /rate exceeded/i.test(message)) return {kind: 'throttled', code, message};
  if (expiredCodes.has(code) || /security token included in the request is (expired|invalid)/i.test(message))
    return {kind: 'expired-credentials', code, message};
  if (/sso session|token has expired and refresh failed|could not load credentials|CredentialsProviderError/i.test(`${code} ${message}`))
    return {kind: 'expired-credentials', code, message};
  if (DENIED_CODES.has(code)) return {kind: 'access-denied', code, message};
  if (code === 'ValidationError' && /does not exist/i.test(message)) return {kind: 'not-found', code, message};
  if (networkCodes.has(code) || networkCodes.has(String(e?.code)) || /socket hang up|ECONNRESET|ECONNREFUSED|network/i.test(message))
    return {kind: 'network', code, message};
  return {kind: 'other', code, message};
}

/** Thrown by the console's own code for a failure that has a clear one-line explanation and an exit code. */
export class ConsoleError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The one line a user reads when the console's own AWS calls fail, naming the fix. */
export function explainFault(fault: AwsFault, ctx: {profile?: string | null; region?: string}): string {
  switch (fault.kind) {
    case 'expired-credentials':
      // The SDK found no credentials at all (a missing profile, nothing configured): not an expiry.
      if (fault.code === 'CredentialsProviderError' && /could not load credentials/i.test(fault.message)) {
        return ctx.profile
          ? `No usable AWS credentials for profile ${ctx.profile}: check it exists in ~/.aws/config (or AWS_CONFIG_FILE); for an SSO profile run \`aws sso login --profile ${ctx.profile}\`.`
          : 'No AWS credentials found: pass --profile (or set AWS_PROFILE), or run `aws configure` / `aws sso login`.';
      }
      return ctx.profile
        ? `AWS credentials are expired or invalid (${fault.code}): refresh them, e.g. \`aws sso login --profile ${ctx.profile}\`.`
        : `AWS credentials are expired or invalid (${fault.code}): refresh them (e.g. \`aws sso login\`) and try again.`;
    case 'throttled':
      return `AWS kept throttling the console's calls (${fault.code}) past its retries: try again in a minute.`;
    case 'network':
      return `Cannot reach AWS (${fault.code}: ${fault.message}). Check the network, --region${ctx.region ? ` (${ctx.region})` : ''} and --endpoint-url.`;
    case 'access-denied':
      return `Access denied to the console's own call: ${fault.message}`;
    default:
      return `${fault.code}: ${fault.message}`;
  }
}
