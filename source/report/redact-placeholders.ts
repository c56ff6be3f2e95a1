// What redaction writes in place of what it removes. Their own module so the pattern table, the template and
// e-mail passes and redact.ts share them without importing each other.

/** A removed value: a parameter value, a default, a secret-looking string. */
export const REDACTED = '<redacted>';

/** A removed private key block (PEM, OpenSSH, PGP), header to footer. */
export const REDACTED_PRIVATE_KEY = '<redacted private key>';

/** The domain of masked e-mail addresses: reserved (RFC 2606), so a masked address can never reach anyone. */
export const EMAIL_MASK_DOMAIN = 'example.invalid';

/** The n-th distinct address of a bundle (1-based): the same person keeps the same mask within one bundle. */
export function emailMask(n: number): string {
  return `user-${n}@${EMAIL_MASK_DOMAIN}`;
}

/** Values that are already placeholders (ours, or what AWS shows for NoEcho): nothing left to remove. */
export function isPlaceholder(value: string): boolean {
  return value === REDACTED || value === REDACTED_PRIVATE_KEY || /^\*+$/.test(value) || value === 'HIDDEN_DUE_TO_SECURITY_REASONS';
}
