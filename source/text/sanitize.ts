// Untrusted text (stack names, reasons, tags, CloudTrail messages) must never drive the terminal: an OSC 52
// sequence in a status reason could write the user's clipboard, a CSI could move the cursor over the report.
// Everything from AWS goes through here before it is drawn or written.

export interface SanitizeOptions {
  /** Keep line breaks (as \n) and tabs. Default false: every line break and tab becomes a space. */
  multiline?: boolean;
}

// String-type sequences (OSC, DCS, SOS, PM, APC): a 7-bit or 8-bit introducer, ended by BEL, ESC \ or 8-bit ST.
const STRING_INTRODUCER = /\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]/g;
const STRING_TERMINATOR = /\x07|\x1b\\|\x9c/g;
// CSI: ESC [ or 8-bit 0x9b, parameter bytes, intermediate bytes, one final byte.
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/g;
// Any other escape sequence (ESC c reset, ESC 7, ESC ( B charset, ...), then a lone ESC left over. This is also
// what removes the introducer (ESC ] ...) of an unterminated string sequence.
const OTHER_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// Removed outright:
// - C0 except tab/newline, DEL, C1 (their sequences are already gone; a lone C1 byte goes alone);
// - invisible characters that let one name pass for another (`Audit\u200bLogs` for `AuditLogs`) or reorder what is
//   shown: soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space/non-joiner/joiner, LRM/RLM,
//   bidi embeddings/overrides/isolates, word joiner and invisible operators, the deprecated format characters,
//   BOM/zero-width no-break space, interlinear annotation marks, and tag characters (invisible ASCII look-alikes).
//   The zero-width joiner goes too, on purpose: it glues emoji sequences (a family becomes its people, still
//   readable), but inside a name it is as invisible as a zero-width space, and AWS text has no emoji to keep.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

/**
 * Drops every terminated string sequence whole, payload included (a clipboard write's base64 is nothing to read).
 * An unterminated one is left for the later passes, which drop only its introducer: its text stays visible (it is
 * harmless without the ESC), so a stray `ESC ]` cannot hide the rest of an error message. Linear: once one
 * introducer finds no terminator, none after it can.
 */
function dropStringSequences(s: string): string {
  if (!/[\x1b\x90\x98\x9d\x9e\x9f]/.test(s)) return s;
  let out = '';
  let from = 0;
  STRING_INTRODUCER.lastIndex = 0;
  for (let m = STRING_INTRODUCER.exec(s); m; m = STRING_INTRODUCER.exec(s)) {
    STRING_TERMINATOR.lastIndex = m.index + m[0].length;
    const end = STRING_TERMINATOR.exec(s);
    if (!end) break;
    out += s.slice(from, m.index);
    from = end.index + end[0].length;
    STRING_INTRODUCER.lastIndex = from;
  }
  return out + s.slice(from);
}

export function sanitize(s: string, options: SanitizeOptions = {}): string {
  let out = dropStringSequences(String(s))
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
