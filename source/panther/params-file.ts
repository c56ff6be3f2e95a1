// A --params FILE: parameter values for a first deploy (preflight), a ladder or an upgrade. One reader for every
// command, so a file accepted by one is accepted by all. The spellings accepted:
// - the console's own JSON object `{"ApiCertificateArn": "arn:..."}` (numbers and booleans as their text);
// - the AWS CLI's JSON list `[{"ParameterKey": "...", "ParameterValue": "..."}]` (UsePreviousValue entries set
//   nothing), so a file already used with `aws cloudformation` works as is;
// - `Key=Value` lines (blank lines and `#` comments skipped, quotes around a value removed), and the AWS CLI's
//   `ParameterKey=K,ParameterValue=V` shorthand.
// A leading byte-order mark is ignored. A file that sets no parameter (`{}`, `[]`, only comments) is refused: it
// is almost certainly the wrong file, and leaving --params out says "no new values" already.
import {InputError} from '../errors.js';

export class ParamsFileError extends InputError {
}

const KEY = /^[A-Za-z0-9]{1,255}$/;

function scalar(name: string, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ParamsFileError(`${name}: the value of ${key} must be a string, a number or a boolean.`);
}

/** The values a --params file sets, by parameter name. Throws ParamsFileError (exit code 2) on anything else. */
export function parseParamsFile(text: string, name = 'the params file'): Record<string, string> {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  const out = trimmed.startsWith('[') || trimmed.startsWith('{') ? parseJson(trimmed, name) : parseLines(body, name);
  if (Object.keys(out).length === 0) throw new ParamsFileError(`${name} sets no parameter.`);
  return out;
}

/** Adds one value, refusing a name CloudFormation would refuse, a name set twice and a value that is no scalar. */
function setter(out: Record<string, string>, name: string) {
  return (key: unknown, value: unknown, where = '') => {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ParamsFileError(`${name}${where}: ${JSON.stringify(key)} is not a CloudFormation parameter name.`);
    }
    if (Object.hasOwn(out, key)) throw new ParamsFileError(`${name} sets ${key} twice.`);
    out[key] = scalar(name, key, value);
  };
}

function parseJson(text: string, name: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParamsFileError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const out: Record<string, string> = {};
  const put = setter(out, name);
  if (Array.isArray(data)) {
    for (const item of data) {
      if (!item || typeof item !== 'object') throw new ParamsFileError(`${name}: each entry must be {"ParameterKey", "ParameterValue"}.`);
      const entry = item as {ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown};
      if (entry.UsePreviousValue === true) continue;
      put(entry.ParameterKey, entry.ParameterValue);
    }
  } else {
    // The text starts with `{`: an object.
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) put(key, value);
  }
  return out;
}

function parseLines(body: string, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const put = setter(out, name);
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^ParameterKey=([^,]*),ParameterValue=(.*)$/.exec(line) ?? /^([^=\s]+)\s*=(.*)$/.exec(line);
    if (!m) throw new ParamsFileError(`${name} line ${i + 1}: expected Key=Value (or a JSON parameter list).`);
    let value = m[2]!.trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) value = value.slice(1, -1);
    put(m[1]!.trim(), value, ` line ${i + 1}`);
  });
  return out;
}
