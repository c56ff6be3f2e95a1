// The one line that says what the root stack is doing: which operation, for how long, how many nested stacks are
// in progress, and, the moment a resource fails, which one. Pure: derived from the snapshot.
import {splitOperations} from '../domain/operations.js';
import {formatDuration} from '../domain/progress.js';
import {isRealFailure} from '../domain/reasons.js';
import type {StackEvent} from '../domain/types.js';
import type {Snapshot} from '../store/snapshot.js';
import {shortReason} from './details-lines.js';

/** What the banner reads of a snapshot (so it can be memoised on these alone). */
export type BannerInput = Pick<Snapshot, 'rootStackId' | 'stacks' | 'events'>;

export type BannerTone = 'info' | 'success' | 'failed';

export interface OperationBanner {
  text: string;
  tone: BannerTone;
}

/** The earliest real failure since `since` across every stack held (the first thing that went wrong). */
function firstFailureSince(snapshot: BannerInput, since: string): StackEvent | null {
  let first: StackEvent | null = null;
  for (const events of snapshot.events.values()) {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.timestamp < since) break;
      if (isRealFailure(e) && (!first || e.timestamp < first.timestamp)) first = e;
    }
  }
  return first;
}

export function operationBanner(snapshot: BannerInput, names: ReadonlyMap<string, string>, now: number): OperationBanner | null {
  const root = snapshot.rootStackId ? snapshot.stacks.get(snapshot.rootStackId) : undefined;
  if (!root) return null;
  const rootEvents = snapshot.events.get(root.stackId) ?? [];
  const op = splitOperations(rootEvents, root).at(-1);
  if (!op) return null;
  const rolling = /ROLLBACK_IN_PROGRESS/.test(root.status);
  // `now` is displayNow (domain/progress.ts), as for the Stacks pane's elapsed time.
  const end = op.endedAt ? Date.parse(op.endedAt) : now;
  const elapsed = formatDuration(Math.max(0, end - Date.parse(op.startedAt)));
  if (op.outcome === 'IN_PROGRESS') {
    let active = 0;
    for (const stack of snapshot.stacks.values()) if (stack.stackId !== root.stackId && stack.status.endsWith('_IN_PROGRESS')) active++;
    const head = rolling ? `${op.type} FAILED · ROLLBACK IN PROGRESS` : `${op.type} IN PROGRESS`;
    const failure = firstFailureSince(snapshot, op.startedAt);
    const where = failure ? `${names.get(failure.stackId) ?? failure.stackName}/${failure.logicalResourceId}` : '';
    const tail = failure ? ` · FAILED ${where}: ${shortReason(failure.reason)} (e: first error)` : '';
    return {text: `${head} · ${elapsed} · ${active} nested in progress${tail}`, tone: failure || rolling ? 'failed' : 'info'};
  }
  const outcome = op.outcome === 'ROLLED_BACK' ? 'ROLLED BACK' : op.outcome;
  return {text: `${op.type} ${outcome} · ${elapsed}${root.deleted ? ' · root stack deleted' : ''}`, tone: op.outcome === 'SUCCEEDED' ? 'success' : 'failed'};
}
