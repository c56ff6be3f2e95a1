// Which names say their value is a secret: parameter, output and tag keys, and the fields of any recorded JSON
// (a CloudTrail record's responseElements.credentials.sessionToken, a template's MasterUserPassword).

/** A secret word anywhere in the name, once lower-cased and stripped of `_`, `-` and spaces. */
const SECRET_WORD =
  /password|passwd|passphrase|secret|token|apikey|privatekey|credential|webhook|dsn|connectionstring|signingkey|encryptionkey|samlassertion|accesskey(?!id)/;

/** Names that describe a secret rather than hold it: ApiTokenArn, PasswordLength, TokenType, SecretsManager. */
const DESCRIBES_SECRET =
  /(arns?|names?|ids?|type|length|policy|rotation|rotationdays|enabled|expiry|expiration|expiresat|expiresin|version|versions|count|path|field|header|kind|format|ttl|age|date|time|timestamp|region|manager|required|provided)$/;

/** Pagination and idempotency tokens: opaque, not secret, and needed to read the bundle as AWS answered. */
const OPAQUE_TOKEN = /(next|clientrequest|request|continuation|pagination|starting|idempotency|client|resume)token$/;

export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[\s_-]/g, '');
  return SECRET_WORD.test(n) && !DESCRIBES_SECRET.test(n) && !OPAQUE_TOKEN.test(n);
}

/** Fields holding pagination tokens: long opaque base64 that the pattern pass would otherwise take for secrets. */
export const OPAQUE_FIELDS: ReadonlySet<string> = new Set(['NextToken', 'nextToken']);
