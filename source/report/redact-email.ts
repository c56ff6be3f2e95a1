// E-mail addresses are personal data a support bundle has no use for: the first user's address, an IAM user named
// after a person, the session name of an SSO role (`.../AWSReservedSSO_Admin_abc/jane@example.com`). Each distinct
// address gets a numbered mask on a reserved domain, so an ARN keeps its shape and the same person stays
// recognisable within one bundle, with neither name nor domain left.
import {EMAIL_MASK_DOMAIN, emailMask} from './redact-placeholders.js';

/** An address, plain or URL-encoded (`%40`); the local part starts where no address character precedes it. */
const EMAIL = /(?<![A-Za-z0-9._+-])([A-Za-z0-9._+-]+)(@|%40)((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![A-Za-z0-9-])/g;

/** Whether a value is one address (left to this pass rather than hunted as a removed value). */
export function isEmailAddress(value: string): boolean {
  return new RegExp(`^${EMAIL.source}$`).test(value);
}

/** Masks addresses consistently across every string given to it. */
export class EmailMasker {
  private readonly masks = new Map<string, string>();

  /** Distinct addresses masked so far. */
  get count(): number {
    return this.masks.size;
  }

  mask(text: string): string {
    if (!text.includes('@') && !text.includes('%40')) return text;
    return text.replace(EMAIL, (whole, local: string, at: string, domain: string) => {
      // Already masked (a bundle redacted twice): kept, so masking is idempotent.
      if (domain.toLowerCase() === EMAIL_MASK_DOMAIN) return whole;
      const key = `${local}@${domain}`.toLowerCase();
      let mask = this.masks.get(key);
      if (!mask) {
        mask = emailMask(this.masks.size + 1);
        this.masks.set(key, mask);
      }
      return at === '@' ? mask : mask.replace('@', '%40');
    });
  }
}
