// Splitting a stack's event history into operations (create, update, delete, import), so that a post-mortem
// looks only at the latest failed one and never blames an older operation's failures.
import type {Iso, Operation, OperationOutcome, OperationType, Stack, StackEvent} from './types.js';

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const START_TYPES: Readonly<Record<string, OperationType>> = {
  CREATE_IN_PROGRESS: 'CREATE',
  REVIEW_IN_PROGRESS: 'CREATE',
  UPDATE_IN_PROGRESS: 'UPDATE',
  DELETE_IN_PROGRESS: 'DELETE',
  IMPORT_IN_PROGRESS: 'IMPORT',
};
const ROLLED_BACK = new Set(['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);
const SUCCEEDED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_COMPLETE', 'IMPORT_COMPLETE']);
// Terminal failures: nothing more happens until a user acts. CREATE_FAILED/UPDATE_FAILED are terminal only when
// no rollback follows (rollback disabled); a later ROLLBACK_IN_PROGRESS in the same operation reopens it.
const FAILED = new Set(['ROLLBACK_FAILED', 'DELETE_FAILED', 'UPDATE_ROLLBACK_FAILED', 'IMPORT_ROLLBACK_FAILED', 'CREATE_FAILED', 'UPDATE_FAILED']);

/** The stack's own event (not one of its resources): logical ID = stack name, physical ID = stack ID. */
export function isStackLevel(ev: StackEvent): boolean {
  return ev.resourceType === STACK_TYPE && ev.logicalResourceId === ev.stackName && (!ev.physicalResourceId || ev.physicalResourceId === ev.stackId);
}

/**
 * The stack-level event that opens an operation. A user's call says `User Initiated`; a nested stack updated or
 * deleted by its parent gives another reason (or none). The rollback statuses (ROLLBACK_*, UPDATE_ROLLBACK_*) are
 * other statuses, so a rollback never opens an operation: it belongs to the one it rolls back. Any stack-level
 * CREATE/REVIEW/UPDATE/DELETE/IMPORT _IN_PROGRESS qualifies, since none of them occurs in the middle of another.
 */
export function isOperationStart(ev: StackEvent): boolean {
  return isStackLevel(ev) && ev.status in START_TYPES;
}

function outcomeOf(status: string): OperationOutcome {
  if (ROLLED_BACK.has(status)) return 'ROLLED_BACK';
  if (SUCCEEDED.has(status)) return 'SUCCEEDED';
  if (FAILED.has(status)) return 'FAILED';
  return 'IN_PROGRESS';
}

interface Draft {
  op: Operation;
  lastStatus: string;
  lastTimestamp: Iso;
}

/** Operations in the events (oldest first); events before the first start (an older, partial one) are ignored. */
export function splitOperations(events: readonly StackEvent[], stack?: Pick<Stack, 'lastOperations'> | null): Operation[] {
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  for (const ev of events) {
    if (isOperationStart(ev)) {
      // A change-set create: REVIEW_IN_PROGRESS, then CREATE/IMPORT_IN_PROGRESS when executed; one operation.
      if (current && current.lastStatus === 'REVIEW_IN_PROGRESS' && ev.status !== 'REVIEW_IN_PROGRESS') {
        current.op.type = START_TYPES[ev.status]!;
        current.op.id ??= ev.operationId;
        current.lastStatus = ev.status;
        current.lastTimestamp = ev.timestamp;
        continue;
      }
      if (current && current.op.outcome === 'IN_PROGRESS') {
        // Interrupted (e.g. a nested stack deleted by its parent mid-create): it never completed.
        current.op.outcome = 'FAILED';
        current.op.endedAt = current.lastTimestamp;
      }
      current = {
        op: {
          id: ev.operationId,
          type: START_TYPES[ev.status]!,
          startedAt: ev.timestamp,
          endedAt: null,
          outcome: 'IN_PROGRESS',
          startEventId: ev.eventId,
        },
        lastStatus: ev.status,
        lastTimestamp: ev.timestamp,
      };
      drafts.push(current);
      continue;
    }
    if (!current) continue;
    current.lastTimestamp = ev.timestamp;
    if (!isStackLevel(ev)) continue;
    current.lastStatus = ev.status;
    const outcome = outcomeOf(ev.status);
    current.op.outcome = outcome;
    current.op.endedAt = outcome === 'IN_PROGRESS' ? null : ev.timestamp;
  }
  const ops = drafts.map(d => d.op);
  assignIds(ops, stack?.lastOperations ?? []);
  return ops;
}

// LastOperations is newest first and lists rollbacks as operations of their own; ours fold a rollback into the
// operation it rolls back, so those refs (and change-set creations, which have no events) are skipped.
function assignIds(ops: Operation[], refs: Stack['lastOperations']): void {
  const wanted = refs.filter(r => !/ROLLBACK|CHANGESET/.test(r.type));
  let i = 0;
  for (let k = ops.length - 1; k >= 0 && i < wanted.length; k--) {
    const op = ops[k]!;
    const ref = wanted[i]!;
    if (!ref.type.startsWith(op.type)) break; // CREATE_STACK, UPDATE_STACK, DELETE_STACK, IMPORT_...
    if (op.id === null) op.id = ref.id;
    else if (op.id !== ref.id) break; // events disagree: trust the events, stop guessing
    i++;
  }
}

const isFailed = (op: Operation | undefined) => op?.outcome === 'FAILED' || op?.outcome === 'ROLLED_BACK';

/**
 * The latest operation if it failed or rolled back. A successful DELETE right after a failed operation (a root
 * deleted after a failed create, or a nested stack deleted by its parent's rollback) points at the failed one.
 */
export function latestFailedOperation(stack: Pick<Stack, 'lastOperations'> | null, events: readonly StackEvent[]): Operation | null {
  const ops = splitOperations(events, stack);
  const last = ops.at(-1);
  if (!last) return null;
  if (isFailed(last)) return last;
  const prev = ops.at(-2);
  if (last.type === 'DELETE' && last.outcome === 'SUCCEEDED' && isFailed(prev)) return prev!;
  return null;
}

/**
 * Whether events paged back so far (a newest suffix of the history, oldest first) are enough for
 * latestFailedOperation: the latest operation's start is in, and when the latest is a DELETE (possibly after a
 * failed operation), the start of the operation before it too. A loader paging newest-first stops when true (or
 * when the pages run out).
 */
export function hasReachedOperationStart(eventsOldestFirst: readonly StackEvent[]): boolean {
  const ops = splitOperations(eventsOldestFirst);
  const last = ops.at(-1);
  if (!last) return false;
  if (last.type === 'DELETE' && last.outcome !== 'FAILED') return ops.length >= 2;
  return true;
}

/** Events with start <= timestamp <= end (end null: open-ended). ISO strings compare as times. */
export function eventsInWindow(events: readonly StackEvent[], start: Iso, end: Iso | null): StackEvent[] {
  return events.filter(ev => ev.timestamp >= start && (end === null || ev.timestamp <= end));
}
