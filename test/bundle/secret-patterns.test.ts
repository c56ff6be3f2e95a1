// The secret-pattern table, row by row: each row alone redacts its examples, the whole table does too, and the
// identifiers a bundle needs (near misses for one row or another) survive the whole table.
import {describe, expect, it} from 'vitest';
import {redactJson, redactSecrets} from '../../source/report/redact.js';
import {SECRET_PATTERNS, type SecretPattern} from '../../source/report/secret-patterns.js';

function applyRow(row: SecretPattern, text: string): string {
  const re = new RegExp(row.pattern.source, row.pattern.flags);
  return text.replace(re, (...m: any[]) => (typeof row.replacement === 'string' ? row.replacement : row.replacement(m[0], ...m.slice(1))));
}

const examples = SECRET_PATTERNS.flatMap(row => [
  [row.name, row.example, row.secret] as const,
  ...(row.more ?? []).map(([e, s]) => [row.name, e, s] as const),
]);

describe('the secret-pattern table', () => {
  it('has a distinct name, an example holding its secret, and a global pattern on every row', () => {
    expect(new Set(SECRET_PATTERNS.map(r => r.name)).size).toBe(SECRET_PATTERNS.length);
    for (const row of SECRET_PATTERNS) {
      expect(row.pattern.flags, row.name).toContain('g');
      expect(row.example, row.name).toContain(row.secret);
      for (const [example, secret] of row.more ?? []) expect(example, row.name).toContain(secret);
    }
  });

  it.each(examples)('%s: the row alone redacts %j', (_name, example, secret) => {
    const row = SECRET_PATTERNS.find(r => r.name === _name)!;
    expect(applyRow(row, example)).not.toContain(secret);
  });

  it.each(examples)('%s: the whole table redacts %j', (_name, example, secret) => {
    expect(redactSecrets(example)).not.toContain(secret);
  });

  it('covers every kind of credential the bundle has met', () => {
    const names = SECRET_PATTERNS.map(r => r.name).join('\n');
    for (const kind of [
      /PEM/,
      /OpenSSH/,
      /PGP/,
      /JSON Web Token/,
      /session token/,
      /secret access key, assigned/,
      /GitHub token/,
      /GitHub fine-grained/,
      /GitLab/,
      /Slack token/,
      /Slack webhook/,
      /Discord/,
      /Teams/,
      /Stripe/,
      /Google API key/,
      /npm/,
      /Azure storage/,
      /Azure shared access signature/,
      /Sentry DSN/,
      /user:password@/,
      /token@/,
      /Bearer/,
      /hex API key/,
      /assigned$/m,
      /prose/,
    ]) {
      expect(names).toMatch(kind);
    }
  });

  it('is idempotent: redacted text is left as it is, and counts nothing', () => {
    for (const [, example] of examples) {
      const once = redactSecrets(example);
      const counter = {n: 0};
      expect(redactSecrets(once, counter)).toBe(once);
      expect(counter.n, once).toBe(0);
    }
  });
});

describe('near misses: what a bundle needs survives the whole table', () => {
  it.each([
    ['a stack ARN', 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod-Core-FW1IQH2M9NID/c10465af-34b5-4e9f-aa5d-99baab0aadfb'],
    ['an event ID (UUID)', 'c9b994d7-2b78-4ef2-b486-ed8e47eac5ef'],
    ['a resource event ID', 'AuditLogsBucket-CREATE_FAILED-2026-11-02T14:09:12.345Z'],
    ['a ClientRequestToken', 'ClientRequestToken: Console-CreateStack-0a1b2c3d-4e5f-6789-abcd-ef0123456789'],
    ['a CloudFormation reason with RequestToken', '(RequestToken: c9b994d7-2b78-4ef2-b486-ed8e47eac5ef, HandlerErrorCode: AccessDenied)'],
    ['a sha256 digest', 'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a sha1 digest', 'sha1 0123456789abcdef0123456789abcdef01234567'],
    ['an ETag', 'ETag: "d41d8cd98f00b204e9800998ecf8427e"'],
    ['an S3 template URL', 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.28.7/panther.yml'],
    ['a Secrets Manager ARN', 'arn:aws:secretsmanager:us-east-2:123456789012:secret:panther-pulumi-abc123'],
    ['a secret ARN as a value', 'PulumiSecretArn=arn:aws:secretsmanager:us-east-2:123456789012:secret:panther-pulumi-abc123'],
    ['an SSO role name', 'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a'],
    ['a YAML parameter declaration', 'DbPassword:\n    Type: String\n    NoEcho: true\n    MinLength: 8\n'],
    ['a parameter type', 'Type: String'],
    ['NoEcho', 'NoEcho: true'],
    ['a TokenType key', 'TokenType: Bearer'],
    ['a reference to a parameter', 'MasterUserPassword: !Ref DbPassword'],
    ['a Sub reference', 'Password: ${DbPassword}'],
    ['a dynamic reference', "MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'"],
    ['a NextToken in text', 'NextToken: AAEAAbCdEf0123'],
    ['a ListStacks page token field', '"nextToken": "AAEAAbCdEf0123"'],
    ['prose about a token', 'The security token included in the request is expired'],
    ['prose about a password', 'the password is invalid'],
    ['an access key ID already masked', 'AKIAXXXXXXXXXXXXXXXX'],
    ['a git login in a URL', 'ssh://git@github.com/acme/repo.git'],
    ['a CloudFormation physical ID', 'panther-prod-Core-FW1IQH2M9NID-AuditLogsBucket-1A2B3C4D5E6F'],
    ['an S3 version ID', '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo'],
    ['a timestamp', '2026-11-02T14:09:12.345Z'],
    ['a Lambda code SHA (base64)', 'CodeSha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='],
  ])('keeps %s', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('keeps pagination tokens in their fields, however long and base64 they are', () => {
    const page = {
      NextToken: `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3'.repeat(4)}==`,
      CloudTrailEvent: JSON.stringify({nextToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYWdlIn0.cGFnZS1zaWduYXR1cmU'}),
    };
    expect(redactJson(page).value).toEqual(page);
  });
});
