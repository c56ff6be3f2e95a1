// CloudFormation change sets, typed: create one for a stack update (the new TemplateURL, the parameters the rung's
// template reconciled: kept ones UsePreviousValue, set ones their value, the rest unsent; the three capabilities;
// nested stacks included; never a Tags list), read it with every nested change set below it (the review is at
// resource level), list a stack's pending ones, execute one, delete one left unexecuted. Everything returned is
// sanitised.
import {randomUUID} from 'node:crypto';
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  paginateListChangeSets,
  type Capability,
  type Change,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import type {ChangeSetInput, ResourceChangeInput} from '../domain/change-review.js';
import type {AwsClients} from './clients.js';
import {clean, iso} from './convert.js';
import {describeAwsError} from './errors.js';
import {PAGE_CAPS} from './page-guard.js';

/** What a Panther template needs: IAM resources with names, and nested stacks / macros. */
export const UPGRADE_CAPABILITIES: readonly Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

/** Every change set a walk creates starts so: how a walk knows another one's pending change sets. */
export const CHANGE_SET_PREFIX = 'panther-console-';

export interface ChangeSetRequest {
  /** The stack's name or ARN. */
  stack: string;
  changeSetName: string;
  templateUrl: string;
  /** The parameters to send (changeSetParameterList): UsePreviousValue or a value; anything else is not sent. */
  parameters: readonly {key: string; value: string | null; usePrevious: boolean}[];
  description: string;
  /** CREATE makes the stack (a first deploy); default UPDATE. */
  type?: 'CREATE' | 'UPDATE';
  /** The role CloudFormation deploys with (a CREATE: the PantherDeploymentRole); an update keeps the stack's own. */
  roleArn?: string;
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
  changes: ResourceChangeInput[];
  parameters: {key: string; value: string}[];
  capabilities: string[];
  includeNestedStacks: boolean;
}

/** The CloudFormation Parameters of a request. */
export function toSdkParameters(list: ChangeSetRequest['parameters']): Parameter[] {
  return list.map(p => (p.usePrevious ? {ParameterKey: p.key, UsePreviousValue: true} : {ParameterKey: p.key, ParameterValue: p.value ?? ''}));
}

/**
 * `panther-console-v1-25-18-20261102T140731Z-k3x9q2`: a valid change set name (letters, digits, hyphens), with the
 * run's own token so two walks started in the same second never collide.
 */
