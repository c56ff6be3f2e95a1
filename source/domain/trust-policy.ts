// An IAM role's trust policy (AssumeRolePolicyDocument) as data: its statements, who each names (accounts, roles,
// users, sessions, services, identity providers, anyone) and the conditions on them, classified by what they do
// to "who can assume this role". Generic IAM: nothing here knows which role it is reading.

export type PrincipalKind =
  /** `*`: any principal of any account. */
  | 'anyone'
  /** An account (`arn:aws:iam::123456789012:root` or the bare id): any principal of it whose own policy allows it. */
  | 'account'
  | 'role'
  | 'user'
  /** An STS session (`arn:aws:sts::1:assumed-role/Role/session`). */
  | 'assumed-role'
  | 'federated-user'
  /** A unique id (AROA..., AIDA...): IAM shows one in place of a principal deleted since. */
  | 'unique-id'
  | 'service'
  /** An identity provider: SAML, OIDC (GitHub, EKS...), Cognito, or a public web identity provider. */
  | 'federated'
  | 'canonical-user'
  | 'unknown';

export interface TrustPrincipal {
  kind: PrincipalKind;
  /** As written in the policy. */
  value: string;
  /** The account the principal (or the identity provider) belongs to; null for anyone, services, unknown. */
  account: string | null;
  /** A role's, user's or session's role name (no path); a service or provider host; null otherwise. */
  name: string | null;
}

export interface TrustCondition {
  /** As written, e.g. `StringEquals`, `BoolIfExists`, `ForAnyValue:StringLike`. */
  operator: string;
  /** As written, e.g. `aws:PrincipalOrgID`. */
  key: string;
  values: string[];
}

export interface TrustStatement {
  sid: string | null;
  effect: 'Allow' | 'Deny';
  /** NotPrincipal: the statement applies to every principal except `principals`. */
  notPrincipal: boolean;
  principals: TrustPrincipal[];
  /** NotAction: the statement covers every action except `actions`. */
  notAction: boolean;
  actions: string[];
  conditions: TrustCondition[];
}

export interface TrustPolicy {
  version: string | null;
  statements: TrustStatement[];
}

export type ParseResult<T> = {ok: true; value: T} | {ok: false; reason: string};

/** The actions that let a principal assume a role. */
export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] as const;

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** The trust policy in a JSON document (already URL-decoded), or why it is not one. */
export function parseTrustPolicy(json: string): ParseResult<TrustPolicy> {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    return {ok: false, reason: `not JSON (${(error as Error).message.slice(0, 80)})`};
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return {ok: false, reason: 'not a policy document (a JSON object)'};
  const record = doc as Record<string, unknown>;
  const raw = asList(record.Statement);
  if (raw.length === 0) return {ok: false, reason: 'the document has no Statement'};
  const statements: TrustStatement[] = [];
  for (const [i, s] of raw.entries()) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return {ok: false, reason: `statement ${i + 1} is not an object`};
    const parsed = parseStatement(s as Record<string, unknown>);
    if (typeof parsed === 'string') return {ok: false, reason: `statement ${i + 1}: ${parsed}`};
    statements.push(parsed);
  }
  return {ok: true, value: {version: typeof record.Version === 'string' ? record.Version : null, statements}};
}

function parseStatement(s: Record<string, unknown>): TrustStatement | string {
  const effect = s.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return `Effect is ${JSON.stringify(effect ?? null)}, not Allow or Deny`;
  const notPrincipal = s.NotPrincipal !== undefined;
  const principalBlock = notPrincipal ? s.NotPrincipal : s.Principal;
  if (principalBlock === undefined) return 'no Principal';
  const notAction = s.NotAction !== undefined;
  const actions = asList(notAction ? s.NotAction : s.Action).map(asText);
  if (actions.length === 0) return 'no Action';
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : null,
    effect,
    notPrincipal,
    principals: principalsOf(principalBlock),
    notAction,
    actions,
    conditions: conditionsOf(s.Condition),
  };
}

function principalsOf(block: unknown): TrustPrincipal[] {
  if (block === '*') return [classifyPrincipal('AWS', '*')];
  if (!block || typeof block !== 'object' || Array.isArray(block)) return [classifyPrincipal('', asText(block))];
  return Object.entries(block as Record<string, unknown>).flatMap(([type, values]) => asList(values).map(v => classifyPrincipal(type, asText(v))));
}

function conditionsOf(block: unknown): TrustCondition[] {
  if (!block || typeof block !== 'object' || Array.isArray(block)) return [];
  return Object.entries(block as Record<string, unknown>).flatMap(([operator, keys]) =>
    keys && typeof keys === 'object' && !Array.isArray(keys)
      ? Object.entries(keys as Record<string, unknown>).map(([key, values]) => ({operator, key, values: asList(values).map(asText)}))
      : [],
  );
}

const IAM_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(root|role|user)(?:\/(?:.*\/)?([^/]+))?$/;
const STS_ARN = /^arn:aws[a-z-]*:sts::(\d{12}):(assumed-role|federated-user)\/([^/]+)(?:\/.+)?$/;
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(saml-provider|oidc-provider)\/(.+)$/;

