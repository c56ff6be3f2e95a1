import {describe, expect, it} from 'vitest';
import {renderHint} from '../../source/domain/hint-template.js';

describe('renderHint', () => {
  const facts = {action: 's3:PutObject', resource: undefined, policy: 'p-1', name: ''};
  it.each([
    ['{action} was denied', 's3:PutObject was denied'],
    ['{resource|the bucket} is full', 'The bucket is full'],
    ['{action} or {resource|the bucket}', 's3:PutObject or the bucket'],
    ['{resource|name|policy} wins', 'p-1 wins'],
    ['{resource|name} is gone', 'Is gone'],
    ['Denied[ on {resource}].', 'Denied.'],
    ['Denied[ by {policy}].', 'Denied by p-1.'],
    ['Denied[ by {policy} on {resource}].', 'Denied.'],
    ['Denied[ on {resource|a resource}].', 'Denied on a resource.'],
  ])('%s', (template, expected) => {
    expect(renderHint(template, facts)).toBe(expected);
  });

  it('never reads a value as a template (AWS text with braces and brackets stays whole)', () => {
    expect(renderHint('{name} exists[ in {owner}].', {name: '{accountid}-[x]', owner: '{Resource}'})).toBe('{accountid}-[x] exists in {Resource}.');
  });
});
