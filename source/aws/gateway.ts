import {
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  paginateDescribeEvents,
  paginateDescribeStackEvents,
  type OperationEvent,
  paginateListStackResources,
  paginateListStacks,
  type StackEvent as SdkStackEvent,
  type Stack as SdkStack,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import {paginateLookupEvents, type Event as SdkTrailEvent} from '@aws-sdk/client-cloudtrail';
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import type {StackResourceRef} from '../panther/deployment-role.js';
import {stackNameFromArn} from '../domain/stack-from-events.js';
import type {Stack, StackEvent, StackSummary, TrailEvent, TrailQuery} from '../domain/types.js';
import {sanitize, sanitizeDeep} from '../text/sanitize.js';
import type {AwsClients} from './clients.js';
import {clean, iso} from './convert.js';
import {intern} from './intern.js';
import {describeAwsError} from './errors.js';
import {PAGE_CAPS} from './page-guard.js';

/** One page of DescribeStackEvents, newest first as the API returns it. */
export interface EventPage {
  events: StackEvent[];
  nextToken: string | undefined;
}

export type {StackSummary} from '../domain/types.js';

function toRecord<T>(items: T[] | undefined, key: (t: T) => string | undefined, value: (t: T) => string | undefined) {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const k = key(item);
    if (k) out[clean(k)] = clean(value(item));
  }
  return out;
}

// Every field is attacker-controllable (a crafted --replay bundle serves any string, even as a status or an ID):
// each mapper's whole result goes through sanitizeDeep, not just the free-text fields.
export function toStack(s: SdkStack): Stack {
  return sanitizeDeep({
    stackId: s.StackId ?? '',
    stackName: clean(s.StackName),
    status: s.StackStatus ?? 'UNKNOWN',
    statusReason: clean(s.StackStatusReason),
    parentId: s.ParentId ?? null,
    rootId: s.RootId ?? null,
    createdAt: iso(s.CreationTime),
    updatedAt: s.LastUpdatedTime ? iso(s.LastUpdatedTime) : null,
    deletedAt: s.DeletionTime ? iso(s.DeletionTime) : null,
    deleted: s.StackStatus === 'DELETE_COMPLETE',
    description: clean(s.Description),
    tags: toRecord(
      s.Tags,
      t => t.Key,
      t => t.Value,
    ),
    parameters: toRecord(
      s.Parameters,
      p => p.ParameterKey,
      p => p.ResolvedValue ?? p.ParameterValue,
    ),
    outputs: toRecord(
      s.Outputs,
      o => o.OutputKey,
      o => o.OutputValue,
    ),
    lastOperations: (s.LastOperations ?? []).map(op => ({id: op.OperationId ?? '', type: op.OperationType ?? ''})),
    roleArn: s.RoleARN ?? null,
  });
}

export function toStackEvent(e: SdkStackEvent): StackEvent {
  const event = sanitizeDeep({
    eventId: e.EventId ?? '',
    stackId: e.StackId ?? '',
    stackName: clean(e.StackName),
    logicalResourceId: clean(e.LogicalResourceId),
    physicalResourceId: clean(e.PhysicalResourceId),
    resourceType: clean(e.ResourceType),
    status: e.ResourceStatus ?? '',
    reason: clean(e.ResourceStatusReason),
    timestamp: iso(e.Timestamp),
    operationId: e.OperationId ?? null,
  });
  // The words that repeat from event to event, held once (see intern.ts); IDs, reasons and times are each their own.
  return {
    ...event,
    stackId: intern(event.stackId),
    stackName: intern(event.stackName),
    logicalResourceId: intern(event.logicalResourceId),
    physicalResourceId: intern(event.physicalResourceId),
    resourceType: intern(event.resourceType),
    status: intern(event.status),
    operationId: event.operationId === null ? null : intern(event.operationId),
  };
}

/** DescribeEvents' OperationEvent as a StackEvent: the same fields, but no stack name (the stack gives it). */
export function toOperationEvent(e: OperationEvent, stack: Stack): StackEvent {
  return toStackEvent({...e, StackName: stack.stackName, StackId: e.StackId ?? stack.stackId} as SdkStackEvent);
}

