import type {Gateway} from '../aws/gateway.js';
import type {StackEvent} from '../domain/types.js';

export interface FetchedEvents {
  /** Events not held before, oldest first. */
  events: StackEvent[];
  /** The stack's whole history has been read (no older page exists). */
  reachedEnd: boolean;
  pages: number;
}

/**
 * Pages DescribeStackEvents newest-first and stops at the first event already held (incremental polling), or when
 * `enough` says the events read so far (oldest first) reach back far enough, or at the end of the history.
 * This is what keeps a post-mortem to the pages along the failed branches instead of every stack's history.
 */
export async function fetchNewEvents(
  gateway: Gateway,
  stackId: string,
  held: ReadonlySet<string>,
  enough?: (readSoFarOldestFirst: readonly StackEvent[]) => boolean,
): Promise<FetchedEvents> {
  const newestFirst: StackEvent[] = [];
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await gateway.stackEventsPage(stackId, token);
    pages++;
    let metHeld = false;
    for (const event of page.events) {
      if (held.has(event.eventId)) {
        metHeld = true;
        break;
      }
      newestFirst.push(event);
    }
    token = page.nextToken;
    if (metHeld) return {events: newestFirst.reverse(), reachedEnd: false, pages};
    if (!token) return {events: newestFirst.reverse(), reachedEnd: true, pages};
    if (enough && enough([...newestFirst].reverse())) return {events: newestFirst.reverse(), reachedEnd: false, pages};
  }
}

/** Stops paging once the oldest event read is older than `since` (an operation's start). */
export function olderThan(since: string): (read: readonly StackEvent[]) => boolean {
  return read => read.length > 0 && read[0]!.timestamp < since;
}
