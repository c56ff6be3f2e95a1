// The secret-looking text a support bundle must not carry, as a table: one row per kind of credential, each with a
// fake example it must catch (test/bundle/secret-patterns.test.ts checks every row on its examples, and a list of
// near misses that must survive: stack ARNs, event IDs, RequestTokens, digests, template URLs, Secrets Manager
// ARNs, `Type: String`). Rows apply in order: specific formats first, then assignments, then prose.
import {REDACTED, REDACTED_PRIVATE_KEY} from './redact-placeholders.js';

export interface SecretPattern {
  name: string;
  /** A fake credential in context, as it would appear in a bundle; the row alone must redact it. */
  example: string;
  /** The part of the example that must be gone after redaction. */
  secret: string;
  /** Other spellings the same row must catch, with their secret part. */
  more?: readonly (readonly [example: string, secret: string])[];
  /** Global; case-insensitive where the format is. */
  pattern: RegExp;
  /** Masked but not a secret (an access key ID): not counted among the secrets removed. */
  notSecret?: boolean;
  replacement: string | ((match: string, ...groups: string[]) => string);
}

/** Keeps the first group (the key, the URL's start) and redacts the rest of the match. */
const keepFirst = (_m: string, kept: string) => `${kept}${REDACTED}`;

/** An optional quote after a key or before a value, JSON-escaped or not (`"`, `'`, `\"`). */
const Q = String.raw`(?:\\?["'])?`;

/**
 * Words that name a secret in key=value text. A bare `token` or `secret` must not end a longer word (NextToken,
 * ClientRequestToken, `:secret:` in a Secrets Manager ARN); the usual compound names are listed instead.
 */
const KEY_WORD =
  '(?:password|passwd|passphrase|(?<![a-z])pwd|client[_-]?secret|secret[_-]?(?:access[_-]?)?key|secret[_-]?(?:string|value)|(?<![:/.])secret|(?:access|session|refresh|auth|id|bearer|api|oauth|security|github|gitlab|slack|npm)[_-]?token|(?<![a-z])token|api[_-]?key|private[_-]?key)';

/**
 * What a value after a secret key must not be: already redacted, what AWS shows for NoEcho, an identifier or a
 * reference to a secret stored elsewhere (an ARN, `{{resolve:...}}`, `${Sub}`), YAML syntax (`!Ref`, a flow
 * collection, an anchor, a block scalar header) or a literal that holds nothing.
 */
const NOT_A_VALUE = String.raw`(?!<redacted|\*{3,}|HIDDEN_DUE_TO_SECURITY_REASONS|arn:|\{\{resolve:|\$\{|[!{[&*|>]|(?:null|true|false|none|undefined)(?![^\s"',;&)}\]<>]))`;

/** Inside a dynamic reference, `SecretString:password` names a JSON key of the secret, not its value. */
// Bounded: an unbounded look-behind rescans the whole run at every position (seconds on a 40k-character token).
const NOT_IN_REFERENCE = String.raw`(?<!\{\{resolve:[^}\s]{0,256})`;

