import {describe, expect, it} from 'vitest';
import {accountMask, redactJson, redactSecrets} from '../../source/report/redact.js';

describe('secret-looking strings', () => {
  it.each([
    ['an AWS secret access key', 'key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here', 'wJalrXUtnFEMI'],
    ['a session token', 'token IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMiJHMEUCIQD1234', 'IQoJb3JpZ2lu'],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA'],
    ['a password in key=value text', 'jdbc options: password=Sup3rSecret;user=x', 'Sup3rSecret'],
    ['a password in JSON', '{"password": "Sup3rSecret"}', 'Sup3rSecret'],
    ['a token in JSON', '{"accessToken":"abc.def-ghi"}', 'abc.def-ghi'],
    ['credentials in a URL', 'https://admin:S3cretPass@panther.example.com/x', 'S3cretPass'],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz'],
    ['a bearer token', 'Authorization: Bearer abcdefghijklmnop123', 'abcdefghijklmnop123'],
    ['a long-term access key ID', 'AKIAIOSFODNN7EXAMPLE', 'IOSFODNN7EXAMPLE'],
  ])('removes %s', (_what, text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
  });

  it.each([
    ['a stack ARN', 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod-Core-FW1IQH2M9NID/c10465af-34b5-4e9f-aa5d-99baab0aadfb'],
    ['a Secrets Manager ARN', 'arn:aws:secretsmanager:us-east-2:123456789012:secret:panther-pulumi-abc123'],
    ['a CloudFormation reason with RequestToken', '(RequestToken: c9b994d7-2b78-4ef2-b486-ed8e47eac5ef, HandlerErrorCode: AccessDenied)'],
    ['a hex digest', 'sha1 0123456789abcdef0123456789abcdef01234567'],
    ['an SSO role name', 'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a'],
    ['a template URL', 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.28.7/panther.yml'],
  ])('keeps %s', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('structural redaction', () => {
  const describeStacks = {
    Stacks: [
      {
        StackId: 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod/x',
        Parameters: [
          {ParameterKey: 'FirstUserEmail', ParameterValue: 'secops@example.com'},
          {ParameterKey: 'CompanyDisplayName', ParameterValue: 'Example Corp'},
          {ParameterKey: 'SnowflakePassword', ParameterValue: '****'},
          {ParameterKey: 'CustomDomain', ParameterValue: 'panther.example.com'},
        ],
        Outputs: [
          {OutputKey: 'AdminToken', OutputValue: 'tok-0123456789'},
          {OutputKey: 'PulumiSecretArn', OutputValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:x'},
          {OutputKey: 'WebUrl', OutputValue: 'https://panther.example.com'},
        ],
      },
    ],
  };

  it('redacts parameter values except the non-secret Panther ones, and secret-named outputs', () => {
    const {value, counts} = redactJson(describeStacks);
    const s = value.Stacks[0]!;
    expect(Object.fromEntries(s.Parameters.map(p => [p.ParameterKey, p.ParameterValue]))).toEqual({
      FirstUserEmail: '<redacted>', // personal data, not needed for any plan
      CompanyDisplayName: '<redacted>',
      SnowflakePassword: '****',
      CustomDomain: 'panther.example.com',
    });
    expect(s.Outputs.map(o => o.OutputValue)).toEqual([
      '<redacted>',
      'arn:aws:secretsmanager:us-east-2:123456789012:secret:x',
      'https://panther.example.com',
    ]);
    expect(counts.parameters).toBe(2);
    expect(counts.secrets).toBeGreaterThan(0);
  });

  it('redacts a NoEcho parameter everywhere once any response declares it NoEcho, defaults included', () => {
    const input = {
      calls: [
        {output: {Parameters: [{ParameterKey: 'CustomDomain', NoEcho: true, DefaultValue: 'hidden.example.com'}]}},
        {output: {Stacks: [{Parameters: [{ParameterKey: 'CustomDomain', ParameterValue: 'hidden.example.com'}]}]}},
        {output: {TemplateBody: JSON.stringify({Parameters: {CustomDomain: {Type: 'String', Default: 'hidden.example.com'}}, Resources: {}})}},
        {output: {TemplateBody: 'Parameters:\n  ApiKey:\n    Type: String\n    NoEcho: true\n    Default: yaml-secret-value\nResources: {}\n'}},
        {note: 'the value hidden.example.com also shows up here'},
      ],
    };
    const text = JSON.stringify(redactJson(input).value);
    expect(text).not.toContain('hidden.example.com');
    expect(text).not.toContain('yaml-secret-value');
  });

  it('masks account IDs consistently, distinct accounts distinct', () => {
    const {value, counts} = redactJson(
      {a: 'arn:aws:iam::123456789012:role/x', b: 'arn:aws:organizations::999988887777:policy/p', c: '123456789012', t: '1700000000000'},
      {maskAccount: true},
    );
    expect(value).toEqual({
      a: 'arn:aws:iam::000000000000:role/x',
      b: 'arn:aws:organizations::111111111111:policy/p',
      c: '000000000000',
      t: '1700000000000',
    });
    expect(counts.accounts).toBe(2);
    expect(accountMask(12)).toBe('000000000012');
  });
});
