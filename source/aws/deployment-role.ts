// Finds the PantherDeploymentRole stack by what it deploys: the IAM role PantherDeploymentRole among its resources
// (and no nested stacks). Names and descriptions only choose which stacks are worth reading; they are never
// evidence. Read-only.
import {paginateListStacks} from '@aws-sdk/client-cloudformation';
import {deploymentRoleOf, stackKind, type StackResourceRef} from '../panther/deployment-role.js';
import type {Stack} from '../domain/types.js';
import {DEPLOYMENT_ROLE_DESCRIPTION} from '../panther/stacks.js';
import {InputError} from '../errors.js';
import type {Gateway} from './gateway.js';
import {PAGE_CAPS} from './page-guard.js';

export interface RoleStack {
  stack: Stack;
  /** The role it deploys (its physical id is the role's name). */
  role: StackResourceRef;
}

const LIVE = [
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'IMPORT_COMPLETE',
] as const;

/** At most this many candidate stacks are read (a page of resources each). */
const MAX_LOOKS = 12;

/** Worth a look: the documented name, a name or description that speaks of a (Panther) deployment role. */
function worthALook(name: string, description: string): boolean {
  return /deployment[- _]?role/i.test(name) || DEPLOYMENT_ROLE_DESCRIPTION.test(description);
}

/** Every top-level live stack of the region that deploys the PantherDeploymentRole (the documented name first). */
export async function findDeploymentRoleStacks(gateway: Gateway, exclude: readonly string[] = []): Promise<RoleStack[]> {
  const candidates: {id: string; name: string}[] = [];
  const guard = gateway.clients.pageGuard('ListStacks', PAGE_CAPS.listStacks);
  for await (const page of paginateListStacks({client: gateway.clients.cloudformation}, {StackStatusFilter: [...LIVE]})) {
    for (const s of page.StackSummaries ?? []) {
      if (s.ParentId || s.RootId || !s.StackId || exclude.includes(s.StackId)) continue;
      if (worthALook(s.StackName ?? '', s.TemplateDescription ?? '')) candidates.push({id: s.StackId, name: s.StackName ?? ''});
    }
    if (!guard.more(page.NextToken)) break;
  }
  // The documented name first, then the API's order.
  candidates.sort((a, b) => Number(b.name === 'panther-deployment-role') - Number(a.name === 'panther-deployment-role'));
  const found: RoleStack[] = [];
  for (const c of candidates.slice(0, MAX_LOOKS)) {
    // The first page is plenty: a role stack has a handful of resources.
    const resources = await gateway.stackResources(c.id, 1);
    const role = deploymentRoleOf(resources);
    if (!role || stackKind(resources) !== 'deployment-role') continue;
    const stack = await gateway.describeStack(c.id);
    if (stack && !stack.deleted && !stack.parentId) found.push({stack, role});
  }
  return found;
}

/** --role-stack NAME: that stack, if it deploys the role; exit 2 naming what it is otherwise. */
export async function namedRoleStack(gateway: Gateway, name: string, region: string): Promise<RoleStack> {
  const stack = await gateway.describeStack(name);
  if (!stack || stack.deleted) throw new InputError(`--role-stack ${name}: no such stack in ${region}.`);
  if (stack.parentId) throw new InputError(`--role-stack ${name} is a nested stack: the deployment role stack is a top-level stack.`);
  const resources = await gateway.stackResources(stack.stackId, 1);
  const role = deploymentRoleOf(resources);
  if (!role || stackKind(resources) !== 'deployment-role') {
    const listed = resources
      .slice(0, 6)
      .map(r => `${r.logicalId} (${r.resourceType})`)
      .join(', ');
    throw new InputError(
      `--role-stack ${stack.stackName} does not deploy the PantherDeploymentRole (its resources: ${listed || 'none'}): ` +
        "name the stack created from Panther's deployment role template.",
    );
  }
  return {stack, role};
}
