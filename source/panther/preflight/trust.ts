// Check group 6, continued: who can assume the PantherDeploymentRole, from its trust policy (read with the same
// GetRole or ListRoles call that found it). One check: its status the worst finding's, what it found the findings
// in a line each joined, led by the note that the role is an administrator role.
import {trustFindings, trustFixCommand, worstTrustLevel, type TrustFinding} from '../deployment-role-trust.js';
import type {Check, PreflightFacts} from './types.js';

const ID = 'permissions.deployment-role-trust';
const TITLE = 'Deployment role trust';
const LABELS: Record<TrustFinding['level'], string> = {fail: 'FAIL', warn: 'WARN', pass: 'PASS', note: 'NOTE'};

const check = (status: Check['status'], found: string, action: string): Check => ({
  id: ID,
  group: 'permissions',
  title: TITLE,
  status,
  found,
  action,
});

export function trustChecks(facts: Pick<PreflightFacts, 'identity' | 'region' | 'deploymentRole'>): Check[] {
  const byHand = (name: string) => `have an administrator run: aws iam get-role --role-name ${name} --query Role.AssumeRolePolicyDocument`;
  const usualName = `PantherDeploymentRole-${facts.region}`;
  const dr = facts.deploymentRole;
  if (!dr.ok) return [check('unknown', `could not check (${dr.reason})`, byHand(usualName))];
  const role = dr.value.role;
  if (!role) {
    if (dr.value.stack) {
      return [
        check(
          'unknown',
          `could not check: the stack ${dr.value.stack.stackName} deploys the PantherDeploymentRole, but no role of that name was found to read`,
          byHand(`<the role ${dr.value.stack.stackName} deploys>`),
        ),
      ];
    }
    return [
      check(
        'pass',
        'no PantherDeploymentRole in this account and region: no trust policy to check',
        "when you deploy it: Panther's template trusts the whole account (its root), or the account IdentityAccountId names; " +
          'whoever can assume it is an administrator of the account, so narrow its trust to the principals that deploy Panther',
      ),
    ];
  }
  if (!role.trust) return [check('unknown', `could not check ${role.name}: IAM sent no trust policy for it`, byHand(role.name))];
  if (!role.trust.ok) return [check('unknown', `could not check ${role.name}: ${role.trust.reason}`, byHand(role.name))];

  const findings = trustFindings(role.trust.value, {account: facts.identity.account, deployingPrincipalArn: facts.identity.arn, roleName: role.name});
  const [note, ...rest] = findings;
  const status = worstTrustLevel(findings);
  // A finding's action may be several steps ("...; require MFA: ..."): each step once.
  const fixes = [...new Set(rest.filter(f => f.level === 'fail' || f.level === 'warn').flatMap(f => f.action.split('; ')))].filter(Boolean);
  const action = [...fixes, ...(fixes.length > 0 ? [`then apply the new trust policy: ${trustFixCommand(role.name)}`] : []), note!.action].join('; ');
  return [check(status, `${note!.found}. ${rest.map(f => `${LABELS[f.level]}: ${f.found}`).join('; ')}`, action)];
}
