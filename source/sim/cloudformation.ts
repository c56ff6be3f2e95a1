// CloudFormation's read API over the world at the clock's current time. Handlers return the <XResult> content.
import {SimError, stackNotFound, validation} from './errors.js';
import {decodeToken, encodeToken, pageDescending} from './paging.js';
import type {QueryParams} from './params.js';
import type {StackState, WorldView} from './view.js';
import {isStackLevel, stackIsIn, type CallerScope, type WorldEvent, type WorldOperation, type WorldStack} from './world.js';
import {isoTime, type XmlValue} from './xml.js';
import {accountState, changeSetActions} from './changesets.js';
import {DeleteStack} from './delete-stack.js';

export interface QueryContext {
  view: WorldView;
  now: number;
  /** Called by a write that appended events still to come: a fixed clock starts playing so they arrive. */
  wake?: () => void;
  /** The caller's account and signed region, in a world that declares accounts; absent: every stack is seen. */
  scope?: CallerScope | null;
}

/** Whether the caller sees the stack (its ARN is in the caller's account and region). */
const sees = (ctx: QueryContext) => (stack: WorldStack) => stackIsIn(stack.stackId, ctx.scope ?? null);

export type Result = {[key: string]: XmlValue};
export type QueryHandler = (p: QueryParams, ctx: QueryContext) => Result;

const PAGE = 100;
/** Statuses in which a stack shows its outputs (it kept its resources). */
const WITH_OUTPUTS = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE']);

function requireStack(p: QueryParams, ctx: QueryContext): WorldStack {
  const name = p.get('StackName');
  if (!name) throw validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  const stack = ctx.view.find(name, ctx.now, sees(ctx));
  if (!stack) throw stackNotFound(name);
  return stack;
}

function tokenIndex(p: QueryParams, kind: string, scope: string, fallback: number): number {
  const token = p.get('NextToken');
  if (!token) return fallback;
  const index = decodeToken(token, kind, scope);
  if (index === null) throw validation('Invalid NextToken');
  return index;
}

function nextToken(kind: string, scope: string, index: number | null): string | undefined {
  return index === null ? undefined : encodeToken({kind, scope, index});
}

function lastOperations(ctx: QueryContext, stack: WorldStack): Result[] {
  return ctx.view.visibleOperations(stack, ctx.now).map(o => ({OperationType: o.type, OperationId: o.id}));
}

function stackXml(ctx: QueryContext, stack: WorldStack, st: StackState): Result {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    Description: stack.description,
    Parameters: Object.entries(stack.parameters).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue})),
    CreationTime: isoTime(st.creationTime),
    DeletionTime: st.deletionTime === null ? undefined : isoTime(st.deletionTime),
    LastUpdatedTime: st.lastUpdatedTime === null ? undefined : isoTime(st.lastUpdatedTime),
    RollbackConfiguration: {},
    StackStatus: st.status,
    StackStatusReason: st.reason || undefined,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: stack.capabilities.length ? stack.capabilities : undefined,
    Outputs: WITH_OUTPUTS.has(st.status) ? Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({OutputKey, OutputValue})) : undefined,
    RoleARN: stack.roleArn ?? undefined,
    Tags: Object.entries(stack.tags).map(([Key, Value]) => ({Key, Value})),
    EnableTerminationProtection: false,
    ParentId: stack.parentId ?? undefined,
    RootId: stack.rootId ?? undefined,
    DriftInformation: {StackDriftStatus: 'NOT_CHECKED'},
    LastOperations: lastOperations(ctx, stack),
  };
}

/**
 * What every event and resource element says of its resource: which one, its status and reason, and when (`timestamp`
 * names that element). Events show an unknown physical id empty; the resource calls leave it out.
 */
function resourceStatusXml(
  r: Pick<WorldEvent, 'logicalId' | 'physicalId' | 'resourceType' | 'time' | 'status' | 'reason'>,
  timestamp: 'Timestamp' | 'LastUpdatedTimestamp',
  emptyPhysicalId: 'shown' | 'omitted',
): Result {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: emptyPhysicalId === 'shown' ? r.physicalId : r.physicalId || undefined,
    ResourceType: r.resourceType,
    [timestamp]: isoTime(r.time),
    ResourceStatus: r.status,
    ResourceStatusReason: r.reason || undefined,
  };
}

function eventXml(e: WorldEvent): Result {
  return {
    StackId: e.stackId,
    EventId: e.eventId,
    StackName: e.stackName,
    OperationId: e.operationId,
    ...resourceStatusXml(e, 'Timestamp', 'shown'),
  };
}

const DescribeStacks: QueryHandler = (p, ctx) => {
  const name = p.get('StackName');
  if (name) {
    const stack = ctx.view.find(name, ctx.now, sees(ctx));
    const st = stack && ctx.view.state(stack, ctx.now);
    if (!stack || !st) throw stackNotFound(name);
    return {Stacks: [stackXml(ctx, stack, st)]};
  }
  // All live stacks, newest first.
  const stacks = ctx.view.world.stacks;
  const seen = sees(ctx);
  const states = stacks.map(s => (seen(s) ? ctx.view.state(s, ctx.now) : null));
  const start = tokenIndex(p, 'stacks', '', stacks.length);
  const page = pageDescending(stacks.length, start, i => Boolean(states[i] && !states[i]!.deleted), PAGE);
  return {
    Stacks: page.indices.map(i => stackXml(ctx, stacks[i], states[i]!)),
    NextToken: nextToken('stacks', '', page.next),
  };
};

