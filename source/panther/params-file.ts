// A --params FILE: parameter values for a first deploy (preflight), a ladder or an upgrade. One reader for every
// command, so a file accepted by one is accepted by all. The spellings accepted:
// - the console's own JSON object `{"ApiCertificateArn": "arn:..."}` (numbers and booleans as their text);
// - the AWS CLI's JSON list `[{"ParameterKey": "...", "ParameterValue": "..."}]` (UsePreviousValue entries set
//   nothing), so a file already used with `aws cloudformation` works as is;
// - `Key=Value` lines (blank lines and `#` comments skipped, quotes around a value removed), and the AWS CLI's
//   `ParameterKey=K,ParameterValue=V` shorthand.
// A leading byte-order mark is ignored. A file that sets no parameter (`{}`, `[]`, only comments) is refused: it
// is almost certainly the wrong file, and leaving --params out says "no new values" already. What each form may
// hold, and the limits (1 MB, 200 parameters), are in params-file-schema.ts.
import {InputError} from '../errors.js';
import {countProblem, PARAMETER_NAME, PARAMETER_NAME_WORDS, paramsFromJson, sizeProblem} from './params-file-schema.js';

export class ParamsFileError extends InputError {}

/**
 * The values a --params file sets, by parameter name. `name` starts every message (`--params params.json`). Throws
 * ParamsFileError (exit code 2) with one line naming the place in the file and what it must hold.
 */
export function parseParamsFile(text: string, name = 'the params file'): Record<string, string> {
  const tooLarge = sizeProblem(Buffer.byteLength(text, 'utf8'));
  if (tooLarge) throw new ParamsFileError(`${name} ${tooLarge}.`);
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  const out = trimmed.startsWith('[') || trimmed.startsWith('{') ? parseJson(trimmed, name) : parseLines(body, name);
  if (Object.keys(out).length === 0) throw new ParamsFileError(`${name} sets no parameter.`);
  return out;
}

function parseJson(text: string, name: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParamsFileError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const result = paramsFromJson(data);
  if (!result.ok) throw new ParamsFileError(`${name}${result.problem}.`);
  return result.values;
}

function parseLines(body: string, name: string): Record<string, string> {
  const lines = body.split(/\r?\n/);
  const tooMany = countProblem(lines.filter(l => l.trim() && !l.trim().startsWith('#')).length);
  if (tooMany) throw new ParamsFileError(`${name} ${tooMany}.`);
  const out: Record<string, string> = {};
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^ParameterKey=([^,]*),ParameterValue=(.*)$/.exec(line) ?? /^([^=\s]+)\s*=(.*)$/.exec(line);
    if (!m) throw new ParamsFileError(`${name} line ${i + 1}: expected Key=Value (or a JSON parameter list).`);
    const key = m[1]!.trim();
    if (!PARAMETER_NAME.test(key)) throw new ParamsFileError(`${name} line ${i + 1}: ${JSON.stringify(key)} is not ${PARAMETER_NAME_WORDS}.`);
    if (Object.hasOwn(out, key)) throw new ParamsFileError(`${name} sets ${key} twice (line ${i + 1}).`);
    let value = m[2]!.trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) value = value.slice(1, -1);
    out[key] = value;
  });
  return out;
}
