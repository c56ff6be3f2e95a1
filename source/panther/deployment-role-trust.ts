// Who can assume the PantherDeploymentRole, from its trust policy. The role can create any IAM role and policy, so
// privilege escalation through it is trivial: whoever can assume it is an administrator of the account. Each
// principal of each Allow statement on the assume actions becomes one finding: `fail` for anyone or another
// account with nothing narrowing who, `warn` for the account root (any principal of the account whose own policy
// allows it), for principals beyond the one deploying, and for people without an MFA condition; `pass` for the
// deploying principal and CloudFormation. Pure: the trust policy and the caller are given.
import {
  type TrustCondition,
  type TrustPolicy,
  type TrustPrincipal,
  type TrustStatement,
  assumeActionsOf,
  conditionEffect,
  denyWithoutMfa,
  describeCondition,
} from '../domain/trust-policy.js';

export type TrustLevel = 'fail' | 'warn' | 'pass' | 'note';

export interface TrustFinding {
  level: TrustLevel;
  /** The principal as the policy writes it (`*` for anyone); null for the role as a whole. */
  principal: string | null;
  /** One line: who can assume the role, and how. */
  found: string;
  /** What to do; '' when nothing is to be done. */
  action: string;
}

export interface TrustContext {
  /** The account the role is in. */
  account: string;
  /** Who deploys Panther (the caller of preflight or deploy): a session, role or user ARN; null when not known. */
  deployingPrincipalArn: string | null;
  /** The role's name, for the lines (default "the deployment role"). */
  roleName?: string;
}

const CLOUDFORMATION = 'cloudformation.amazonaws.com';
const ORDER: Record<TrustLevel, number> = {fail: 0, warn: 1, pass: 2, note: 3};
const SSO_ROLE = /^AWSReservedSSO_/;
const MFA_CONDITION = '"Bool": {"aws:MultiFactorAuthPresent": "true"}';

/** The identity behind an ARN, as a trust policy would name it. */
interface Identity {
  account: string;
  kind: 'role' | 'user' | 'root';
  name: string;
  /** How the lines call it. */
  display: string;
}

/** A session ARN is its role; a role or user ARN is itself. */
export function deployingIdentity(arn: string | null): Identity | null {
  if (!arn) return null;
  const session = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (session) return {account: session[1]!, kind: 'role', name: session[2]!, display: `the role ${session[2]}`};
  const iam = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (iam) return {account: iam[1]!, kind: iam[2] as 'role' | 'user', name: iam[3]!, display: arn};
  const root = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(arn);
  if (root) return {account: root[1]!, kind: 'root', name: 'root', display: `the root user of ${root[1]}`};
  return null;
}

function isDeploying(p: TrustPrincipal, me: Identity | null): boolean {
  if (!me || p.account !== me.account || !p.name) return false;
  const sameName = p.name.toLowerCase() === me.name.toLowerCase();
  if (p.kind === 'role' || p.kind === 'assumed-role') return me.kind === 'role' && sameName;
  if (p.kind === 'user') return me.kind === 'user' && sameName;
  return false;
}

/** People sign in as these: an MFA condition is expected of them. */
function isPerson(p: TrustPrincipal): boolean {
  if (p.kind === 'user' || p.kind === 'federated-user' || p.kind === 'account' || p.kind === 'anyone') return true;
  return (p.kind === 'role' || p.kind === 'assumed-role') && SSO_ROLE.test(p.name ?? '');
}

const isSaml = (p: TrustPrincipal) => p.kind === 'federated' && /saml/i.test(p.value);

/** How MFA stands for a statement: required, required in a way that lets some through, or not at all. */
type Mfa = 'required' | 'weak' | 'none';

function mfaOf(conditions: readonly TrustCondition[], enforcedByDeny: boolean): Mfa {
  const effects = conditions.map(conditionEffect);
  if (enforcedByDeny || effects.includes('mfa')) return 'required';
  return effects.includes('weak-mfa') ? 'weak' : 'none';
}

const MFA_WORDS: Record<Mfa, string> = {
  required: 'with MFA',
  weak: 'with an MFA condition that lets credentials without MFA through (BoolIfExists)',
  none: 'with no MFA condition',
};

/** The principal in words. */
function who(p: TrustPrincipal, account: string): string {
  const of = p.account && p.account !== account ? ` of account ${p.account}` : '';
  switch (p.kind) {
    case 'anyone':
      return p.value === '*' ? 'anyone ("*": any principal of any AWS account)' : p.value;
    case 'account':
      return p.account === account
        ? `any principal of account ${account} whose own policy allows sts:AssumeRole on it (the account root is trusted)`
        : `account ${p.account} (another account: its root is trusted, so any principal there whose own policy allows it)`;
    case 'role':
      return `the role ${p.name}${of}`;
    case 'user':
      return `the IAM user ${p.name}${of}`;
    case 'assumed-role':
      return `the session ${p.value}`;
    case 'federated-user':
      return `the federated user ${p.name}${of}`;
    case 'unique-id':
      return `${p.value} (a unique id: IAM shows one for a principal deleted since)`;
    case 'service':
      return p.name === CLOUDFORMATION ? `the CloudFormation service (${CLOUDFORMATION})` : `the service ${p.name}`;
    case 'federated':
      return isSaml(p) ? `users of the SAML provider ${p.name}${of}` : `web identities of ${p.name}${of}`;
    default:
      return p.value;
  }
}

