// Paging that always ends. A NextToken that repeats (a faulty proxy, a crafted endpoint) would page the same
// results forever, growing memory with each copy; an endless history would hold a command up for hours. Every loop
// over pages asks the guard before it fetches the next one.

/** Page caps per call: far above any real Panther deployment, low enough that a runaway ends in minutes. */
export const PAGE_CAPS = {
  /** 100 events a page: 200,000 events, decades of upgrades of one stack. */
  stackEvents: 2_000,
  /** 100 summaries a page; deleted stacks are listed for 90 days. */
  listStacks: 500,
  /** 100 resources a page; a template holds at most 500 resources. */
  stackResources: 20,
  /** One operation's failed events. */
  operationEvents: 50,
  /** Change sets of one stack. */
  changeSets: 20,
} as const;

export type PagingWarning = (message: string) => void;

export class PageGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    /** What is being paged, for the warning: "DescribeStackEvents of panther-prod". */
    private readonly what: string,
    private readonly maxPages: number,
    private readonly warn: PagingWarning,
  ) {}

  /** Called with each page's NextToken: whether to fetch the page it names (false ends the loop, with a warning). */
  more(token: string | undefined): boolean {
    this.pages++;
    if (!token) return false;
    if (this.seen.has(token)) {
      this.warn(`${this.what}: AWS returned a page token it had already returned; stopped after ${this.pages} pages (the rest may be missing).`);
      return false;
    }
    if (this.pages >= this.maxPages) {
      this.warn(`${this.what}: stopped after ${this.pages} pages (the cap); older entries are not read.`);
      return false;
    }
    this.seen.add(token);
    return true;
  }
}
