// Who can assume the PantherDeploymentRole, judged from real-shaped trust policies: Panther's own template (the
// account root, or IdentityAccountId's account, and CloudFormation), anyone, other accounts, people with and
// without MFA, services, identity providers, Deny and NotPrincipal statements.
import {describe, expect, it} from 'vitest';
import {parseTrustPolicy, type TrustPolicy} from '../../source/domain/trust-policy.js';
import {trustFindings, worstTrustLevel, type TrustContext, type TrustFinding} from '../../source/panther/deployment-role-trust.js';
import {trustLines} from '../../source/report/trust-text.js';

const ACCOUNT = '123456789012';
const SSO_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a`;
const SSO_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a/engineer@example.com`;
const CI_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ci/panther-deployer`;
const CI_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/panther-deployer/github-actions`;
const CFN = {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'};
const MFA = {Bool: {'aws:MultiFactorAuthPresent': 'true'}};

const policy = (...Statement: object[]): TrustPolicy => {
  const r = parseTrustPolicy(JSON.stringify({Version: '2012-10-17', Statement}));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const ctx = (deployingPrincipalArn: string | null = SSO_SESSION): TrustContext => ({
  account: ACCOUNT,
  deployingPrincipalArn,
  roleName: 'PantherDeploymentRole-us-east-2',
});
/** Each finding as "level principal" (the admin note's principal is null). */
const levels = (findings: TrustFinding[]) => findings.map(f => `${f.level} ${f.principal ?? '-'}`);

/**
 * The trust of Panther's deployment role template (panther-deployment-role.yml), as IAM returns it once
 * CloudFormation created the role: the account root, or IdentityAccountId's root when that parameter is set, and
 * CloudFormation, each with aws:SecureTransport.
 */
function pantherTemplateTrust(identityAccountId = ''): TrustPolicy {
  const secure = {Bool: {'aws:SecureTransport': 'true'}};
  return policy(
    {Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${identityAccountId || ACCOUNT}:root`}, Action: 'sts:AssumeRole', Condition: secure},
    {...CFN, Condition: secure},
  );
}

describe("Panther's own deployment role template", () => {
  it('trusts the whole account by default: a warning, with the note that the role is an administrator role', () => {
    const findings = trustFindings(pantherTemplateTrust(), ctx());
    expect(levels(findings)).toEqual(['note -', `warn arn:aws:iam::${ACCOUNT}:root`, 'pass cloudformation.amazonaws.com']);
    expect(findings[0]).toEqual({
      level: 'note',
      principal: null,
      found:
        'PantherDeploymentRole-us-east-2 is an administrator role: it can create any IAM role and policy, so whoever can assume it is an administrator of account 123456789012',
      action: 'treat it as a sensitive administrator role: only the principals that deploy Panther, and CloudFormation, should be able to assume it',
    });
    expect(findings[1]!.found).toBe(
      'any principal of account 123456789012 whose own policy allows sts:AssumeRole on it (the account root is trusted) can assume it, with no condition narrowing who, with no MFA condition',
    );
    expect(findings[1]!.action).toBe(
      'name the principals that deploy Panther (the role AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a) instead of the account root, or add a condition on aws:PrincipalArn; ' +
        'require MFA: add "Bool": {"aws:MultiFactorAuthPresent": "true"} to its statement',
    );
    expect(findings[2]!.found).toBe('the CloudFormation service (cloudformation.amazonaws.com) can assume it: CloudFormation deploys with it');
    expect(worstTrustLevel(findings)).toBe('warn');
  });

  it("with IdentityAccountId, trusts another account's root with nothing narrowing who: a failure", () => {
    const findings = trustFindings(pantherTemplateTrust('999988887777'), ctx());
    expect(levels(findings)).toEqual(['note -', 'fail arn:aws:iam::999988887777:root', 'pass cloudformation.amazonaws.com']);
    expect(findings[1]!.found).toBe(
      'account 999988887777 (another account: its root is trusted, so any principal there whose own policy allows it) can assume it, with no condition narrowing who, with no MFA condition',
    );
    expect(findings[1]!.action).toContain(
      'remove arn:aws:iam::999988887777:root from the trust policy, or narrow it to the principals that deploy Panther',
    );
    // Removing or narrowing it is the fix: MFA alone would not be.
    expect(findings[1]!.action).not.toContain('MFA');
    expect(worstTrustLevel(findings)).toBe('fail');
  });
});

describe('anyone and other accounts', () => {
  it('fails "*" with nothing narrowing who, and warns when an organisation narrows it', () => {
    expect(levels(trustFindings(policy({Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole'}), ctx()))).toEqual(['note -', 'fail *']);
    const org = trustFindings(
      policy({
        Effect: 'Allow',
        Principal: {AWS: '*'},
        Action: 'sts:AssumeRole',
        Condition: {StringEquals: {'aws:PrincipalOrgID': 'o-abc123'}, ...MFA},
      }),
      ctx(),
    );
    expect(levels(org)).toEqual(['note -', 'warn *']);
    expect(org[1]!.found).toBe('anyone ("*": any principal of any AWS account) can assume it, when aws:PrincipalOrgID o-abc123, with MFA');
  });

  it('still fails "*" that only requires MFA: MFA says how, not who', () => {
    expect(levels(trustFindings(policy({Effect: 'Allow', Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: MFA}), ctx()))).toEqual([
      'note -',
      'fail *',
    ]);
  });

  it('fails a role of another account without a condition, and warns when an external id narrows it', () => {
    const other = 'arn:aws:iam::210987654321:role/ops';
    expect(levels(trustFindings(policy({Effect: 'Allow', Principal: {AWS: other}, Action: 'sts:AssumeRole'}), ctx()))).toEqual([
      'note -',
      `fail ${other}`,
    ]);
    const narrowed = trustFindings(
      policy({Effect: 'Allow', Principal: {AWS: '210987654321'}, Action: 'sts:AssumeRole', Condition: {StringEquals: {'sts:ExternalId': 'c0ffee'}}}),
      ctx(),
    );
    expect(levels(narrowed)).toEqual(['note -', 'warn 210987654321']);
    expect(narrowed[1]!.found).toContain('when sts:ExternalId c0ffee (from another account), with no MFA condition');
  });

  it('fails an Allow with NotPrincipal: everyone but the few it names', () => {
    const findings = trustFindings(policy({Effect: 'Allow', NotPrincipal: {AWS: CI_ROLE_ARN}, Action: 'sts:AssumeRole'}), ctx(CI_SESSION));
    expect(findings.map(f => f.level)).toEqual(['note', 'fail']);
    expect(findings[1]!.found).toMatch(/^every principal except arn:aws:iam::123456789012:role\/ci\/panther-deployer \(NotPrincipal\) can assume it/);
    expect(findings[1]!.action).toBe('replace the NotPrincipal by a Principal naming the principals that deploy Panther');
  });
});

describe('principals of the account', () => {
  it('passes only the deploying principal and CloudFormation: a CI role needs no MFA', () => {
    const findings = trustFindings(policy(CFN, {Effect: 'Allow', Principal: {AWS: CI_ROLE_ARN}, Action: 'sts:AssumeRole'}), ctx(CI_SESSION));
    expect(levels(findings)).toEqual(['note -', 'pass cloudformation.amazonaws.com', `pass ${CI_ROLE_ARN}`]);
    expect(findings[2]!.found).toBe('the role panther-deployer can assume it (the deploying principal)');
    expect(worstTrustLevel(findings)).toBe('pass');
  });

  it('passes the SSO administrators who deploy with MFA, and warns without it', () => {
    const withMfa = trustFindings(policy(CFN, {Effect: 'Allow', Principal: {AWS: SSO_ROLE_ARN}, Action: 'sts:AssumeRole', Condition: MFA}), ctx());
    expect(worstTrustLevel(withMfa)).toBe('pass');
    expect(withMfa[2]!.found).toBe('the role AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a can assume it (the deploying principal), with MFA');
    const without = trustFindings(policy(CFN, {Effect: 'Allow', Principal: {AWS: SSO_ROLE_ARN}, Action: 'sts:AssumeRole'}), ctx());
    expect(levels(without)).toEqual(['note -', `warn ${SSO_ROLE_ARN}`, 'pass cloudformation.amazonaws.com']);
    expect(without[1]!.action).toBe('require MFA: add "Bool": {"aws:MultiFactorAuthPresent": "true"} to its statement');
    const weak = trustFindings(
      policy({
        Effect: 'Allow',
        Principal: {AWS: SSO_ROLE_ARN},
        Action: 'sts:AssumeRole',
        Condition: {BoolIfExists: {'aws:MultiFactorAuthPresent': 'true'}},
      }),
      ctx(),
    );
    expect(weak[1]).toMatchObject({level: 'warn'});
    expect(weak[1]!.found).toContain('with an MFA condition that lets credentials without MFA through (BoolIfExists)');
  });

  it('warns of principals beyond the one deploying, and of IAM users without MFA', () => {
    const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
    const findings = trustFindings(
      policy({Effect: 'Allow', Principal: {AWS: [CI_ROLE_ARN, bob, `arn:aws:sts::${ACCOUNT}:assumed-role/Ops/alice`]}, Action: 'sts:AssumeRole'}),
      ctx(CI_SESSION),
    );
    expect(levels(findings)).toEqual(['note -', `warn ${bob}`, `warn arn:aws:sts::${ACCOUNT}:assumed-role/Ops/alice`, `pass ${CI_ROLE_ARN}`]);
    expect(findings[1]!.found).toBe(
      'the IAM user bob can assume it: it is not the deploying principal (the role panther-deployer), with no MFA condition',
    );
    expect(findings[1]!.action).toBe(
      `remove ${bob} from the trust policy unless it deploys Panther; require MFA: add "Bool": {"aws:MultiFactorAuthPresent": "true"} to its statement`,
    );
    // A user deploying with MFA is the deploying principal.
    expect(trustFindings(policy({Effect: 'Allow', Principal: {AWS: bob}, Action: 'sts:AssumeRole', Condition: MFA}), ctx(bob))[1]).toMatchObject({
      level: 'pass',
    });
  });

  it('says so when the deploying principal is not known', () => {
    const findings = trustFindings(policy({Effect: 'Allow', Principal: {AWS: CI_ROLE_ARN}, Action: 'sts:AssumeRole'}), ctx(null));
    expect(findings[1]).toMatchObject({level: 'warn', found: 'the role panther-deployer can assume it: whether it deploys Panther is not known'});
  });

  it('passes the account root narrowed to the deploying role by aws:PrincipalArn, and warns when it names others', () => {
    const root = (...arns: string[]) =>
      policy({
        Effect: 'Allow',
        Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`},
        Action: 'sts:AssumeRole',
        Condition: {ArnEquals: {'aws:PrincipalArn': arns}},
      });
    const mine = trustFindings(root(CI_ROLE_ARN), ctx(CI_SESSION));
    expect(mine[1]).toMatchObject({level: 'pass'});
    expect(mine[1]!.found).toContain(`when aws:PrincipalArn ${CI_ROLE_ARN} (the deploying principal)`);
    expect(trustFindings(root(CI_ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/other`), ctx(CI_SESSION))[1]).toMatchObject({level: 'warn'});
    expect(trustFindings(root(`arn:aws:iam::${ACCOUNT}:role/ci/*`), ctx(CI_SESSION))[1]).toMatchObject({level: 'warn'});
  });

  it('warns of a unique id: IAM shows one where the principal was deleted', () => {
    const findings = trustFindings(policy({Effect: 'Allow', Principal: {AWS: 'AROA5AHHOQFQNAAWPKBP1'}, Action: 'sts:AssumeRole'}), ctx());
    expect(findings[1]).toMatchObject({level: 'warn', action: 'remove AROA5AHHOQFQNAAWPKBP1 from the trust policy'});
  });
});

describe('services and identity providers', () => {
  it('warns of a service beyond CloudFormation', () => {
    const findings = trustFindings(policy(CFN, {Effect: 'Allow', Principal: {Service: ['ec2.amazonaws.com']}, Action: 'sts:AssumeRole'}), ctx());
    expect(levels(findings)).toEqual(['note -', 'warn ec2.amazonaws.com', 'pass cloudformation.amazonaws.com']);
    expect(findings[1]!.found).toBe(
      'the service ec2.amazonaws.com can assume it: whoever can pass the role to that service (iam:PassRole) gets its permissions',
    );
  });

  it("fails GitHub's OIDC provider without a subject, and warns with one", () => {
    const github = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const open = trustFindings(
      policy({
        Effect: 'Allow',
        Principal: {Federated: github},
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {StringEquals: {'token.actions.githubusercontent.com:aud': '*'}},
      }),
      ctx(),
    );
    expect(open[1]).toMatchObject({level: 'fail'});
    expect(open[1]!.found).toBe(
      "web identities of token.actions.githubusercontent.com can assume it (sts:AssumeRoleWithWebIdentity), with no condition on the token's claims: any identity of the provider",
    );
    const narrowed = trustFindings(
      policy({
        Effect: 'Allow',
        Principal: {Federated: github},
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {StringLike: {'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main'}},
      }),
      ctx(),
    );
    expect(narrowed[1]).toMatchObject({level: 'warn'});
  });

  it('warns of a SAML provider: the identity provider decides who gets the role', () => {
    const findings = trustFindings(
      policy({
        Effect: 'Allow',
        Principal: {Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`},
        Action: 'sts:AssumeRoleWithSAML',
        Condition: {StringEquals: {'SAML:aud': 'https://signin.aws.amazon.com/saml'}},
      }),
      ctx(),
    );
    expect(findings[1]).toMatchObject({level: 'warn'});
    expect(findings[1]!.found).toBe(
      'users of the SAML provider Okta can assume it (sts:AssumeRoleWithSAML): the identity provider decides who gets it',
    );
  });
});

describe('Deny statements and statements that grant nothing', () => {
  it('notes a Deny, and counts a Deny without MFA as MFA for every statement', () => {
    const findings = trustFindings(
      policy(
        {Effect: 'Allow', Principal: {AWS: SSO_ROLE_ARN}, Action: 'sts:AssumeRole'},
        {Effect: 'Deny', Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: {BoolIfExists: {'aws:MultiFactorAuthPresent': 'false'}}},
        {Sid: 'NoOffice', Effect: 'Deny', Principal: {AWS: '*'}, Action: 'sts:*', Condition: {NotIpAddress: {'aws:SourceIp': '203.0.113.0/24'}}},
      ),
      ctx(),
    );
    expect(findings.map(f => f.level)).toEqual(['note', 'pass', 'note', 'note']);
    expect(findings[1]!.found).toContain('(the deploying principal), with MFA');
    expect(findings[2]!.found).toBe('a Deny statement requires MFA of every principal (aws:MultiFactorAuthPresent BoolIfExists false)');
    expect(findings[3]!.found).toBe(
      'a Deny statement (NoOffice) on sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML for * when aws:SourceIp NotIpAddress 203.0.113.0/24: it can only narrow who can assume it (not evaluated here)',
    );
  });

  it('ignores an Allow of sts:TagSession alone, and says when nobody can assume the role', () => {
    const findings = trustFindings(policy({Effect: 'Allow', Principal: {AWS: '*'}, Action: 'sts:TagSession'}), ctx());
    expect(findings.map(f => f.level)).toEqual(['note', 'pass']);
    expect(findings[1]!.found).toBe('no Allow statement lets anyone assume it (CloudFormation cannot either)');
  });

  it('lists failures first, then warnings, then passes, whatever the order of the statements', () => {
    const findings = trustFindings(
      policy(
        CFN,
        {Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Action: 'sts:AssumeRole'},
        {Effect: 'Allow', Principal: '*', Action: 'sts:*'},
      ),
      ctx(),
    );
    expect(findings.map(f => f.level)).toEqual(['note', 'fail', 'warn', 'pass']);
  });
});

describe('the findings as text lines', () => {
  it('prints the level, what was found and what to do, one line each', () => {
    const lines = trustLines(trustFindings(pantherTemplateTrust(), ctx()));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^NOTE {4}PantherDeploymentRole-us-east-2 is an administrator role: .* => treat it as a sensitive administrator role: /);
    expect(lines[1]).toMatch(/^WARN {4}any principal of account 123456789012 .* => name the principals that deploy Panther/);
    expect(lines[2]).toBe('PASS    the CloudFormation service (cloudformation.amazonaws.com) can assume it: CloudFormation deploys with it');
  });

  it('never lets a principal or a condition value drive the terminal', () => {
    const hostile = policy({
      Effect: 'Allow',
      Principal: {AWS: '*'},
      Action: 'sts:AssumeRole',
      Condition: {StringEquals: {'sts:ExternalId': 'x\u001b]52;c;aGk=\u0007\u001b[2Jy'}},
    });
    const [, line] = trustLines(trustFindings(hostile, ctx()));
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toContain('when sts:ExternalId xy');
  });
});
