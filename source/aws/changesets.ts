// CloudFormation change sets, typed: create one for a stack update (new TemplateURL, every parameter not migrated
// kept with UsePreviousValue, the three capabilities, nested stacks included, never a Tags list), describe it (the
// summary a user reviews), execute it, delete one left unexecuted. Also finds the PantherDeploymentRole stack.
// Everything returned is sanitised.
import {clean} from './convert.js';
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  DeleteChangeSetCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  paginateListStacks,
  type Capability,
  type Change,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import {DEPLOYMENT_ROLE_STACK_NAME, isDeploymentRoleLikeName, isDeploymentRoleStack} from '../domain/preflight/old-infrastructure.js';
import type {Stack} from '../domain/types.js';
import type {AwsClients} from './clients.js';
import {describeAwsError} from './errors.js';
import {toStack} from './gateway.js';

/** What a Panther template needs: IAM resources with names, and nested stacks / macros. */
export const UPGRADE_CAPABILITIES: readonly Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

export interface ChangeSetRequest {
  /** The stack's name or ARN. */
  stack: string;
  changeSetName: string;
  templateUrl: string;
  /** Every parameter the stack has now: each is kept (UsePreviousValue) unless `set` gives it a value. */
  currentParameters: readonly string[];
  /** Parameters the rung sets (its migrations), new ones included. */
  set: Readonly<Record<string, string>>;
  description: string;
}

export interface ResourceChangeView {
  action: string;
  logicalId: string;
  physicalId: string;
  resourceType: string;
  /** True, False, Conditional (or '' for adds and removes). */
  replacement: string;
  scope: string[];
  /** For a nested stack with IncludeNestedStacks: its own change set. */
  nestedChangeSetId: string | null;
}

export interface ChangeSetView {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  /** CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED, ... */
  status: string;
  /** UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED, OBSOLETE */
  executionStatus: string;
  statusReason: string;
  /** A FAILED change set that says there is nothing to change: the stack is already there. */
  noChanges: boolean;
  changes: ResourceChangeView[];
  parameters: {key: string; value: string}[];
  capabilities: string[];
  includeNestedStacks: boolean;
}


/** The Parameters of an update: the set ones with their value, every other current one UsePreviousValue. */
export function changeSetParameters(current: readonly string[], set: Readonly<Record<string, string>>): Parameter[] {
  const out: Parameter[] = [];
  for (const key of current) {
    out.push(key in set ? {ParameterKey: key, ParameterValue: set[key]} : {ParameterKey: key, UsePreviousValue: true});
  }
  for (const [key, value] of Object.entries(set)) if (!current.includes(key)) out.push({ParameterKey: key, ParameterValue: value});
  return out;
}

/** `panther-console-v1-25-18-20261102T140731Z`: a valid, unique-enough change set name for a version. */
export function changeSetName(version: string, target: 'root' | 'role', now = Date.now()): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `panther-console-${target === 'role' ? 'role-' : ''}v${version.replace(/\./g, '-')}-${stamp}`;
}

/** CloudFormation's ways of saying that a change set (or an update) would change nothing. */
export function isNoChangesReason(reason: string): boolean {
  return /didn't contain changes|did not contain changes|No updates are to be performed/i.test(reason);
}

export async function createChangeSet(clients: AwsClients, req: ChangeSetRequest): Promise<{id: string; stackId: string}> {
  const out = await clients.cloudformation.send(
    new CreateChangeSetCommand({
      StackName: req.stack,
      ChangeSetName: req.changeSetName,
      ChangeSetType: 'UPDATE',
      TemplateURL: req.templateUrl,
      Parameters: changeSetParameters(req.currentParameters, req.set),
      Capabilities: [...UPGRADE_CAPABILITIES],
      IncludeNestedStacks: true,
      Description: req.description.slice(0, 1024),
      // No Tags: an empty list would remove every tag of the stack (and the PantherVersion tags with them).
    }),
  );
  return {id: out.Id ?? '', stackId: out.StackId ?? ''};
}

function toChange(c: Change): ResourceChangeView | null {
  const r = c.ResourceChange;
  if (!r) return null;
  return {
    action: clean(r.Action),
    logicalId: clean(r.LogicalResourceId),
    physicalId: clean(r.PhysicalResourceId),
    resourceType: clean(r.ResourceType),
    replacement: clean(r.Replacement),
    scope: (r.Scope ?? []).map(s => clean(s)),
    nestedChangeSetId: r.ChangeSetId ?? null,
  };
}