export function toTrailEvent(e: SdkTrailEvent, fallbackRegion: string): TrailEvent {
  // biome-ignore lint/suspicious/noExplicitAny: CloudTrail's record is free-form JSON, each field checked where it is read.
  let record: Record<string, any> = {};
  try {
    record = JSON.parse(e.CloudTrailEvent ?? '{}');
  } catch {
    // A record CloudTrail could not serialise is still worth showing with the summary fields.
  }
  const identity = record.userIdentity ?? {};
  return sanitizeDeep({
    eventId: e.EventId ?? record.eventID ?? '',
    eventTime: iso(e.EventTime ?? (record.eventTime ? new Date(record.eventTime) : undefined)),
    eventSource: clean(e.EventSource ?? record.eventSource),
    eventName: clean(e.EventName ?? record.eventName),
    errorCode: clean(record.errorCode),
    errorMessage: clean(record.errorMessage),
    principal: clean(identity.arn ?? identity.principalId ?? e.Username),
    invokedBy: clean(identity.invokedBy ?? record.invokedBy),
    sourceIp: clean(record.sourceIPAddress),
    userAgent: clean(record.userAgent),
    awsRegion: clean(record.awsRegion ?? fallbackRegion),
  });
}

/** Every stack status: ListStacks filtered on all of them lists deleted stacks too (kept 90 days). */
export const ALL_STACK_STATUSES: readonly StackStatus[] = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
];

/**
 * The typed gateway over the few calls the console makes. The only place that sees SDK shapes; everything it
 * returns is sanitised domain data.
 */
export class Gateway {
  constructor(readonly clients: AwsClients) {}

  /** DescribeStacks for one name or ARN; null when it does not exist (or, by name, only exists deleted). */
  async describeStack(nameOrId: string): Promise<Stack | null> {
    try {
      const out = await this.clients.cloudformation.send(new DescribeStacksCommand({StackName: nameOrId}));
      const s = out.Stacks?.[0];
      return s ? toStack(s) : null;
    } catch (error) {
      if (describeAwsError(error).kind === 'not-found') return null;
      throw error;
    }
  }

  /**
   * Every stack summary, deleted ones included (kept 90 days) unless `statuses` says otherwise, through the SDK's
   * paginator; at most `maxPages` pages when given (a huge account must not hold a command up for minutes).
   */
  async listStacks(maxPages = Infinity, statuses: readonly StackStatus[] = ALL_STACK_STATUSES): Promise<StackSummary[]> {
    const out: StackSummary[] = [];
    let pages = 0;
    const guard = this.clients.pageGuard('ListStacks', PAGE_CAPS.listStacks);
    for await (const page of paginateListStacks({client: this.clients.cloudformation}, {StackStatusFilter: [...statuses]})) {
      for (const s of page.StackSummaries ?? []) {
        out.push(
          sanitizeDeep({
            stackId: s.StackId ?? '',
            stackName: clean(s.StackName),
            status: s.StackStatus ?? '',
            parentId: s.ParentId ?? null,
            rootId: s.RootId ?? null,
            description: clean(s.TemplateDescription),
            createdAt: iso(s.CreationTime),
            updatedAt: s.LastUpdatedTime ? iso(s.LastUpdatedTime) : null,
            deletedAt: s.DeletionTime ? iso(s.DeletionTime) : null,
          }),
        );
      }
      if (++pages >= maxPages || !guard.more(page.NextToken)) break;
    }
    return out;
  }

  /**
   * The stack's resources (ListStackResources, not DescribeStackResources: that one stops at 100), at most
   * `maxPages` pages; none when the stack does not exist.
   */
  async stackResources(stackId: string, maxPages = Infinity): Promise<StackResourceRef[]> {
    const out: StackResourceRef[] = [];
    let pages = 0;
    const guard = this.clients.pageGuard(`ListStackResources of ${stackNameFromArn(stackId)}`, PAGE_CAPS.stackResources);
    try {
      for await (const page of paginateListStackResources({client: this.clients.cloudformation}, {StackName: stackId})) {
        for (const r of page.StackResourceSummaries ?? []) {
          out.push(
            sanitizeDeep({
              logicalId: clean(r.LogicalResourceId),
              physicalId: clean(r.PhysicalResourceId),
              resourceType: clean(r.ResourceType),
              status: r.ResourceStatus ?? '',
            }),
          );
        }
        if (++pages >= maxPages || !guard.more(page.NextToken)) break;
      }
    } catch (error) {
      if (describeAwsError(error).kind !== 'not-found') throw error;
    }
    return out;
  }

  /** One page of events, newest first. Paging is driven by the caller, which stops as soon as it has enough. */
  async stackEventsPage(stackId: string, nextToken?: string): Promise<EventPage> {
    const out = await this.clients.cloudformation.send(
      new DescribeStackEventsCommand({StackName: stackId, ...(nextToken ? {NextToken: nextToken} : {})}),
    );
    return {events: (out.StackEvents ?? []).map(toStackEvent), nextToken: out.NextToken};
  }