interface Verdict {
  level: Exclude<TrustLevel, 'note'>;
  /** Follows "<who> can assume it" with its own connector (", when ...", ": ...", " (...)"). */
  why: string;
  action: string;
}

const IDENTITY_KINDS = new Set(['account', 'role', 'user', 'assumed-role', 'federated-user']);

/** One principal of one Allow statement. */
function judge(p: TrustPrincipal, s: TrustStatement, ctx: TrustContext, me: Identity | null, mfa: Mfa): Verdict {
  const narrowing = s.conditions.filter(c => conditionEffect(c) === 'narrows');
  const narrowed = narrowing.length > 0;
  const when = narrowed ? `, when ${narrowing.map(describeCondition).join(' and ')}` : ', with no condition narrowing who';
  const mfaFix = `require MFA: add ${MFA_CONDITION} to its statement`;
  // People are expected to use MFA: a pass without it is a warning.
  const withMfa = (v: Verdict, person = isPerson(p) && !isSaml(p)): Verdict => {
    if (!person) return v;
    const gap = mfa !== 'required';
    return {
      level: gap && v.level === 'pass' ? 'warn' : v.level,
      why: `${v.why}, ${MFA_WORDS[mfa]}`,
      // A failure's fix is to remove or narrow the principal: MFA would not be enough.
      action: gap && v.level !== 'fail' ? [v.action, mfaFix].filter(Boolean).join('; ') : v.action,
    };
  };
  const otherAccount = p.account !== null && p.account !== ctx.account;

  if (p.kind === 'anyone') {
    const action = s.notPrincipal
      ? 'replace the NotPrincipal by a Principal naming the principals that deploy Panther'
      : narrowed
        ? `replace "${p.value}" by the principals that deploy Panther`
        : `remove "${p.value}" from the trust policy: name the principals that deploy Panther instead`;
    return withMfa({level: narrowed ? 'warn' : 'fail', why: when, action});
  }
  if (otherAccount && IDENTITY_KINDS.has(p.kind)) {
    const action = `remove ${p.value} from the trust policy, or narrow it to the principals that deploy Panther (a condition on aws:PrincipalArn, or sts:ExternalId / aws:PrincipalOrgID)`;
    return withMfa(narrowed ? {level: 'warn', why: `${when} (from another account)`, action} : {level: 'fail', why: when, action});
  }
  if (p.kind === 'account') {
    const arns = narrowing.filter(c => c.key.toLowerCase() === 'aws:principalarn').flatMap(c => c.values);
    const onlyMe =
      arns.length > 0 && narrowing.every(c => c.key.toLowerCase() === 'aws:principalarn') && arns.every(a => isDeploying(principalFromArn(a), me));
    if (onlyMe) {
      // Narrowed to the deployer: MFA is expected only if the deployer is a person.
      const deployer = me ? isPerson({kind: me.kind === 'user' ? 'user' : 'role', value: '', account: me.account, name: me.name}) : true;
      return withMfa({level: 'pass', why: `${when} (the deploying principal)`, action: ''}, deployer);
    }
    return withMfa({
      level: 'warn',
      why: when,
      action: `name the principals that deploy Panther${me ? ` (${me.display})` : ''} instead of the account root, or add a condition on aws:PrincipalArn`,
    });
  }
  if (IDENTITY_KINDS.has(p.kind)) {
    if (isDeploying(p, me)) return withMfa({level: 'pass', why: ' (the deploying principal)', action: ''});
    return withMfa({
      level: 'warn',
      why: me ? `: it is not the deploying principal (${me.display})` : ': whether it deploys Panther is not known',
      action: `remove ${p.value} from the trust policy unless it deploys Panther`,
    });
  }
  if (p.kind === 'service') {
    if (p.name === CLOUDFORMATION) return {level: 'pass', why: ': CloudFormation deploys with it', action: ''};
    return {
      level: 'warn',
      why: ': whoever can pass the role to that service (iam:PassRole) gets its permissions',
      action: `remove the service ${p.name} from the trust policy unless it deploys Panther`,
    };
  }
  if (p.kind === 'federated') {
    if (isSaml(p)) {
      return {
        level: 'warn',
        why: `${narrowed ? when : ''}: the identity provider decides who gets it`,
        action: 'make sure the identity provider gives this role only to the people who deploy Panther, with MFA',
      };
    }
    const action = "narrow it to the identities that deploy Panther: a condition on the token's sub (and aud) claims";
    return narrowed
      ? {level: 'warn', why: when, action}
      : {level: 'fail', why: ", with no condition on the token's claims: any identity of the provider", action};
  }
  if (p.kind === 'unique-id') return {level: 'warn', why: ': it names a principal deleted since', action: `remove ${p.value} from the trust policy`};
  return {level: 'warn', why: ': a principal the console does not recognise', action: `check ${p.value}: remove it unless it deploys Panther`};
}

