// Defect 5: a 10 MB status reason must not take seconds (and gigabytes) to lay out: every display path reads at most
// the display cap, says how much it left out, and is linear.
import {describe, expect, it} from 'vitest';
import {capText, DISPLAY_CAP} from '../../source/text/cap.js';
import {safeText} from '../../source/text/display.js';
import {labelled, pad, truncate, width, wrap} from '../../source/text/layout.js';

const HUGE = 'x'.repeat(10 * 1024 * 1024);
const HUGE_WORDS = 'denied '.repeat(1_500_000);

describe('capText', () => {
  it('keeps short text as it is, and text barely over the cap (cutting it would save nothing)', () => {
    expect(capText('short')).toBe('short');
    const near = 'y'.repeat(DISPLAY_CAP + 50);
    expect(capText(near)).toBe(near);
  });

  it('cuts long text at the cap and says how much more there is, and where to find it', () => {
    const out = capText(HUGE);
    expect(out.startsWith(`${'x'.repeat(DISPLAY_CAP)}…`)).toBe(true);
    expect(out).toContain(`(${HUGE.length - DISPLAY_CAP} more characters; full text in --format json)`);
    expect(out.length).toBeLessThan(DISPLAY_CAP + 100);
  });

  it('is idempotent', () => {
    expect(capText(capText(HUGE))).toBe(capText(HUGE));
  });

  it('never splits a surrogate pair', () => {
    const out = capText(`a${'😀'.repeat(DISPLAY_CAP)}`);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('display text', () => {
  it('is capped then sanitised', () => {
    const out = safeText(`\x1b]0;evil\x07${HUGE}`);
    expect(out).not.toContain('\x1b');
    expect(out).toContain('more characters');
    expect(out.length).toBeLessThan(DISPLAY_CAP + 100);
  });
});

describe('layout of a 10 MB text', () => {
  it('wraps only the capped head, with the note at the end', () => {
    for (const text of [HUGE, HUGE_WORDS]) {
      const lines = wrap(text, 80);
      expect(lines.length).toBeLessThan(60);
      for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
      expect(lines.join(' ')).toContain('more characters; full text in --format json');
    }
  });

  it('labels only the capped head (the text reports)', () => {
    const lines = labelled('Reason     ', HUGE_WORDS, 100, 2);
    expect(lines.length).toBeLessThan(60);
    expect(lines.at(-1)).toMatch(/json\)$/);
    // No wrapping at all (a pipe): still capped.
    expect(labelled('Reason ', HUGE, Infinity)[0]!.length).toBeLessThan(DISPLAY_CAP + 120);
  });

  it('truncates and pads to the width asked, marking the cut', () => {
    expect(truncate(HUGE, 20)).toBe(`${'x'.repeat(19)}…`);
    expect(pad(HUGE_WORDS, 10)).toBe('denied de…');
    // A huge text of escape sequences only: still cut, still marked.
    expect(truncate(`${'\x1b[31m'.repeat(2_000_000)}tail`, 20)).toBe('…');
  });

  it('cuts a long word in one pass, as before', () => {
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('ab cdefghij k', 4)).toEqual(['ab', 'cdef', 'ghij', 'k']);
    expect(wrap('東京東京', 3)).toEqual(['東', '京', '東', '京']);
    expect(wrap('東', 1)).toEqual(['東']);
  });
});