/** What one entry of a Principal block names (`type` is the block's key: AWS, Service, Federated, CanonicalUser). */
export function classifyPrincipal(type: string, value: string): TrustPrincipal {
  const p = (kind: PrincipalKind, account: string | null = null, name: string | null = null): TrustPrincipal => ({kind, value, account, name});
  if (type === 'AWS') {
    if (value === '*') return p('anyone');
    if (/^\d{12}$/.test(value)) return p('account', value);
    const iam = IAM_ARN.exec(value);
    if (iam) {
      if (iam[2] === 'root') return iam[3] === undefined ? p('account', iam[1]!) : p('unknown');
      return iam[3] ? p(iam[2] as 'role' | 'user', iam[1]!, iam[3]) : p('unknown');
    }
    const sts = STS_ARN.exec(value);
    if (sts) return p(sts[2] as 'assumed-role' | 'federated-user', sts[1]!, sts[3]!);
    if (/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(value)) return p('unique-id');
    return p('unknown');
  }
  if (type === 'Service') return value === '*' ? p('anyone') : p('service', null, value);
  if (type === 'Federated') {
    const provider = PROVIDER_ARN.exec(value);
    return provider ? p('federated', provider[1]!, provider[3]!) : p('federated', null, value);
  }
  if (type === 'CanonicalUser') return p('canonical-user');
  return p('unknown');
}

/** An IAM action pattern (`sts:*`, `sts:Assume*`, `*`) matches an action, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcard(pattern).test(action);
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Which of `actions` the statement covers (its Action, or everything but its NotAction). */
export function coveredActions(statement: Pick<TrustStatement, 'actions' | 'notAction'>, actions: readonly string[]): string[] {
  return actions.filter(a => statement.actions.some(p => actionMatches(p, a)) !== statement.notAction);
}

/** The assume actions a statement covers. */
export const assumeActionsOf = (statement: Pick<TrustStatement, 'actions' | 'notAction'>): string[] => coveredActions(statement, ASSUME_ACTIONS);

/** What a condition does to who can assume the role. */
export type ConditionEffect =
  /** Names who may (a principal ARN, an organisation, an external id, a network, a token subject...). */
  | 'narrows'
  /** Requires MFA. */
  | 'mfa'
  /** Looks like MFA but lets credentials without MFA context through (`BoolIfExists`). */
  | 'weak-mfa'
  /** Excludes some, or holds for everyone (a negated operator, `*`, IfExists on a key that may be missing...). */
  | 'none';

/** Keys that name who may, whoever they are (the principal, its organisation, its network, its token). */
const WHO_KEYS = [
  /^aws:principal(arn|orgid|orgpaths|account|tag\/.+|isawsservice|type)$/,
  /^aws:(userid|username)$/,
  /^sts:externalid$/,
  /^aws:(sourceip|sourcevpc|sourcevpce|vpcsourceip)$/,
  /^aws:source(account|arn|orgid|orgpaths|identity)$/,
  /^sts:sourceidentity$/,
  /^saml:(sub|sub_type|namequalifier|edupersonprincipalname|edupersonorgdn|cn|uid|iss)$/,
  // An OIDC provider's token claims: token.actions.githubusercontent.com:sub, oidc.eks...:sub, accounts.google.com:aud...
  /^[a-z0-9.-]+\.[a-z]{2,}(\/[^:]+)?:(sub|aud|amr|oaud|app_id|user_id|id|job_workflow_ref|repository|repository_owner)$/,
];
/** Keys always in the request: IfExists on them is as strict as without. */
const ALWAYS_PRESENT = /^aws:(principalarn|principalaccount|userid|sourceip)$/;
const NEGATED = /Not|^Null$/;

export function conditionEffect(c: TrustCondition): ConditionEffect {
  const key = c.key.toLowerCase();
  const operator = c.operator;
  const ifExists = /IfExists$/.test(operator);
  const values = c.values.map(v => v.toLowerCase());
  if (key === 'aws:multifactorauthpresent') {
    if (!/^Bool(IfExists)?$/.test(operator) || !values.includes('true') || values.includes('false')) return 'none';
    return ifExists ? 'weak-mfa' : 'mfa';
  }
  if (key === 'aws:multifactorauthage') {
    if (/^NumericLessThan(Equals)?$/.test(operator)) return 'mfa';
    if (operator === 'Null' && values.every(v => v === 'false')) return 'mfa';
    return 'none';
  }
  if (NEGATED.test(operator) || /^ForAllValues:/.test(operator)) return 'none';
  if (values.length === 0 || values.every(v => v === '*')) return 'none';
  if (ifExists && !ALWAYS_PRESENT.test(key)) return 'none';
  return WHO_KEYS.some(k => k.test(key)) ? 'narrows' : 'none';
}

/** Operators that test a value as given (shown as `key value`); the others are named. */
const PLAIN = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|Bool|IpAddress|NumericEquals)(IfExists)?$/;

/** A condition in a few words: `aws:PrincipalOrgID o-abc123`, `aws:SourceIp NotIpAddress 10.0.0.0/8`. */
export function describeCondition(c: TrustCondition): string {
  const values = c.values.length > 3 ? [...c.values.slice(0, 3), `… (${c.values.length} values)`] : c.values;
  return PLAIN.test(c.operator) ? `${c.key} ${values.join(', ')}` : `${c.key} ${c.operator} ${values.join(', ')}`;
}

/**
 * An MFA requirement every Allow statement inherits: a Deny of the assume actions to everyone when
 * `aws:MultiFactorAuthPresent` is false or missing (`BoolIfExists ... false`).
 */
export function denyWithoutMfa(statement: TrustStatement): boolean {
  if (statement.effect !== 'Deny' || statement.notPrincipal) return false;
  if (!statement.principals.some(p => p.kind === 'anyone')) return false;
  if (!coveredActions(statement, ['sts:AssumeRole']).length) return false;
  // Conditions are ANDed: any other condition narrows the Deny, which then no longer holds for everyone.
  return (
    statement.conditions.length === 1 &&
    statement.conditions.some(
      c => c.key.toLowerCase() === 'aws:multifactorauthpresent' && c.operator === 'BoolIfExists' && c.values.some(v => v.toLowerCase() === 'false'),
    )
  );
}
