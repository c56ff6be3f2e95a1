// How far a stack's latest operation has got: counted from its events. Pure, no I/O.
import {isStackLevel, splitOperations} from './operations.js';
import type {Iso, Operation, StackEvent} from './types.js';

export interface ResourceProgress {
  /** Resources whose latest state is *_COMPLETE (or *_SKIPPED). */
  done: number;
  /**
   * A create's total is the template's resource count when known; an update or import touches only some
   * resources, so its total is the resources it touched (seen in its events), as for any operation whose
   * template count is unknown.
   */
  total: number;
  failed: number;
  inProgress: number;
}

/**
 * The latest operation's events (from the stack-level event that opened it, as operations.ts splits them) and the
 * operation itself; every event when no start is seen (an older, partial history: count everything).
 */
function latestOperation(events: readonly StackEvent[]): {op: Operation | null; from: number} {
  const op = splitOperations(events).at(-1) ?? null;
  const from = op ? events.findIndex(e => e.eventId === op.startEventId) : -1;
  return {op, from: Math.max(0, from)};
}

export function resourceProgress(events: readonly StackEvent[], total?: number): ResourceProgress {
  const {op, from} = latestOperation(events);
  const latest = new Map<string, string>();
  for (let i = from; i < events.length; i++) {
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
  const touchesSome = op?.type === 'UPDATE' || op?.type === 'IMPORT';
  return {done, total: touchesSome ? latest.size : (total ?? latest.size), failed, inProgress};
}

export interface OperationTiming {
  startedAt: Iso;
  /** The stack's terminal status event after the start, null while still running. */
  endedAt: Iso | null;
  elapsedMs: number;
}

/**
 * Elapsed time of the stack's latest operation; `now` is epoch ms (used while it runs). Null until the events
 * reach back to the operation's start (as the operation banner, which times the same operation).
 */
export function operationElapsed(events: readonly StackEvent[], now: number): OperationTiming | null {
  const {op} = latestOperation(events);
  if (!op) return null;
  const startMs = Date.parse(op.startedAt);
  const endMs = op.endedAt ? Date.parse(op.endedAt) : now;
  return {startedAt: op.startedAt, endedAt: op.endedAt, elapsedMs: Math.max(0, endMs - startMs)};
}

/**
 * "Now" for elapsed times: the local clock, or the newest event held when the endpoint's clock runs ahead of it
 * (a skewed laptop clock, or the demo playing a deploy fast), so running times never lag the events on screen.
 */
export function displayNow(events: ReadonlyMap<string, readonly StackEvent[]>, localNow: number): number {
  let newest = localNow;
  for (const list of events.values()) {
    const last = list[list.length - 1];
    if (last) newest = Math.max(newest, Date.parse(last.timestamp));
  }
  return newest;
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
