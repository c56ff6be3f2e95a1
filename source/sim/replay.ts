// A support bundle's recorded responses turned back into a sim World, so `--replay` serves them through the same
// HTTP endpoint as the scenarios and every command runs on them through the real SDK path. Stacks come from
// DescribeStacks (and ListStacks summaries), events from DescribeStackEvents pages, templates from GetTemplate /
// GetTemplateSummary where recorded, CloudTrail records from LookupEvents, the caller from GetCallerIdentity.
import {checkRecordedCalls} from './replay-schema.js';
import {
  finishWorld,
  STACK_TYPE,
  stackLevelEvent,
  type TemplateDoc,
  type TrailRecord,
  type World,
  type WorldEvent,
  type WorldOperation,
  type WorldStack,
} from './world.js';

/** What the replay needs of a bundle (report/bundle.ts's Bundle satisfies it). */
export interface ReplaySource {
  region: string;
  account: string;
  stack: string;
  stackId?: string | null;
  createdAt?: string;
  calls: readonly {service: string; operation: string; region: string; input: unknown; output?: unknown; error?: unknown}[];
}

type Json = Record<string, any>;

const ms = (iso: unknown): number => (typeof iso === 'string' || typeof iso === 'number' ? new Date(iso).getTime() : NaN);

interface Gathered {
  details: Map<string, Json>;
  summaries: Map<string, Json>;
  /** Per stack: events newest first, in the order first seen. */
  events: Map<string, Json[]>;
  /** GetTemplate / GetTemplateSummary answers keyed by the StackName asked (name or ARN). */
  templates: Map<string, string>;
  templateSummaries: Map<string, Json>;
  trail: TrailRecord[];
  caller: Json | null;
}

function gather(source: ReplaySource): Gathered {
  const g: Gathered = {
    details: new Map(),
    summaries: new Map(),
    events: new Map(),
    templates: new Map(),
    templateSummaries: new Map(),
    trail: [],
    caller: null,
  };
  const seenEvents = new Set<string>();
  const seenTrail = new Set<string>();
  for (const call of source.calls) {
    const out = call.output as Json | undefined;
    const input = (call.input ?? {}) as Json;
    if (!out || call.error) continue;
    switch (`${call.service}.${call.operation}`) {
      case 'CloudFormation.DescribeStacks':
        for (const s of out.Stacks ?? []) if (s.StackId) g.details.set(s.StackId, s);
        break;
      case 'CloudFormation.ListStacks':
        for (const s of out.StackSummaries ?? []) if (s.StackId) g.summaries.set(s.StackId, s);
        break;
      case 'CloudFormation.DescribeStackEvents':
        for (const e of out.StackEvents ?? []) {
          if (!e.StackId || !e.EventId || seenEvents.has(`${e.StackId} ${e.EventId}`)) continue;
          seenEvents.add(`${e.StackId} ${e.EventId}`);
          const list = g.events.get(e.StackId) ?? [];
          list.push(e);
          g.events.set(e.StackId, list);
        }
        break;
      case 'CloudFormation.GetTemplate':
        if (typeof input.StackName === 'string' && typeof out.TemplateBody === 'string') g.templates.set(input.StackName, out.TemplateBody);
        break;
      case 'CloudFormation.GetTemplateSummary':
        if (typeof input.StackName === 'string') g.templateSummaries.set(input.StackName, out);
        break;
      case 'CloudTrail.LookupEvents':
        for (const e of out.Events ?? []) {
          const key = `${call.region} ${e.EventId}`;
          if (!e.EventId || seenTrail.has(key)) continue;
          seenTrail.add(key);
          g.trail.push(trailRecord(e, call.region));
        }
        break;
      case 'STS.GetCallerIdentity':
        g.caller = out;
        break;
    }
  }
  return g;
}

function trailRecord(e: Json, region: string): TrailRecord {
  let record: Record<string, unknown> = {};
  try {
    record = JSON.parse(e.CloudTrailEvent ?? '{}');
  } catch {
    // Kept with the summary fields only.
  }
  const time = ms(e.EventTime);
  return {
    eventId: e.EventId,
    eventTime: time,
    // Everything in a bundle had been delivered when it was recorded.
    availableAt: time,
    eventName: e.EventName ?? '',
    eventSource: e.EventSource ?? '',
    readOnly: e.ReadOnly === 'true' || e.ReadOnly === true,
    accessKeyId: e.AccessKeyId ?? '',
    username: e.Username ?? '',
    awsRegion: region,
    resources: (e.Resources ?? []).map((r: Json) => ({ResourceType: r.ResourceType ?? '', ResourceName: r.ResourceName ?? ''})),
    record,
  };
}

