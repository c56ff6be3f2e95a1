// Untrusted text (stack names, reasons, tags, CloudTrail messages) must never drive the terminal: an OSC 52
// sequence in a status reason could write the user's clipboard, a CSI could move the cursor over the report.
// Everything from AWS goes through here before it is drawn or written.

export interface SanitizeOptions {
  /** Keep line breaks (as \n) and tabs. Default false: every line break and tab becomes a space. */
  multiline?: boolean;
}

// String-type sequences (OSC, DCS, SOS, PM, APC), 7-bit or 8-bit introducer, ended by BEL, ESC \ or 8-bit ST.
// An unterminated one runs to the end of the text, as a terminal would swallow it.
const STRING_SEQUENCE = /(?:\x1b[\]P X^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// CSI: ESC [ or 8-bit 0x9b, parameter bytes, intermediate bytes, one final byte.
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/g;
// Any other escape sequence (ESC c reset, ESC 7, ESC ( B charset, ...), then a lone ESC left over.
const OTHER_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// C0 except tab/newline, DEL, C1 (their sequences are already gone), bidi embeddings/overrides/isolates.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(s: string, options: SanitizeOptions = {}): string {
  let out = String(s)
    .replace(STRING_SEQUENCE, '')
    .replace(CSI_SEQUENCE, '')
    .replace(OTHER_ESCAPE, '')
    // CR LF and lone CR (which would let text overwrite the start of its line) become plain line breaks.
    .replace(/\r\n?|[\u2028\u2029\x0b\x0c]/g, '\n')
    .replace(CONTROLS, '');
  if (!options.multiline) out = out.replace(/[\n\t]/g, ' ');
  return out;
}

/** Sanitise every string (keys included) in plain objects and arrays; other values pass through unchanged. */
export function sanitizeDeep<T>(value: T, options: SanitizeOptions = {}): T {
  return deep(value, options) as T;
}

function deep(value: unknown, options: SanitizeOptions): unknown {
  if (typeof value === 'string') return sanitize(value, options);
  if (Array.isArray(value)) return value.map(v => deep(v, options));
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[sanitize(k)] = deep(v, options);
    return out;
  }
  return value;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
