// Laying text out in columns, for the screen and the plain-text reports alike. Every string is sanitised first (a
// stray control character would tear a frame or a report). Widths are approximate in the way terminals are: East
// Asian wide and emoji take two columns, combining marks none. No function here reads more than the display cap
// of its input (text/cap.ts): a 10 MB reason lays out as fast as a short one.
import {DISPLAY_CAP, headOf} from './cap.js';
import {sanitize} from './sanitize.js';
import {safeText} from './display.js';

function isCombining(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x20d0 && cp <= 0x20ff)
  );
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || isCombining(cp)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** Terminal columns the text takes. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** One line of at most `max` columns, with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  // One line shows only the head of the text: the rest is never read (and the ellipsis says it is cut).
  const long = s.length > DISPLAY_CAP;
  const text = sanitize(long ? headOf(s, DISPLAY_CAP) : s);
  if (!long && width(text) <= max) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** Exactly `cols` columns: truncated or padded with spaces on the right. */
export function pad(s: string, cols: number): string {
  const t = truncate(s, cols);
  return t + ' '.repeat(Math.max(0, cols - width(t)));
}

/**
 * Word-wrapped lines of at most `cols` columns (a word longer than a line, an ARN, is cut); line breaks kept. Text
 * over the display cap is cut there, with a note of how much more there was.
 */
export function wrap(s: string, cols: number): string[] {
  if (cols <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of safeText(s, {multiline: true}).split('\n')) {
    let line = '';
    let lw = 0;
    for (const word of paragraph.split(/[ \t]+/)) {
      if (!word) continue;
      const ww = width(word);
      if (lw > 0 && lw + 1 + ww <= cols) {
        line += ' ' + word;
        lw += 1 + ww;
        continue;
      }
      if (lw > 0) {
        lines.push(line);
        line = '';
        lw = 0;
      }
      if (ww <= cols) {
        line = word;
        lw = ww;
        continue;
      }
      // Longer than a line: cut in one pass (never re-reading the rest), the last piece carried on. A wide
      // character in a one-column box is taken anyway rather than looping.
      for (const ch of word) {
        const cw = charWidth(ch);
        if (lw > 0 && lw + cw > cols) {
          lines.push(line);
          line = '';
          lw = 0;
        }
        line += ch;
        lw += cw;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** `label` then `text` wrapped to `cols`, continuation lines aligned under the text (at least 10 columns of it). */
export function labelled(label: string, text: string, cols: number, indent = 0): string[] {
  const head = ' '.repeat(indent) + sanitize(label);
  const headWidth = width(head);
  return wrap(text, Math.max(10, cols - headWidth)).map((l, i) => (i === 0 ? head : ' '.repeat(headWidth)) + l);
}