/** DescribeChangeSet, every page of changes. */
export async function describeChangeSet(clients: AwsClients, id: string): Promise<ChangeSetView> {
  let token: string | undefined;
  let view: ChangeSetView | null = null;
  for (let page = 0; page < 50; page++) {
    const out = await clients.cloudformation.send(new DescribeChangeSetCommand({ChangeSetName: id, ...(token ? {NextToken: token} : {})}));
    const changes = (out.Changes ?? []).flatMap(c => toChange(c) ?? []);
    if (!view) {
      const reason = clean(out.StatusReason);
      view = {
        id: out.ChangeSetId ?? id,
        name: clean(out.ChangeSetName),
        stackId: out.StackId ?? '',
        stackName: clean(out.StackName),
        status: out.Status ?? 'UNKNOWN',
        executionStatus: out.ExecutionStatus ?? 'UNAVAILABLE',
        statusReason: reason,
        noChanges: out.Status === 'FAILED' && isNoChangesReason(reason),
        changes,
        parameters: (out.Parameters ?? []).map(p => ({key: clean(p.ParameterKey), value: clean(p.ResolvedValue ?? p.ParameterValue)})),
        capabilities: (out.Capabilities ?? []).map(c => clean(c)),
        includeNestedStacks: Boolean(out.IncludeNestedStacks),
      };
    } else {
      view.changes.push(...changes);
    }
    token = out.NextToken;
    if (!token) break;
  }
  return view!;
}

/** Whether a change set is still being created. */
export function isChangeSetPending(view: ChangeSetView): boolean {
  return view.status === 'CREATE_PENDING' || view.status === 'CREATE_IN_PROGRESS';
}

export async function executeChangeSet(clients: AwsClients, id: string): Promise<void> {
  await clients.cloudformation.send(new ExecuteChangeSetCommand({ChangeSetName: id}));
}

/** Deletes a change set that will not be executed (by its ARN). */
export async function deleteChangeSet(clients: AwsClients, id: string): Promise<void> {
  await clients.cloudformation.send(new DeleteChangeSetCommand({ChangeSetName: id}));
}

const LIVE = [
  'CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED', 'IMPORT_COMPLETE',
] as const;

/** At most this many stacks merely named like a deployment role are read for Panther's evidence. */
const MAX_LOOKS = 10;

/** The stack's resources as evidence (the first page is plenty for a role stack); none when it cannot be read. */
async function resourcesOf(clients: AwsClients, stackId: string): Promise<{logicalId: string; physicalId: string; resourceType: string}[]> {
  try {
    const out = await clients.cloudformation.send(new ListStackResourcesCommand({StackName: stackId}));
    return (out.StackResourceSummaries ?? []).map(r => ({
      logicalId: r.LogicalResourceId ?? '',
      physicalId: r.PhysicalResourceId ?? '',
      resourceType: r.ResourceType ?? '',
    }));
  } catch (error) {
    if (describeAwsError(error).kind !== 'not-found') throw error;
    return [];
  }
}

/**
 * Every top-level live stack of the region that deploys Panther's PantherDeploymentRole, the one named as Panther's
 * docs say first. Evidence is what isDeploymentRoleStack takes (the name `panther-deployment-role`, the role in the
 * template description, a tag, the role among the resources): a stack merely named like a deployment role
 * (`acme-deployment-role`) is read for tags and resources, and left out without them. Read-only.
 */
export async function findDeploymentRoleStacks(clients: AwsClients): Promise<Stack[]> {
  const sure: string[] = [];
  const maybe: string[] = [];
  for await (const page of paginateListStacks({client: clients.cloudformation}, {StackStatusFilter: [...LIVE]})) {
    for (const s of page.StackSummaries ?? []) {
      if (s.ParentId || !s.StackId) continue;
      const evidence = {stackName: s.StackName ?? '', description: s.TemplateDescription ?? ''};
      if (isDeploymentRoleStack(evidence)) sure.push(s.StackId);
      else if (isDeploymentRoleLikeName(evidence.stackName)) maybe.push(s.StackId);
    }
  }
  const found: Stack[] = [];
  for (const id of [...sure, ...maybe.slice(0, MAX_LOOKS)]) {
    let stack: Stack | null = null;
    try {
      const out = await clients.cloudformation.send(new DescribeStacksCommand({StackName: id}));
      stack = out.Stacks?.[0] ? toStack(out.Stacks[0]) : null;
    } catch (error) {
      if (describeAwsError(error).kind !== 'not-found') throw error;
    }
    if (!stack) continue;
    if (sure.includes(id) || isDeploymentRoleStack({stackName: stack.stackName, description: stack.description, tags: stack.tags})) {
      found.push(stack);
    } else if (isDeploymentRoleStack({stackName: stack.stackName, description: stack.description, resources: await resourcesOf(clients, id)})) {
      found.push(stack);
    }
  }
  // The documented name first; otherwise the API's order.
  const exact = (s: Stack) => (s.stackName === DEPLOYMENT_ROLE_STACK_NAME ? 0 : 1);
  return found.map((s, i) => ({s, i})).sort((a, b) => exact(a.s) - exact(b.s) || a.i - b.i).map(x => x.s);
}
