import {exitCodeOf} from '../../source/errors.js';
import {describe, expect, it} from 'vitest';
import {parseParamsFile, ParamsFileError} from '../../source/panther/params-file.js';
import {MAX_PARAMS_FILE_BYTES} from '../../source/panther/params-file-schema.js';

describe('a --params file', () => {
  it("reads the console's object form", () => {
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
    const text =
      '# first deploy\nFirstUserEmail=secops@example.com\n\nSentryEnvironment = ""\nCompanyDisplayName="Example Corp"\nParameterKey=OnboardSelf,ParameterValue=true\r\n';
    expect(parseParamsFile(text)).toEqual({
      FirstUserEmail: 'secops@example.com',
      SentryEnvironment: '',
      CompanyDisplayName: 'Example Corp',
      OnboardSelf: 'true',
    });
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

describe('a --params file: the place of a problem and the limits', () => {
  const refusal = (text: string) => {
    try {
      parseParamsFile(text, '--params params.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ParamsFileError);
      expect(exitCodeOf(error)).toBe(2);
      return (error as Error).message;
    }
    throw new Error('the file was accepted');
  };
  const entries = (n: number) => Array.from({length: n}, (_, i) => ({ParameterKey: `P${i}`, ParameterValue: `v${i}`}));

  it.each([
    [
      'a bad type deep in the AWS CLI list',
      JSON.stringify([...entries(3), {ParameterKey: 'D', ParameterValue: {b: 1}}]),
      '--params params.json: [3].ParameterValue must be a string, a number or a boolean, not {"b":1}.',
    ],
    [
      'an entry with neither a value nor UsePreviousValue',
      JSON.stringify([...entries(2), {ParameterKey: 'C'}]),
      '--params params.json: [2].ParameterValue is missing: it must be a string, a number or a boolean (or "UsePreviousValue": true).',
    ],
    [
      'entries of an unknown shape (Key/Value, not ParameterKey/ParameterValue)',
      '[{"Key": "A", "Value": "1"}]',
      '--params params.json: [0].ParameterKey is missing: it must be a CloudFormation parameter name (letters and digits, 255 at most).',
    ],
    [
      'a bad name in the list',
      '[{"ParameterKey": "Bad Name", "ParameterValue": "1"}]',
      /^--params params\.json: \[0\]\.ParameterKey must be a CloudFormation parameter name .*, not "Bad Name"\.$/,
    ],
    [
      'a name set twice in the list, with both places',
      JSON.stringify([...entries(2), {ParameterKey: 'P0', UsePreviousValue: true}]),
      '--params params.json sets P0 twice ([0] and [2]).',
    ],
    ['a null value in the object', '{"A": null}', '--params params.json: the value of A must be a string, a number or a boolean, not null.'],
    ['a long value, quoted short', `{"A": [${'1,'.repeat(50)}1]}`, /not \[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1…\.$/],
  ])('names the place and what it must hold: %s', (_what, text, message) => {
    if (typeof message === 'string') expect(refusal(text)).toBe(message);
    else expect(refusal(text)).toMatch(message);
  });

  it.each([
    ['an AWS CLI list', (n: number) => JSON.stringify(entries(n))],
    ['an object', (n: number) => JSON.stringify(Object.fromEntries(entries(n).map(e => [e.ParameterKey, e.ParameterValue])))],
    [
      'Key=Value lines',
      (n: number) =>
        entries(n)
          .map(e => `${e.ParameterKey}=${e.ParameterValue}`)
          .join('\n'),
    ],
  ])("takes 200 parameters and refuses 201 (CloudFormation's limit) as %s", (_form, file) => {
    expect(Object.keys(parseParamsFile(file(200)))).toHaveLength(200);
    expect(refusal(file(201))).toBe('--params params.json sets 201 parameters: CloudFormation takes at most 200 in a stack.');
  });

  it('counts UsePreviousValue entries against the limit too (each is a parameter of the stack)', () => {
    const list = [...entries(200), {ParameterKey: 'Kept', UsePreviousValue: true}];
    expect(refusal(JSON.stringify(list))).toMatch(/sets 201 parameters/);
  });

  it('takes a file of exactly 1 MB and refuses 1 MB + 1 byte before parsing it', () => {
    const exactly = `{"A": "${'x'.repeat(MAX_PARAMS_FILE_BYTES - 9)}"}`;
    expect(Buffer.byteLength(exactly)).toBe(MAX_PARAMS_FILE_BYTES);
    expect(parseParamsFile(exactly).A).toHaveLength(MAX_PARAMS_FILE_BYTES - 9);
    // Not JSON at all: the size is what is refused, before JSON.parse could say anything.
    const over = `{${' '.repeat(MAX_PARAMS_FILE_BYTES)}`;
    expect(Buffer.byteLength(over)).toBe(MAX_PARAMS_FILE_BYTES + 1);
    expect(refusal(over)).toBe(
      '--params params.json is larger than 1 MB (1048576 bytes): a parameters file holds at most 200 short values; check it is the right file.',
    );
  });

  it('measures the size in bytes, not characters', () => {
    // 'é' is two bytes in UTF-8: half a megabyte of them is a megabyte.
    const text = `A=${'é'.repeat(MAX_PARAMS_FILE_BYTES / 2)}`;
    expect(refusal(text)).toMatch(/is larger than 1 MB/);
  });
});