/** Words after "the password is" that describe the password instead of being it. */
const PROSE_STOP = String.raw`(?!(?:invalid|expired|missing|required|incorrect|wrong|valid|not|too|being|no|empty|set|the|a|an|stored|rotated|deleted|scheduled|correct|blank|null|undefined|needed|unavailable|available|used|in|at|on|for|only|also|still|now|provided|present|absent|longer|shorter|weak|strong|ok|same|different|known|unknown|case|managed|generated|encrypted|hidden|redacted)\b)`;

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'PEM private key',
    example: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAexampleexample\n-----END RSA PRIVATE KEY-----',
    secret: 'MIIEpAIBAAKCAQEAexampleexample',
    more: [['-----BEGIN ENCRYPTED PRIVATE KEY-----\\nMIIFHDBOBgkqhkiGexample\\n-----END ENCRYPTED PRIVATE KEY-----', 'MIIFHDBOBgkqhkiGexample']],
    // A key cut short (a capped reason) goes to the end of the text.
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    replacement: REDACTED_PRIVATE_KEY,
  },
  {
    name: 'OpenSSH private key',
    example: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAexample\n-----END OPENSSH PRIVATE KEY-----',
    secret: 'b3BlbnNzaC1rZXktdjEAAAAexample',
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----[\s\S]*?(?:-----END OPENSSH PRIVATE KEY-----|$)/g,
    replacement: REDACTED_PRIVATE_KEY,
  },
  {
    name: 'PGP private key block',
    example: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGexamplePGPkeyBody\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----',
    secret: 'lQOYBGexamplePGPkeyBody',
    pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?(?:-----END PGP PRIVATE KEY BLOCK-----|$)/g,
    replacement: REDACTED_PRIVATE_KEY,
  },
  {
    name: 'JSON Web Token',
    example: 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJlLWV4YW1wbGU',
    secret: 'eyJzdWIiOiJleGFtcGxlIn0',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replacement: REDACTED,
  },
  {
    name: 'AWS session token',
    example: 'token IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMiJHMEUCIQDexample',
    secret: 'IQoJb3JpZ2lu',
    more: [['FwoGZXIvYXdzEBYaDexampleSessionTokenBody', 'FwoGZXIvYXdz']],
    pattern: /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|AgoJb3JpZ2lu|FQoGZXIvYXdz)[A-Za-z0-9/+=]{16,}/g,
    replacement: REDACTED,
  },
  {
    name: 'AWS secret access key, assigned',
    example: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    secret: 'wJalrXUtnFEMI',
    more: [
      ['{"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}', 'wJalrXUtnFEMI'],
      ['export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
      ['[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', 'wJalrXUtnFEMI'],
      ['{\\"secretAccessKey\\":\\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\\"}', 'wJalrXUtnFEMI'],
    ],
    pattern: new RegExp(String.raw`((?:aws[_-]?)?secret[_-]?access[_-]?key${Q}[ \t]*[:=][ \t]*${Q})(?!<redacted)[A-Za-z0-9/+=]{16,}`, 'gi'),
    replacement: keepFirst,
  },
  {
    name: 'AWS secret access key',
    example: 'key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here',
    secret: 'wJalrXUtnFEMI',
    more: [['k=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI']],
    // 40 base64 characters with upper, lower and digits (a hex digest has no upper case); `=` may come before
    // (key=value), not after (that is a longer base64 run).
    pattern:
      /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replacement: REDACTED,
  },
  {
    name: 'AWS access key ID',
    // Not secret alone, but a bundle has no use for one; the prefix says which kind it was.
    example: 'AccessKeyId AKIAIOSFODNN7EXAMPLE',
    secret: 'IOSFODNN7EXAMPLE',
    more: [['ASIAY34FZKBOKMUTVV7A', 'Y34FZKBOKMUTVV7A']],
    pattern: /\b(AKIA|ASIA)(?!X{16})[A-Z0-9]{16}\b/g,
    replacement: (_m, prefix) => `${prefix}XXXXXXXXXXXXXXXX`,
    notSecret: true,
  },
  {
    name: 'AWS pre-signed URL signature',
    example: 'https://b.s3.amazonaws.com/k?X-Amz-Credential=x&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    secret: '0123456789abcdef0123456789abcdef',
    more: [['?X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2F%2Fexample%3D&x=1', 'example%3D']],
    pattern: /([?&]X-Amz-(?:Signature|Security-Token)=)[^&\s"'`<>|]+/gi,
    replacement: keepFirst,
  },
  {
    name: 'GitHub token (classic)',
    example: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    secret: 'abcdefghijklmnopqrstuvwxyz0123456789',
    more: [['GH_TOKEN gho_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ']],
    pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
    replacement: REDACTED,
  },
  {
    name: 'GitHub fine-grained token',
    example: 'github_pat_11ABCDEFG0123456789abc_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456',
    secret: '11ABCDEFG0123456789abc',
    pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
    replacement: REDACTED,
  },
  {
    name: 'GitLab token',
    example: 'glpat-abcdefghij0123456789',
    secret: 'abcdefghij0123456789',
    more: [['gldt-Zx9abcdefghij0123456789', 'Zx9abcdefghij0123456789']],
    pattern: /\bgl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}/g,
    replacement: REDACTED,
  },
  {
    name: 'Slack token',
    example: 'xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx',
    secret: 'abcdefghijklmnopqrstuvwx',
    more: [['xapp-1-A0123456789-1234567890123-abcdef0123456789', 'abcdef0123456789']],
    pattern: /\b(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{10,}/g,
    replacement: REDACTED,
  },
  {
    name: 'Slack webhook URL',
    example: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    secret: 'XXXXXXXXXXXXXXXXXXXXXXXX',
    more: [['https://hooks.slack.com/workflows/T0000/A0000/123456/AbCdEf0123456789', 'AbCdEf0123456789']],
    pattern: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9/_-]+/g,
    replacement: keepFirst,
  },
  {
    name: 'Discord webhook URL',
    example: 'https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    secret: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    pattern: /(https:\/\/(?:[a-z]+\.)?discord(?:app)?\.com\/api\/webhooks\/)[0-9]+\/[A-Za-z0-9_-]+/g,
    replacement: keepFirst,
  },
  {
    name: 'Microsoft Teams (Office 365) webhook URL',
    example: 'https://contoso.webhook.office.com/webhookb2/0a1b2c3d-example@0a1b2c3d/IncomingWebhook/abcdef0123456789/0a1b2c3d',
    secret: 'abcdef0123456789',
    more: [['https://outlook.office.com/webhook/0a1b2c3d-example/IncomingWebhook/fedcba9876543210/x', 'fedcba9876543210']],
    pattern: /(https:\/\/(?:[a-z0-9-]+\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/)[^\s"'`<>|]+/gi,
    replacement: keepFirst,
  },
  {
    name: 'Stripe key',
    example: 'sk_live_0123456789abcdefEXAMPLE',
    secret: '0123456789abcdefEXAMPLE',
    more: [
      ['whsec_0123456789abcdefghijklmnopqrstuv', '0123456789abcdefghijklmnopqrstuv'],
      ['rk_test_0123456789abcdefEXAMPLE', '0123456789abcdefEXAMPLE'],
    ],
    pattern: /\b(?:(?:sk|rk|pk)_(?:live|test)|whsec)_[A-Za-z0-9]{16,}/g,
    replacement: REDACTED,
  },
  {
    name: 'Google API key',
    example: 'key=AIzaSyA0123456789abcdefghijklmnopqrstuv',
    secret: 'SyA0123456789abcdefghijklmnopqrstuv',
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    replacement: REDACTED,
  },
  {
    name: 'npm token',
    example: '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789',
    secret: 'abcdefghijklmnopqrstuvwxyz0123456789',
    pattern: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    replacement: REDACTED,
  },
  {
    name: 'Azure storage or Service Bus key',
    example: `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${'Ab0+'.repeat(22)}==;EndpointSuffix=core.windows.net`,
    secret: 'Ab0+Ab0+Ab0+Ab0+',
    more: [
      [
        'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=AbCdEf0123456789AbCdEf0123456789abcdefghijk=',
        'AbCdEf0123456789',
      ],
    ],
    pattern: /((?:AccountKey|SharedAccessKey)=)[A-Za-z0-9+/]{20,}={0,2}/g,
    replacement: keepFirst,
  },
  {
    name: 'Azure shared access signature',
    example: 'SharedAccessSignature=sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&sig=AbCdEf0123456789%2BxyzABCDEFGHIJ%3D',
    secret: 'AbCdEf0123456789',
    more: [['https://acme.blob.core.windows.net/c/b?sv=2022-11-02&sig=ZyXwVu9876543210abcdefGHIJ%3D', 'ZyXwVu9876543210']],
    pattern: /([?&;]sig=)[A-Za-z0-9%+/=]{16,}/g,
    replacement: keepFirst,
  },
  {
    name: 'Sentry DSN',
    example: 'https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4567890',
    secret: '0123456789abcdef0123456789abcdef',
    more: [['https://0123456789abcdef0123456789abcdef:fedcba9876543210fedcba9876543210@sentry.io/42', 'fedcba9876543210fedcba9876543210']],
    pattern: /(https?:\/\/)[0-9a-f]{32}(?::[0-9a-f]{32})?(?=@)/g,
    replacement: keepFirst,
  },
  {
    name: 'user:password@ in a URL',
    example: 'postgres://admin:S3cretPass@db.example.com:5432/panther',
    secret: 'S3cretPass',
    more: [['https://admin:S3cretPass@panther.example.com/x', 'S3cretPass']],
    pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/<>"'`]+:)[^\s@/<>"'`]+(?=@)/gi,
    replacement: keepFirst,
  },
  {
    name: 'token@ in a URL',
    // A user name alone is no secret: the usual login names are kept.
    example: 'https://ghp-or-other-token-0123456789@github.com/acme/repo.git',
    secret: 'ghp-or-other-token-0123456789',
    more: [['https://x-access-token0123@git.example.com/r', 'x-access-token0123']],
    pattern: /(\b[a-z][a-z0-9+.-]*:\/\/)(?!(?:git|root|admin|ubuntu|ec2-user|user|ssh|centos|deploy|anonymous)@)[^\s:@/<>"'`]+(?=@)/gi,
    replacement: keepFirst,
  },
  {
    name: 'Bearer or Basic authorization',
    example: 'Authorization: Bearer abcdefghijklmnop123',
    secret: 'abcdefghijklmnop123',
    more: [['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA']],
    pattern: /\b(Bearer|Basic)\s+(?!<redacted)[A-Za-z0-9._~+/\\-]{12,}=*/g,
    replacement: (_m, kind) => `${kind} ${REDACTED}`,
  },
  {
    name: 'hex API key after a key word',
    example: 'api key 0123456789abcdef0123456789abcdef',
    secret: '0123456789abcdef0123456789abcdef',
    more: [
      ['DD_API_KEY 0123456789abcdef0123456789abcdef0123', '0123456789abcdef0123456789abcdef'],
      ['the token is fedcba9876543210fedcba9876543210', 'fedcba9876543210fedcba9876543210'],
    ],
    // Only after a key word: a bare digest (sha256 of a template, an ETag) is no secret.
    pattern: new RegExp(
      String.raw`((?:api[ _-]?key|apikey|access[ _-]?key|(?<![a-z])token|(?<![:/.a-z])secret|(?<![a-z])auth)${Q}(?:[ \t]*[:=][ \t]*|[ \t]+(?:is[ \t]+)?)${Q})[0-9a-f]{32,64}(?![0-9a-z])`,
      'gi',
    ),
    replacement: keepFirst,
  },
  {
    name: 'password, secret, token or API key assigned',
    example: 'jdbc options: password=Sup3rSecret;user=x',
    secret: 'Sup3rSecret',
    more: [
      ['{"password": "Sup3rSecret"}', 'Sup3rSecret'],
      ['{"accessToken":"abc.def-ghi"}', 'abc.def-ghi'],
      ['DbPassword: hunter2-yaml', 'hunter2-yaml'],
      ["client_secret='s3cr3t-value'", 's3cr3t-value'],
      ['SLACK_BOT_TOKEN=some-opaque-value', 'some-opaque-value'],
      ['X-Api-Key: k-0123456789', 'k-0123456789'],
      ['{\\"password\\":\\"esc4ped-pw\\"}', 'esc4ped-pw'],
    ],
    // Key and value on one line: `[ \t]`, never `\s`, or `DbPassword:\n  Type: String` loses its Type.
    pattern: new RegExp(String.raw`${NOT_IN_REFERENCE}(${KEY_WORD}${Q}[ \t]*[:=][ \t]*${Q})${NOT_A_VALUE}[^\s"'\x60,;&)}\]<>|]{3,}`, 'gi'),
    replacement: keepFirst,
  },
  {
    name: 'password, secret, token or API key in prose',
    example: 'login failed: the password is hunter2!x',
    secret: 'hunter2!x',
    more: [
      ['the API key was k3y-in-prose', 'k3y-in-prose'],
      ['password set to "quoted-pw"', 'quoted-pw'],
    ],
    pattern: new RegExp(
      String.raw`(\b(?:password|passphrase|passwd|pwd|secret|token|api[ _-]?key)(?:\s+(?:is|was)|\s+(?:set|reset|changed)\s+to)\s+["'\x60]?)${PROSE_STOP}${NOT_A_VALUE}[^\s"'\x60<>]{4,}`,
      'gi',
    ),
    replacement: keepFirst,
  },
  {
    name: 'long base64 run',
    // A key, a certificate body or a token of a format not listed above; pagination tokens are skipped by field.
    example: `blob ${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3'.repeat(3)}`,
    secret: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3',
    pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{100,}={0,2}/g,
    replacement: REDACTED,
  },
];

/** Applies every row to one string, in order; counts the replacements. */
export function applySecretPatterns(text: string, counter?: {n: number}): string {
  let out = text;
  for (const {pattern, replacement, notSecret} of SECRET_PATTERNS) {
    // biome-ignore lint/suspicious/noExplicitAny: String.replace hands its callback strings, numbers and groups.
    out = out.replace(pattern, (...m: any[]) => {
      if (counter && !notSecret) counter.n++;
      return typeof replacement === 'string' ? replacement : replacement(m[0], ...m.slice(1));
    });
  }
  return out;
}
