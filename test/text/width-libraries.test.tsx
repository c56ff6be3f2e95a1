// The column layout measures and cuts text as Ink does (string-width, cli-truncate, wrap-ansi): a padded cell is as
// wide as Ink lays it out, whatever the text holds (emoji, ZWJ sequences, flags, CJK, combining marks, soft hyphens,
// variation selectors), and no cut splits a grapheme cluster.
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import cliTruncate from 'cli-truncate';
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import wrapAnsi from 'wrap-ansi';
import {pad, truncate, width, wrap} from '../../source/text/layout.js';
import {sanitize} from '../../source/text/sanitize.js';
import {truncateMiddle} from '../../source/ui/text.js';

// string-width as Ink itself resolves it: should Ink ever get another version than ours, the measures are compared
// with Ink's.
const fromInk = createRequire(createRequire(import.meta.url).resolve('ink'));
const inkWidth = ((await import(pathToFileURL(fromInk.resolve('string-width')).href)) as {default: (s: string) => number}).default;

const SAMPLES: Record<string, string> = {
  emoji: '😀 deploy 🚀 done',
  'emoji with a skin tone': 'ok 👍🏽 👍🏽 thanks',
  'ZWJ sequences': '👩‍💻 by 🏳️‍🌈 and 👨‍👩‍👧',
  flags: '🇯🇵🇫🇷 eu-west-3 🇺🇸',
  'CJK wide characters': 'スタックの更新に失敗しました 日本',
  'combining marks': 'Cafe\u0301 re\u0301sume\u0301 man\u0303ana',
  'soft hyphen': 'co\u00adoperative de\u00adploy\u00adment',
  'variation selector-16': '❤️ ✔️ ⚠️ 1️⃣ done',
};
const CASES = Object.entries(SAMPLES);

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
/** Offsets (UTF-16) where a grapheme cluster of `s` ends, 0 included. */
const boundaries = (s: string) => new Set([0, ...Array.from(segmenter.segment(s), g => g.index + g.segment.length)]);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('the measure', () => {
  it.each(CASES)("agrees with Ink's string-width: %s", (_, s) => {
    expect(width(s)).toBe(inkWidth(s));
    expect(width(sanitize(s))).toBe(inkWidth(sanitize(s)));
    // A cut cell (the ellipsis is the fast path's too).
    expect(width(`${s}…`)).toBe(inkWidth(`${s}…`));
  });

  it.each(CASES)('pads to a cell Ink lays out at exactly that width: %s', (_, s) => {
    for (const cols of [5, 9, 14, 40]) {
      const cell = pad(s, cols);
      // A box of `cols` columns, then a bar: narrower text leaves a gap before the bar, wider text is cut by Ink.
      const {lastFrame, unmount} = render(
        <Box>
          <Box width={cols} flexShrink={0}>
            <Text wrap="truncate">{cell}</Text>
          </Box>
          <Text>|</Text>
        </Box>,
      );
      expect(lastFrame(), `${cols} columns`).toBe(`${cell}|`);
      unmount();
    }
  });
});

describe('cutting', () => {
  it.each(CASES)('truncate keeps whole clusters and never exceeds the columns: %s', (_, s) => {
    const text = sanitize(s);
    const ends = boundaries(text);
    const wrong: string[] = [];
    for (let max = 1; max <= width(text) + 1; max++) {
      const out = truncate(s, max);
      const kept = out === text ? out : out.slice(0, -1);
      if (inkWidth(out) > max) wrong.push(`${max}: ${out} is ${inkWidth(out)} columns`);
      if (out !== text && !out.endsWith('…')) wrong.push(`${max}: ${out} has no ellipsis`);
      if (!text.startsWith(kept) || !ends.has(kept.length) || LONE_SURROGATE.test(out)) wrong.push(`${max}: ${out} splits a cluster`);
      if (out !== text && inkWidth(out) < max - 1) wrong.push(`${max}: ${out} leaves more than a column`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(CASES)('truncateMiddle keeps whole clusters at both ends and never exceeds the columns: %s', (_, s) => {
    const text = sanitize(s);
    const ends = boundaries(text);
    const wrong: string[] = [];
    for (let max = 1; max <= width(text) + 1; max++) {
      const out = truncateMiddle(s, max);
      if (inkWidth(out) > max) wrong.push(`${max}: ${out} is ${inkWidth(out)} columns`);
      if (out === text) continue;
      const at = out.indexOf('…');
      const [head, tail] = [out.slice(0, at), out.slice(at + 1)];
      const headOk = text.startsWith(head) && ends.has(head.length);
      const tailOk = text.endsWith(tail) && ends.has(text.length - tail.length);
      if (!headOk || !tailOk || LONE_SURROGATE.test(out)) wrong.push(`${max}: ${out} splits a cluster`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(CASES)('pad gives exactly the columns asked: %s', (_, s) => {
    const wrong: string[] = [];
    for (let cols = 1; cols <= width(s) + 2; cols++) {
      const cell = pad(s, cols);
      if (inkWidth(cell) !== cols) wrong.push(`${cols}: ${cell} is ${inkWidth(cell)} columns`);
    }
    expect(wrong).toEqual([]);
  });

  it('cuts printable ASCII by length exactly as cli-truncate does', () => {
    const s = 'arn:aws:iam::123456789012:role/PantherDeploymentRole';
    for (let max = 1; max <= s.length + 1; max++) expect(truncate(s, max)).toBe(cliTruncate(s, max));
  });
});

describe('wrapping', () => {
  it.each(CASES)('no line is wider than the columns, and no line break splits a cluster: %s', (_, s) => {
    // Three times over, so that words are packed and long ones cut.
    const text = `${s} ${s}${s} ${s}`;
    // wrap-ansi composes accents (NFC) and the breaks drop spaces: what remains is the text, in the same clusters.
    const letters = sanitize(text).normalize().replace(/ /g, '');
    const ends = boundaries(letters);
    const wrong: string[] = [];
    for (let cols = 2; cols <= 24; cols++) {
      const lines = wrap(text, cols);
      let at = 0;
      for (const line of lines) {
        if (inkWidth(line) > cols) wrong.push(`${cols}: ${line} is ${inkWidth(line)} columns`);
        at += line.replace(/ /g, '').length;
        if (!ends.has(at) || LONE_SURROGATE.test(line)) wrong.push(`${cols}: a break after ${line} splits a cluster`);
      }
      if (lines.join('').replace(/ /g, '') !== letters) wrong.push(`${cols}: the lines are not the text`);
    }
    expect(wrong).toEqual([]);
  });

  it('cuts a long word between clusters, starting a line, its last piece carried on', () => {
    expect(wrap('to 🇯🇵🇯🇵🇯🇵 ok', 5)).toEqual(['to', '🇯🇵🇯🇵', '🇯🇵 ok']);
    expect(wrap('to 👍🏽👍🏽👍🏽 ok', 5)).toEqual(['to', '👍🏽👍🏽', '👍🏽 ok']);
    expect(wrap('arn:re\u0301sume\u0301', 6)).toEqual(['arn:ré', 'sumé']);
  });

  it('fills printable ASCII by length exactly as wrap-ansi does (words no longer than a line)', () => {
    let seed = 1;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let run = 0; run < 200; run++) {
      const cols = 4 + next(40);
      const words = Array.from({length: 1 + next(30)}, () => 'abcdefghijklmnopqrstuvwxyz:/-'.slice(0, 1 + next(Math.min(cols, 29))));
      const text = words.join(' ');
      expect(wrap(text, cols), `${cols}: ${text}`).toEqual(wrapAnsi(text, cols, {trim: true}).split('\n'));
    }
  });
});
