// Check group 4: Panther infrastructure left in the account and region by an older install or a failed attempt:
// live `panther-*` root stacks (the legacy `panther-bootstrap` among them), IAM roles with the legacy fixed names,
// retained `panther-bootstrap-*` buckets, and resources retained by an earlier root of the same name. Each finding
// names the exact resource and the AWS CLI command that removes it.
import {NOT_READ, removal, removalLine} from '../../domain/retained.js';
import type {Check, PreflightFacts, RetainedResource} from './types.js';

export const LEGACY_STACK = 'panther-bootstrap';
export const LEGACY_BUCKET_PREFIX = 'panther-bootstrap-';

/** IAM role names older Panther versions created with fixed names (one per region). */
export function legacyRoleNames(region: string): string[] {
  return [
    `PantherAuditRole-${region}`,
    `PantherLogProcessingRole-${region}`,
    `PantherCloudFormationStackSetAdminRole-${region}`,
    `PantherCloudFormationStackSetExecutionRole-${region}`,
    `PantherRemediationRole-${region}`,
  ];
}

/** The stack name Panther's docs give the PantherDeploymentRole stack. */
export const DEPLOYMENT_ROLE_STACK_NAME = 'panther-deployment-role';

/** What can show that a stack deploys Panther's deployment role; tags and resources only when they were read. */
export interface RoleStackEvidence {
  stackName: string;
  /** The template's description. */
  description: string;
  tags?: Readonly<Record<string, string>> | null;
  resources?: readonly {logicalId: string; physicalId: string; resourceType: string}[] | null;
}

const PANTHER_ROLE = /PantherDeploymentRole/;

/** Panther's evidence in a stack's description: the role's name, or "Panther ... deployment role". */
function describesPantherRole(description: string): boolean {
  return PANTHER_ROLE.test(description) || /\bPanther\b[^.\n]{0,40}\bdeployment role\b/i.test(description);
}

/**
 * The live stack that deploys the PantherDeploymentRole (expected: not old infrastructure). It takes Panther's
 * evidence: the documented name, the role named in the description, a tag, or the role among its resources. A stack
 * merely named like a deployment role (`acme-deployment-role`) is not it.
 */
export function isDeploymentRoleStack(stack: RoleStackEvidence): boolean {
  if (stack.stackName === DEPLOYMENT_ROLE_STACK_NAME) return true;
  if (describesPantherRole(stack.description)) return true;
  if (Object.entries(stack.tags ?? {}).some(([k, v]) => PANTHER_ROLE.test(k) || PANTHER_ROLE.test(v))) return true;
  return (stack.resources ?? []).some(
    r => r.logicalId === 'PantherDeploymentRole' || (r.resourceType === 'AWS::IAM::Role' && r.physicalId.startsWith('PantherDeploymentRole')),
  );
}

/** A name worth a closer look (its tags and resources) for Panther's evidence: it is not evidence by itself. */
export function isDeploymentRoleLikeName(stackName: string): boolean {
  return /deployment[- _]?role/i.test(stackName);
}

const GROUP = 'old-infrastructure' as const;

