// A rung's parameters reconciled with the rung's own template: what is kept, set, dropped, defaulted, or missing.
import {describe, expect, it} from 'vitest';
import {changeSetParameterList, parameterPhrase, reconcileParameters, type DeclaredParameter} from '../../source/domain/rung-parameters.js';

const declared = (key: string, defaultValue: string | null = null, extra: Partial<DeclaredParameter> = {}): DeclaredParameter => ({
  key,
  defaultValue,
  description: `${key} description`,
  noEcho: false,
  ...extra,
});

describe("reconciling a rung's parameters with its template", () => {
  const current = {FirstUserEmail: 'a@example.com', PythonLayerVersionArn: 'arn:aws:lambda:us-east-2:1:layer:x:3', SentryEnvironment: 'prod'};

  it('keeps what is still declared, drops what is not, applies a new default, and names what needs a value', () => {
    const {items, after} = reconcileParameters({
      current,
      declared: [
        declared('FirstUserEmail'),
        declared('SentryEnvironment', 'prod'),
        declared('ConsoleSessionTimeoutMinutes', '60'),
        declared('ProcessedDataKmsKeyArn'),
      ],
    });
    expect(items.map(p => [p.key, p.fate])).toEqual([
      ['FirstUserEmail', 'kept'],
      ['SentryEnvironment', 'kept'],
      ['ConsoleSessionTimeoutMinutes', 'default'],
      ['ProcessedDataKmsKeyArn', 'needs-value'],
      ['PythonLayerVersionArn', 'dropped'],
    ]);
    expect(items.find(p => p.key === 'PythonLayerVersionArn')).toMatchObject({previous: 'arn:aws:lambda:us-east-2:1:layer:x:3', value: null});
    expect(after).toEqual({FirstUserEmail: 'a@example.com', SentryEnvironment: 'prod', ConsoleSessionTimeoutMinutes: '60'});
  });

  it('sends only kept ones (UsePreviousValue) and set ones (a value): never a dropped, defaulted or missing one', () => {
    const {items} = reconcileParameters({
      current,
      declared: [declared('FirstUserEmail'), declared('SentryEnvironment', 'prod'), declared('New', 'x'), declared('Needed')],
      supplied: {Needed: 'given'},
    });
    expect(changeSetParameterList(items)).toEqual([
      {key: 'FirstUserEmail', value: null, usePrevious: true},
      {key: 'SentryEnvironment', value: null, usePrevious: true},
      {key: 'Needed', value: 'given', usePrevious: false},
    ]);
  });

  it("takes a migration's value before --params, and sets a value only when it differs from the current one", () => {
    const {items} = reconcileParameters({
      current: {PipLibraries: 'requests,boto3', SentryEnvironment: 'prod'},
      declared: [declared('PipLibraries', ''), declared('SentryEnvironment', 'prod')],
      migrations: {PipLibraries: 'boto3'},
      supplied: {PipLibraries: 'ignored', SentryEnvironment: 'prod'},
    });
    expect(items[0]).toMatchObject({key: 'PipLibraries', fate: 'set', value: 'boto3', previous: 'requests,boto3', source: 'migration'});
    expect(items[1]).toMatchObject({key: 'SentryEnvironment', fate: 'kept'});
  });

  it('a --params value for a new parameter without a default is set, and said to come from --params', () => {
    const {items} = reconcileParameters({current: {}, declared: [declared('ProcessedDataKmsKeyArn')], supplied: {ProcessedDataKmsKeyArn: 'arn:k'}});
    expect(items[0]).toMatchObject({fate: 'set', value: 'arn:k', previous: null, source: 'params'});
    expect(parameterPhrase(items[0])).toBe('set ProcessedDataKmsKeyArn = "arn:k" (new) from --params');
  });

  it('never shows a NoEcho value', () => {
    const {items} = reconcileParameters({
      current: {Secret: '****', Old: '****'},
      declared: [declared('Secret', null, {noEcho: true})],
      supplied: {Secret: 'hunter2'},
    });
    expect(items.map(parameterPhrase)).toEqual([
      'set Secret = (NoEcho) (was (NoEcho)) from --params',
      'Old dropped (no longer in the template; was (NoEcho); not sent)',
    ]);
  });
});
