// The diagnosis table, one test per row: its example is diagnosed by that row (no earlier row shadows it), with the
// row's category, and its hint is whole sentences (every slot filled or its group dropped, no template left over).
import {describe, expect, it} from 'vitest';
import {classifyFailure, matchingRule} from '../../source/domain/classify.js';
import {readFailure} from '../../source/domain/diagnosis-facts.js';
import {DIAGNOSIS_RULES} from '../../source/domain/diagnosis-rules.js';

const exampleOf = (r: (typeof DIAGNOSIS_RULES)[number]) => ({
  reason: r.example.reason,
  resourceType: r.example.type ?? '',
  status: r.example.status ?? 'CREATE_FAILED',
  logicalResourceId: r.example.logical ?? 'Resource',
  physicalResourceId: r.example.physical ?? '',
});

describe('the diagnosis table', () => {
  it.each(DIAGNOSIS_RULES.map(r => [r.id, r] as const))('%s', (_id, rule) => {
    const failure = exampleOf(rule);
    expect(matchingRule(failure)?.id).toBe(rule.id);
    const c = classifyFailure(failure);
    expect(c.category).toBe(rule.category);
    expect(c.rule).toBe(rule.id);
    // No slot or group syntax left over: the examples carry no braces or brackets of their own.
    expect(c.hint).not.toMatch(/\{\w+(?:\|[^}]*)?\}|\bundefined\b|\[ |\]$/);
    expect(c.hint).toMatch(/^[A-Z"'`/a-z0-9]/);
    expect(c.hint).toMatch(/[.)]$/);
    expect(c.hint.length).toBeGreaterThan(40);
  });

  it('has unique ids, and every slot of every hint names a fact the reader gives or ends in words', () => {
    expect(new Set(DIAGNOSIS_RULES.map(r => r.id)).size).toBe(DIAGNOSIS_RULES.length);
    const known = new Set([...Object.keys(readFailure({reason: ''}).facts), 'matched']);
    for (const rule of DIAGNOSIS_RULES) {
      for (const slot of rule.hint.matchAll(/\{([^{}]+)\}/g)) {
        // Every choice but the last must be a fact's name; the last is a fact or the words used when none is known.
        const choices = slot[1]!.split('|');
        for (const name of choices.slice(0, -1)) expect(known.has(name), `${rule.id}: {${name}} is not a fact`).toBe(true);
        if (choices.length === 1) expect(known.has(choices[0]!), `${rule.id}: {${choices[0]}} is not a fact`).toBe(true);
      }
    }
  });

  it('never promises a CloudTrail listing when CloudTrail is not read', () => {
    for (const rule of DIAGNOSIS_RULES) {
      expect(classifyFailure(exampleOf(rule), {cloudTrail: false}).hint, rule.id).not.toMatch(/CloudTrail/);
    }
    expect(classifyFailure({reason: 'Something nobody has seen before'}, {cloudTrail: false}).hint).not.toMatch(/CloudTrail/);
  });

  it('reads an untrusted reason of any size by its first 4,000 characters, and every pattern stays linear on them', () => {
    // A pattern that costs the square of its input held the screen for minutes on a 200 KB reason: the vitest
    // timeout is what fails here if one comes back.
    expect(classifyFailure({reason: `Rate exceeded ${'x'.repeat(1_000_000)}`}).category).toBe('internal');
    expect(classifyFailure({reason: `${'x'.repeat(1_000_000)} already exists`}).category).toBe('unknown');
    const hostile = [
      'x'.repeat(4000),
      'a '.repeat(2000),
      `User: ${'a'.repeat(2000)} is not authorized to perform: ${'b:'.repeat(900)}`,
      'Abc '.repeat(1000),
      `#/${'a/'.repeat(2000)}`,
    ];
    for (const reason of hostile) {
      for (const type of ['AWS::S3::Bucket', 'Custom::X', 'AWS::EC2::SecurityGroup', 'AWS::ECS::Service']) {
        for (const status of ['CREATE_FAILED', 'DELETE_FAILED'])
          expect(classifyFailure({reason, resourceType: type, status}).hint.length).toBeGreaterThan(0);
      }
    }
  });

  it('keeps braces and brackets of AWS text as they are in a hint', () => {
    const c = classifyFailure({
      reason: 'User: {IAM User} is not authorized to perform: logs:DeleteLogGroup on resource: arn:aws:logs:x:{accountid}:log-group:[a]',
    });
    expect(c.hint).toContain('arn:aws:logs:x:{accountid}:log-group:[a]');
  });
});
