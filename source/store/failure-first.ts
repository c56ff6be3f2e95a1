// Which stacks a first read takes before the others: the failed branches of the root's latest operation, so the
// root cause (or, while it runs, the first failure) is known after a few dozen calls instead of after every
// stack's whole history. A pure rule over what is held; the store reads what it names, level by level.
import {eventsInWindow, latestFailedOperation, splitOperations} from '../domain/operations.js';
import {isNoise} from '../domain/reasons.js';
import {childIdOf, postMortemNeeds, type PostMortemNeeds} from '../domain/root-cause.js';
import type {Stack, StackEvent} from '../domain/types.js';

export interface HeldTree {
  rootStackId: string;
  stacks: ReadonlyMap<string, Stack>;
  /** Only stacks read at least once have an entry. */
  events: ReadonlyMap<string, readonly StackEvent[]>;
}

/**
 * Nested stacks on a failed branch whose events are not held yet. A failed operation: what its post-mortem needs
 * (postMortemNeeds, as the postmortem command reads). One still running: every nested stack a held stack reports
 * failed since the operation began. Empty when the latest operation is not failing.
 */
export function failedBranchesToRead(tree: HeldTree): PostMortemNeeds {
  const none = {stackIds: [], selfFailed: []};
  const root = tree.stacks.get(tree.rootStackId) ?? null;
  const rootEvents = tree.events.get(tree.rootStackId);
  if (!rootEvents) return none;
  if (latestFailedOperation(root, rootEvents)) return postMortemNeeds(tree);
  const op = splitOperations(rootEvents, root).at(-1);
  if (op?.outcome !== 'IN_PROGRESS') return none;
  const missing: string[] = [];
  const selfFailed: string[] = [];
  const visited = new Set<string>([tree.rootStackId]);
  const visit = (stackId: string) => {
    for (const ev of eventsInWindow(tree.events.get(stackId) ?? [], op.startedAt, null)) {
      if (ev.resourceType !== 'AWS::CloudFormation::Stack' || !ev.status.endsWith('_FAILED')) continue;
      const childId = childIdOf(ev);
      if (!childId || visited.has(childId)) continue;
      visited.add(childId);
      if (tree.events.has(childId)) visit(childId);
      else {
        missing.push(childId);
        if (!isNoise(ev.reason)) selfFailed.push(childId);
      }
    }
  };
  visit(tree.rootStackId);
  return {stackIds: missing, selfFailed};
}
