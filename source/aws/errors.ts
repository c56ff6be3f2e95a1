import {DENIED_CODES} from '../domain/access-denial.js';
import {AwsError, InputError, InternalError, isConsoleFailure, type ConsoleFailure} from '../errors.js';
import type {FaultKind} from './fault-kind.js';

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
const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * CloudFormation refusing a request for what it asks, not for who asks or how often: the input's problem (exit 2),
 * like a ValidationError. AlreadyExists: a change set (or stack) of that name is there; InvalidChangeSetStatus: the
 * change set moved on (executed, executing, obsolete) since it was read.
 */
const refusedCodes = new Set([
  'ValidationError',
  'AlreadyExistsException',
  'InvalidChangeSetStatus',
  'InvalidChangeSetStatusException',
  'ChangeSetNotFound',
  'ChangeSetNotFoundException',
  'InsufficientCapabilitiesException',
  'TokenAlreadyExistsException',
  'OperationInProgressException',
]);

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The SDK's hint appended to a parse failure: noise to a user (the raw body is not kept). */
const DESERIALIZATION_HINT = /\s*Deserialization error: to see the raw response.*$/s;

/** An HTTP answer the SDK could not read as AWS's: a proxy's error page, a body cut off, another service. */
function unreadableAnswer(e: {name?: string; message?: string; $fault?: unknown; $metadata?: {httpStatusCode?: number}}): AwsFault | null {
  const status = e?.$metadata?.httpStatusCode;
  if (typeof status !== 'number') return null;
  const parseFailure = DESERIALIZATION_HINT.test(String(e.message ?? '')) || e.name === 'SyntaxError';
  // A 5xx whose body named no AWS error: the SDK calls it "Unknown: Unknown".
  if (status >= 500 && (e.name === 'Unknown' || parseFailure)) {
    return {
      kind: 'bad-response',
      code: `HTTP ${status}`,
      message: `the endpoint answered HTTP ${status} with a body that is not an AWS error (a proxy or load balancer in between?)`,
    };
  }
  if (parseFailure && !('$fault' in e)) {
    const detail = oneLine(String(e.message ?? '').replace(DESERIALIZATION_HINT, '')).slice(0, 120);
    return {kind: 'bad-response', code: 'MalformedResponse', message: `the answer (HTTP ${status}) could not be read: ${detail}`};
  }
  return null;
}

/** A 2xx answer that could not be parsed: sent again once (a cut-off body is usually a one-off). */
export function isUnreadableSuccess(error: unknown): boolean {
  const e = error as {$fault?: unknown; $metadata?: {httpStatusCode?: number}};
  const status = e?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 200 && status < 300 && !('$fault' in (e as object)) && unreadableAnswer(e as never) !== null;
}

export function describeAwsError(error: unknown): AwsFault {
  const e = error as {name?: string; code?: string; Code?: string; message?: string; $metadata?: {httpStatusCode?: number}};
  const unreadable = error && typeof error === 'object' ? unreadableAnswer(e) : null;
  if (unreadable) return unreadable;
  const code = e?.name && e.name !== 'Error' ? e.name : (e?.code ?? e?.Code ?? 'Error');
  const message = oneLine(String(e?.message ?? error));
  if (throttleCodes.has(code) || /rate exceeded/i.test(message)) return {kind: 'throttled', code, message};
  if (expiredCodes.has(code) || /security token included in the request is (expired|invalid)/i.test(message))
    return {kind: 'expired-credentials', code, message};
  if (/sso session|token has expired and refresh failed|could not load credentials|CredentialsProviderError/i.test(`${code} ${message}`))
    return {kind: 'expired-credentials', code, message};
  if (DENIED_CODES.has(code)) return {kind: 'access-denied', code, message};
  if (code === 'ValidationError' && /does not exist/i.test(message)) return {kind: 'not-found', code, message};
  if (refusedCodes.has(code)) return {kind: 'refused', code, message};
  if (networkCodes.has(code) || networkCodes.has(String(e?.code)) || /socket hang up|ECONNRESET|ECONNREFUSED|network/i.test(message))
    return {kind: 'network', code, message};
  return {kind: 'other', code, message};
}

function refusedLine(fault: AwsFault): string {
  const said = `CloudFormation refused the request (${fault.code}): ${fault.message}`;
  switch (fault.code) {
    case 'ValidationError':
      return `AWS refused the request: ${fault.message}`;
    case 'AlreadyExistsException':
      return `${said}. Another run may be at work on this stack: wait for it, or delete the change set it left (panther-console upgrade lists them).`;
    case 'InvalidChangeSetStatus':
    case 'InvalidChangeSetStatusException':
      return `${said}. The change set changed state since it was read (executed, executing or obsolete): run the command again to read it afresh.`;
    case 'OperationInProgressException':
      return `${said}. Wait for the stack's operation to finish (panther-console watch), then run it again.`;
    case 'InsufficientCapabilitiesException':
      return `${said}. The template needs IAM capabilities the request did not acknowledge.`;
    default:
      return said;
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
    case 'bad-response':
      return `AWS's answer could not be read (${fault.code}: ${fault.message}), even after retries: try again; if it persists, check --endpoint-url${ctx.region ? ` and --region (${ctx.region})` : ''} and any proxy (HTTPS_PROXY) in between.`;
    case 'refused':
      return refusedLine(fault);
    default:
      return `${fault.code}: ${fault.message}`;
  }
}

/**
 * Any error that ended a command, as one of the three kinds of source/errors.ts with the one line a user reads:
 * the input (our own InputError, CloudFormation refusing the request: a ValidationError, "does not exist"
 * included), AWS trouble (the SDK's errors carry $metadata; network, credential and unreadable answers are
 * recognised by code), or the console's own bug.
 */
export function classifyFailure(error: unknown, ctx: {profile?: string | null; region?: string}): ConsoleFailure {
  if (isConsoleFailure(error)) return error;
  const fault = describeAwsError(error);
  if (fault.kind === 'refused' || fault.code === 'ValidationError') return new InputError(refusedLine(fault));
  if (fault.kind !== 'other' || (error as {$metadata?: unknown})?.$metadata) return new AwsError(explainFault(fault, ctx));
  return new InternalError(`internal error: ${String((error as Error)?.message ?? error)} (PANTHER_CONSOLE_DEBUG=1 shows where)`);
}
