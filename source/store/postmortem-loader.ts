import type {Gateway} from '../aws/gateway.js';
import {describeAwsError, type AwsFault} from '../aws/errors.js';
import {classifyFailure} from '../domain/classify.js';
import {trailQueriesFor} from '../domain/cloudtrail.js';
import {latestFailedOperation} from '../domain/operations.js';
import {isNoise} from '../domain/reasons.js';
import {isCustomResource} from '../domain/resource-knowledge.js';
import {analysePostMortem, postMortemNeeds, serviceFunctionKey} from '../domain/root-cause.js';
import {serviceTokenTarget, type ServiceTokenTarget} from '../domain/service-token.js';
import {stackFromEvents} from '../domain/stack-from-events.js';
import type {Operation, PostMortem, Stack, StackEvent, TrailEvent} from '../domain/types.js';
import {fetchNewEvents} from './event-pager.js';
import {stopAtOperationStart, stopOlderThan} from './pager-rules.js';

/** What a post-mortem has read; the store hands in what it already holds so nothing is fetched twice. */
export interface PostMortemData {
  stacks: Map<string, Stack>;
  events: Map<string, StackEvent[]>;
  trail: TrailEvent[];
  /** Stacks whose events are known to reach back far enough (complete history or past the operation start). */
  complete: Set<string>;
  /** The Lambda function serving a failed custom resource, by serviceFunctionKey; `{}` when it could not be told. */
  serviceFunctions: Map<string, ServiceTokenTarget>;
  /** The root-cause event CloudTrail was last read for, so a re-analysis does not query again. */
  trailQueriedFor: string | null;
  /** Why the last CloudTrail look-up failed, if it did. */
  trailError: AwsFault | null;
}

export interface PostMortemOptions {
  cloudtrail: boolean;
  region: string;
  apiCalls: () => {cloudformation: number; cloudtrail: number};
  /** Called after each fetch, for a progress line. */
  onProgress?: (message: string) => void;
  /** CloudTrail is read once per root cause; this says to read it again (the store does, while it finds nothing). */
  trailAgain?: (data: PostMortemData) => boolean;
  /**
   * How long CloudTrail may take, all look-ups together (ms, default 30 s). It only adds the denied call: a
   * CloudTrail that hangs must not hold back a root cause already found.
   */
  trailBudgetMs?: number;
}

/** The nested stacks' operation types that can belong to a root operation of this type (LastOperations types). */
function nestedOperationTypes(rootType: string | undefined): string[] {
  if (rootType === 'UPDATE') return ['UPDATE_STACK', 'CREATE_STACK'];
  if (rootType === 'DELETE') return ['DELETE_STACK'];
  if (rootType === 'IMPORT') return ['IMPORT_STACK', 'UPDATE_STACK'];
  return ['CREATE_STACK'];
}

/**
 * The failed events of a nested stack's part in the root operation through DescribeEvents: two calls, whatever the
 * size of its history. `events` is null where the endpoint cannot say (no operations, or events older than the
 * operation), or, for a stack that failed on its own (`selfFailed`), where its failed events show no failure but
 * cancellations: its reason is on its own rollback event, which that read leaves out. Then they are to be paged.
 */
export async function failedEventsOfBranch(
  gateway: Gateway,
  stackId: string,
  rootOperation: Pick<Operation, 'type' | 'startedAt'> | null,
  selfFailed = false,
): Promise<{described: Stack | null; events: StackEvent[] | null}> {
  const since = rootOperation?.startedAt;
  const described = await gateway.describeStack(stackId);
  const failed = described ? await gateway.failedEventsOfOperation(described, nestedOperationTypes(rootOperation?.type)) : null;
  const explains = !selfFailed || (failed ?? []).some(e => e.status.endsWith('_FAILED') && !isNoise(e.reason));
  const events = failed && explains && (!since || failed.every(e => e.timestamp >= since)) ? [...failed].sort(byTime) : null;
  return {described, events};
}

