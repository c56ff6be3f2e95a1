// Check group 2: the root stack's name. With the PantherDeploymentRole its policy only covers stacks named
// `panther-*`; a name already used by a live stack cannot be created again.
import type {Check, PreflightFacts, StackInfo} from './types.js';

export const STACK_NAME_PREFIX = 'panther-';
// CloudFormation's own rule: a letter, then letters, digits and hyphens, 128 characters at most.
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

export function isValidStackName(name: string): boolean {
  return STACK_NAME.test(name);
}

/** A stack that is not DELETE_COMPLETE still holds its name. */
export function liveStackNamed(stacks: readonly StackInfo[], name: string): StackInfo | null {
  return stacks.find(s => s.stackName === name && s.status !== 'DELETE_COMPLETE' && !s.parentId) ?? null;
}

export function stackNameChecks(facts: Pick<PreflightFacts, 'stackName' | 'region' | 'stacks' | 'deploymentRole'>): Check[] {
  const {stackName, region} = facts;
  const checks: Check[] = [];
  const dr = facts.deploymentRole;
  if (!dr.ok) {
    checks.push({
      id: 'stack-name.prefix',
      group: 'stack-name',
      title: 'Stack name prefix',
      status: stackName.startsWith(STACK_NAME_PREFIX) ? 'pass' : 'unknown',
      found: stackName.startsWith(STACK_NAME_PREFIX)
        ? `${stackName} starts with ${STACK_NAME_PREFIX} (whether a PantherDeploymentRole exists could not be checked: ${dr.reason})`
        : `could not check whether a PantherDeploymentRole exists (${dr.reason}); with it, the name must start with ${STACK_NAME_PREFIX}`,
      action: stackName.startsWith(STACK_NAME_PREFIX)
        ? ''
        : `name the stack ${STACK_NAME_PREFIX}${stackName} if you deploy with the PantherDeploymentRole`,
    });
  } else {
    const where = dr.value.role ? `IAM role ${dr.value.role.name}` : dr.value.stack ? `stack ${dr.value.stack.stackName}` : null;
    if (!where) {
      checks.push({
        id: 'stack-name.prefix',
        group: 'stack-name',
        title: 'Stack name prefix',
        status: 'pass',
        found: `no PantherDeploymentRole found, so any name works (${stackName})`,
        action: stackName.startsWith(STACK_NAME_PREFIX)
          ? ''
          : `if you add the PantherDeploymentRole later, the name must start with ${STACK_NAME_PREFIX}`,
      });
    } else if (stackName.startsWith(STACK_NAME_PREFIX)) {
      checks.push({
        id: 'stack-name.prefix',
        group: 'stack-name',
        title: 'Stack name prefix',
        status: 'pass',
        found: `${stackName} starts with ${STACK_NAME_PREFIX}, as the PantherDeploymentRole (${where}) requires`,
        action: '',
      });
    } else {
      checks.push({
        id: 'stack-name.prefix',
        group: 'stack-name',
        title: 'Stack name prefix',
        status: 'fail',
        found: `${stackName} does not start with ${STACK_NAME_PREFIX}: the PantherDeploymentRole (${where}) may only deploy stacks named ${STACK_NAME_PREFIX}*`,
        action: `name the root stack ${STACK_NAME_PREFIX}${stackName.replace(/^panther-?/i, '') || 'prod'} (--stack-name)`,
      });
    }
  }
  if (!facts.stacks.ok) {
    checks.push({
      id: 'stack-name.available',
      group: 'stack-name',
      title: 'Stack name free',
      status: 'unknown',
      found: `could not list the stacks (${facts.stacks.reason})`,
      action: `check by hand: aws cloudformation describe-stacks --stack-name ${stackName} --region ${region}`,
    });
    return checks;
  }
  const taken = liveStackNamed(facts.stacks.value, stackName);
  checks.push(
    taken
      ? {
          id: 'stack-name.available',
          group: 'stack-name',
          title: 'Stack name free',
          status: 'fail',
          found: `${stackName} is already taken by a live stack (${taken.status}, created ${taken.createdAt})`,
          action:
            taken.status === 'ROLLBACK_COMPLETE' || taken.status === 'ROLLBACK_FAILED'
              ? `it is a failed first deploy: delete it (aws cloudformation delete-stack --stack-name ${stackName} --region ${region}) or pick another name`
              : `pick another name (--stack-name), or upgrade the existing stack instead (panther-console ladder -s ${stackName})`,
        }
      : {
          id: 'stack-name.available',
          group: 'stack-name',
          title: 'Stack name free',
          status: 'pass',
          found: `no live stack is named ${stackName}`,
          action: '',
        },
  );
  return checks;
}
