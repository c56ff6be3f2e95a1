import {describe, expect, it} from 'vitest';
import {
  AliasTemplateError,
  aliasRecordTemplate,
  planStep,
  removePipLibraries,
  validateApiCertificateArn,
  validateSecretArn,
  type StepInput,
} from '../../source/panther/migrations.js';
import {CERT, SECRET, SECRET_KEY} from './fixtures.js';

describe('PipLibraries loses jsonpath-ng, policyuniverse and requests at 1.18', () => {
  it.each([
    ['requests', '', ['requests']],
    ['pandas,requests,numpy', 'pandas,numpy', ['requests']],
    [' pandas , requests==2.0 ,  numpy==1.2 ', 'pandas,numpy==1.2', ['requests==2.0']],
    ['jsonpath-ng==1.5.3,policyuniverse,boto3', 'boto3', ['jsonpath-ng==1.5.3', 'policyuniverse']],
    ['jsonpath_ng,Requests>=2.1,requests-toolbelt', 'requests-toolbelt', ['jsonpath_ng', 'Requests>=2.1']],
    ['requests[socks]==2.28,six', 'six', ['requests[socks]==2.28']],
    ['policyuniverse ; python_version>"3"', '', ['policyuniverse ; python_version>"3"']],
    ['requestsx,policy-universe2', 'requestsx,policy-universe2', []],
    ['a,,b,', 'a,b', []],
    ['', '', []],
  ])('%j -> %j', (value, expected, removed) => {
    expect(removePipLibraries(value)).toEqual({value: expected, removed});
  });
});

describe('ApiCertificateArn must be an ACM certificate in us-east-1', () => {
  it.each([
    [CERT, true, ''],
    [`  ${CERT} `, true, ''],
    ['arn:aws:acm:us-east-1:123456789012:certificate/abc', true, ''],
    [CERT.replace('us-east-1', 'eu-west-1'), false, /in eu-west-1: .*CloudFront.*us-east-1/],
    [CERT.replace('arn:aws:', 'arn:aws-cn:'), false, /partition/],
    ['arn:aws:acm:us-east-1:12345:certificate/abc', false, /not an ACM certificate ARN/],
    ['arn:aws:iam::123456789012:server-certificate/x', false, /not an ACM certificate ARN/],
    ['arn:aws:acm:us-east-1:123456789012:certificate/', false, /not an ACM certificate ARN/],
    ['0a1b2c3d-1111-2222-3333-444455556666', false, /not an ARN/],
    ['', false, /empty/],
  ])('%j ok=%s', (arn, ok, message) => {
    const result = validateApiCertificateArn(arn);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.value).toBe(arn.trim());
    else expect(result.message).toMatch(message);
  });
});

describe('the Pulumi ARNs must be Secrets Manager ARNs', () => {
  it.each([
    [SECRET, true],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', true],
    ['arn:aws:kms:us-east-2:123456789012:key/abc', false],
    ['arn:aws:secretsmanager:us-east-2:123:secret:x', false],
    ['panther/pulumi', false],
  ])('%j ok=%s', (arn, ok) => {
    expect(validateSecretArn('PulumiSecretArn', arn).ok).toBe(ok);
  });
});

describe('the api.<domain> alias record template', () => {
  const input = {domain: 'panther.example.com', distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionHostedZoneId: 'Z2FDTNDATAQYW2'};

  it('is a CloudFormation template with the values filled in', () => {
    const template = JSON.parse(aliasRecordTemplate(input));
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Parameters.HostedZoneId.Type).toBe('AWS::Route53::HostedZone::Id');
    expect(template.Resources.PantherApiAliasRecord).toEqual({
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        HostedZoneId: {Ref: 'HostedZoneId'},
        Name: 'api.panther.example.com.',
        Type: 'A',
        AliasTarget: {DNSName: 'd111111abcdef8.cloudfront.net', HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false},
      },
    });
    expect(template.Outputs.ApiDomainName.Value).toBe('api.panther.example.com');
  });

  it('normalises a trailing dot and case', () => {
    const template = JSON.parse(aliasRecordTemplate({...input, domain: 'Panther.Example.com.'}));
    expect(template.Resources.PantherApiAliasRecord.Properties.Name).toBe('api.panther.example.com.');
  });

  it.each([
    [{domain: 'panther example.com'}],
    [{domain: 'x"; DROP'}],
    [{distributionDomainName: 'not a host'}],
    [{distributionHostedZoneId: 'zone'}],
  ])('refuses %j', bad => {
    expect(() => aliasRecordTemplate({...input, ...bad})).toThrow(AliasTemplateError);
  });
});

