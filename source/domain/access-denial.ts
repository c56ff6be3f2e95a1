// Parsing IAM's access-denied messages: who was denied what, on which resource, by which kind of policy. The
// policy type tells the user whom to ask (organisation admins for an SCP/RCP, the role owner otherwise).
import type {AccessDenial, PolicyType} from './types.js';

/** The error codes of a denied call, across services (EC2's with and without its `Client.` prefix). */
export const DENIED_CODES: ReadonlySet<string> = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation']);

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
const DENIAL = new RegExp(
  String.raw`(?:User:\s*` +
    TOKEN +
    String.raw`\s+|You\s+)?(?:is|are) not authorized to perform:?\s*` +
    TOKEN +
    String.raw`(?:\s+on resource:\s*` +
    TOKEN +
    String.raw`)?\s+(?:with an explicit deny in an?\s+(.+?)|because no\s+(.+?)\s+allows the\s+\S+\s+action)` +
    String.raw`(?::\s*\\?"?(arn:[^\s"\\]+))?\s*(?:\\?"|[.,;(]|$)`,
  'i',
);

export function parseAccessDenial(message: string): AccessDenial | null {
  const m = DENIAL.exec(message);
  if (m) {
    const explicit = m[4] !== undefined;
    const typeText = (explicit ? m[4] : m[5])!.trim();
    return {
      principal: m[1] ?? '',
      action: trimPunct(m[2]!),
      resource: m[3] ? trimPunct(m[3]) : null,
      policyType: policyTypeOf(typeText),
      explicit,
      policyArn: m[6] ? trimPunct(m[6]) : null,
    };
  }
  // EC2 (UnauthorizedOperation, encoded message) and old S3 (`Access Denied`) say nothing of the policy: keep what
  // can be said (the action from an `API: svc:Action` prefix, when CloudFormation gives it).
  if (/UnauthorizedOperation|Encoded authorization failure message|\bAccess ?Denied\b|AccessDeniedException/i.test(message)) {
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
