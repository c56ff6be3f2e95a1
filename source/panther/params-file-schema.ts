// What a --params file may hold, as zod schemas: the AWS CLI's list of {ParameterKey, ParameterValue} entries and
// the console's own object of values. The limits come first, before any parsing: CloudFormation takes at most 200
// parameters in a stack, and 200 values come nowhere near a megabyte (a larger file is the wrong file).
import * as z from 'zod/mini';
import {checkWith, jsonPath, quote, type Issue} from '../text/schema-issue.js';

export const MAX_PARAMS_FILE_BYTES = 1024 * 1024;
export const MAX_PARAMETERS = 200;

/** What CloudFormation accepts as a parameter name. */
export const PARAMETER_NAME = /^[A-Za-z0-9]{1,255}$/;
export const PARAMETER_NAME_WORDS = 'a CloudFormation parameter name (letters and digits, 255 at most)';
const VALUE_WORDS = 'a string, a number or a boolean';
const ENTRY_WORDS = '{"ParameterKey": "...", "ParameterValue": "..."}';

const parameterName = z.string({error: PARAMETER_NAME_WORDS}).check(z.regex(PARAMETER_NAME, {error: PARAMETER_NAME_WORDS}));
/** Numbers and booleans are taken as their text: CloudFormation's values are all strings. */
const parameterValue = z.pipe(z.union([z.string(), z.number(), z.boolean()], {error: VALUE_WORDS}), z.transform(String));

/** The console's own form: `{"ApiCertificateArn": "arn:...", "DataLakeForwarderMemory": 512}`. */
export const ParamsObjectSchema = z.record(parameterName, parameterValue);

/** One entry of the AWS CLI's form; `"UsePreviousValue": true` keeps the deployed value (the entry sets nothing). */
const ParamsEntrySchema = z
  .looseObject(
    {
      ParameterKey: parameterName,
      ParameterValue: z.optional(parameterValue),
      UsePreviousValue: z.optional(z.unknown()),
    },
    {error: ENTRY_WORDS},
  )
  .check(ctx => {
    if (ctx.value.UsePreviousValue !== true && ctx.value.ParameterValue === undefined) {
      ctx.issues.push({code: 'custom', path: ['ParameterValue'], message: `${VALUE_WORDS} (or "UsePreviousValue": true)`, input: ctx.value});
    }
  });

/** The AWS CLI's form, as `aws cloudformation create-stack --parameters file://...` reads it. */
export const ParamsListSchema = z.array(ParamsEntrySchema).check(ctx => {
  const first = new Map<string, number>();
  ctx.value.forEach((entry, i) => {
    const earlier = first.get(entry.ParameterKey);
    if (earlier === undefined) first.set(entry.ParameterKey, i);
    else
      ctx.issues.push({
        code: 'custom',
        path: [i, 'ParameterKey'],
        message: 'a name no earlier entry sets',
        params: {earlier},
        input: entry.ParameterKey,
      });
  });
});

/** Why a file of this size is refused before it is read further; null when it is not. */
export function sizeProblem(bytes: number): string | null {
  return bytes > MAX_PARAMS_FILE_BYTES
    ? `is larger than 1 MB (${MAX_PARAMS_FILE_BYTES} bytes): a parameters file holds at most ${MAX_PARAMETERS} short values; check it is the right file`
    : null;
}

/** Why a file setting this many parameters is refused; null when it is not. */
export function countProblem(count: number): string | null {
  return count > MAX_PARAMETERS ? `sets ${count} parameters: CloudFormation takes at most ${MAX_PARAMETERS} in a stack` : null;
}

export type ParamsJsonResult = {ok: true; values: Record<string, string>} | {ok: false; problem: string};

/**
 * The values of a parsed JSON params file (an object or a list), or the first problem as the rest of a line after
 * the file's name: `: [3].ParameterValue must be a string, a number or a boolean, not {"b":1}`.
 */
export function paramsFromJson(data: unknown): ParamsJsonResult {
  const list = Array.isArray(data);
  const count = list ? data.length : data && typeof data === 'object' ? Object.keys(data).length : 0;
  const tooMany = countProblem(count);
  if (tooMany) return {ok: false, problem: ` ${tooMany}`};
  if (list) {
    const checked = checkWith(ParamsListSchema, data);
    if (!checked.ok) return {ok: false, problem: listProblem(checked.issue, checked.value)};
    const values: Record<string, string> = {};
    for (const entry of checked.data) if (entry.UsePreviousValue !== true) values[entry.ParameterKey] = entry.ParameterValue!;
    return {ok: true, values};
  }
  const checked = checkWith(ParamsObjectSchema, data);
  if (!checked.ok) {
    const key = String(checked.issue.path[0] ?? '');
    if (checked.issue.code === 'invalid_key') return {ok: false, problem: `: ${JSON.stringify(key)} is not ${PARAMETER_NAME_WORDS}`};
    return {ok: false, problem: `: the value of ${key} must be ${checked.issue.message}, not ${quote(checked.value)}`};
  }
  return {ok: true, values: checked.data};
}

function listProblem(issue: Issue, value: unknown): string {
  const where = jsonPath(issue.path);
  if (issue.path.length === 1) return `: ${where} is ${quote(value)}: each entry must be ${ENTRY_WORDS}`;
  if (issue.code === 'custom' && typeof issue.params?.earlier === 'number') {
    return ` sets ${String(value)} twice (${jsonPath([issue.params.earlier])} and ${jsonPath(issue.path.slice(0, 1))})`;
  }
  if (value === undefined) return `: ${where} is missing: it must be ${issue.message}`;
  return `: ${where} must be ${issue.message}, not ${quote(value)}`;
}