  /** A stack's whole event history, newest first, every page (at most PAGE_CAPS.stackEvents). */
  async allStackEvents(stackId: string): Promise<StackEvent[]> {
    const out: StackEvent[] = [];
    const guard = this.clients.pageGuard(`DescribeStackEvents of ${stackNameFromArn(stackId)}`, PAGE_CAPS.stackEvents);
    for await (const page of paginateDescribeStackEvents({client: this.clients.cloudformation}, {StackName: stackId})) {
      for (const e of page.StackEvents ?? []) out.push(toStackEvent(e));
      if (!guard.more(page.NextToken)) break;
    }
    return out;
  }

  /**
   * The failed events of one of a stack's recent operations, through DescribeEvents (SDK >= 3.934 endpoints): one
   * call instead of paging a whole history. The operation is the newest in LastOperations of the wanted type
   * (CREATE_STACK, UPDATE_STACK...), since a deleted stack's newest is its DELETE and a rolled-back one's its
   * ROLLBACK. Null when the endpoint has no operations (no LastOperations, or DescribeEvents unknown): the caller
   * pages DescribeStackEvents instead.
   */
  async failedEventsOfOperation(stack: Stack, wantedTypes: readonly string[]): Promise<StackEvent[] | null> {
    if (this.noDescribeEvents) return null;
    const op = stack.lastOperations.find(o => wantedTypes.includes(o.type));
    if (!op) return null;
    const out: StackEvent[] = [];
    const guard = this.clients.pageGuard(`DescribeEvents of ${stack.stackName}`, PAGE_CAPS.operationEvents);
    try {
      for await (const page of paginateDescribeEvents({client: this.clients.cloudformation}, {OperationId: op.id, Filters: {FailedEvents: true}})) {
        for (const e of page.OperationEvents ?? []) out.push(toOperationEvent(e, stack));
        if (!guard.more(page.NextToken)) break;
      }
    } catch (error) {
      const code = describeAwsError(error).code;
      if (/InvalidAction|UnknownOperation|NotImplemented/.test(code)) {
        this.noDescribeEvents = true;
        return null;
      }
      throw error;
    }
    return out;
  }

  private noDescribeEvents = false;

  /** A stack's template as written (deleted stacks too, by ARN), lines kept, control sequences gone; null when none. */
  async templateBody(stackId: string): Promise<string | null> {
    try {
      const out = await this.clients.cloudformation.send(new GetTemplateCommand({StackName: stackId, TemplateStage: 'Original'}));
      return out.TemplateBody ? sanitize(out.TemplateBody, {multiline: true}) : null;
    } catch (error) {
      if (describeAwsError(error).kind === 'not-found') return null;
      throw error;
    }
  }

  /** The number of resources a stack's template declares, for progress bars. */
  async resourceTotal(stackId: string): Promise<number | null> {
    const out = await this.clients.cloudformation.send(new GetTemplateSummaryCommand({StackName: stackId}));
    return out.ResourceTypes ? out.ResourceTypes.length : null;
  }

  /**
   * LookupEvents for one attribute over a time window, at most `maxPages` pages (each waits for the 2/s limiter the
   * client carries); the guard ends a token that repeats.
   */
  async lookupEvents(query: TrailQuery, maxPages = 10, signal?: AbortSignal): Promise<TrailEvent[]> {
    const home = await this.clients.region();
    // Global services (IAM, STS) log in us-east-1, whatever the stack's region.
    const region = query.region ?? home;
    const client = region === home ? this.clients.cloudtrail : this.clients.cloudtrailIn(region);
    const out: TrailEvent[] = [];
    let pages = 0;
    const guard = this.clients.pageGuard(`CloudTrail LookupEvents (${query.attribute.value})`, Infinity);
    const input = {
      LookupAttributes: [{AttributeKey: query.attribute.key, AttributeValue: query.attribute.value}],
      StartTime: new Date(query.startTime),
      EndTime: new Date(query.endTime),
      MaxResults: 50,
    };
    // The paginator hands its extra arguments to each send: the abort signal reaches every page.
    for await (const page of paginateLookupEvents({client}, input, signal ? {abortSignal: signal} : {})) {
      for (const e of page.Events ?? []) out.push(toTrailEvent(e, region));
      if (++pages >= maxPages || !guard.more(page.NextToken)) break;
    }
    return out;
  }

  async callerIdentity(): Promise<{account: string; arn: string}> {
    const out = await this.clients.sts.send(new GetCallerIdentityCommand({}));
    return {account: out.Account ?? '', arn: clean(out.Arn)};
  }
}