const OPERATION_BY_STATUS: Record<string, string> = {
  CREATE_IN_PROGRESS: 'CREATE_STACK',
  UPDATE_IN_PROGRESS: 'UPDATE_STACK',
  DELETE_IN_PROGRESS: 'DELETE_STACK',
  IMPORT_IN_PROGRESS: 'IMPORT_STACK',
  ROLLBACK_IN_PROGRESS: 'ROLLBACK',
  UPDATE_ROLLBACK_IN_PROGRESS: 'ROLLBACK',
  IMPORT_ROLLBACK_IN_PROGRESS: 'ROLLBACK',
};

function stackNameFromArn(arn: string): string {
  return /:stack\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

/** Turns a bundle into a World the sim can serve (clock 'fixed': everything visible). */
export function worldFromBundle(source: ReplaySource): World {
  checkRecordedCalls(source);
  const g = gather(source);
  const ids = new Set<string>([...g.details.keys(), ...g.summaries.keys(), ...g.events.keys()]);
  if (ids.size === 0) throw new Error('the bundle holds no stack: nothing to replay');

  // Parent links the events show (a parent's AWS::CloudFormation::Stack resource names its child's ARN).
  const parentOf = new Map<string, {parentId: string; logicalId: string}>();
  for (const [stackId, events] of g.events) {
    for (const e of events) {
      const child = e.PhysicalResourceId;
      if (e.ResourceType === STACK_TYPE && typeof child === 'string' && child.startsWith('arn:') && child !== stackId) {
        parentOf.set(child, {parentId: stackId, logicalId: e.LogicalResourceId ?? ''});
      }
    }
  }
  const nameToId = new Map<string, string>();
  for (const id of ids) {
    const d = g.details.get(id);
    if (d?.StackName && d.StackStatus !== 'DELETE_COMPLETE') nameToId.set(d.StackName, id);
  }
  const templateFor = <T>(map: Map<string, T>, stackId: string, name: string): T | undefined =>
    map.get(stackId) ?? (nameToId.get(name) === stackId ? map.get(name) : undefined);

  const stacks: WorldStack[] = [];
  for (const stackId of ids) {
    const d = g.details.get(stackId);
    const s = g.summaries.get(stackId);
    const recorded = [...(g.events.get(stackId) ?? [])];
    const name: string = d?.StackName ?? s?.StackName ?? recorded[0]?.StackName ?? stackNameFromArn(stackId);
    const parentId: string | null = d?.ParentId ?? s?.ParentId ?? parentOf.get(stackId)?.parentId ?? null;
    let rootId: string | null = d?.RootId ?? s?.RootId ?? null;
    if (!rootId && parentId) {
      rootId = parentId;
      for (let i = 0; i < 20 && parentOf.has(rootId); i++) rootId = parentOf.get(rootId)!.parentId;
    }

    // Newest first as recorded; a stable sort by time keeps the API's order of equal timestamps; then oldest first.
    const newestFirst = recorded
      .map((e, i) => ({e, i, t: ms(e.Timestamp)}))
      .sort((a, b) => b.t - a.t || a.i - b.i)
      .map(x => x.e);
    let events: WorldEvent[] = newestFirst.reverse().map(e => ({
      eventId: e.EventId,
      stackId,
      stackName: e.StackName ?? name,
      logicalId: e.LogicalResourceId ?? '',
      physicalId: e.PhysicalResourceId ?? '',
      resourceType: e.ResourceType ?? '',
      status: e.ResourceStatus ?? '',
      reason: e.ResourceStatusReason ?? '',
      time: ms(e.Timestamp),
      operationId: e.OperationId ?? '',
    }));
    if (events.length === 0) events = [syntheticEvent(stackId, name, d ?? s ?? {})];

    const lastOps = new Map<string, string>();
    for (const op of [...(d?.LastOperations ?? []), ...(s?.LastOperations ?? [])]) {
      if (op.OperationId && op.OperationType) lastOps.set(op.OperationId, op.OperationType);
    }
    const operations: WorldOperation[] = [];
    const opened = new Set<string>();
    for (const e of events) {
      if (!e.operationId || opened.has(e.operationId)) continue;
      if (!(e.resourceType === STACK_TYPE && e.logicalId === name)) continue;
      opened.add(e.operationId);
      const type = lastOps.get(e.operationId) ?? OPERATION_BY_STATUS[e.status] ?? 'UPDATE_STACK';
      operations.push({id: e.operationId, type, stackId, start: e.time});
    }

    const pairs = (list: Json[] | undefined, k: string, v: string): Record<string, string> =>
      Object.fromEntries((list ?? []).filter(x => typeof x[k] === 'string').map(x => [x[k], String(x[v] ?? '')]));
    const parameters = pairs(d?.Parameters, 'ParameterKey', 'ParameterValue');
    stacks.push({
      stackId,
      name,
      logicalId: parentOf.get(stackId)?.logicalId ?? '',
      parentId,
      rootId,
      description: d?.Description ?? s?.TemplateDescription ?? '',
      parameters,
      tags: pairs(d?.Tags, 'Key', 'Value'),
      outputs: pairs(d?.Outputs, 'OutputKey', 'OutputValue'),
      roleArn: d?.RoleARN ?? null,
      capabilities: d?.Capabilities ?? [],
      template: templateDoc(
        templateFor(g.templates, stackId, name),
        templateFor(g.templateSummaries, stackId, name),
        d ?? s ?? {},
        parameters,
        events,
        name,
      ),
      events,
      operations,
    });
  }

  const root =
    (source.stackId && stacks.find(s => s.stackId === source.stackId)) ||
    stacks.find(s => s.stackId === source.stack) ||
    [...stacks].reverse().find(s => s.name === source.stack && !s.parentId) ||
    stacks.find(s => !s.parentId) ||
    stacks[0]!;
  const account = g.caller?.Account ?? source.account ?? /:(\d{12}):/.exec(root.stackId)?.[1] ?? '';
  return finishWorld({
    scenario: 'replay',
    region: source.region,
    account,
    rootStackName: root.name,
    rootStackId: root.stackId,
    stacks,
    trail: g.trail,
    caller: {
      arn: g.caller?.Arn ?? `arn:aws:iam::${account}:user/replay`,
      userId: g.caller?.UserId ?? 'AIDAREPLAY',
    },
    facts: {replay: true, createdAt: source.createdAt ?? null, stack: source.stack},
  });
}

/** A stack known only from a summary or DescribeStacks: one stack-level event with its status. */
function syntheticEvent(stackId: string, name: string, d: Json): WorldEvent {
  const status = d.StackStatus ?? 'CREATE_COMPLETE';
  const time = ms(status.startsWith('DELETE_') ? (d.DeletionTime ?? d.CreationTime) : (d.LastUpdatedTime ?? d.CreationTime));
  return stackLevelEvent({stackId, name}, `${name}-${status}-replay`, status, d.StackStatusReason ?? '', Number.isFinite(time) ? time : 0, '');
}

function templateDoc(
  body: string | undefined,
  summary: Json | undefined,
  d: Json,
  parameters: Record<string, string>,
  events: WorldEvent[],
  name: string,
): TemplateDoc {
  if (body) {
    try {
      const doc = JSON.parse(body);
      if (doc && typeof doc === 'object' && doc.Resources) {
        return {AWSTemplateFormatVersion: '2010-09-09', Description: '', Parameters: {}, ...doc};
      }
    } catch {
      // A YAML template: served back inside the JSON one (the version is still readable in it).
    }
  }
  const params: TemplateDoc['Parameters'] = {};
  if (summary?.Parameters) {
    for (const p of summary.Parameters as Json[]) {
      params[p.ParameterKey] = {
        Type: p.ParameterType ?? 'String',
        ...(p.DefaultValue !== undefined ? {Default: p.DefaultValue} : {}),
        ...(p.Description ? {Description: p.Description} : {}),
        ...(p.NoEcho ? {NoEcho: true} : {}),
      };
    }
  } else {
    for (const key of Object.keys(parameters)) params[key] = {Type: 'String'};
  }
  // Resources: the logical IDs the events name; the summary's count wins for progress totals.
  const fromEvents = new Map<string, string>();
  for (const e of events) if (!(e.resourceType === STACK_TYPE && e.logicalId === name) && e.logicalId) fromEvents.set(e.logicalId, e.resourceType);
  const resources: TemplateDoc['Resources'] = {};
  const types: string[] | undefined = summary?.ResourceTypes;
  if (types && types.length !== fromEvents.size) types.forEach((type, i) => (resources[`Resource${i + 1}`] = {Type: type}));
  else for (const [logicalId, type] of fromEvents) resources[logicalId] = {Type: type};
  const doc: TemplateDoc & {Metadata?: Record<string, unknown>} = {
    AWSTemplateFormatVersion: summary?.Version ?? '2010-09-09',
    Description: summary?.Description ?? d.Description ?? '',
    Parameters: params,
    Resources: resources,
  };
  if (body) doc.Metadata = {PantherConsoleReplayOriginalTemplate: body};
  return doc;
}
