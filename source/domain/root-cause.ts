// The post-mortem: in the root's latest failed operation, follow every failed nested stack down to the real
// failures, and pick the earliest as the root cause. A parent's order of failures is not enough: a child whose
// rollback is slow reports its failure late, so leaves are compared by their own timestamps.
import {classifyFailure, type ClassifyOptions} from './classify.js';
import {correlateDenied} from './cloudtrail.js';
import {eventsInWindow, isStackLevel, latestFailedOperation, splitOperations} from './operations.js';
import {embeddedStackArn, isNoise, isSummary} from './reasons.js';
import type {ServiceTokenTarget} from './service-token.js';
import type {ApiCallCounts, ChainLink, Failure, Iso, PostMortem, RootCause, Stack, StackEvent, TrailEvent} from './types.js';

export interface PostMortemInput {
  rootStackId: string;
  stacks: ReadonlyMap<string, Stack>;
  events: ReadonlyMap<string, readonly StackEvent[]>;
  trail: readonly TrailEvent[];
  apiCalls: ApiCallCounts;
  trailAvailable: boolean;
  /** The Lambda function serving a failed custom resource, by `${stackId} ${logicalId}` (the loader reads it). */
  serviceFunctions?: ReadonlyMap<string, ServiceTokenTarget>;
}

export const serviceFunctionKey = (stackId: string, logicalId: string) => `${stackId} ${logicalId}`;

