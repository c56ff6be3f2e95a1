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

const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A plain lower-case word (`warning`, `enabled`): a setting, not something that identifies anyone. */
const PLAIN_WORD = /^[a-z]+$/;

export class RemovedValues {
  /** NoEcho values and the values of secret names: removed wherever they appear, inside other words too. */
  private readonly secrets = new Set<string>();
  /**
   * The other values removed (a company name, a domain): removed where they stand as a whole token, so `warning`
   * (a log level) does not eat `warning:` in a reason.
   */
  private readonly others = new Set<string>();

  /**
   * @param identifiers text the bundle cannot do without (stack names and IDs, logical IDs, resource types,
   *   statuses, the region): a value found inside it is not hunted, since it is not secret where the bundle
   *   needs it and hunting it would break every ARN that holds it.
   */
  constructor(private readonly identifiers: string) {}

  /** Remembers a value removed somewhere (whole, and line by line when it spans lines). */
  add(value: unknown, secret = true): void {
    if (typeof value !== 'string') return;
    this.consider(value.trim(), secret);
    if (value.includes('\n')) for (const line of value.split('\n')) if (line.trim().length >= MIN_LINE_LENGTH) this.consider(line.trim(), secret);
  }

  private consider(value: string, secret: boolean): void {
    if (value.length < MIN_HUNTED_LENGTH || /^\d+$/.test(value) || isPlaceholder(value) || value.includes(REDACTED)) return;
    // The e-mail pass masks addresses everywhere, keeping an ARN that holds one shaped as an ARN.
    if (isEmailAddress(value)) return;
    if (this.identifiers.includes(value)) return;
    if (secret) this.secrets.add(value);
    else if (!PLAIN_WORD.test(value)) this.others.add(value);
  }

  /** A function replacing every spelling of every remembered value, escaped or not, with REDACTED (longest first). */
  replacer(): (text: string, counter: {n: number}) => string {
    // Plain literals, longest first: one alternation stays fast with thousands of values. Markdown's escaped
    // spellings are the summary's business (redact-markdown.ts reads its words unescaped).
    const alternation = (values: ReadonlySet<string>): string => {
      const all = new Set<string>();
      for (const v of values) for (const s of spellings(v)) if (s.length >= MIN_HUNTED_LENGTH) all.add(s);
      return [...all]
        .sort((a, b) => b.length - a.length)
        .map(literal)
        .join('|');
    };
    const parts = [alternation(this.secrets), this.others.size ? `(?<![A-Za-z0-9])(?:${alternation(this.others)})(?![A-Za-z0-9])` : ''].filter(
      Boolean,
    );
    if (parts.length === 0) return text => text;
    const re = new RegExp(parts.join('|'), 'g');
    return (text, counter) =>
      text.replace(re, () => {
        counter.n++;
        return REDACTED;
      });
  }
}