export function changeSetName(version: string, target: 'root' | 'role', now: number, runId: string): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${CHANGE_SET_PREFIX}${target === 'role' ? 'role-' : ''}v${version.replace(/\./g, '-')}-${stamp}-${runId}`;
}

/** A short random token for a walk's change set names. */
export function newRunId(): string {
  return Math.random().toString(36).slice(2, 8).padEnd(6, '0');
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
      ChangeSetType: req.type ?? 'UPDATE',
      ...(req.roleArn ? {RoleARN: req.roleArn} : {}),
      TemplateURL: req.templateUrl,
      Parameters: toSdkParameters(req.parameters),
      Capabilities: [...UPGRADE_CAPABILITIES],
      IncludeNestedStacks: true,
      Description: req.description.slice(0, 1024),
      // No Tags: an empty list would remove every tag of the stack.
      // A retry of this request (an answer lost on the way back) gets this change set, not AlreadyExists.
      ClientToken: randomUUID(),
    }),
  );
  return {id: out.Id ?? '', stackId: out.StackId ?? ''};
}

function toChange(c: Change): ResourceChangeInput | null {
  const r = c.ResourceChange;
  if (!r) return null;
  return {
    action: clean(r.Action),
    logicalId: clean(r.LogicalResourceId),
    physicalId: clean(r.PhysicalResourceId),
    resourceType: clean(r.ResourceType),
    replacement: clean(r.Replacement),
    details: (r.Details ?? []).map(d => ({
      attribute: clean(d.Target?.Attribute),
      name: clean(d.Target?.Name),
      requiresRecreation: clean(d.Target?.RequiresRecreation),
    })),
    policyAction: clean(r.PolicyAction),
    nestedChangeSetId: r.ChangeSetId ?? null,
  };
}

/** DescribeChangeSet, every page of changes. */
export async function describeChangeSet(clients: AwsClients, id: string): Promise<ChangeSetView> {
  let token: string | undefined;
  let view: ChangeSetView | null = null;
  const guard = clients.pageGuard('DescribeChangeSet', 50);
  for (;;) {
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
    if (!guard.more(token)) break;
  }
  return view!;
}

/** Nested change sets read for one review at most (a Panther root has about fifteen nested stacks). */
const MAX_NESTED = 80;

export interface ChangeSetTree {
  root: ChangeSetView;
  /** The root's change set first, then every nested one depth-first, each with its path of logical ids. */
  sets: ChangeSetInput[];
  /** Nested change sets that could not be read, by path. */
  unread: string[];
}

/** A created change set and every nested change set below it (IncludeNestedStacks): the resource-level review. */
export async function describeChangeSetTree(clients: AwsClients, root: ChangeSetView): Promise<ChangeSetTree> {
  const sets: ChangeSetInput[] = [];
  const unread: string[] = [];
  let read = 0;
  const read1 = async (id: string): Promise<ChangeSetView | null> => {
    try {
      return await describeChangeSet(clients, id);
    } catch (error) {
      if (describeAwsError(error).code !== 'ChangeSetNotFound') throw error;
      return null;
    }
  };
  const visit = async (view: ChangeSetView, path: string): Promise<void> => {
    sets.push({path, stackName: view.stackName, changes: view.changes});
    const children: {path: string; id: string}[] = [];
    for (const c of view.changes) {
      const childPath = path ? `${path}/${c.logicalId}` : c.logicalId;
      if (!c.nestedChangeSetId) {
        // Asked with IncludeNestedStacks, CloudFormation gives every nested stack it modifies or creates its own change
        // set: without one, what changes (or is created) inside that stack is unknown, and the review says so (never a
        // silent gap: a first deploy's review would count the nested stacks alone).
        if (c.resourceType === 'AWS::CloudFormation::Stack' && (c.action === 'Modify' || c.action === 'Add'))
          unread.push(`${childPath} (no nested change set)`);
      } else if (read >= MAX_NESTED) {
        unread.push(childPath);
      } else {
        read++;
        children.push({path: childPath, id: c.nestedChangeSetId});
      }
    }
    // Siblings are read together (the clients' limiter paces them); their subtrees then in order, depth first.
    const views = await Promise.all(children.map(c => read1(c.id)));
    for (const [i, child] of views.entries()) {
      if (child) await visit(child, children[i].path);
      else unread.push(children[i].path);
    }
  };
  await visit(root, '');
  return {root, sets, unread};
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

export interface ChangeSetSummaryView {
  id: string;
  name: string;
  status: string;
  executionStatus: string;
  createdAt: string;
}

/** The stack's change sets, as ListChangeSets lists them. */
export async function listChangeSets(clients: AwsClients, stackId: string): Promise<ChangeSetSummaryView[]> {
  const out: ChangeSetSummaryView[] = [];
  const guard = clients.pageGuard('ListChangeSets', PAGE_CAPS.changeSets);
  for await (const page of paginateListChangeSets({client: clients.cloudformation}, {StackName: stackId})) {
    for (const s of page.Summaries ?? []) {
      out.push({
        id: s.ChangeSetId ?? '',
        name: clean(s.ChangeSetName),
        status: s.Status ?? '',
        executionStatus: s.ExecutionStatus ?? '',
        createdAt: iso(s.CreationTime),
      });
    }
    if (!guard.more(page.NextToken)) break;
  }
  return out;
}

/** A change set another walk left waiting for its confirmation (created, not executed, not obsolete). */
export function isPendingWalkChangeSet(s: ChangeSetSummaryView): boolean {
  if (!s.name.startsWith(CHANGE_SET_PREFIX)) return false;
  const creating = s.status === 'CREATE_PENDING' || s.status === 'CREATE_IN_PROGRESS';
  return creating || (s.status === 'CREATE_COMPLETE' && (s.executionStatus === 'AVAILABLE' || s.executionStatus === 'UNAVAILABLE'));
}