const ListStacks: QueryHandler = (p, ctx) => {
  const filter = new Set(p.list('StackStatusFilter'));
  const stacks = ctx.view.world.stacks;
  const seen = sees(ctx);
  const states = stacks.map(s => (seen(s) ? ctx.view.state(s, ctx.now) : null));
  const scope = [...filter].sort().join(',');
  const start = tokenIndex(p, 'list', scope, stacks.length);
  const page = pageDescending(stacks.length, start, i => Boolean(states[i] && (filter.size === 0 || filter.has(states[i]!.status))), PAGE);
  return {
    StackSummaries: page.indices.map(i => {
      const s = stacks[i];
      const st = states[i]!;
      return {
        StackId: s.stackId,
        StackName: s.name,
        TemplateDescription: s.template.Description,
        CreationTime: isoTime(st.creationTime),
        LastUpdatedTime: st.lastUpdatedTime === null ? undefined : isoTime(st.lastUpdatedTime),
        DeletionTime: st.deletionTime === null ? undefined : isoTime(st.deletionTime),
        StackStatus: st.status,
        StackStatusReason: st.reason || undefined,
        ParentId: s.parentId ?? undefined,
        RootId: s.rootId ?? undefined,
        DriftInformation: {StackDriftStatus: 'NOT_CHECKED'},
        LastOperations: lastOperations(ctx, s),
      };
    }),
    NextToken: nextToken('list', scope, page.next),
  };
};

const DescribeStackEvents: QueryHandler = (p, ctx) => {
  const stack = requireStack(p, ctx);
  const visible = ctx.view.visibleCount(stack, ctx.now);
  const start = tokenIndex(p, 'events', stack.stackId, visible);
  const page = pageDescending(visible, start, () => true, PAGE);
  return {
    StackEvents: page.indices.map(i => eventXml(stack.events[i])),
    NextToken: nextToken('events', stack.stackId, page.next),
  };
};

const ListStackResources: QueryHandler = (p, ctx) => {
  const stack = requireStack(p, ctx);
  const resources = ctx.view.resources(stack, ctx.now);
  const start = tokenIndex(p, 'resources', stack.stackId, 0);
  const page = resources.slice(start, start + PAGE);
  return {
    StackResourceSummaries: page.map(r => ({
      ...resourceStatusXml(r, 'LastUpdatedTimestamp', 'omitted'),
      DriftInformation: {StackResourceDriftStatus: 'NOT_CHECKED'},
    })),
    NextToken: nextToken('resources', stack.stackId, start + PAGE < resources.length ? start + PAGE : null),
  };
};

const DescribeStackResources: QueryHandler = (p, ctx) => {
  if (!p.get('StackName')) throw validation('StackName must be specified (PhysicalResourceId lookups are not simulated)');
  const stack = requireStack(p, ctx);
  const logical = p.get('LogicalResourceId');
  // Like AWS: the first 100 resources only; ListStackResources pages through all of them.
  const resources = ctx.view
    .resources(stack, ctx.now)
    .filter(r => !logical || r.logicalId === logical)
    .slice(0, 100);
  return {
    StackResources: resources.map(r => ({
      StackName: stack.name,
      StackId: stack.stackId,
      ...resourceStatusXml(r, 'Timestamp', 'omitted'),
      DriftInformation: {StackResourceDriftStatus: 'NOT_CHECKED'},
    })),
  };
};

const DescribeStackResource: QueryHandler = (p, ctx) => {
  const stack = requireStack(p, ctx);
  const logical = p.get('LogicalResourceId') ?? '';
  const r = ctx.view.resources(stack, ctx.now).find(x => x.logicalId === logical);
  if (!r) throw validation(`Resource ${logical} does not exist for stack ${p.get('StackName')}`);
  return {
    StackResourceDetail: {
      StackName: stack.name,
      StackId: stack.stackId,
      ...resourceStatusXml(r, 'LastUpdatedTimestamp', 'omitted'),
      Metadata: '{}',
      DriftInformation: {StackResourceDriftStatus: 'NOT_CHECKED'},
    },
  };
};

function operationStatus(ctx: QueryContext, stack: WorldStack, op: WorldOperation): string {
  const visible = ctx.view.visibleEvents(stack, ctx.now);
  const own = visible.filter(e => e.operationId === op.id && isStackLevel(stack, e));
  const last = own[own.length - 1]?.status ?? '';
  if (last.endsWith('_FAILED')) return 'FAILED';
  if (last.endsWith('_COMPLETE')) return op.type !== 'ROLLBACK' && last.includes('ROLLBACK') ? 'FAILED' : 'SUCCEEDED';
  const superseded = ctx.view.visibleOperations(stack, ctx.now).some(o => o.start > op.start);
  return superseded ? 'FAILED' : 'IN_PROGRESS';
}