/** One nested stack of a failed branch: its failed events (see failedEventsOfBranch), else paged back to the operation's start. */
async function readFailedBranch(
  gateway: Gateway,
  data: PostMortemData,
  stackId: string,
  operation: Operation | null,
  selfFailed: boolean,
): Promise<void> {
  const since = operation?.startedAt;
  let events: readonly StackEvent[];
  let described: Stack | null | undefined;
  try {
    const branch = await failedEventsOfBranch(gateway, stackId, operation, selfFailed);
    events = branch.events ?? (await fetchNewEvents(gateway, stackId, new Set(), since ? stopOlderThan(since) : undefined)).events;
    described = branch.described;
  } catch (error) {
    // A nested stack deleted more than 90 days ago (or named by an ARN of another account) cannot be read: the
    // chain stops at its parent's failed resource, as the analysis notes, instead of the whole post-mortem failing.
    if (describeAwsError(error).kind !== 'not-found') throw error;
    data.complete.add(stackId);
    return;
  }
  mergeEvents(data, stackId, events);
  data.complete.add(stackId);
  data.stacks.set(stackId, described ?? stackFromEvents(stackId, data.events.get(stackId) ?? []));
}

/**
 * The function behind a failed custom resource, for its hint to name the log group: the ServiceToken in the stack's
 * template (GetTemplate works on deleted stacks by ARN), and a function of the same template by its physical ID
 * (from the events held, else ListStackResources). Best effort: what cannot be read leaves the hint's generic words.
 */
async function serviceFunctionOf(gateway: Gateway, data: PostMortemData, stackId: string, logicalId: string): Promise<ServiceTokenTarget> {
  try {
    const body = await gateway.templateBody(stackId);
    const target = body ? serviceTokenTarget(body, logicalId) : null;
    if (!target?.logical) return target ?? {};
    const held = (data.events.get(stackId) ?? []).find(e => e.logicalResourceId === target.logical && e.physicalResourceId);
    if (held) return {name: held.physicalResourceId, logical: target.logical};
    const listed = (await gateway.stackResources(stackId, 10)).find(r => r.logicalId === target.logical && r.physicalId);
    return listed ? {name: listed.physicalId, logical: target.logical} : target;
  } catch {
    return {};
  }
}

export function emptyPostMortemData(): PostMortemData {
  return {stacks: new Map(), events: new Map(), trail: [], complete: new Set(), serviceFunctions: new Map(), trailQueriedFor: null, trailError: null};
}

/**
 * Appends events read from the top of a stack's history: the pager stops at the newest event held, so what it
 * returns is newer than everything held and goes after it. Appending (not sorting) keeps an event that shares its
 * millisecond with the newest held one after it, so the stack's status is its real latest event. Returns what was
 * added: the only events anyone may be told are new.
 */
export function mergeEvents(data: PostMortemData, stackId: string, newer: readonly StackEvent[]): StackEvent[] {
  const held = data.events.get(stackId) ?? [];
  const ids = new Set(held.map(e => e.eventId));
  // Within one read too: a page served twice must not add its events twice.
  const added = newer.filter(e => !ids.has(e.eventId) && (ids.add(e.eventId), true));
  if (added.length > 0 || !data.events.has(stackId)) data.events.set(stackId, [...held, ...added]);
  return added;
}

/**
 * Merges a read from the top of a stack's history where some events held came from a sparse read (its failed
 * events, see failedEventsOfBranch) that no contiguous read has covered yet (`sparse`, updated here): those are
 * not held as far as the pager goes (a read stopping at one would leave a gap below it), are taken out of `sparse`
 * as a read covers them, and until then sit among the others by time. Returns what was not held before: the only
 * events anyone may be told are new. With no sparse events, this is mergeEvents.
 */
export function mergeOverSparse(data: PostMortemData, stackId: string, read: readonly StackEvent[], sparse: Set<string>): StackEvent[] {
  if (sparse.size === 0) return mergeEvents(data, stackId, read);
  const held = data.events.get(stackId) ?? [];
  const contiguous = held.filter(e => !sparse.has(e.eventId));
  const ids = new Set(contiguous.map(e => e.eventId));
  const newer = read.filter(e => !ids.has(e.eventId) && (ids.add(e.eventId), true));
  const added = newer.filter(e => !sparse.has(e.eventId));
  for (const e of newer) sparse.delete(e.eventId);
  const merged = [...contiguous, ...newer];
  for (const e of held.filter(h => sparse.has(h.eventId))) {
    let at = merged.length;
    while (at > 0 && merged[at - 1]!.timestamp > e.timestamp) at--;
    merged.splice(at, 0, e);
  }
  data.events.set(stackId, merged);
  return added;
}

