// Untrusted text in the Markdown reports: sanitised, capped, on one line, and unable to change the document. A
// status reason or a parameter value lands in a support ticket; there it must read as text, never render as a
// link, an image, HTML, a heading, emphasis or a cell of its own.
import {safeText} from '../text/display.js';

/**
 * What GFM would turn into a link by itself: `scheme://...`, `www....` and e-mail addresses. Shown as code spans
 * instead (readable, never a link). A run ends at `|`, a backtick, `<` and `>`, which are escaped outside it.
 * The look-behinds make each run start where it starts (linear on long words).
 */
const AUTOLINK =
  /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s|`<>]*|(?<![\w.-])www\.[^\s|`<>]*|(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;

/**
 * Backslash-escapes every character that can start inline structure: links and images (`[ ]`), code and emphasis
 * (`` ` * _ ~ ``), headings (`#`), cells (`|`), math on GitHub (`$`), and the backslash itself; `&`, `<` and `>`
 * become entities (an entity in the text, `&#x202E;`, would otherwise render the control it names). `(`, `)` and
 * `!` are left as they are: a link or an image needs a `[`, always escaped, so they are inert, and reasons full of
 * `(RequestToken: …)` stay readable in the raw Markdown of a ticket.
 */
export function escapeRun(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*[\]#|~$]/g, '\\$&')
      // `_` between letters or digits cannot open or close emphasis (CommonMark's flanking rules): ROLLBACK_COMPLETE
      // stays readable in the raw Markdown.
      .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
  );
}

/**
 * A bullet, a thematic break or an ordered list marker at the start: escaped, since the text may start a list item
 * or a quote's line (`- 1. x` would nest a list). A version such as 1.24.3 is no list marker and stays as it is.
 */
function escapeStart(s: string): string {
  return s.replace(/^([-+=])/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/**
 * Untrusted text for anywhere inline (prose, list items, quotes, table cells): one line, capped, every structure
 * character escaped, URL-like runs as code spans. `<region>` shows as `<region>`, `[x](http://e)` as itself.
 */
export function inline(v: string | null | undefined): string {
  const text = safeText(v).trim();
  let out = '';
  let from = 0;
  for (const m of text.matchAll(AUTOLINK)) {
    out += escapeRun(text.slice(from, m.index)) + code(m[0]);
    from = m.index + m[0].length;
  }
  return escapeStart(out + escapeRun(text.slice(from)));
}

/** Text for a table cell: the same escaping as any inline text (a `|` cannot end the cell). */
export const cell = inline;

/**
 * Inline code: one line, fenced with more backticks than any run in the text. Nothing else needs escaping inside a
 * code span (`<`, `>` and backslashes show as they are); not for table cells, where a `|` would end the cell.
 */
export function code(v: string | null | undefined): string {
  const text = safeText(v);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(m => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ` ${text} ` : text}${fence}`;
}

/** A fenced block of plain text (line breaks kept), fenced with more backticks than any run in the text. */
export function fenced(v: string | null | undefined): string[] {
  const text = safeText(v, {multiline: true});
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map(m => m.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}text`, text, fence];
}
