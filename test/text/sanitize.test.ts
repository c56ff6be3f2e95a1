import {describe, expect, it} from 'vitest';
import {sanitize, sanitizeDeep} from '../../source/text/sanitize.js';

const ESC = '\x1b';
// Hostile strings as they could arrive in a stack name, a tag, a status reason or a CloudTrail message.
const corpus: Array<[string, string, string]> = [
  ['OSC 52 clipboard write (BEL)', `ok${ESC}]52;c;cm0gLXJmIH4=\x07 done`, 'ok done'],
  ['OSC 52 clipboard write (ST)', `ok${ESC}]52;c;cm0gLXJmIH4=${ESC}\\ done`, 'ok done'],
  ['window title change', `${ESC}]0;pwned\x07Bucket failed`, 'Bucket failed'],
  ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
  ['cursor movement', `A${ESC}[2J${ESC}[1;1HB${ESC}[10A`, 'AB'],
  ['SGR colour', `${ESC}[31mred${ESC}[0m`, 'red'],
  ['8-bit CSI', `x\x9b2Jy\x9b31mz`, 'xyz'],
  ['8-bit OSC with 8-bit ST', `a\x9d0;title\x9cb`, 'ab'],
  ['DCS string', `a${ESC}Pq#0;2;0;0;0${ESC}\\b`, 'ab'],
  ['APC / PM / SOS strings', `a${ESC}_apc${ESC}\\b${ESC}^pm${ESC}\\c${ESC}Xsos${ESC}\\d`, 'abcd'],
  // Only the introducer goes: the rest stays readable (harmless without the ESC), so it cannot hide an error.
  ['unterminated OSC drops only its introducer', `safe${ESC}]52;c;AAAA`, 'safe52;c;AAAA'],
  ['lone ESC and two-char escapes', `a${ESC}cb${ESC}`, 'ab'],
  ['charset escape', `a${ESC}(Bb`, 'ab'],
  ['BEL and backspace', `ding\x07\x08\x08ok`, 'dingok'],
  ['carriage return cannot overwrite', `fine\rEVIL`, 'fine EVIL'],
  ['C1 controls', `a\x85b\x8dc`, 'abc'],
  ['bidi overrides', `file\u202Egnp.exe\u2066x\u2069`, 'filegnp.exex'],
  ['newlines become spaces', 'line1\nline2\r\nline3', 'line1 line2 line3'],
  ['tab becomes a space', 'a\tb', 'a b'],
  ['DEL', 'a\x7fb', 'ab'],
  ['plain text untouched', 'User: arn:aws:iam::1:role/x is not authorized [A, B].', 'User: arn:aws:iam::1:role/x is not authorized [A, B].'],
  ['unicode kept', 'Zürich — 東京 ✓', 'Zürich — 東京 ✓'],
];

describe('sanitize', () => {
  it.each(corpus)('neutralises %s', (_name, input, expected) => {
    const out = sanitize(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });

  it('keeps line breaks and tabs when multiline is asked', () => {
    expect(sanitize('a\r\nb\nc\td\x1b[2K', {multiline: true})).toBe('a\nb\nc\td');
  });

  it('cleans strings and keys deep inside objects and arrays, leaving other values alone', () => {
    const input = {tags: {'k\x1b[1m': 'v\x07'}, list: ['a\x9bAb', 3, null, true], nested: [{r: '\u202eX'}]};
    expect(sanitizeDeep(input)).toEqual({tags: {k: 'v'}, list: ['ab', 3, null, true], nested: [{r: 'X'}]});
  });
});
