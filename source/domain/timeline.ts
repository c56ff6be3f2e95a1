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
 * A k-way merge of lists each sorted oldest first. Equal timestamps keep each list's own order, and between lists
 * the order of `lists` (the first list wins a tie). A binary heap of the lists' heads: O(n log k), where a scan of
 * every head for every item (n x k) took a 64-stack, 100,000-event tree 200 ms on every redraw.
 */
export function mergeSorted<T>(lists: readonly (readonly T[])[], timeOf: (item: T) => string): T[] {
  const live = lists.filter(l => l.length > 0);
  if (live.length === 0) return [];
  if (live.length === 1) return live[0]!.slice();
  const heads = live.map(() => 0);
  // Heap of list indexes, ordered by (head time, list index).
  const heap: number[] = [];
  const less = (x: number, y: number): boolean => {
    const tx = timeOf(live[x]![heads[x]!]!);
    const ty = timeOf(live[y]![heads[y]!]!);
    return tx < ty || (tx === ty && x < y);
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < live.length; i++) heap.push(i);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const total = live.reduce((n, l) => n + l.length, 0);
  const out: T[] = new Array(total);
  for (let k = 0; k < total; k++) {
    const top = heap[0]!;
    out[k] = live[top]![heads[top]!]!;
    heads[top]!++;
    if (heads[top]! >= live[top]!.length) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length > 0) down(0);
  }
  return out;
}

/** Events of the given stacks merged oldest first (see mergeSorted for ties). */
export function mergeByTime(eventsByStack: ReadonlyMap<string, readonly StackEvent[]>, stackIds: readonly string[]): StackEvent[] {
  return mergeSorted(
    stackIds.map(id => eventsByStack.get(id) ?? []),
    e => e.timestamp,
  );
}

// Each row's searchable text, lower-cased once: the filter applies as it is typed, and lower-casing seven fields of
// 100,000 rows on every keystroke took a keystroke 160 ms. Fields are joined by a NUL, which typed text never holds,
// so a needle never matches across two fields.
const haystacks = new WeakMap<TimelineRow, string>();

function haystackOf(row: TimelineRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    const e = row.event;
    text = [row.stackShortName, e.stackName, e.logicalResourceId, e.resourceType, e.status, e.reason, e.physicalResourceId].join('\0').toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

export function matchesFilter(row: TimelineRow, needle: string): boolean {
  return !needle || haystackOf(row).includes(needle);
}

// A stack's rows, kept while its event list is the same array (the store replaces a stack's list only when events
// are added to it): a redraw after one stack's read classifies that stack's events, not the whole tree's.
const rowsByList = new WeakMap<readonly StackEvent[], {shortName: string; rows: TimelineRow[]}>();

function rowsOf(events: readonly StackEvent[], shortName: string): TimelineRow[] {
  const held = rowsByList.get(events);
  if (held && held.shortName === shortName) return held.rows;
  const rows = events.map(event => ({event, ...classifyEvent(event), stackShortName: shortName}));
  rowsByList.set(events, {shortName, rows});
  return rows;
}

// The last merge, kept while its stacks' rows are the same lists: a filter typed or failures-only toggled filters
// the merged rows again instead of merging them again.
let lastMerge: {lists: readonly TimelineRow[][]; merged: TimelineRow[]} | null = null;

function mergedRows(lists: TimelineRow[][]): TimelineRow[] {
  const held = lastMerge;
  if (held && held.lists.length === lists.length && held.lists.every((l, i) => l === lists[i])) return held.merged;
  const merged = mergeSorted(lists, row => row.event.timestamp);
  lastMerge = {lists, merged};
  return merged;
}

export function buildTimeline(
  eventsByStack: ReadonlyMap<string, readonly StackEvent[]>,
  stackIds: readonly string[],
  opts: TimelineOptions = {},
): TimelineRow[] {
  const needle = (opts.filter ?? '').trim().toLowerCase();
  const lists = stackIds.map(id => {
    const events = eventsByStack.get(id) ?? [];
    // A stack's events all carry its name: the first one's stands for the list.
    return rowsOf(events, opts.shortNames?.get(id) ?? events[0]?.stackName ?? '');
  });
  const merged = mergedRows(lists);
  if (!opts.failuresOnly && !needle) return merged;
  return merged.filter(row => (!opts.failuresOnly || row.kind === 'failure') && (!needle || matchesFilter(row, needle)));
}

// Where each event is in a list of rows, built once per list (the screen asks on every key: a scan of 100,000
// rows each time was a third of a keypress).
const indexByRows = new WeakMap<readonly TimelineRow[], Map<string, number>>();

/** The index of the event's row, -1 when it is not among the rows. */
export function rowIndexOf(rows: readonly TimelineRow[], eventId: string): number {
  let index = indexByRows.get(rows);
  if (!index) {
    index = new Map();
    for (let i = 0; i < rows.length; i++) index.set(rows[i]!.event.eventId, i);
    indexByRows.set(rows, index);
  }
  return index.get(eventId) ?? -1;
}

/**
 * The row to open the timeline on: the root cause when it is in the rows, else the first real failure (not a
 * summary, not a follow-on ROLLBACK_FAILED/DELETE_FAILED), else the first failure of any sort; -1 when none.
 */
export function firstErrorIndex(rows: readonly TimelineRow[], rootCauseEventId?: string | null): number {
  if (rootCauseEventId) {
    const i = rowIndexOf(rows, rootCauseEventId);
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
