// What a stack is, from its resources: the PantherDeploymentRole stack deploys the role itself (an IAM role whose
// logical id or name is PantherDeploymentRole); a Panther root deploys Panther's nested stacks. Descriptions and
// tags are free text anyone can write "PantherDeploymentRole" in, so they are never evidence here.
import {DEPLOYMENT_POLICY_LOGICAL_ID, DEPLOYMENT_ROLE_LOGICAL_IDS, DEPLOYMENT_ROLE_NAME, PANTHER_NESTED_STACKS} from './stacks.js';

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
  return [
    ...new Set(
      resources.filter(r => r.resourceType === 'AWS::CloudFormation::Stack' && PANTHER_NESTED_STACKS.includes(r.logicalId)).map(r => r.logicalId),
    ),
  ];
}

export type StackKind = 'panther-root' | 'deployment-role' | 'other';

/** What Panther's deployment role template deploys: the role and its policies, nothing else. */
const ROLE_TEMPLATE_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);

/**
 * What a top-level stack is. A Panther root deploys at least two of Panther's nested stacks (one alone could be
 * anyone's `Core`), or one and its template names a Panther version. The deployment role stack deploys the role and
 * nothing but IAM roles and policies: a stack that also holds a bucket, a queue or a table is someone else's, and
 * Panther's role template applied to it would remove them.
 */
export function stackKind(resources: readonly StackResourceRef[], templateNamesPantherVersion = false): StackKind {
  const nested = pantherNestedStacksOf(resources);
  if (nested.length >= 2 || (nested.length >= 1 && templateNamesPantherVersion)) return 'panther-root';
  const onlyIam = resources.filter(present).every(r => ROLE_TEMPLATE_TYPES.has(r.resourceType));
  if (onlyIam && deploymentRoleOf(resources)) return 'deployment-role';
  return 'other';
}

/** The role name in a role ARN (`arn:aws:iam::1:role/path/Name` -> `Name`), or null. */
export function roleNameOf(arn: string | null | undefined): string | null {
  const m = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn ?? '');
  return m ? m[1] : null;
}

export interface RoleStackChoice<T> {
  chosen: T | null;
  /** Two or more stacks could be it: the walk stops and asks for --role-stack. */
  ambiguous: boolean;
  /** Why none (or why this one), for the reader. */
  note: string | null;
}

/**
 * Which deployment role stack goes with this root: the one that deploys the role the root is deployed with (its
 * RoleARN), when the root has one; else the only one in the region. A stack deploying another role is another
 * install's and is never taken for this root's.
 */
export function chooseRoleStack<T extends {stackName: string; roleName: string}>(
  found: readonly T[],
  rootName: string,
  rootRoleArn: string | null,
): RoleStackChoice<T> {
  const roleName = roleNameOf(rootRoleArn);
  if (roleName) {
    const mine = found.filter(f => f.roleName === roleName);
    if (mine.length === 1) return {chosen: mine[0], ambiguous: false, note: null};
    if (mine.length > 1) return {chosen: null, ambiguous: true, note: null};
    const others = found.map(f => `${f.stackName} deploys ${f.roleName}`).join('; ');
    return {
      chosen: null,
      ambiguous: false,
      note:
        `${rootName} is deployed with the role ${roleName}, and no stack in this region deploys it${others ? ` (${others})` : ''}: ` +
        'only the root stack is updated; name its stack with --role-stack NAME if it has one.',
    };
  }
  if (found.length > 1) return {chosen: null, ambiguous: true, note: null};
  return {chosen: found[0] ?? null, ambiguous: false, note: null};
}
