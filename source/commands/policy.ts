// `policy [--for readonly|upgrade]`: the IAM policy document the console needs, as JSON (no AWS call).
import {InputError} from '../errors.js';
import {policyJson, type PolicyKind} from '../panther/iam-policy.js';

export function policyCommand(flags: {for?: string}, stdout: NodeJS.WritableStream): number {
  const kind = (flags.for ?? 'readonly') as PolicyKind;
  if (kind !== 'readonly' && kind !== 'upgrade') {
    throw new InputError(`--for must be readonly or upgrade (got ${flags.for}).`);
  }
  stdout.write(policyJson(kind));
  return 0;
}
