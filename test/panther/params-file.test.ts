import {exitCodeOf} from '../../source/errors.js';
import {describe, expect, it} from 'vitest';
import {parseParamsFile, ParamsFileError} from '../../source/panther/params-file.js';

describe('a --params file', () => {
  it('reads the console\'s object form', () => {
    expect(parseParamsFile('{"ApiCertificateArn": "arn:x", "DataLakeForwarderMemory": 512, "OnboardSelf": false}')).toEqual({
      ApiCertificateArn: 'arn:x',
      DataLakeForwarderMemory: '512',
      OnboardSelf: 'false',
    });
  });

  it('reads the AWS CLI form, skipping UsePreviousValue entries', () => {
    const text = JSON.stringify([
      {ParameterKey: 'PulumiSecretArn', ParameterValue: 'arn:s'},
      {ParameterKey: 'PipLibraries', UsePreviousValue: true},
    ]);
    expect(parseParamsFile(text)).toEqual({PulumiSecretArn: 'arn:s'});
  });

  it('ignores a byte-order mark and the whitespace around the JSON', () => {
    expect(parseParamsFile('\uFEFF  {"A": "1", "B": 2}\n')).toEqual({A: '1', B: '2'});
  });

  it('reads Key=Value lines, comments, quotes and the AWS CLI shorthand', () => {
    const text = '# first deploy\nFirstUserEmail=secops@example.com\n\nSentryEnvironment = ""\nCompanyDisplayName="Example Corp"\nParameterKey=OnboardSelf,ParameterValue=true\r\n';
    expect(parseParamsFile(text)).toEqual({FirstUserEmail: 'secops@example.com', SentryEnvironment: '', CompanyDisplayName: 'Example Corp', OnboardSelf: 'true'});
  });

  it.each([
    ['broken JSON', '{', /not valid JSON/],
    ['broken JSON list', '[{"ParameterKey": ', /not valid JSON/],
    ['a JSON string', '"x"', /line 1: expected Key=Value/],
    ['a bad name', '{"Bad Name": "x"}', /not a CloudFormation parameter name/],
    ['a bad name on a line', 'A-b=1', /line 1: "A-b" is not a CloudFormation parameter name/],
    ['a value that is no scalar', '{"A": {"b": 1}}', /value of A must be/],
    ['a list entry that is no object', '["A=1"]', /each entry must be/],
    ['a name set twice in a list', '[{"ParameterKey": "A", "ParameterValue": "1"}, {"ParameterKey": "A", "ParameterValue": "2"}]', /sets A twice/],
    ['a name set twice on lines', 'A=1\nA=2', /sets A twice/],
    ['text that is neither JSON nor Key=Value', 'just words', /line 1: expected Key=Value/],
    ['an empty object', '{}', /params\.txt sets no parameter/],
    ['an empty list', '[]', /sets no parameter/],
    ['only UsePreviousValue entries', '[{"ParameterKey": "A", "UsePreviousValue": true}]', /sets no parameter/],
    ['an empty file', '\n# nothing\n', /sets no parameter/],
  ])('refuses %s (exit code 2)', (_what, text, message) => {
    let error: unknown;
    try {
      parseParamsFile(text, 'params.txt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParamsFileError);
    expect((error as Error).message).toMatch(message);
    expect(exitCodeOf(error)).toBe(2);
  });
});
