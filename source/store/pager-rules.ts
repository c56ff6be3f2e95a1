// How far back a read of a stack's events goes: each event read (newest first) gets a verdict, as in AWS CDK's
// stack-event poller. Pure rules; the pager (event-pager.ts) does the paging.
import {hasReachedOperationStart, isOperationStart, latestFailedOperation, splitOperations} from '../domain/operations.js';
import type {Stack, StackEvent} from '../domain/types.js';

/**
 * - continue: wanted, read on.
 * - stop-exclude: held already (so is everything older): this event and the rest of the read are dropped.
 * - stop-include: far enough back; no page after this one is read. The rest of this page is kept: it cost no call.
 */
export type Verdict = 'continue' | 'stop-include' | 'stop-exclude';

/**
 * A stop rule sees each event read, newest first; `readSoFar` is the read up to and including it, oldest first.
 * It costs a copy of the read: rules ask for it only at rare events (an operation's start), so a long history is
 * not copied once per page.
 */
export type StopRule = (event: StackEvent, readSoFar: () => readonly StackEvent[]) => Verdict;

/** Incremental polling: the first event already held ends the read, and is not new. */
export function stopAtHeld(held: ReadonlySet<string>): StopRule {
  return event => (held.has(event.eventId) ? 'stop-exclude' : 'continue');
}

/** Back to an operation's start: the first event older than `since`. */
export function stopOlderThan(since: string): StopRule {
  return event => (event.timestamp < since ? 'stop-include' : 'continue');
}

/** Back to the start of the latest operation, or of the failed one behind a later delete (see hasReachedOperationStart). */
export const stopAtOperationStart: StopRule = (event, readSoFar) =>
  isOperationStart(event) && hasReachedOperationStart(readSoFar()) ? 'stop-include' : 'continue';

/** The first rule that stops wins; stop-exclude before stop-include when both would (a held event is never new). */
export function firstStop(...rules: (StopRule | undefined)[]): StopRule {
  const active = rules.filter((r): r is StopRule => r !== undefined);
  return (event, readSoFar) => {
    let verdict: Verdict = 'continue';
    for (const rule of active) {
      const v = rule(event, readSoFar);
      if (v === 'stop-exclude') return v;
      if (v === 'stop-include') verdict = v;
    }
    return verdict;
  };
}

/**
 * How far back a stack's first read goes: the root, to the start of its operation of interest (the failed one
 * behind a later delete included); a nested stack, to the start of that same root operation, so a deleted nested
 * stack shows what it did in the failed deploy, not only its deletion.
 */
export function firstReadRule(stackId: string, root: Stack | undefined, rootEvents: readonly StackEvent[]): StopRule {
  if (!root || stackId === root.stackId) return stopAtOperationStart;
  const since = latestFailedOperation(root, rootEvents)?.startedAt ?? splitOperations(rootEvents, root).at(-1)?.startedAt;
  return since ? stopOlderThan(since) : stopAtOperationStart;
}
