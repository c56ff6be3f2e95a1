// The bundle as a tree redaction can walk. Strings that hold JSON (a CloudTrail record's CloudTrailEvent, a JSON
// template, a secret's JSON value) are parsed in place, so every pass sees their fields by name as it sees the
// bundle's own, and written back as JSON at the end (unchanged text when nothing in them changed).

export class EmbeddedJson {
  private constructor(
    /** The parsed value: passes change it in place. */
    readonly doc: unknown,
    private readonly original: string,
    private readonly pristine: string,
    private readonly indent: string,
  ) {}

  /** Parses a string that is a JSON object or array; null for anything else. */
  static from(text: string): EmbeddedJson | null {
    const t = text.trim();
    if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return null;
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch {
      return null;
    }
    if (!doc || typeof doc !== 'object') return null;
    // The indentation of the first nested line: a pretty-printed template stays pretty-printed.
    const indent = /^[[{][ \t]*\r?\n([ \t]+)/.exec(t)?.[1] ?? '';
    const pristine = JSON.stringify(doc);
    return new EmbeddedJson(embedJson(doc), text, pristine, indent);
  }

  /** The text to write back: the original when nothing changed. */
  toText(): string {
    const plain = unembedJson(this.doc);
    const now = JSON.stringify(plain);
    if (now === this.pristine) return this.original;
    return this.indent ? JSON.stringify(plain, null, this.indent) : now;
  }
}

/** Replaces, in place, every string holding JSON by its parsed EmbeddedJson (recursively). */
export function embedJson(value: unknown): unknown {
  if (typeof value === 'string') return EmbeddedJson.from(value) ?? value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = embedJson(value[i]);
  } else if (value && typeof value === 'object' && !(value instanceof EmbeddedJson)) {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = embedJson(obj[k]);
  }
  return value;
}

/** The inverse of embedJson: a plain JSON value again. */
export function unembedJson(value: unknown): unknown {
  if (value instanceof EmbeddedJson) return value.toText();
  if (Array.isArray(value)) return value.map(unembedJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unembedJson(v);
    return out;
  }
  return value;
}

/** Visits every object (arrays and embedded JSON looked through), parents before children. */
// biome-ignore lint/suspicious/noExplicitAny: visitors read and rewrite fields of arbitrary API responses.
export function walkObjects(value: unknown, visit: (obj: Record<string, any>) => void): void {
  if (value instanceof EmbeddedJson) walkObjects(value.doc, visit);
  else if (Array.isArray(value)) for (const v of value) walkObjects(v, visit);
  else if (value && typeof value === 'object') {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    visit(value as Record<string, any>);
    for (const v of Object.values(value)) walkObjects(v, visit);
  }
}

/**
 * Replaces every string in place (object keys kept; embedded JSON looked through); `key` is the field holding
 * the string. Returns the value, new only when the value itself is a string.
 */
export function mapStrings(value: unknown, f: (s: string, key: string) => string, key = ''): unknown {
  if (typeof value === 'string') return f(value, key);
  if (value instanceof EmbeddedJson) mapStrings(value.doc, f, key);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = mapStrings(value[i], f, key);
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = mapStrings(obj[k], f, k);
  }
  return value;
}
