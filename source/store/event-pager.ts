import type {Gateway} from '../aws/gateway.js';
import {PAGE_CAPS} from '../aws/page-guard.js';
import {stackNameFromArn} from '../domain/stack-from-events.js';
import type {StackEvent} from '../domain/types.js';

export interface FetchedEvents {
  /** Events not held before, oldest first. */
  events: StackEvent[];
  /** The stack's whole history has been read (no older page exists). */
  reachedEnd: boolean;
  pages: number;
}

/**
 * Where a read that failed part-way stopped: the events it had read (newest first, contiguous from the top of the
 * history when it began) and the token of the page that failed. Under heavy throttling a stack whose history spans
 * several pages would otherwise never be read whole: every poll would start again at the top and fail again.
 */
export interface PageCursor {
  newestFirst: StackEvent[];
  token: string;
  pages: number;
}

export interface FetchOptions {
  /** Go on from where an earlier read stopped, instead of from the top. */
  resume?: PageCursor;
  /** Told where this read stopped when a page fails after some progress (the error is still thrown). */
  keepPartial?: (cursor: PageCursor) => void;
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
  options: FetchOptions = {},
): Promise<FetchedEvents> {
  const newestFirst: StackEvent[] = [...(options.resume?.newestFirst ?? [])];
  let token: string | undefined = options.resume?.token;
  let pages = options.resume?.pages ?? 0;
  const guard = gateway.clients.pageGuard(`DescribeStackEvents of ${stackNameFromArn(stackId)}`, PAGE_CAPS.stackEvents - pages);
  for (;;) {
    let page;
    try {
      page = await gateway.stackEventsPage(stackId, token);
    } catch (error) {
      // Only with progress: a resumed read that failed on its first page leaves the earlier cursor as it was.
      if (token && newestFirst.length > 0 && pages > (options.resume?.pages ?? 0)) options.keepPartial?.({newestFirst, token, pages});
      throw error;
    }
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
    // A repeated token or the cap: what was read is kept, and is as far back as this read goes.
    if (!guard.more(token)) return {events: newestFirst.reverse(), reachedEnd: true, pages};
    if (enough && enough([...newestFirst].reverse())) return {events: newestFirst.reverse(), reachedEnd: false, pages};
  }
}

/** Stops paging once the oldest event read is older than `since` (an operation's start). */
export function olderThan(since: string): (read: readonly StackEvent[]) => boolean {
  return read => read.length > 0 && read[0]!.timestamp < since;
}