export function oldInfrastructureChecks(
  facts: Pick<PreflightFacts, 'stackName' | 'region' | 'stacks' | 'legacyRoles' | 'buckets' | 'leftovers'>,
): Check[] {
  const {region, stackName} = facts;
  const checks: Check[] = [];

  // Live panther-* roots other than the one being deployed (whose name is check 2's business) and the role stack.
  if (!facts.stacks.ok) {
    checks.push({
      id: 'old-infrastructure.stacks',
      group: GROUP,
      title: 'Old Panther stacks',
      status: 'unknown',
      found: `could not list the stacks (${facts.stacks.reason})`,
      action: `list them by hand: aws cloudformation list-stacks --region ${region}`,
    });
  } else {
    const old = facts.stacks.value.filter(
      s =>
        !s.parentId && s.status !== 'DELETE_COMPLETE' && s.stackName.startsWith('panther-') && s.stackName !== stackName && !isDeploymentRoleStack(s),
    );
    for (const s of old) {
      const legacy = s.stackName === LEGACY_STACK;
      checks.push({
        id: `old-infrastructure.stack:${s.stackName}`,
        group: GROUP,
        title: legacy ? 'Legacy stack' : 'Old Panther stack',
        status: 'fail',
        found: legacy
          ? `${s.stackName} (${s.status}, created ${s.createdAt}): the top-level stack of an older Panther install; its fixed-name resources collide with a new deploy`
          : `${s.stackName} (${s.status}, created ${s.createdAt}): another Panther root in this account and region; Panther's fixed-name resources collide`,
        action: `if it is no longer used, delete it: aws cloudformation delete-stack --stack-name ${s.stackName} --region ${region}`,
      });
    }
    if (old.length === 0) {
      checks.push({
        id: 'old-infrastructure.stacks',
        group: GROUP,
        title: 'Old Panther stacks',
        status: 'pass',
        found: `no live panther-* stack besides ${stackName}${facts.stacks.value.some(isDeploymentRoleStack) ? ' and the deployment role stack' : ''}`,
        action: '',
      });
    }
  }

  const roleProblems: string[] = [];
  let rolesFound = 0;
  for (const {name, probe} of facts.legacyRoles) {
    if (!probe.ok) {
      roleProblems.push(`${name}: ${probe.reason}`);
      continue;
    }
    if (!probe.value) continue;
    rolesFound++;
    checks.push({
      id: `old-infrastructure.role:${name}`,
      group: GROUP,
      title: 'Legacy IAM role',
      status: 'fail',
      found: `${name} exists (created ${probe.value.createdAt}): the deploy creates a role of that name and fails with AlreadyExists`,
      action: `delete it (detach its policies first: aws iam list-attached-role-policies --role-name ${name}): aws iam delete-role --role-name ${name}`,
    });
  }
  if (roleProblems.length > 0) {
    checks.push({
      id: 'old-infrastructure.roles',
      group: GROUP,
      title: 'Legacy IAM roles',
      status: 'unknown',
      found: `could not check ${roleProblems.join('; ')}`,
      action: `check by hand: aws iam get-role --role-name <name>`,
    });
  } else if (rolesFound === 0) {
    checks.push({
      id: 'old-infrastructure.roles',
      group: GROUP,
      title: 'Legacy IAM roles',
      status: 'pass',
      found: `none of ${facts.legacyRoles.map(r => r.name).join(', ')} exists`,
      action: '',
    });
  }

  if (!facts.buckets.ok) {
    checks.push({
      id: 'old-infrastructure.buckets',
      group: GROUP,
      title: 'Retained buckets',
      status: 'unknown',
      found: `could not list the buckets (${facts.buckets.reason})`,
      action: `list them by hand: aws s3api list-buckets --prefix ${LEGACY_BUCKET_PREFIX}`,
    });
  } else {
    const legacy = facts.buckets.value.filter(b => b.name.startsWith(LEGACY_BUCKET_PREFIX));
    for (const b of legacy) {
      checks.push({
        id: `old-infrastructure.bucket:${b.name}`,
        group: GROUP,
        title: 'Retained bucket',
        status: 'warn',
        found: `${b.name} (created ${b.createdAt}): retained by an older Panther install`,
        action: `keep what you need from it, then: aws s3 rb s3://${b.name} --force (a versioned bucket needs its object versions deleted first)`,
      });
    }
    if (legacy.length === 0) {
      checks.push({
        id: 'old-infrastructure.buckets',
        group: GROUP,
        title: 'Retained buckets',
        status: 'pass',
        found: `no ${LEGACY_BUCKET_PREFIX}* bucket`,
        action: '',
      });
    }
  }

  if (!facts.leftovers.ok) {
    checks.push({
      id: 'old-infrastructure.leftovers',
      group: GROUP,
      title: 'Leftovers of a failed attempt',
      status: 'unknown',
      found: `could not check earlier ${stackName} stacks (${facts.leftovers.reason})`,
      action: '',
    });
  } else {
    let reported = 0;
    for (const stack of facts.leftovers.value) {
      for (const r of stack.retained) {
        if (r.exists === false) continue;
        reported++;
        checks.push({
          id: `old-infrastructure.leftover:${r.physicalId}`,
          group: GROUP,
          title: 'Leftover of a failed attempt',
          status: 'warn',
          found:
            `${r.resourceType} ${r.physicalId} (${r.logicalId} in ${stack.stackName}) was retained (${r.status}) when an earlier ${stack.rootName} ` +
            `${stack.deletedAt ? `was deleted (${stack.deletedAt})` : `rolled back (${stack.status})`}` +
            (r.exists === null ? '; whether it still exists was not checked' : ' and still exists'),
          action: removeCommand(r, region),
        });
      }
    }
    if (reported === 0) {
      const earlier = facts.leftovers.value.filter(s => s.stackName === stackName).length;
      checks.push({
        id: 'old-infrastructure.leftovers',
        group: GROUP,
        title: 'Leftovers of a failed attempt',
        status: 'pass',
        found:
          earlier > 0
            ? `an earlier ${stackName} was deleted, and none of its retained resources remains`
            : `no earlier ${stackName} root (deleted or rolled back)`,
        action: '',
      });
    }
  }
  return checks;
}

/** The AWS CLI command that removes a retained resource (whether it is empty was not read: the general caveats). */
export function removeCommand(r: RetainedResource, region: string): string {
  return removalLine(removal({resourceType: r.resourceType, physicalResourceId: r.physicalId}, NOT_READ, region));
}
