// Defect 2: invisible characters let one name pass for another (`Audit\u200bLogs` for `AuditLogs`) or reorder text.
import {describe, expect, it} from 'vitest';
import {sanitize} from '../../source/text/sanitize.js';

const INVISIBLE: Array<[string, string]> = [
  ['zero-width space', '\u200b'],
  ['zero-width non-joiner', '\u200c'],
  ['zero-width joiner (stripped on purpose)', '\u200d'],
  ['left-to-right mark', '\u200e'],
  ['right-to-left mark', '\u200f'],
  ['word joiner', '\u2060'],
  ['function application', '\u2061'],
  ['invisible times', '\u2062'],
  ['invisible separator', '\u2063'],
  ['invisible plus', '\u2064'],
  ['byte order mark / zero-width no-break space', '\ufeff'],
  ['Arabic letter mark', '\u061c'],
  ['Mongolian vowel separator', '\u180e'],
  ['soft hyphen', '\u00ad'],
  ['LRE embedding', '\u202a'],
  ['RLO override', '\u202e'],
  ['FSI isolate', '\u2068'],
  ['PDI', '\u2069'],
  ['inhibit symmetric swapping', '\u206a'],
  ['interlinear annotation anchor', '\ufff9'],
  ['tag character (invisible ASCII look-alike)', '\u{e0041}'],
];

describe('sanitize: invisible and direction characters', () => {
  it.each(INVISIBLE)('drops the %s', (_name, ch) => {
    expect(sanitize(`Audit${ch}Logs`)).toBe('AuditLogs');
  });

  it('makes the spoofed name equal to the real one', () => {
    const spoof = '\ufeffAudit\u200bLogs\u200d\u2063Bucket\u00ad';
    expect(sanitize(spoof)).toBe('AuditLogsBucket');
  });

  it('keeps what is visible: accents, CJK, emoji, variation selectors', () => {
    expect(sanitize('Zürich 東京 ✓ ❤️ 👍')).toBe('Zürich 東京 ✓ ❤️ 👍');
  });

  it('turns an emoji ZWJ sequence into its parts (the documented cost of dropping ZWJ)', () => {
    expect(sanitize('👨\u200d👩\u200d👧')).toBe('👨👩👧');
  });
});
