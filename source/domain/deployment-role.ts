// What a stack is, from its resources: the PantherDeploymentRole stack deploys the role itself (an IAM role whose
// logical id or name is PantherDeploymentRole); a Panther root deploys Panther's nested stacks. Descriptions and
// tags are free text anyone can write "PantherDeploymentRole" in, so they are never evidence here.
import {DEPLOYMENT_POLICY_LOGICAL_ID, DEPLOYMENT_ROLE_LOGICAL_IDS, DEPLOYMENT_ROLE_NAME, PANTHER_NESTED_STACKS} from '../panther/stacks.js';

export interface StackResourceRef {
  logicalId: string;
  physicalId: string;
  resourceType: string;
  /** The resource's status (a deleted one is not there). */
  status?: string;
}

const present = (r: StackResourceRef) => r.status !== 'DELETE_COMPLETE';

/**
 * The deployment role among a stack's resources, or null: an IAM role named PantherDeploymentRole (the template's
 * default name, with a region suffix in regional installs), or the template's role (logical id DeploymentRole)
 * beside the template's deployment policies when the name was changed.
 */
export function deploymentRoleOf(resources: readonly StackResourceRef[]): StackResourceRef | null {
  const live = resources.filter(present);
  const roles = live.filter(r => r.resourceType === 'AWS::IAM::Role');
  const named = roles.find(r => DEPLOYMENT_ROLE_NAME.test(r.physicalId));
  if (named) return named;
  const policies = live.some(r => /^AWS::IAM::(Managed)?Policy$/.test(r.resourceType) && DEPLOYMENT_POLICY_LOGICAL_ID.test(r.logicalId));
  return (policies && roles.find(r => DEPLOYMENT_ROLE_LOGICAL_IDS.includes(r.logicalId))) || null;
}

/**
 * Panther's nested stacks among a root's resources (logical ids), deleted ones included: a rolled-back first
 * deploy's root still declares them.
 */
export function pantherNestedStacksOf(resources: readonly StackResourceRef[]): string[] {
  return [...new Set(resources.filter(r => r.resourceType === 'AWS::CloudFormation::Stack' && PANTHER_NESTED_STACKS.includes(r.logicalId)).map(r => r.logicalId))];
}

export type StackKind = 'panther-root' | 'deployment-role' | 'other';

/**
 * What a top-level stack is. A Panther root deploys at least two of Panther's nested stacks (one alone could be
 * anyone's `Core`), or its template names a Panther version; the deployment role stack deploys the role and no
 * nested stacks.
 */
export function stackKind(resources: readonly StackResourceRef[], templateNamesPantherVersion = false): StackKind {
  const nested = pantherNestedStacksOf(resources);
  if (nested.length >= 2 || (nested.length >= 1 && templateNamesPantherVersion)) return 'panther-root';
  const nestedAny = resources.some(r => present(r) && r.resourceType === 'AWS::CloudFormation::Stack');
  if (!nestedAny && deploymentRoleOf(resources)) return 'deployment-role';
  return 'other';
}
