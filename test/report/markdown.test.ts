import {describe, expect, it} from 'vitest';
import {cell, code} from '../../source/report/markdown.js';

describe('untrusted text in Markdown', () => {
  it('keeps a table cell one cell: pipes, backticks, backslashes and angle brackets escaped, line breaks gone', () => {
    expect(cell('a|b')).toBe('a\\|b');
    expect(cell('`x`')).toBe('\\`x\\`');
    expect(cell('C:\\path')).toBe('C:\\\\path');
    expect(cell('api.<domain>')).toBe('api.&lt;domain&gt;');
    expect(cell('one\ntwo\r\nthree')).toBe('one two three');
    expect(cell(null)).toBe('');
    expect(cell('  \x1b[31mred\x1b[0m ')).toBe('red');
  });

  it('fences inline code with more backticks than the text holds', () => {
    expect(code('panther-prod')).toBe('`panther-prod`');
    expect(code('a `b` c')).toBe('`` a `b` c ``');
    expect(code('x\ny')).toBe('`x y`');
    expect(code('<region>')).toBe('`<region>`');
  });
});
