// Classifying a failure reason into the categories of docs/output-formats.md, with a hint that says what it means and what to do.
// Rules are tried in order: the specific (who denied what) before the generic (a handler error code).
import {parseAccessDenial, policyIdOf} from './access-denial.js';
import {unwrap, type Unwrapped} from './reasons.js';
import type {AccessDenial, Category, Classification} from './types.js';

interface Ctx {
  reason: string;
  u: Unwrapped;
  /** Unwrapped message plus the codes, for keyword tests. */
  text: string;
  resourceType: string;
  status: string;
  denial: AccessDenial | null;
}

type Rule = (c: Ctx) => {category: Category; hint: string} | null;

const DELETE_FAILED_STATUSES = new Set(['DELETE_FAILED', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_FAILED']);

const POLICY_NAMES: Record<string, string> = {
  scp: 'A service control policy in your AWS Organization',
  rcp: 'A resource control policy in your AWS Organization',
  boundary: 'The permissions boundary attached to the deploying role',
  session: 'The session policy passed when the deploying role was assumed',
  resource: 'A resource-based policy (e.g. a bucket or key policy)',
  identity: "The deploying role's own IAM policies",
  vpce: 'A VPC endpoint policy',
};

const onWhat = (d: AccessDenial) => (d.resource ? ` on ${d.resource}` : '');
const policySuffix = (d: AccessDenial) => (d.policyArn ? ` (policy ${policyIdOf(d.policyArn)})` : '');
const verb = (d: AccessDenial) => (d.explicit ? 'denies' : 'does not allow');

const rules: Rule[] = [
  // An SCP denial: only the organisation's admins can lift it.
  c =>
    c.denial?.policyType === 'scp'
      ? {
          category: 'scp-deny',
          hint:
            `${POLICY_NAMES.scp} denies ${c.denial.action || 'the call'}${onWhat(c.denial)}${policySuffix(c.denial)}. ` +
            'Ask your organisation admins to exempt the PantherDeploymentRole or the account; the denied call is listed from CloudTrail (it can take ~5 minutes to appear).',
        }
      : null,
  // KMS: a key policy or a role that cannot use the key.
  c => {
    const kmsDenied = c.denial?.action.toLowerCase().startsWith('kms:');
    const kmsText =
      /\bKMS\b|KMSAccessDenied|KMSInvalidState|KMSNotFound|customer master key|key policy|\bkms:[A-Za-z]+/i.test(c.text) &&
      /not have permission|not authorized|access ?denied|AccessDenied|not allowed|does not exist|disabled|pending deletion|invalid state|not accessible|key policy/i.test(
        c.text,
      );
    if (!kmsDenied && !kmsText) return null;
    const named = /\b(?:call|perform:?)\s+(?:kms:)?([A-Z][A-Za-z]+)\b/.exec(c.u.message)?.[1];
    const action = kmsDenied ? c.denial!.action : named ? `kms:${named}` : '';
    return {
      category: 'kms-policy',
      hint:
        `A KMS key cannot be used${action ? ` for ${action}` : ''}: the key policy (or the role's permissions) ` +
        'must allow the deploying role and the service using the key, and the key must be enabled. ' +
        'Check the key policy of the customer managed key given to the stack.',
    };
  },
  // Any other denial, by the policy type that denied it.
  c => {
    const d = c.denial;
    if (d && d.policyType !== 'unknown') {
      const who = POLICY_NAMES[d.policyType]!;
      const whom =
        d.policyType === 'rcp'
          ? 'Ask your organisation admins to exempt the PantherDeploymentRole or the account.'
          : d.policyType === 'identity'
            ? 'Deploy with the PantherDeploymentRole at the same version as Panther (its template grants what the deploy needs), or add the action to the role.'
            : d.policyType === 'resource'
              ? 'Allow the deploying role in that resource policy.'
              : d.policyType === 'vpce'
                ? 'Allow the action in the VPC endpoint policy the call goes through.'
                : `Allow ${d.action || 'the action'} there, or deploy with a role without it.`;
      return {category: 'permission-denied', hint: `${who} ${verb(d)} ${d.action || 'the call'}${onWhat(d)}${policySuffix(d)}. ${whom}`};
    }
    if (d || /\bnot authorized\b|Forbidden|HandlerErrorCode: AccessDenied|InvalidCredentials|insufficient permissions/i.test(c.text)) {
      const action = d?.action || c.u.apiAction;
      return {
        category: 'permission-denied',
        hint:
          `The call${action ? ` ${action}` : ''} was denied, and the message does not say by which policy. ` +
          'The denied call from CloudTrail (listed with it) names, for an explicit deny, the policy type; an organisation SCP is the usual cause when the deploying role allows it.',
      };
    }
    return null;
  },
  // Follow-on failures of a rollback or a delete: cleanup, not cause.
  c =>
    DELETE_FAILED_STATUSES.has(c.status) || /BucketNotEmpty|bucket you tried to delete is not empty/i.test(c.text)
      ? {
          category: 'delete-failed',
          hint:
            /not empty/i.test(c.text)
              ? 'The bucket still holds objects, so CloudFormation cannot delete it: empty it (or keep it) and retry the delete with that resource retained.'
              : 'A resource could not be deleted during the rollback or delete; this usually follows an earlier failure. Delete or keep the resource by hand, then retry ' +
                '(DeleteStack with RetainResources, or ContinueUpdateRollback with ResourcesToSkip).',
        }
      : null,
  c => {
    if (!/already exists|AlreadyExists|already own it|EntityAlreadyExists|BucketAlreadyOwnedByYou/i.test(c.text)) return null;
    const name = conflictingName(c.u.message);
    return {
      category: 'already-exists',
      hint:
        `${name ? `${name} already exists` : 'A resource with the same name already exists'} outside this stack, likely a leftover of an old Panther install ` +
        '(retained buckets, roles, log groups). Delete it, or import it into the stack, and deploy again.',
    };
  },
  c => {
    const text = c.text;
    const m =
      /(UnreservedConcurrentExecution)|(\b[A-Za-z]*LimitExceeded[A-Za-z]*)|(ServiceQuotaExceeded\w*)|(TooManyBuckets)|Cannot exceed quota for (\w+)|maximum number of ([\w\s-]+?)(?: has been| reached|\.|,|$)|(\blimit\b[^.]*\bexceeded|exceeded\b[^.]*\blimit\b)|\bquota\b/i.exec(
        text,
      );
    if (!m && c.u.handlerErrorCode !== 'ServiceLimitExceeded') return null;
    const phrase = m?.slice(1).find(Boolean)?.trim();
    const code = c.u.errorCode && c.u.errorCode !== phrase ? c.u.errorCode : null;
    const limit = [phrase, code && (phrase ? `(${code})` : code)].filter(Boolean).join(' ') || 'a service quota';
    const concurrency = /UnreservedConcurrentExecution/i.test(limit);
    return {
      category: 'limit-exceeded',
      hint: concurrency
        ? "The account's Lambda concurrency is too low for Panther's reserved concurrency (unreserved must stay >= 10). " +
          'Request a higher "Concurrent executions" quota in Service Quotas (Lambda) and deploy again.'
        : `An account limit was reached: ${limit}${c.u.service ? ` in ${c.u.service}` : ''}. Free capacity or request an increase in Service Quotas, then deploy again.`,
    };
  },
  c => {
    if (!/exceeded the specified timeout|timed out|did not stabilize|NotStabilized|Failed to receive \d+ resource signal|within the specified duration/i.test(c.text))
      return null;
    const stackTimeout = /Stack (?:creation|update) time exceeded/i.test(c.text);
    return {
      category: 'timeout',
      hint: stackTimeout
        ? 'The stack ran past its timeout (Panther\'s Web stack allows 20 minutes), so CloudFormation cancelled it. Look at the resource still in progress when it stopped; usually a slow or stuck service (ECS service, CloudFront) rather than the timeout itself.'
        : 'A resource did not finish (or stabilise) in time. Check the service behind it (e.g. an ECS service whose tasks fail to start, a custom resource Lambda that never answered).',
    };
  },
  c => {
    if (
      !/Parameter validation failed|Parameters?: \[[^\]]*\] must have values|Properties validation failed|Template (?:format )?error|ValidationError|InvalidParameter|Invalid (?:parameter|request|value)|is not valid|invalid|must (?:be|have|match|contain)|Unresolved resource dependencies|HandlerErrorCode: (?:InvalidRequest|NotUpdatable)|Malformed/i.test(
        c.text,
      )
    )
      return null;
    const param = /parameter name (\S+)/i.exec(c.text) ?? /Parameters?: \[([^\]]+)\]/i.exec(c.text) ?? /for parameter (?!name\b)(\S+)/i.exec(c.text);
    const name = param ? param[1]!.replace(/[.,]$/, '') : null;
    return {
      category: 'invalid-parameter',
      hint: `${name ? `The value given for ${name}` : 'A parameter or property value'} is not accepted. Check the stack parameters (and the value's format or existence, e.g. an ARN in the same region and account) and deploy again.`,
    };
  },
  c => {
    if (!/does not exist|not found|NotFound|No export named|DependencyViolation|has dependencies|in use by|is in use|depends on|ResourceConflict|cannot be deleted as it is in use/i.test(c.text))
      return null;
    return {
      category: 'dependency',
      hint: /export/i.test(c.text)
        ? 'A CloudFormation export is missing or still imported by another stack. Deploy (or remove) the stack that provides or uses it first.'
        : 'Something this resource depends on is missing or still in use by something else (another stack, a resource created outside CloudFormation). Find it by the name in the message, then retry.',
    };
  },
  c =>
    /InternalFailure|Internal Failure|InternalError|internal error|ServiceUnavailable|Service Unavailable|ServiceInternalError|GeneralServiceException|NetworkFailure|Throttling|Rate exceeded|TooManyRequests|HandlerErrorCode: (?:InternalFailure|ServiceInternalError|GeneralServiceException|NetworkFailure|Throttling)|^"?null"?$/i.test(
      c.text,
    )
      ? {
          category: 'internal',
          hint: 'An AWS-side error (internal failure, unavailable or throttled service), usually transient: deploy again. If it repeats on the same resource, open a case with AWS support quoting the request ID.',
        }
      : null,
];

