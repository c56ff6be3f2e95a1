// The gist of a CloudFormation reason in a few words, for one-line views (banner, timeline, tail): the message
// inside the registry/legacy wrappers, and for an access denial just "<action> denied by <policy kind>".
import {parseAccessDenial} from './access-denial.js';
import {embeddedStackArn, failedResourceList, isSummary, unwrap} from './reasons.js';
import type {PolicyType} from './types.js';

// Short names: the gist has to fit a one-line banner (the details say it in full).
const POLICY_NAMES: Readonly<Record<PolicyType, string>> = {
  scp: 'an SCP',
  rcp: 'an RCP',
  identity: 'an identity policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  resource: 'a resource policy',
  vpce: 'a VPC endpoint policy',
  unknown: 'a policy',
};

export function reasonGist(reason: string): string {
  if (isSummary(reason)) {
    // "Embedded stack <long arn> was not successfully created: The following resource(s) failed to create: [A, B]."
    const failed = failedResourceList(reason);
    const what = embeddedStackArn(reason) ? 'nested stack failed' : 'failed';
    if (failed.length > 0) return `${what}: ${failed.join(', ')}`;
  }
  const inner = unwrap(reason).message || reason.trim();
  const denial = parseAccessDenial(inner);
  if (denial?.action) {
    const how = denial.explicit ? `denied by ${POLICY_NAMES[denial.policyType]}` : `not allowed by ${POLICY_NAMES[denial.policyType]}`;
    return `${denial.action} ${how}`;
  }
  return inner;
}
