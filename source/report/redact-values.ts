// The values redaction removed from their own place (a NoEcho default, a parameter value, a secret output or tag)
// are removed wherever else they show up: an output, a tag, a status reason, a CloudTrail record, the summary.
import {isEmailAddress} from './redact-email.js';
import {REDACTED, isPlaceholder} from './redact-placeholders.js';

/**
 * Shorter values are not hunted: "true", "prod" or "1" would blank half the bundle, and no credential is that
 * short. Values made only of digits are not hunted either (account IDs, timestamps and counts are digits).
 */
const MIN_HUNTED_LENGTH = 6;

/** Lines of a multi-line secret hunted one by one (a key's body cut into a reason); shorter ones are too common. */
const MIN_LINE_LENGTH = 12;

/** How a value is written where it reappears: as is, inside JSON text, URL-encoded, in YAML '...'. */
function spellings(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), value.replace(/'/g, "''")])];
}

const ESCAPABLE = /[\\`*_[\]()!#|~$+=.\-"]/;

/**
 * A spelling as a pattern that also matches it escaped: a backslash allowed before any character Markdown or JSON
 * may escape (report/markdown.ts escapes some of these, and which ones may change), `& < >` as entities too.
 */
function tolerant(spelling: string): string {
  let out = '';
  for (const ch of spelling) {
    if (ch === '&') out += '(?:&amp;|&)';
    else if (ch === '<') out += '(?:&lt;|<)';
    else if (ch === '>') out += '(?:&gt;|>)';
    else out += (ESCAPABLE.test(ch) ? '\\\\?' : '') + ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

export class RemovedValues {
  private readonly values = new Set<string>();

  /**
   * @param identifiers text the bundle cannot do without (stack names and IDs, logical IDs, resource types,
   *   statuses, the region): a value found inside it is not hunted, since it is not secret where the bundle
   *   needs it and hunting it would break every ARN that holds it.
   */
  constructor(private readonly identifiers: string) {}

  /** Remembers a value removed somewhere (whole, and line by line when it spans lines). */
  add(value: unknown): void {
    if (typeof value !== 'string') return;
    this.consider(value.trim());
    if (value.includes('\n')) for (const line of value.split('\n')) if (line.trim().length >= MIN_LINE_LENGTH) this.consider(line.trim());
  }

  private consider(value: string): void {
    if (value.length < MIN_HUNTED_LENGTH || /^\d+$/.test(value) || isPlaceholder(value) || value.includes(REDACTED)) return;
    // The e-mail pass masks addresses everywhere, keeping an ARN that holds one shaped as an ARN.
    if (isEmailAddress(value)) return;
    if (this.identifiers.includes(value)) return;
    this.values.add(value);
  }

  /** A function replacing every spelling of every remembered value, escaped or not, with REDACTED (longest first). */
  replacer(): (text: string, counter: {n: number}) => string {
    const all = new Set<string>();
    for (const v of this.values) for (const s of spellings(v)) if (s.length >= MIN_HUNTED_LENGTH) all.add(s);
    if (all.size === 0) return text => text;
    const re = new RegExp([...all].sort((a, b) => b.length - a.length).map(tolerant).join('|'), 'g');
    return (text, counter) =>
      text.replace(re, () => {
        counter.n++;
        return REDACTED;
      });
  }
}
