import type {Gateway} from '../aws/gateway.js';
import {PAGE_CAPS} from '../aws/page-guard.js';
import {stackNameFromArn} from '../domain/stack-from-events.js';
import type {StackEvent} from '../domain/types.js';
import {firstStop, stopAtHeld, type StopRule} from './pager-rules.js';

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
 * Pages DescribeStackEvents newest-first until a rule stops it (see pager-rules.ts): the first event already held
 * (incremental polling), `stop` (how far back this read must reach), or the end of the history. This is what keeps
 * a post-mortem to the pages along the failed branches instead of every stack's history.
 */
export async function fetchNewEvents(
  gateway: Gateway,
  stackId: string,
  held: ReadonlySet<string>,
  stop?: StopRule,
  options: FetchOptions = {},
): Promise<FetchedEvents> {
  const rule = firstStop(stopAtHeld(held), stop);
  const newestFirst: StackEvent[] = [...(options.resume?.newestFirst ?? [])];
  // Built only when a rule asks (at an operation's start), never once per page: a long history is not re-copied.
  const readSoFar = () => [...newestFirst].reverse();
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
    let lastPage = false;
    let metHeld = false;
    for (const event of page.events) {
      newestFirst.push(event);
      const verdict = rule(event, readSoFar);
      if (verdict === 'stop-exclude') {
        newestFirst.pop();
        metHeld = true;
        break;
      }
      if (verdict === 'stop-include') lastPage = true;
    }
    token = page.nextToken;
    if (metHeld) return {events: newestFirst.reverse(), reachedEnd: false, pages};
    if (!token) return {events: newestFirst.reverse(), reachedEnd: true, pages};
    // A repeated token or the cap: what was read is kept, and is as far back as this read goes.
    if (!guard.more(token)) return {events: newestFirst.reverse(), reachedEnd: true, pages};
    if (lastPage) return {events: newestFirst.reverse(), reachedEnd: false, pages};
  }
}
