// Untrusted text in the Markdown reports: sanitised, on one line, and unable to change the document's structure.
import {sanitize} from '../text/sanitize.js';

/**
 * Text for a table cell (or any inline text): one line; backslashes, `|` (a cell boundary) and backticks (a code
 * span) escaped; `<` and `>` as entities, so `<region>` shows instead of vanishing as an HTML tag.
 */
export function cell(v: string | null | undefined): string {
  return sanitize(v ?? '')
    .replace(/[\\|`]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim();
}

/**
 * Inline code: one line, fenced with more backticks than any run in the text. Nothing else needs escaping inside a
 * code span (`<`, `>` and backslashes show as they are); not for table cells, where a `|` would end the cell.
 */
export function code(v: string | null | undefined): string {
  const text = sanitize(v ?? '');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(m => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ` ${text} ` : text}${fence}`;
}
