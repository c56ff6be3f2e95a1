// Parsing CloudFormation's status reasons: which are summaries pointing elsewhere, which are noise, and what the
// real message inside the registry/legacy wrappers is.

const EMBEDDED = /^Embedded stack (arn:[^\s]+?) was not successfully (?:created|updated|deleted|imported)/i;
const FAILED_LIST = /The following resource\(s\) failed to (?:create|update|delete|import): \[([^\]]*)\]/i;
// Cancellations are consequences of another failure (or of a user's cancel), never a cause.
const NOISE = [
  /^Resource (?:creation|update|deletion|import) cancell?ed\.?$/i,
  /^Resource (?:creation|update|deletion|import) cancell?ed\b/i,
  /^Rollback requested by user\.?$/i,
  /^Cancelled by user\.?$/i,
];

/** The child stack ARN of an `Embedded stack <arn> was not successfully ...` reason, else null. */
export function embeddedStackArn(reason: string): string | null {
  const m = EMBEDDED.exec(reason.trim());
  return m ? m[1]! : null;
}

/** A reason that only points at other failures: `Embedded stack ...` or `The following resource(s) failed ...`. */
export function isSummary(reason: string): boolean {
  const r = reason.trim();
  return EMBEDDED.test(r) || /^The following resource\(s\) failed to /i.test(r);
}

/** Cancellation noise such as `Resource creation cancelled`. */
export function isNoise(reason: string): boolean {
  const r = reason.trim();
  return NOISE.some(re => re.test(r));
}

/** The logical IDs listed by a `The following resource(s) failed to ...: [A, B]` reason (anywhere in it). */
export function failedResourceList(reason: string): string[] {
  const m = FAILED_LIST.exec(reason);
  if (!m) return [];
  return m[1]!
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

export interface Unwrapped {
  /** The human message without wrappers (registry quotes, legacy service suffix, `API:` prefix). */
  message: string;
  /** Registry form: HandlerErrorCode (AlreadyExists, NotFound, InvalidRequest, AccessDenied, ...). */
  handlerErrorCode: string | null;
  /** Legacy/SDK suffix `(Service: X; Status Code: N; Error Code: Y; Request ID: ..)`. */
  service: string | null;
  statusCode: number | null;
  errorCode: string | null;
  /** `API: s3:CreateBucket ...` prefix: the IAM-style action CloudFormation called. */
  apiAction: string | null;
}

// Registry: Resource handler returned message: "..." (RequestToken: .., HandlerErrorCode: X)
const REGISTRY = /^Resource handler returned message:\s*"([\s\S]*)"\s*\(RequestToken:[^,)]*,\s*HandlerErrorCode:\s*([A-Za-z]+)\)\s*$/;
const REGISTRY_LOOSE = /^Resource handler returned message:\s*"?([\s\S]*?)"?\s*(?:\((?:RequestToken|HandlerErrorCode)[^)]*\))?\s*$/;
// Service suffix, `;` in the legacy SDK and `,` in the newer one; it may be followed by more text.
const SERVICE_SUFFIX = /\s*\(Service:\s*([^;,)]+)[;,]\s*Status Code:\s*(\d+)[;,]\s*(?:Error Code:\s*([^;,)]+)[;,]?\s*)?[^)]*\)/;
const API_PREFIX = /^API:\s*([a-z0-9-]+:[A-Za-z0-9]+)\s*/;

export function unwrap(reason: string): Unwrapped {
  let message = reason.trim();
  let handlerErrorCode: string | null = null;
  const reg = REGISTRY.exec(message);
  if (reg) {
    message = reg[1]!;
    handlerErrorCode = reg[2]!;
  } else {
    const code = /HandlerErrorCode:\s*([A-Za-z]+)/.exec(message);
    if (code) handlerErrorCode = code[1]!;
    const loose = REGISTRY_LOOSE.exec(message);
    if (loose) message = loose[1]!;
  }
  // Registry messages quote inner strings with backslashes (\"arn...\"): plain quotes read better.
  message = message.replace(/\\"/g, '"');
  let apiAction: string | null = null;
  const api = API_PREFIX.exec(message);
  if (api) {
    apiAction = api[1]!;
    message = message.slice(api[0].length);
  }
  let service: string | null = null;
  let statusCode: number | null = null;
  let errorCode: string | null = null;
  const svc = SERVICE_SUFFIX.exec(message);
  if (svc) {
    service = svc[1]!.trim();
    statusCode = Number(svc[2]);
    errorCode = svc[3]?.trim() ?? null;
    message = (message.slice(0, svc.index) + message.slice(svc.index + svc[0].length)).trim();
  }
  return {message: message.trim(), handlerErrorCode, service, statusCode, errorCode, apiAction};
}

/** A failure that is a cause, not a consequence: failed, with a reason that is neither noise nor a summary. */
export function isRealFailure(e: {status: string; reason: string}): boolean {
  return e.status.endsWith('_FAILED') && e.reason.trim() !== '' && !isNoise(e.reason) && !isSummary(e.reason);
}
