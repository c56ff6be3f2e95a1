// Defect 3: an unterminated OSC/DCS/APC or a lone 8-bit C1 introducer must not swallow the rest of the text (the
// real error); the introducer alone goes. A terminated sequence still goes whole, payload included.
import {describe, expect, it} from 'vitest';
import {sanitize} from '../../source/text/sanitize.js';

const ESC = '\x1b';
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

describe('sanitize: unterminated string sequences', () => {
  it.each([
    ['OSC', `${ESC}]`],
    ['DCS', `${ESC}P`],
    ['APC', `${ESC}_`],
    ['PM', `${ESC}^`],
    ['SOS', `${ESC}X`],
    ['8-bit OSC', '\x9d'],
    ['8-bit DCS', '\x90'],
    ['8-bit APC', '\x9f'],
  ])('keeps the text after an unterminated %s', (_name, intro) => {
    const out = sanitize(`Access denied ${intro}0;evil (no terminator) for s3:PutBucketPolicy`);
    expect(out).toContain('for s3:PutBucketPolicy');
    expect(out).toContain('Access denied');
    expect(out).not.toMatch(UNSAFE);
  });

  it('drops a lone C1 byte and nothing else', () => {
    expect(sanitize('a\x9db\x90c\x9fd')).toBe('abcd');
  });

  it('still removes a terminated OSC whole, payload included', () => {
    expect(sanitize(`Access ${ESC}]52;c;cm0gLXJmIH4=\x07denied`)).toBe('Access denied');
    expect(sanitize(`Access ${ESC}]0;pwned${ESC}\\denied`)).toBe('Access denied');
    expect(sanitize(`Access \x9d0;pwned\x9cdenied`)).toBe('Access denied');
  });

  it('removes a terminated sequence that follows an unterminated-looking one', () => {
    // The first introducer finds the BEL: everything up to it is one sequence, as a terminal reads it.
    expect(sanitize(`a${ESC}]0;x\x07b${ESC}]1;y`)).toBe('ab1;y');
  });

  it('is linear: many unterminated introducers in a long text', () => {
    const text = `${ESC}]x `.repeat(200_000); // 1 MB, 200,000 introducers, no terminator
    const out = sanitize(text);
    expect(out).toBe('x '.repeat(200_000));
  });
});
