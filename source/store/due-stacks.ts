// Which stacks a poll reads: a pure rule over what the store holds. Only what can change gets a call.
import {isInProgress} from '../domain/stack-from-events.js';
import type {Stack, StackEvent} from '../domain/types.js';

export interface HeldReads {
  stacks: ReadonlyMap<string, Stack>;
  events: ReadonlyMap<string, readonly StackEvent[]>;
  /** Stacks read (contiguously, from the top) at least once. */
  fetched: ReadonlySet<string>;
  /** For each nested stack, the parent event it was last read after. */
  readAfterReport: ReadonlyMap<string, string>;
}

/**
 * Stacks worth a call now: never read, in progress, or named by a parent event the stack has not been read since
 * (a parent's DELETE of a settled child, seen only after it finished, must still reach the child's record).
 */
export function dueStacks(held: HeldReads): string[] {
  const out: string[] = [];
  for (const [id, stack] of held.stacks) {
    if (!held.fetched.has(id) || isInProgress(stack.status)) {
      out.push(id);
      continue;
    }
    const report = latestParentReport(held, stack);
    if (report && (isInProgress(report.status) || held.readAfterReport.get(id) !== report.eventId)) out.push(id);
  }
  return out;
}

/** The newest event of the parent about this nested stack (its AWS::CloudFormation::Stack resource). */
export function latestParentReport(held: Pick<HeldReads, 'events'>, stack: Stack): StackEvent | null {
  if (!stack.parentId) return null;
  const parentEvents = held.events.get(stack.parentId);
  if (!parentEvents) return null;
  for (let i = parentEvents.length - 1; i >= 0; i--) {
    const e = parentEvents[i]!;
    if (e.physicalResourceId === stack.stackId) return e;
  }
  return null;
}

/**
 * A parent before its children: a child read before its parent's first full read would be due again once the
 * parent's later events (its deletion) are in. Only branches read sparsely (failure first) come before.
 */
export function parentRead(held: Pick<HeldReads, 'stacks' | 'fetched'>, stackId: string): boolean {
  const parentId = held.stacks.get(stackId)?.parentId;
  return !parentId || !held.stacks.has(parentId) || held.fetched.has(parentId);
}
