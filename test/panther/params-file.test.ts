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

  it.each([
    ['{', /not valid JSON/],
    ['"x"', /must be a JSON object/],
    ['{"Bad Name": "x"}', /not a CloudFormation parameter name/],
    ['{"A": {"b": 1}}', /value of A must be/],
    ['[{"ParameterKey": "A", "ParameterValue": "1"}, {"ParameterKey": "A", "ParameterValue": "2"}]', /sets A twice/],
  ])('refuses %s', (text, message) => {
    expect(() => parseParamsFile(text)).toThrow(ParamsFileError);
    expect(() => parseParamsFile(text)).toThrow(message);
  });
});
