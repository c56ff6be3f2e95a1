// The one line that says what the root stack is doing: which operation, for how long, how many nested stacks are
// in progress. What failed has its own rows above it (failure-headline.ts). Pure: derived from the snapshot.
import {splitOperations} from '../domain/operations.js';
import {formatDuration} from '../domain/progress.js';
import type {Snapshot} from '../store/snapshot.js';

/** What the banner reads of a snapshot (so it can be memoised on these alone). */
export type BannerInput = Pick<Snapshot, 'rootStackId' | 'stacks' | 'events'>;

export type BannerTone = 'info' | 'success' | 'failed';

export interface OperationBanner {
  text: string;
  tone: BannerTone;
}

/** `failed`: a real failure is known in the running operation (the headline's); it colours the line. */
export function operationBanner(snapshot: BannerInput, now: number, failed = false): OperationBanner | null {
  const root = snapshot.rootStackId ? snapshot.stacks.get(snapshot.rootStackId) : undefined;
  if (!root) return null;
  const rootEvents = snapshot.events.get(root.stackId) ?? [];
  const op = splitOperations(rootEvents, root).at(-1);
  // Before the root's events are read (the first frame): its status, from the DescribeStacks that found it.
  if (!op) return {text: `${root.status.replace(/_/g, ' ')} · reading events…`, tone: /FAILED|ROLLBACK/.test(root.status) ? 'failed' : 'info'};
  const rolling = /ROLLBACK_IN_PROGRESS/.test(root.status);
  // `now` is displayNow (domain/progress.ts), as for the Stacks pane's elapsed time.
  const end = op.endedAt ? Date.parse(op.endedAt) : now;
  const elapsed = formatDuration(Math.max(0, end - Date.parse(op.startedAt)));
  if (op.outcome === 'IN_PROGRESS') {
    let active = 0;
    for (const stack of snapshot.stacks.values()) if (stack.stackId !== root.stackId && stack.status.endsWith('_IN_PROGRESS')) active++;
    const head = rolling ? `${op.type} FAILED · ROLLBACK IN PROGRESS` : `${op.type} IN PROGRESS`;
    // What failed is the headline above this line; the tone says that something did.
    return {text: `${head} · ${elapsed} · ${active} nested in progress`, tone: failed || rolling ? 'failed' : 'info'};
  }
  const outcome = op.outcome === 'ROLLED_BACK' ? 'ROLLED BACK' : op.outcome;
  return {
    text: `${op.type} ${outcome} · ${elapsed}${root.deleted ? ' · root stack deleted' : ''}`,
    tone: op.outcome === 'SUCCEEDED' ? 'success' : 'failed',
  };
}
