// `policy [--for readonly|upgrade]`: the IAM policy document the console needs, as JSON (no AWS call).
import {policyJson, type PolicyKind} from '../panther/iam-policy.js';

export function policyCommand(flags: {for?: string}, stdout: NodeJS.WritableStream): number {
  // --for is one of the registry's choices (checked with the command line).
  const kind = (flags.for ?? 'readonly') as PolicyKind;
  stdout.write(policyJson(kind));
  return 0;
}
