// An IAM role's trust policy: GetRole, its AssumeRolePolicyDocument (IAM returns it URL-encoded JSON) decoded and
// read into a TrustPolicy. No such role is an answer (null), not a failure; a refused call is "could not check".
import {GetRoleCommand, type IAMClient} from '@aws-sdk/client-iam';
import {parseTrustPolicy, type TrustPolicy} from '../domain/trust-policy.js';
import {roleNameOf} from '../panther/deployment-role.js';
import {probeFailed, probeOk, type Probe} from '../panther/preflight/types.js';
import {sanitizeDeep} from '../text/sanitize.js';
import {clean} from './convert.js';
import {attempt, isNoSuchEntity} from './probe.js';

export interface RoleTrust {
  name: string;
  arn: string;
  policy: TrustPolicy;
}

/**
 * The trust policy in GetRole's (or ListRoles') AssumeRolePolicyDocument. IAM URL-encodes it; an
 * endpoint that sends it plain is read as it is (decoding plain JSON would mangle a `%` in a condition value).
 * Every string of the result is sanitised: condition values are free text anyone allowed to edit the role wrote.
 */
export function decodeTrustDocument(document: string | undefined): Probe<TrustPolicy> {
  if (!document) return probeFailed('IAM returned no trust policy for it');
  let text = document;
  if (!document.trimStart().startsWith('{')) {
    try {
      text = decodeURIComponent(document);
    } catch {
      return probeFailed('its trust policy is not URL-encoded JSON');
    }
  }
  const parsed = parseTrustPolicy(text);
  return parsed.ok ? probeOk(sanitizeDeep(parsed.value)) : probeFailed(`its trust policy could not be read: ${clean(parsed.reason)}`);
}

/**
 * GetRole by name or ARN (a path in the ARN is fine: GetRole takes the name) and its trust policy. null: there is
 * no such role. Expired credentials, throttling past retries and an unreachable endpoint are thrown (exit 3).
 */
export async function readRoleTrust(clients: {iam: IAMClient}, roleNameOrArn: string): Promise<Probe<RoleTrust | null>> {
  const name = roleNameOrArn.startsWith('arn:') ? roleNameOf(roleNameOrArn) : roleNameOrArn;
  if (!name) return probeFailed(`${clean(roleNameOrArn)} is not an IAM role name or role ARN`);
  const read = await attempt(`iam:GetRole ${clean(name)}`, async () => {
    try {
      return (await clients.iam.send(new GetRoleCommand({RoleName: name}))).Role ?? null;
    } catch (error) {
      if (isNoSuchEntity(error)) return null;
      throw error;
    }
  });
  if (!read.ok) return probeFailed(read.reason);
  if (!read.value?.RoleName) return probeOk(null);
  const policy = decodeTrustDocument(read.value.AssumeRolePolicyDocument);
  if (!policy.ok) return probeFailed(policy.reason);
  return probeOk({name: clean(read.value.RoleName), arn: clean(read.value.Arn), policy: policy.value});
}