function principalFromArn(arn: string): TrustPrincipal {
  const me = deployingIdentity(arn);
  if (!me || me.kind === 'root' || /[*?]/.test(arn)) return {kind: 'unknown', value: arn, account: null, name: null};
  return {kind: me.kind, value: arn, account: me.account, name: me.name};
}

/** The line that always comes first: the role is an administrator role. */
export function adminNote(ctx: Pick<TrustContext, 'account' | 'roleName'>): TrustFinding {
  const role = ctx.roleName ?? 'the deployment role';
  return {
    level: 'note',
    principal: null,
    found: `${role} is an administrator role: it can create any IAM role and policy, so whoever can assume it is an administrator of account ${ctx.account}`,
    action: 'treat it as a sensitive administrator role: only the principals that deploy Panther, and CloudFormation, should be able to assume it',
  };
}

/**
 * The admin note, then one finding per principal of each Allow statement on the assume actions (failures first, then
 * warnings, then passes), then the notes on Deny statements.
 */
export function trustFindings(policy: TrustPolicy, ctx: TrustContext): TrustFinding[] {
  const me = deployingIdentity(ctx.deployingPrincipalArn);
  const mfaByDeny = policy.statements.some(denyWithoutMfa);
  const out: TrustFinding[] = [adminNote(ctx)];
  const notes: TrustFinding[] = [];
  for (const s of policy.statements) {
    const actions = assumeActionsOf(s);
    if (s.effect === 'Deny') {
      notes.push(denyNote(s, actions, mfaByDeny && denyWithoutMfa(s)));
      continue;
    }
    if (actions.length === 0) continue;
    const mfa = mfaOf(s.conditions, mfaByDeny);
    const principals: TrustPrincipal[] = s.notPrincipal
      ? [{kind: 'anyone', value: `every principal except ${s.principals.map(p => p.value).join(', ')} (NotPrincipal)`, account: null, name: null}]
      : s.principals;
    for (const p of principals) {
      const v = judge(p, s, ctx, me, mfa);
      const verb = actions.length === 1 && actions[0] === 'sts:AssumeRole' ? 'can assume it' : `can assume it (${actions.join(', ')})`;
      out.push({level: v.level, principal: p.value, found: `${who(p, ctx.account)} ${verb}${v.why}`, action: v.action});
    }
  }
  if (out.length === 1) {
    out.push({level: 'pass', principal: null, found: 'no Allow statement lets anyone assume it (CloudFormation cannot either)', action: ''});
  }
  // The worst first (a stable sort keeps the policy's order within a level); the admin note stays on top.
  const [admin, ...principals] = out;
  return [admin!, ...principals.sort((a, b) => ORDER[a.level] - ORDER[b.level]), ...notes];
}

function denyNote(s: TrustStatement, actions: string[], requiresMfa: boolean): TrustFinding {
  if (requiresMfa) {
    return {
      level: 'note',
      principal: null,
      found: 'a Deny statement requires MFA of every principal (aws:MultiFactorAuthPresent BoolIfExists false)',
      action: '',
    };
  }
  const whom = s.notPrincipal ? `every principal except ${s.principals.map(p => p.value).join(', ')}` : s.principals.map(p => p.value).join(', ');
  const conditions = s.conditions.length > 0 ? ` when ${s.conditions.map(describeCondition).join(' and ')}` : '';
  return {
    level: 'note',
    principal: null,
    found: `a Deny statement${s.sid ? ` (${s.sid})` : ''} on ${actions.length > 0 ? actions.join(', ') : s.actions.join(', ')} for ${whom}${conditions}: it can only narrow who can assume it (not evaluated here)`,
    action: '',
  };
}

/** The worst level among the findings (notes aside). */
export function worstTrustLevel(findings: readonly TrustFinding[]): 'fail' | 'warn' | 'pass' {
  if (findings.some(f => f.level === 'fail')) return 'fail';
  return findings.some(f => f.level === 'warn') ? 'warn' : 'pass';
}

/** The command that replaces a role's trust policy (with the fixed document in trust.json). */
export function trustFixCommand(roleName: string): string {
  return `aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://trust.json`;
}
