// Reading a trust policy: its statements, who each names, which actions it covers, and what each condition does
// to who can assume the role.
import {describe, expect, it} from 'vitest';
import {
  assumeActionsOf,
  classifyPrincipal,
  conditionEffect,
  denyWithoutMfa,
  describeCondition,
  parseTrustPolicy,
  type TrustPolicy,
} from '../../source/domain/trust-policy.js';

const parse = (doc: unknown): TrustPolicy => {
  const r = parseTrustPolicy(JSON.stringify(doc));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('a trust policy read from its JSON', () => {
  it('takes a Statement object or list, and Principal and Action as a string or a list', () => {
    const one = parse({
      Version: '2012-10-17',
      Statement: {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'},
    });
    expect(one.version).toBe('2012-10-17');
    expect(one.statements).toEqual([
      {
        sid: null,
        effect: 'Allow',
        notPrincipal: false,
        principals: [{kind: 'service', value: 'cloudformation.amazonaws.com', account: null, name: 'cloudformation.amazonaws.com'}],
        notAction: false,
        actions: ['sts:AssumeRole'],
        conditions: [],
      },
    ]);
    const many = parse({
      Statement: [
        {
          Sid: 'People',
          Effect: 'Allow',
          Principal: {AWS: ['arn:aws:iam::123456789012:role/Admin', '210987654321']},
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {Bool: {'aws:MultiFactorAuthPresent': true}, StringEquals: {'aws:PrincipalOrgID': ['o-abc123', 'o-def456']}},
        },
      ],
    });
    expect(many.statements[0]).toMatchObject({
      sid: 'People',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      conditions: [
        // A JSON boolean is read as IAM compares it: as text.
        {operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true']},
        {operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc123', 'o-def456']},
      ],
    });
    expect(many.statements[0]!.principals.map(p => [p.kind, p.account, p.name])).toEqual([
      ['role', '123456789012', 'Admin'],
      ['account', '210987654321', null],
    ]);
  });

  it('reads Principal "*" as anyone, and NotPrincipal and NotAction as the exceptions they are', () => {
    const p = parse({
      Statement: [
        {Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole'},
        {Effect: 'Deny', NotPrincipal: {AWS: 'arn:aws:iam::123456789012:role/Deployer'}, NotAction: 'sts:TagSession'},
      ],
    });
    expect(p.statements[0]!.principals).toEqual([{kind: 'anyone', value: '*', account: null, name: null}]);
    expect(p.statements[1]).toMatchObject({effect: 'Deny', notPrincipal: true, notAction: true, actions: ['sts:TagSession']});
  });

  it('says why a document is not a trust policy', () => {
    expect(parseTrustPolicy('{"Statement": [')).toMatchObject({ok: false, reason: expect.stringMatching(/^not JSON/)});
    expect(parseTrustPolicy('[]')).toEqual({ok: false, reason: 'not a policy document (a JSON object)'});
    expect(parseTrustPolicy('{"Version": "2012-10-17"}')).toEqual({ok: false, reason: 'the document has no Statement'});
    expect(parseTrustPolicy('{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "sts:AssumeRole"}]}')).toEqual({
      ok: false,
      reason: 'statement 1: Effect is "Maybe", not Allow or Deny',
    });
    expect(parseTrustPolicy('{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole"}}')).toEqual({
      ok: false,
      reason: 'statement 1: no Principal',
    });
  });
});

describe('who a principal is', () => {
  it.each([
    ['AWS', '*', 'anyone', null, null],
    ['AWS', '123456789012', 'account', '123456789012', null],
    ['AWS', 'arn:aws:iam::123456789012:root', 'account', '123456789012', null],
    ['AWS', 'arn:aws-us-gov:iam::123456789012:root', 'account', '123456789012', null],
    [
      'AWS',
      'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1a2b',
      'role',
      '123456789012',
      'AWSReservedSSO_Admin_1a2b',
    ],
    ['AWS', 'arn:aws:iam::123456789012:user/ci/deployer', 'user', '123456789012', 'deployer'],
    ['AWS', 'arn:aws:sts::123456789012:assumed-role/Admin/jane@example.com', 'assumed-role', '123456789012', 'Admin'],
    ['AWS', 'arn:aws:sts::123456789012:federated-user/jane', 'federated-user', '123456789012', 'jane'],
    ['AWS', 'AROA5AHHOQFQNAAWPKBP1', 'unique-id', null, null],
    ['AWS', 'arn:aws:s3:::bucket', 'unknown', null, null],
    ['Service', 'cloudformation.amazonaws.com', 'service', null, 'cloudformation.amazonaws.com'],
    ['Federated', 'arn:aws:iam::123456789012:saml-provider/Okta', 'federated', '123456789012', 'Okta'],
    [
      'Federated',
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      'federated',
      '123456789012',
      'token.actions.githubusercontent.com',
    ],
    ['Federated', 'cognito-identity.amazonaws.com', 'federated', null, 'cognito-identity.amazonaws.com'],
    ['CanonicalUser', '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', 'canonical-user', null, null],
  ])('%s %s is %s', (type, value, kind, account, name) => {
    expect(classifyPrincipal(type, value)).toEqual({kind, value, account, name});
  });
});

describe('the actions a statement covers', () => {
  const covers = (actions: string[], notAction = false) => assumeActionsOf({actions, notAction});

  it('matches sts:AssumeRole, its web identity and SAML forms, and wildcards, in any case', () => {
    expect(covers(['sts:AssumeRole'])).toEqual(['sts:AssumeRole']);
    expect(covers(['STS:assumerole'])).toEqual(['sts:AssumeRole']);
    expect(covers(['sts:*'])).toEqual(['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);
    expect(covers(['*'])).toHaveLength(3);
    expect(covers(['sts:AssumeRoleWith*'])).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);
  });

  it('does not count sts:TagSession alone, and reads NotAction as everything else', () => {
    expect(covers(['sts:TagSession', 'sts:SetSourceIdentity'])).toEqual([]);
    expect(covers(['sts:TagSession'], true)).toHaveLength(3);
    expect(covers(['sts:AssumeRole*'], true)).toEqual([]);
  });
});

describe('what a condition does to who can assume the role', () => {
  const effect = (operator: string, key: string, ...values: string[]) => conditionEffect({operator, key, values});

  it('narrows who: a principal, an organisation, an external id, a network, a source, a token subject', () => {
    expect(effect('StringEquals', 'aws:PrincipalOrgID', 'o-abc123')).toBe('narrows');
    expect(effect('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/ci-*')).toBe('narrows');
    expect(effect('StringEquals', 'sts:ExternalId', 'c0ffee')).toBe('narrows');
    expect(effect('IpAddress', 'aws:SourceIp', '203.0.113.0/24')).toBe('narrows');
    expect(effect('StringEquals', 'aws:SourceAccount', '123456789012')).toBe('narrows');
    expect(effect('StringLike', 'token.actions.githubusercontent.com:sub', 'repo:acme/infra:ref:refs/heads/main')).toBe('narrows');
    expect(effect('StringEquals', 'oidc.eks.us-east-2.amazonaws.com/id/ABC123:sub', 'system:serviceaccount:ci:deployer')).toBe('narrows');
    // Always in the request: IfExists changes nothing.
    expect(effect('ArnEqualsIfExists', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/Deployer')).toBe('narrows');
  });

  it('requires MFA with Bool true or an MFA age; BoolIfExists lets credentials without MFA context through', () => {
    expect(effect('Bool', 'aws:MultiFactorAuthPresent', 'true')).toBe('mfa');
    expect(effect('NumericLessThan', 'aws:MultiFactorAuthAge', '3600')).toBe('mfa');
    expect(effect('Null', 'aws:MultiFactorAuthAge', 'false')).toBe('mfa');
    expect(effect('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true')).toBe('weak-mfa');
    expect(effect('Bool', 'aws:MultiFactorAuthPresent', 'false')).toBe('none');
  });

  it('narrows nothing when negated, a wildcard, IfExists on a key that may be missing, or unrelated', () => {
    expect(effect('StringNotEquals', 'aws:PrincipalOrgID', 'o-abc123')).toBe('none');
    expect(effect('StringLike', 'aws:PrincipalArn', '*')).toBe('none');
    expect(effect('StringEqualsIfExists', 'sts:ExternalId', 'c0ffee')).toBe('none');
    expect(effect('Null', 'aws:PrincipalOrgID', 'false')).toBe('none');
    expect(effect('ForAllValues:StringEquals', 'aws:PrincipalTag/team', 'platform')).toBe('none');
    // Panther's template has this one: it says how, not who.
    expect(effect('Bool', 'aws:SecureTransport', 'true')).toBe('none');
  });

  it('is told in a few words', () => {
    expect(describeCondition({operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc123']})).toBe('aws:PrincipalOrgID o-abc123');
    expect(describeCondition({operator: 'NotIpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8']})).toBe('aws:SourceIp NotIpAddress 10.0.0.0/8');
    expect(describeCondition({operator: 'StringLike', key: 'aws:PrincipalArn', values: ['a', 'b', 'c', 'd']})).toBe(
      'aws:PrincipalArn a, b, c, … (4 values)',
    );
  });

  it('finds a Deny that requires MFA of everyone', () => {
    const [deny, weak] = parse({
      Statement: [
        {Effect: 'Deny', Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: {BoolIfExists: {'aws:MultiFactorAuthPresent': 'false'}}},
        {Effect: 'Deny', Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: {Bool: {'aws:MultiFactorAuthPresent': 'false'}}},
      ],
    }).statements;
    expect(denyWithoutMfa(deny!)).toBe(true);
    expect(denyWithoutMfa(weak!)).toBe(false);
    // Conditions are ANDed: a second one narrows the Deny, which then no longer holds for everyone.
    const [narrowed] = parse({
      Statement: [
        {
          Effect: 'Deny',
          Principal: {AWS: '*'},
          Action: 'sts:AssumeRole',
          Condition: {BoolIfExists: {'aws:MultiFactorAuthPresent': 'false'}, IpAddress: {'aws:SourceIp': '203.0.113.0/24'}},
        },
      ],
    }).statements;
    expect(denyWithoutMfa(narrowed!)).toBe(false);
  });
});
