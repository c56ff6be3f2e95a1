import {describe, expect, it} from 'vitest';
import {labelled, pad, truncate, width, wrap} from '../../source/text/layout.js';
import {clean} from '../../source/ui/text.js';

describe('text layout', () => {
  it('counts wide characters as two columns and combining marks as none', () => {
    expect(width('abc')).toBe(3);
    expect(width('日本')).toBe(4);
    expect(width('e\u0301')).toBe(1);
  });

  it('truncates to a width with an ellipsis, and pads to an exact width', () => {
    expect(truncate('panther-prod', 8)).toBe('panther…');
    expect(truncate('short', 8)).toBe('short');
    expect(pad('日本語', 5)).toBe('日本…');
    expect(pad('ab', 4)).toBe('ab  ');
  });

  it('wraps words, cuts a word longer than a line and keeps line breaks', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('arn:aws:iam::123456789012:role/x', 12)).toEqual(['arn:aws:iam:', ':12345678901', '2:role/x']);
    expect(wrap('first\r\nsecond\n\nthird', 20)).toEqual(['first', 'second', '', 'third']);
    expect(wrap('anything', 0)).toEqual([]);
  });

  it('never lets a control sequence through', () => {
    const hostile = 'a\x1b]52;c;cGF3bmVk\x07b\x1b[2Jc\td\x00e';
    expect(truncate(hostile, 40)).toBe('abc de');
    expect(wrap(hostile, 40)).toEqual(['abc de']);
    expect(clean('x\x1b[31my\nz')).toBe('xy z');
  });

  it('aligns the wrapped text of a label under its first line', () => {
    expect(labelled('Status    ', 'UPDATE_ROLLBACK_COMPLETE after a failed update', 30, 2)).toEqual([
      '  Status    UPDATE_ROLLBACK_CO',
      '            MPLETE after a',
      '            failed update',
    ]);
  });
});
