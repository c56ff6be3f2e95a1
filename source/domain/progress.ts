// How far a stack's latest operation has got: counted from its events. Pure, no I/O.
import {isStackLevel} from './operations.js';
import type {Iso, StackEvent} from './types.js';

export interface ResourceProgress {
  /** Resources whose latest state is *_COMPLETE (or *_SKIPPED). */
  done: number;
  /** The template's resource count when known, else the resources seen in this operation. */
  total: number;
  failed: number;
  inProgress: number;
}

// Statuses that open an operation on the stack itself; rollbacks and cleanups belong to the operation they follow.
const OPERATION_STARTS = new Set([
  'CREATE_IN_PROGRESS',
  'UPDATE_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'REVIEW_IN_PROGRESS',
]);

export {isStackLevel};

/** Index of the stack-level event that opened the latest operation (0 when none is seen: count everything). */
export function latestOperationStart(events: readonly StackEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (isStackLevel(e) && OPERATION_STARTS.has(e.status)) {
      // A stack created from a change set shows REVIEW_IN_PROGRESS then CREATE_IN_PROGRESS: one operation.
      return i;
    }
  }
  return 0;
}

export function resourceProgress(events: readonly StackEvent[], total?: number): ResourceProgress {
  const latest = new Map<string, string>();
  for (let i = latestOperationStart(events); i < events.length; i++) {
    const e = events[i];
    if (isStackLevel(e)) continue;
    latest.set(e.logicalResourceId, e.status);
  }
  let done = 0;
  let failed = 0;
  let inProgress = 0;
  for (const status of latest.values()) {
    if (status.endsWith('_FAILED')) failed++;
    else if (status.endsWith('_IN_PROGRESS')) inProgress++;
    else if (status.endsWith('_COMPLETE') || status.endsWith('_SKIPPED')) done++;
  }
  return {done, total: total ?? latest.size, failed, inProgress};
}

export interface OperationTiming {
  startedAt: Iso;
  /** The stack's terminal status event after the start, null while still running. */
  endedAt: Iso | null;
  elapsedMs: number;
}

/** Elapsed time of the stack's latest operation; `now` is epoch ms (used while it runs). */
export function operationElapsed(events: readonly StackEvent[], now: number): OperationTiming | null {
  if (events.length === 0) return null;
  const startIndex = latestOperationStart(events);
  const start = events[startIndex];
  let endedAt: Iso | null = null;
  for (let i = events.length - 1; i > startIndex; i--) {
    const e = events[i];
    if (!isStackLevel(e)) continue;
    if (!e.status.endsWith('_IN_PROGRESS')) endedAt = e.timestamp;
    break;
  }
  const startMs = Date.parse(start.timestamp);
  // While running: the clock, or the newest event when the endpoint's clock runs ahead (the demo plays fast).
  const endMs = endedAt ? Date.parse(endedAt) : Math.max(now, Date.parse(events[events.length - 1]!.timestamp));
  return {startedAt: start.timestamp, endedAt, elapsedMs: Math.max(0, endMs - startMs)};
}

/** 1h02m, 12m04s, 45s. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}
