// Laying text out in columns, for the screen and the plain-text reports alike. Every string is sanitised first (a
// stray control character would tear a frame or a report). Columns are measured and cut as Ink does (text/columns.ts):
// emoji, flags and East Asian wide characters take two, combining marks none, and no cut splits a cluster. No
// function here reads more than the display cap of its input (text/cap.ts): a 10 MB reason lays out as fast as a
// short one.
import wrapAnsi from 'wrap-ansi';
import {DISPLAY_CAP, headOf} from './cap.js';
import {cutMeasured, fits, isNarrow, pieces, width} from './columns.js';
import {sanitize} from './sanitize.js';
import {safeText} from './display.js';

export {width} from './columns.js';

/** One line of at most `max` columns, with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  return truncated(s, max)[0];
}

/** Exactly `cols` columns: truncated or padded with spaces on the right. */
export function pad(s: string, cols: number): string {
  const [t, w] = truncated(s, cols);
  return t + ' '.repeat(Math.max(0, cols - w));
}

/** `truncate`, and the columns the result takes. */
function truncated(s: string, max: number): [string, number] {
  if (max <= 0) return ['', 0];
  // One line shows only the head of the text: the rest is never read (and the ellipsis says it is cut).
  const long = s.length > DISPLAY_CAP;
  const head = long ? headOf(s, DISPLAY_CAP) : s;
  // Printable ASCII has nothing to sanitise: the timeline's rows skip the pass.
  const text = isNarrow(head) ? head : sanitize(head);
  // Cut at the cap: marked even where what is left fits.
  return cutMeasured(long ? `${text}…` : text, max, 'end');
}

/**
 * Word-wrapped lines of at most `cols` columns (a word longer than a line, an ARN, starts a line and is cut, its last
 * piece carried on); runs of spaces and tabs are one space; line breaks kept. Text over the display cap is cut
 * there, with a note of how much more there was.
 */
export function wrap(s: string, cols: number): string[] {
  if (cols <= 0) return [];
  return safeText(s, {multiline: true})
    .split('\n')
    .flatMap(paragraph => wrapParagraph(paragraph, cols));
}

function wrapParagraph(paragraph: string, cols: number): string[] {
  // A word longer than a line starts a line and is cut here, between grapheme clusters, its last piece carried on.
  // wrap-ansi's hard mode would cut between code points (half a flag, an accent without its letter) and start the
  // word on the line before, where an ARN would not start a line of its own.
  const words = paragraph.split(/[ \t]+/).filter(Boolean);
  let text = '';
  for (const word of words) {
    if (!fits(word, cols)) text += (text ? '\n' : '') + pieces(word, cols).join('\n');
    else text += (text ? ' ' : '') + word;
  }
  if (isNarrow(words.join(' '))) return text.split('\n').flatMap(line => fill(line, cols));
  const lines = wrapAnsi(text, cols, {hard: false, trim: true}).split('\n');
  // wrap-ansi measures with an older string-width, which counts a few clusters narrower (Devanagari कि, ｶﾞ): a line
  // it packed too wide is cut again, cluster by cluster.
  return lines.flatMap(line => (fits(line, cols) ? [line] : pieces(line, cols)));
}

/**
 * wrap-ansi's fill (trimmed, words no longer than a line) for text of a column a character, by length. wrap-ansi
 * measures every word, and the line so far before each word, with the grapheme segmenter: a 4,000-character reason
 * takes it 10 to 15 ms, this a tenth of one. test/text/width-libraries.test.tsx checks that the two agree.
 */
function fill(line: string, cols: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > cols) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  out.push(current);
  return out;
}

/** `label` then `text` wrapped to `cols`, continuation lines aligned under the text (at least 10 columns of it). */
export function labelled(label: string, text: string, cols: number, indent = 0): string[] {
  const head = ' '.repeat(indent) + sanitize(label);
  const headWidth = width(head);
  return wrap(text, Math.max(10, cols - headWidth)).map((l, i) => (i === 0 ? head : ' '.repeat(headWidth)) + l);
}