const DescribeEvents: QueryHandler = (p, ctx) => {
  const name = p.get('StackName');
  const opId = p.get('OperationId');
  if (p.get('ChangeSetName')) throw validation('ChangeSetName is not supported by the simulated account');
  let stack: WorldStack | null = null;
  let op: WorldOperation | undefined;
  if (name) {
    stack = ctx.view.find(name, ctx.now, sees(ctx));
    if (!stack) throw stackNotFound(name);
  }
  if (opId) {
    op = ctx.view.operations.get(opId);
    if (!op || op.start > ctx.now || (stack && op.stackId !== stack.stackId) || !stackIsIn(op.stackId, ctx.scope ?? null)) {
      throw validation(`Operation ${opId} does not exist`);
    }
    stack = ctx.view.byId.get(op.stackId)!;
  } else if (stack) {
    // StackName alone means the stack's latest operation (on a rolled-back stack: the ROLLBACK).
    op = ctx.view.visibleOperations(stack, ctx.now)[0];
  } else {
    throw validation('Either StackName, ChangeSetName or OperationId must be specified');
  }
  if (!stack || !op) return {OperationEvents: []};
  const failedOnly = p.bool('Filters.FailedEvents');
  const visible = ctx.view.visibleCount(stack, ctx.now);
  const events = stack.events;
  const scope = `${op.id}:${failedOnly}`;
  const start = tokenIndex(p, 'opevents', scope, visible);
  const opStatus = operationStatus(ctx, stack, op);
  const page = pageDescending(visible, start, i => events[i].operationId === op.id && (!failedOnly || events[i].status.endsWith('_FAILED')), PAGE);
  return {
    OperationEvents: page.indices.map(i => {
      const e = events[i];
      return {
        EventId: e.eventId,
        StackId: e.stackId,
        OperationId: op.id,
        OperationType: op.type,
        OperationStatus: opStatus,
        EventType: e.status.endsWith('_FAILED') ? 'PROVISIONING_ERROR' : 'STACK_EVENT',
        ...resourceStatusXml(e, 'Timestamp', 'shown'),
      };
    }),
    NextToken: nextToken('opevents', scope, page.next),
  };
};

const GetTemplate: QueryHandler = (p, ctx) => {
  const stack = requireStack(p, ctx);
  return {TemplateBody: JSON.stringify(stack.template, null, 2), StagesAvailable: ['Original', 'Processed']};
};

const GetTemplateSummary: QueryHandler = (p, ctx) => {
  let template: WorldStack['template'];
  let capabilities: string[] = [];
  const body = p.get('TemplateBody');
  const url = p.get('TemplateURL');
  if (p.get('StackName')) {
    const stack = requireStack(p, ctx);
    template = stack.template;
    capabilities = stack.capabilities;
  } else if (body) {
    try {
      template = JSON.parse(body) as WorldStack['template'];
    } catch {
      throw validation('Template format error: JSON not well-formed (the simulated account parses JSON templates only)');
    }
  } else if (url) {
    const catalog = accountState(ctx.view.world).templates;
    if (catalog) {
      // The scenario's published templates (an unknown object fails as CloudFormation says when it cannot fetch it).
      const found = catalog.resolve(url);
      template = found.template;
      capabilities = found.capabilities;
    } else {
      // Any template URL resolves to the scenario root's template (the sim has no S3).
      const root = ctx.view.byId.get(ctx.view.world.rootStackId)!;
      template = root.template;
      capabilities = root.capabilities;
    }
  } else {
    throw validation('Either StackName, StackSetName, TemplateBody or TemplateURL must be specified');
  }
  // AWS lists one entry per resource (duplicates included): consoles count it for progress totals.
  const types = Object.values(template.Resources ?? {}).map(r => r.Type);
  return {
    Parameters: Object.entries(template.Parameters ?? {}).map(([key, decl]) => ({
      ParameterKey: key,
      DefaultValue: decl.Default,
      ParameterType: decl.Type,
      NoEcho: Boolean(decl.NoEcho),
      Description: decl.Description,
      ParameterConstraints: {},
    })),
    Description: template.Description,
    Capabilities: capabilities.length ? capabilities.filter(c => c !== 'CAPABILITY_AUTO_EXPAND') : undefined,
    CapabilitiesReason: capabilities.length ? 'The following resource(s) require capabilities: [AWS::IAM::Role]' : undefined,
    ResourceTypes: types,
    Version: template.AWSTemplateFormatVersion,
  };
};

export const cloudFormationActions: Record<string, QueryHandler> = {
  DescribeStacks,
  ListStacks,
  DescribeStackEvents,
  ListStackResources,
  DescribeStackResources,
  DescribeStackResource,
  DescribeEvents,
  GetTemplate,
  GetTemplateSummary,
  DeleteStack,
  ...changeSetActions,
};

export {SimError};
