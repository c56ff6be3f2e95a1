// The bundle's Markdown summary escapes untrusted text (report/markdown.ts): `a*b` is written `a\*b`, `a&b`
// `a&amp;b`. A token pattern or a removed value no longer matches the escaped spelling, so each word holding an
// escape is redacted again as it reads unescaped, and written back escaped.

import {escapeRun} from './markdown.js';

/** A backslash escape (report/markdown.ts escapes these, and `- + = .` at a line's start) or an entity. */
const ESCAPE = /\\([\\`*_[\]()!#|~$+=.-])|&(amp|lt|gt);/g;
const ENTITY: Record<string, string> = {amp: '&', lt: '<', gt: '>'};

function unescapeMarkdown(s: string): string {
  return s.replace(ESCAPE, (_m, ch: string | undefined, entity: string | undefined) => ch ?? ENTITY[entity!]!);
}

/** Runs `redact` on the unescaped reading of each whitespace-delimited word that holds an escape. */
export function redactEscapedWords(markdown: string, redact: (text: string) => string): string {
  return markdown.replace(/[^\s]*(?:\\[\\`*_[\]()!#|~$+=.-]|&(?:amp|lt|gt);)[^\s]*/g, word => {
    const plain = unescapeMarkdown(word);
    const redacted = redact(plain);
    return redacted === plain ? word : escapeRun(redacted);
  });
}
