// The one way untrusted text becomes display text: capped first (so a 10 MB reason costs what 4,000 characters
// cost), then sanitised. The screen's components and the text and Markdown reports all come through here.
import {capText, DISPLAY_CAP} from './cap.js';
import {sanitize, type SanitizeOptions} from './sanitize.js';

export interface SafeTextOptions extends SanitizeOptions {
  /** Characters kept before the `… (N more characters; …)` note; default DISPLAY_CAP. */
  max?: number;
}

export function safeText(s: string | null | undefined, options: SafeTextOptions = {}): string {
  return sanitize(capText(String(s ?? ''), options.max ?? DISPLAY_CAP), options);
}
