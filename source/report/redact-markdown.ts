// The bundle's Markdown summary escapes untrusted text (report/markdown.ts): `ghp_x` is written `ghp\_x`, `a&b`
// `a&amp;b`. A token pattern or a removed value no longer matches the escaped spelling, so each word holding an
// escape is redacted again as it reads unescaped, and written back escaped.

/** A backslash escape (report/markdown.ts escapes these, and `- + = .` at a line's start) or an entity. */
const ESCAPE = /\\([\\`*_[\]()!#|~$+=.-])|&(amp|lt|gt);/g;
const ENTITY: Record<string, string> = {amp: '&', lt: '<', gt: '>'};

export function unescapeMarkdown(s: string): string {
  return s.replace(ESCAPE, (_m, ch: string | undefined, entity: string | undefined) => ch ?? ENTITY[entity!]!);
}

/** Escapes untrusted text as report/markdown.ts does, every `_` included (more escaping reads the same). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]()!#|~$]/g, '\\$&');
}

/** Runs `redact` on the unescaped reading of each whitespace-delimited word that holds an escape. */
export function redactEscapedWords(markdown: string, redact: (text: string) => string): string {
  return markdown.replace(/[^\s]*(?:\\[\\`*_[\]()!#|~$+=.-]|&(?:amp|lt|gt);)[^\s]*/g, word => {
    const plain = unescapeMarkdown(word);
    const redacted = redact(plain);
    return redacted === plain ? word : escapeMarkdown(redacted);
  });
}