export function classifyReason(reason: string, resourceType = '', status = ''): Classification {
  const u = unwrap(reason);
  const codes = [u.handlerErrorCode && `HandlerErrorCode: ${u.handlerErrorCode}`, u.errorCode].filter(Boolean).join(' ');
  const ctx: Ctx = {reason, u, text: `${u.message} ${codes}`.trim(), resourceType, status, denial: parseAccessDenial(reason)};
  for (const rule of rules) {
    const r = rule(ctx);
    if (r) return {...r, denial: ctx.denial};
  }
  return {
    category: 'unknown',
    hint: 'No known pattern: read the full reason, the resource type and the CloudTrail calls around the failure; Panther support can help with a report (--format markdown).',
    denial: ctx.denial,
  };
}

/** The name a conflict names: `Role with name X already exists`, `Resource of type 'T' with identifier 'X'`, `"X already exists"`. */
function conflictingName(message: string): string | null {
  const m =
    /with identifier '([^']+)'/i.exec(message) ??
    /\bwith name ([^\s,]+) already exists/i.exec(message) ??
    /\b(?:name|named|bucket|role|group|table|topic|queue|function|key|alias|secret|repository|log group)\s+'?"?([A-Za-z0-9_.:/@+=-]{3,})'?"?\s+already exists/i.exec(
      message,
    ) ??
    /^([A-Za-z0-9_.:/@+=-]{3,}) already exists/i.exec(message) ??
    /([A-Za-z0-9_.:/@+=-]{3,})\s+already exists/i.exec(message);
  if (!m) return null;
  const name = m[1]!;
  return /^(?:it|this|that|resource)$/i.test(name) ? null : name;
}
