// Parsing IAM's access-denied messages: who was denied what, on which resource, by which kind of policy. The
// policy type tells the user whom to ask (organisation admins for an SCP/RCP, the role owner otherwise).
import type {AccessDenial, PolicyType} from './types.js';

/** The error codes of a denied call, across services (EC2's with and without its `Client.` prefix). */
export const DENIED_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
]);

const POLICY_TYPES: ReadonlyArray<[RegExp, PolicyType]> = [
  [/^service control polic/i, 'scp'],
  [/^resource control polic/i, 'rcp'],
  [/^permissions? boundar/i, 'boundary'],
  [/^session polic/i, 'session'],
  [/^resource-based polic/i, 'resource'],
  [/^identity-based polic/i, 'identity'],
  [/^VPC endpoint polic/i, 'vpce'],
];

// An ARN-ish token, optionally quoted: registry messages wrap it in \" ... \".
const TOKEN = String.raw`\\?"?([^\s"\\]+)\\?"?`;
// IAM's newer messages name a resource by kind and name (`on resource: role NAME`) instead of its ARN.
const KIND = String.raw`(?:(?:role|user|group|policy|instance-profile|bucket|key|function|table|topic|queue|secret|stack)\s+(?!with\b|because\b))?`;
const DENIED_CALL = new RegExp(
  String.raw`(?:User:\s*` +
    TOKEN +
    String.raw`\s+|You\s+)?(?:is|are) not authorized to perform:?\s*` +
    TOKEN +
    String.raw`(?:\s+on (?:resource:\s*` +
    KIND +
    String.raw`|role\s+|user\s+)` +
    TOKEN +
    ')?',
  'i',
);
// What follows the denied call: which policy denied it, or which kind allows nothing; the policy's ARN after a colon.
const CLAUSE =
  /^\s*(?:with an explicit deny in an?\s+(.+?)|because no\s+(.+?)\s+allows the\s+\S+\s+action)(?::\s*\\?"?(arn:[^\s"\\]+))?\s*(?:\\?"|[.,;(]|$)/i;

export function parseAccessDenial(message: string): AccessDenial | null {
  const m = DENIED_CALL.exec(message);
  // `You are not authorized to perform this operation` (EC2) names no action: it is read below.
  if (m && /[:A-Z]/.test(m[2]!)) {
    const clause = CLAUSE.exec(message.slice(m.index + m[0].length));
    const explicit = clause?.[1] !== undefined;
    const typeText = clause ? (explicit ? clause[1] : clause[2])!.trim() : '';
    return {
      principal: m[1] ?? '',
      action: trimPunct(m[2]!),
      resource: m[3] ? trimPunct(m[3]) : null,
      policyType: clause ? policyTypeOf(typeText) : 'unknown',
      explicit,
      policyArn: clause?.[3] ? trimPunct(clause[3]) : null,
    };
  }
  // EC2 (UnauthorizedOperation, encoded message) and old S3 (`Access Denied`) say nothing of the policy: keep what
  // can be said (the action from an `API: svc:Action` prefix, when CloudFormation gives it).
  if (
    /UnauthorizedOperation|Encoded authorization failure message|\bAccess ?Denied\b|AccessDeniedException|not authorized to perform/i.test(message)
  ) {
    const api = /API:\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message);
    return {principal: '', action: api ? api[1]! : '', resource: null, policyType: 'unknown', explicit: false, policyArn: null};
  }
  return null;
}

function policyTypeOf(text: string): PolicyType {
  for (const [re, type] of POLICY_TYPES) if (re.test(text)) return type;
  return 'unknown';
}

function trimPunct(s: string): string {
  return s.replace(/[.,;:)]+$/, '');
}

/** The short policy ID (p-xxxx) in an Organizations policy ARN, else the ARN itself. */
export function policyIdOf(policyArn: string): string {
  const m = /\/(p-[a-z0-9]+)$/i.exec(policyArn);
  return m ? m[1]! : policyArn;
}