describe('one step', () => {
  const step = (from: string, to: string, extra: Partial<StepInput> = {}): ReturnType<typeof planStep> =>
    planStep({
      from,
      to,
      region: 'us-east-2',
      deploymentRoleTemplateUrl: `https://role/v${to}/template.yml`,
      parameters: {},
      supplied: {},
      ...extra,
    });

  it('always updates the deployment role first, and says it is required from 1.19.5 to 1.21', () => {
    expect(step('1.24.12', '1.25.18', {parameters: null}).migrations.map(m => m.id)).toEqual(['deployment-role']);
    expect(step('1.24.12', '1.25.18').migrations[0].action).not.toMatch(/required/);
    for (const [from, to] of [
      ['1.19.0', '1.19.5'],
      ['1.19.5', '1.20.3'],
      ['1.20.3', '1.21.5'],
    ]) {
      const role = step(from, to, {parameters: {ApiCertificateArn: CERT}}).migrations[0];
      expect(role).toMatchObject({id: 'deployment-role', phase: 'before'});
      expect(role.action).toMatch(new RegExp(`^required for this step.*v${to.replace(/\./g, '\\.')}`));
    }
  });

  it('computes PipLibraries exactly when the parameters are known', () => {
    const plan = step('1.17.4', '1.18.8', {parameters: {PipLibraries: 'a==1, requests ,b'}});
    const pip = plan.migrations.find(m => m.id === 'pip-libraries')!;
    expect(pip.action).toBe('set PipLibraries = "a==1,b" (was "a==1, requests ,b"; removes requests)');
    expect(plan.parameters?.PipLibraries).toBe('a==1,b');
  });

  it('leaves PipLibraries alone when it has none of them, and explains when it cannot compute it', () => {
    expect(step('1.17.4', '1.18.8', {parameters: {PipLibraries: 'pandas'}}).migrations.map(m => m.id)).toEqual(['deployment-role']);
    const unknown = step('1.17.4', '1.18.8', {parameters: null}).migrations.find(m => m.id === 'pip-libraries')!;
    expect(unknown.action).toMatch(/--stack to compute/);
    expect(unknown.changes).toEqual([]);
  });

  it('needs the certificate and the alias record when crossing 1.19.5', () => {
    const plan = step('1.18.8', '1.19.5', {supplied: {ApiCertificateArn: CERT}, domain: 'panther.example.com'});
    expect(plan.blocked).toEqual([]);
    expect(plan.changes).toEqual([{key: 'ApiCertificateArn', previous: null, value: CERT}]);
    expect(plan.migrations.find(m => m.id === 'api-certificate')!.action).toBe(`set ApiCertificateArn = ${CERT}`);
    expect(plan.migrations.find(m => m.id === 'api-alias-record')!.phase).toBe('after');
    expect(plan.after).toEqual(['create the Route53 alias record stack for api.panther.example.com (ladder --write-alias-template FILE)']);
    expect(plan.supplied).toEqual({});
  });

  it('needs both Pulumi ARNs when crossing 1.22, and notes a secret in another region', () => {
    const missing = step('1.21.5', '1.22.7', {parameters: {ApiCertificateArn: CERT}});
    expect(missing.blocked.map(b => `${b.parameter}:${b.problem}`)).toEqual(['PulumiSecretArn:missing', 'PulumiSecretKeyArn:missing']);
    expect(missing.blocked[0].message).toMatch(/required from 1\.22\.0.*--params/);
    const given = step('1.21.5', '1.22.7', {
      parameters: {ApiCertificateArn: CERT},
      supplied: {PulumiSecretArn: SECRET, PulumiSecretKeyArn: SECRET_KEY.replace('us-east-2', 'eu-west-1')},
    });
    expect(given.blocked).toEqual([]);
    expect(given.migrations.find(m => m.id === 'pulumi-secrets')!.action).toContain(`PulumiSecretArn = ${SECRET}`);
    expect(given.notes.join(' ')).toMatch(/PulumiSecretKeyArn is in eu-west-1, not us-east-2/);
  });
});
