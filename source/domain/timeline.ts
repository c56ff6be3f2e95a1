// The merged event timeline of a set of stacks (a subtree), classified for display. Pure, no I/O.
import {isStackLevel} from './operations.js';
import {isNoise, isSummary} from './reasons.js';
import type {StackEvent} from './types.js';

export type RowKind = 'failure' | 'noise' | 'progress' | 'complete' | 'stack';

export interface TimelineRow {
  event: StackEvent;
  kind: RowKind;
  /** The nested stack's logical ID, or the stack name. */
  stackShortName: string;
  /** A failure that only reports others ("Embedded stack ...", "The following resource(s) failed ..."): never a root cause. */
  summary: boolean;
}

export interface TimelineOptions {
  failuresOnly?: boolean;
  /** Case-insensitive text matched against the stack, logical ID, type, status and reason. */
  filter?: string;
  /** stackId -> short name (see tree.shortNames); the stack name otherwise. */
  shortNames?: ReadonlyMap<string, string>;
}

// One vocabulary of reasons for the timeline and the root cause (reasons.ts), so they never disagree.
export function classifyEvent(e: StackEvent): {kind: RowKind; summary: boolean} {
  if (e.status.endsWith('_FAILED')) {
    if (isNoise(e.reason)) return {kind: 'noise', summary: false};
    // A failure with no reason tells nothing: shown as a failure, never picked as the first error.
    return {kind: 'failure', summary: isSummary(e.reason) || e.reason.trim() === ''};
  }
  if (isStackLevel(e)) return {kind: 'stack', summary: false};
  if (e.status.endsWith('_COMPLETE') || e.status.endsWith('_SKIPPED')) return {kind: 'complete', summary: false};
  return {kind: 'progress', summary: false};
}

/**
 * Events of the given stacks merged oldest first. Equal timestamps keep each stack's own order, and between
 * stacks the order of `stackIds` (a k-way merge, so a stack's order is never disturbed).
 */
export function mergeByTime(
  eventsByStack: ReadonlyMap<string, readonly StackEvent[]>,
  stackIds: readonly string[],
): StackEvent[] {
  const lists = stackIds.map(id => eventsByStack.get(id) ?? []).filter(l => l.length > 0);
  if (lists.length === 1) return lists[0].slice();
  const heads = lists.map(() => 0);
  const out: StackEvent[] = [];
  const total = lists.reduce((n, l) => n + l.length, 0);
  while (out.length < total) {
    let best = -1;
    let bestTime = '';
    for (let i = 0; i < lists.length; i++) {
      if (heads[i] >= lists[i].length) continue;
      const t = lists[i][heads[i]].timestamp;
      if (best === -1 || t < bestTime) {
        best = i;
        bestTime = t;
      }
    }
    out.push(lists[best][heads[best]++]);
  }
  return out;
}

export function matchesFilter(row: TimelineRow, needle: string): boolean {
  if (!needle) return true;
  const e = row.event;
  return [row.stackShortName, e.stackName, e.logicalResourceId, e.resourceType, e.status, e.reason, e.physicalResourceId].some(
    s => s.toLowerCase().includes(needle),
  );
}

export function buildTimeline(
  eventsByStack: ReadonlyMap<string, readonly StackEvent[]>,
  stackIds: readonly string[],
  opts: TimelineOptions = {},
): TimelineRow[] {
  const needle = (opts.filter ?? '').trim().toLowerCase();
  const rows: TimelineRow[] = [];
  for (const event of mergeByTime(eventsByStack, stackIds)) {
    const {kind, summary} = classifyEvent(event);
    if (opts.failuresOnly && kind !== 'failure') continue;
    const row: TimelineRow = {
      event,
      kind,
      summary,
      stackShortName: opts.shortNames?.get(event.stackId) ?? event.stackName,
    };
    if (needle && !matchesFilter(row, needle)) continue;
    rows.push(row);
  }
  return rows;
}

/**
 * The row to open the timeline on: the root cause when it is in the rows, else the first real failure (not a
 * summary, not a follow-on ROLLBACK_FAILED/DELETE_FAILED), else the first failure of any sort; -1 when none.
 */
export function firstErrorIndex(rows: readonly TimelineRow[], rootCauseEventId?: string | null): number {
  if (rootCauseEventId) {
    const i = rows.findIndex(r => r.event.eventId === rootCauseEventId);
    if (i >= 0) return i;
  }
  const followOn = (r: TimelineRow): boolean => /^(ROLLBACK|DELETE|UPDATE_ROLLBACK)_FAILED$/.test(r.event.status);
  let i = rows.findIndex(r => r.kind === 'failure' && !r.summary && !followOn(r));
  if (i < 0) i = rows.findIndex(r => r.kind === 'failure' && !r.summary);
  if (i < 0) i = rows.findIndex(r => r.kind === 'failure');
  return i;
}

/** The next (dir 1) or previous (dir -1) failure row strictly after/before `from`; -1 when there is none. */
export function nextFailure(rows: readonly TimelineRow[], from: number, dir: 1 | -1): number {
  for (let i = from + dir; i >= 0 && i < rows.length; i += dir) {
    if (rows[i].kind === 'failure') return i;
  }
  return -1;
}
