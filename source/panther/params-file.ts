// A --params FILE: new parameter values for a deploy or an upgrade. Two spellings are accepted, the console's own
// `{"ApiCertificateArn": "arn:..."}` and the AWS CLI's `[{"ParameterKey": "...", "ParameterValue": "..."}]`, so
// a file already used with `aws cloudformation` works as is.

export class ParamsFileError extends Error {
  readonly exitCode = 2;
}

const KEY = /^[A-Za-z0-9]{1,255}$/;

function scalar(name: string, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ParamsFileError(`${name}: the value of ${key} must be a string, a number or a boolean.`);
}

export function parseParamsFile(text: string, name = 'the params file'): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParamsFileError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const out: Record<string, string> = {};
  const put = (key: unknown, value: unknown) => {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ParamsFileError(`${name}: ${JSON.stringify(key)} is not a CloudFormation parameter name.`);
    }
    if (Object.hasOwn(out, key)) throw new ParamsFileError(`${name} sets ${key} twice.`);
    out[key] = scalar(name, key, value);
  };
  if (Array.isArray(data)) {
    for (const item of data) {
      if (!item || typeof item !== 'object') throw new ParamsFileError(`${name}: each entry must be {"ParameterKey", "ParameterValue"}.`);
      const entry = item as {ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown};
      if (entry.UsePreviousValue === true) continue;
      put(entry.ParameterKey, entry.ParameterValue);
    }
  } else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) put(key, value);
  } else {
    throw new ParamsFileError(`${name} must be a JSON object {"Name": "value"} or an AWS CLI parameter list.`);
  }
  return out;
}