export interface TimeWindow {
  start: Iso;
  /** null: still open. */
  end: Iso | null;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const FOLLOW_ON = new Set(['DELETE_FAILED', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_FAILED']);
const ROLLBACK_START = new Set(['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS']);

// Candidate ranks: real failures (a resource's error, or a stack-level reason such as a timeout when no resource
// failed) compete by time; follow-on cleanup failures come only after them; a cancellation is a last resort.
const Tier = {Real: 0, StackReason: 0, FollowOn: 1, Cancelled: 2} as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface Candidate {
  ev: StackEvent;
  chain: ChainLink[];
  tier: Tier;
  /** Discovery order (parents' API order, depth first): the tie-break for equal timestamps. */
  order: number;
}

const isFailedStatus = (s: string) => s.endsWith('_FAILED');
const linkOf = (ev: StackEvent): ChainLink => ({
  stackName: ev.stackName,
  stackId: ev.stackId,
  logicalResourceId: ev.logicalResourceId,
  status: ev.status,
  reason: ev.reason,
});

/** The child stack of a failed nested-stack resource event: its physical ID, else the ARN in its reason. */
export function childIdOf(ev: StackEvent): string | null {
  if (ev.physicalResourceId.startsWith('arn:')) return ev.physicalResourceId;
  return embeddedStackArn(ev.reason);
}

interface Walk {
  candidates: Candidate[];
  missing: string[];
  /** Missing children that failed on their own account: their parent does not call them cancelled. */
  selfFailed: string[];
}

function walk(input: Pick<PostMortemInput, 'events'>, rootStackId: string, window: TimeWindow): Walk {
  const candidates: Candidate[] = [];
  const missing: string[] = [];
  const selfFailed: string[] = [];
  const visited = new Set<string>([rootStackId]);
  let order = 0;
  const add = (ev: StackEvent, chain: ChainLink[], tier: Tier) => candidates.push({ev, chain, tier, order: order++});

  const visit = (stackId: string, path: ChainLink[]): void => {
    const inWindow = eventsInWindow(input.events.get(stackId) ?? [], window.start, window.end);
    let rollingBack = false;
    for (const ev of inWindow) {
      if (isStackLevel(ev)) {
        if (ROLLBACK_START.has(ev.status)) rollingBack = true;
        if (!(ROLLBACK_START.has(ev.status) || isFailedStatus(ev.status))) continue;
        if (!ev.reason || ev.reason === 'User Initiated' || isSummary(ev.reason) || isNoise(ev.reason)) continue;
        add(ev, [...path, linkOf(ev)], FOLLOW_ON.has(ev.status) ? Tier.FollowOn : Tier.StackReason);
        continue;
      }
      if (!isFailedStatus(ev.status)) continue;
      // Failures during the rollback (or of the delete after it) are consequences of the first failure.
      const followOn = rollingBack || FOLLOW_ON.has(ev.status);
      const ownTier = isNoise(ev.reason) ? Tier.Cancelled : followOn ? Tier.FollowOn : Tier.Real;
      if (ev.resourceType === STACK_TYPE) {
        const childId = childIdOf(ev);
        // Every failed child is followed, cancelled ones too: a child that failed first may be reported as
        // cancelled when a sibling's failure reached the parent before its own.
        if (childId && visited.has(childId)) continue;
        if (childId) {
          visited.add(childId);
          if (!input.events.has(childId)) {
            missing.push(childId);
            if (!isNoise(ev.reason)) selfFailed.push(childId);
            add(ev, [...path, linkOf(ev)], ownTier); // degraded: the chain stops at the parent's resource
            continue;
          }
          const before = candidates.length;
          visit(childId, [...path, linkOf(ev)]);
          const found = candidates.slice(before).some(c => c.tier !== Tier.Cancelled);
          if (found || isSummary(ev.reason)) continue;
        }
        // No child, or a child that explains nothing: the parent's own reason (e.g. a template URL error).
        if (!isSummary(ev.reason) || !childId) add(ev, [...path, linkOf(ev)], ownTier);
        continue;
      }
      if (isSummary(ev.reason)) continue;
      add(ev, [...path, linkOf(ev)], ownTier);
    }
  };
  visit(rootStackId, []);
  return {candidates, missing, selfFailed};
}

const byTime = (a: Candidate, b: Candidate) => (a.ev.timestamp < b.ev.timestamp ? -1 : a.ev.timestamp > b.ev.timestamp ? 1 : a.order - b.order);

export interface PostMortemNeeds {
  /** Stacks whose events are still missing; a loader fetches them and asks again. */
  stackIds: string[];
  /**
   * Those of them that failed on their own (their parent does not say cancelled): a read of their failed events
   * alone must show why, else they are read whole (their own rollback reason, "No export named X found", is on a
   * stack event that a failed-events read leaves out).
   */
  selfFailed: string[];
}

export function postMortemNeeds(input: Pick<PostMortemInput, 'rootStackId' | 'stacks' | 'events'>): PostMortemNeeds {
  const rootEvents = input.events.get(input.rootStackId);
  if (!rootEvents) return {stackIds: [input.rootStackId], selfFailed: []};
  const op = latestFailedOperation(input.stacks.get(input.rootStackId) ?? null, rootEvents);
  if (!op) return {stackIds: [], selfFailed: []};
  const {missing, selfFailed} = walk(input, input.rootStackId, {start: op.startedAt, end: op.endedAt});
  return {stackIds: missing, selfFailed};
}

export function analysePostMortem(input: PostMortemInput): PostMortem {
  const root = input.stacks.get(input.rootStackId);
  const rootEvents = input.events.get(input.rootStackId) ?? [];
  const notes: string[] = [];
  const base: PostMortem = {
    stack: {
      name: root?.stackName ?? rootEvents[0]?.stackName ?? '',
      id: input.rootStackId,
      status: root?.status ?? '',
      statusReason: root?.statusReason ?? '',
    },
    operation: null,
    rootCause: null,
    chain: [],
    otherFailures: [],
    deniedCalls: [],
    apiCalls: {...input.apiCalls},
    notes,
  };
  if (!input.events.has(input.rootStackId)) {
    notes.push('The events of the root stack were not fetched: no analysis.');
    return base;
  }
  const ops = splitOperations(rootEvents, root);
  const op = latestFailedOperation(root ?? null, rootEvents);
  if (!op) {
    base.operation = ops.at(-1) ?? null;
    if (!base.operation) notes.push('No operation start found in the events fetched.');
    return base;
  }
  base.operation = op;
  if (op.startEventId !== ops.at(-1)?.startEventId)
    notes.push(`The stack was deleted after the failed ${op.type}: this is the post-mortem of that ${op.type}.`);

  const {candidates, missing} = walk(input, input.rootStackId, {start: op.startedAt, end: op.endedAt});
  for (const id of missing) {
    notes.push(`The events of nested stack ${id} were not fetched: the chain stops at its parent's failed resource.`);
  }
  const ranked = candidates.filter(c => c.tier !== Tier.Cancelled);
  let chosen: Candidate | undefined = [...ranked].sort((a, b) => a.tier - b.tier || byTime(a, b))[0];
  let onlyCancelled = false;
  if (!chosen) {
    chosen = cancellationFallback(input, candidates, rootEvents, op.startedAt, op.endedAt);
    onlyCancelled = chosen !== undefined;
  }
  if (!chosen) {
    notes.push('The operation failed but no failure event was found in the events fetched.');
    return base;
  }
  const ev = chosen.ev;
  const diagnosis = {cloudTrail: input.trailAvailable};
  const served = input.serviceFunctions?.get(serviceFunctionKey(ev.stackId, ev.logicalResourceId));
  const failure = {...ev, serviceFunction: served?.name, serviceFunctionLogical: served?.logical};
  const cls = classifyFailure(failure, diagnosis);
  const hint = onlyCancelled
    ? 'Only cancellations were recorded: the operation was stopped before any resource failed (a user cancel, a timeout or a parent stack). ' +
      'The reason shown is the best the stack gives; look at the operation as a whole.'
    : cls.hint;
  if (onlyCancelled) notes.push('No real failure was recorded, only cancellations.');
  const rootCause: RootCause = {
    stackName: ev.stackName,
    stackId: ev.stackId,
    logicalResourceId: ev.logicalResourceId,
    physicalResourceId: ev.physicalResourceId,
    resourceType: ev.resourceType,
    status: ev.status,
    reason: ev.reason,
    timestamp: ev.timestamp,
    category: cls.category,
    hint,
    deleted: input.stacks.get(ev.stackId)?.deleted ?? false,
    eventId: ev.eventId,
  };
  base.rootCause = rootCause;
  base.chain = chosen.chain;
  base.otherFailures = ranked
    .filter(c => c !== chosen)
    .sort(byTime)
    // CloudTrail is looked up for the root cause only: no other failure's hint may promise its listing.
    .map(c => failureOf(c.ev, {cloudTrail: false}));

  if (!input.trailAvailable) {
    notes.push('CloudTrail was not consulted (unavailable or disabled): denied API calls are not shown.');
  } else {
    base.deniedCalls = correlateDenied(input.trail, rootCause, cls.denial);
    if (base.deniedCalls.length === 0 && ['scp-deny', 'permission-denied', 'kms-policy'].includes(cls.category)) {
      notes.push('No denied call found in CloudTrail yet. CloudTrail events arrive ~5 minutes late (sometimes more): re-run later.');
      // The hint promises no listing that is not there; the note says why and when to look again.
      if (!onlyCancelled) rootCause.hint = classifyFailure(failure, {cloudTrail: false}).hint;
    }
  }
  return base;
}

/**
 * Only cancellations: the stack-level event (rollback or failure, with a reason) of the stack holding the earliest
 * cancellation says why it was cancelled; else the root's; else the cancellation itself.
 */
function cancellationFallback(
  input: PostMortemInput,
  candidates: readonly Candidate[],
  rootEvents: readonly StackEvent[],
  start: Iso,
  end: Iso | null,
): Candidate | undefined {
  const first = [...candidates].sort(byTime)[0];
  const stackLevel = (events: readonly StackEvent[]) =>
    eventsInWindow(events, start, end).find(e => isStackLevel(e) && (ROLLBACK_START.has(e.status) || isFailedStatus(e.status)) && e.reason);
  if (first) {
    const own = stackLevel(input.events.get(first.ev.stackId) ?? []);
    if (own) return {ev: own, chain: [...first.chain.slice(0, -1), linkOf(own)], tier: Tier.Cancelled, order: -1};
  }
  const atRoot = stackLevel(rootEvents);
  if (atRoot) return {ev: atRoot, chain: [linkOf(atRoot)], tier: Tier.Cancelled, order: -1};
  return first;
}

function failureOf(ev: StackEvent, options: ClassifyOptions): Failure {
  const {category, hint} = classifyFailure(ev, options);
  return {
    stackName: ev.stackName,
    stackId: ev.stackId,
    logicalResourceId: ev.logicalResourceId,
    status: ev.status,
    reason: ev.reason,
    timestamp: ev.timestamp,
    eventId: ev.eventId,
    category,
    hint,
  };
}