/** Oldest first; Array#sort is stable, so equal timestamps keep the API's order. */
export function byTime(a: StackEvent, b: StackEvent): number {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;
}

/**
 * Reads just enough to explain the root's latest failed operation: the root's events back to that operation's
 * start, then only the failed nested stacks (deleted ones by ARN), level by level, then CloudTrail around the
 * root cause when it is an access denial. Returns the post-mortem; `data` keeps everything read.
 */
export async function loadPostMortem(gateway: Gateway, root: Stack, data: PostMortemData, options: PostMortemOptions): Promise<PostMortem> {
  data.stacks.set(root.stackId, data.stacks.get(root.stackId) ?? root);
  if (!data.complete.has(root.stackId)) {
    options.onProgress?.(`reading events of ${root.stackName}`);
    const fetched = await fetchNewEvents(gateway, root.stackId, new Set(), stopAtOperationStart);
    mergeEvents(data, root.stackId, fetched.events);
    data.complete.add(root.stackId);
  }
  const rootEvents = data.events.get(root.stackId) ?? [];
  const operation = latestFailedOperation(data.stacks.get(root.stackId)!, rootEvents);

  const input = () => ({
    rootStackId: root.stackId,
    stacks: data.stacks,
    events: data.events,
    trail: data.trail,
    apiCalls: options.apiCalls(),
    trailAvailable: options.cloudtrail,
    serviceFunctions: data.serviceFunctions,
  });

  // Follow the failed branches one level at a time until the analysis needs nothing more; the stacks of a level
  // are read concurrently (the shared rate limiter still paces the calls).
  for (let depth = 0; depth < 10; depth++) {
    const needs = postMortemNeeds(input());
    const missing = needs.stackIds.filter(id => !data.complete.has(id));
    if (missing.length === 0) break;
    const selfFailed = new Set(needs.selfFailed);
    options.onProgress?.(`reading ${missing.length} failed nested stack${missing.length === 1 ? '' : 's'}`);
    await Promise.all(missing.map(stackId => readFailedBranch(gateway, data, stackId, operation, selfFailed.has(stackId))));
  }

  let pm = analysePostMortem(input());
  if (pm.rootCause && isCustomResource(pm.rootCause.resourceType)) {
    const key = serviceFunctionKey(pm.rootCause.stackId, pm.rootCause.logicalResourceId);
    if (!data.serviceFunctions.has(key)) {
      data.serviceFunctions.set(key, await serviceFunctionOf(gateway, data, pm.rootCause.stackId, pm.rootCause.logicalResourceId));
      pm = analysePostMortem(input());
    }
  }
  const trailDue = (rootCauseEventId: string) => data.trailQueriedFor !== rootCauseEventId || (options.trailAgain?.(data) ?? false);
  if (options.cloudtrail && pm.rootCause && trailDue(pm.rootCause.eventId)) {
    const classification = classifyFailure(pm.rootCause);
    const queries = trailQueriesFor(pm.rootCause, classification, options.region);
    if (queries.length > 0) {
      options.onProgress?.('looking up denied calls in CloudTrail');
      data.trailError = null;
      const budget = options.trailBudgetMs ?? 30_000;
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), budget);
      try {
        const found: TrailEvent[] = [];
        for (const query of queries) found.push(...(await gateway.lookupEvents(query, undefined, deadline.signal)));
        const seen = new Set(data.trail.map(e => e.eventId));
        data.trail.push(...found.filter(e => !seen.has(e.eventId)));
        // Marked only once read: a throttled or failed look-up is tried again on the next analysis.
        data.trailQueriedFor = pm.rootCause.eventId;
      } catch (error) {
        data.trailError = deadline.signal.aborted
          ? {kind: 'network', code: 'TimeoutError', message: `CloudTrail did not answer within ${Math.round(budget / 1000)} s`}
          : describeAwsError(error);
        pm = analysePostMortem(input());
        pm.notes.push(`CloudTrail could not be read (${data.trailError.code}): ${data.trailError.message}`);
        return pm;
      } finally {
        clearTimeout(timer);
      }
      pm = analysePostMortem(input());
    }
  }
  return pm;
}
