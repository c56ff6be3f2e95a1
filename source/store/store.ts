import type {Gateway} from '../aws/gateway.js';
import {describeAwsError, type AwsFault} from '../aws/errors.js';
import {InputError} from '../errors.js';
import type {FaultKind} from '../aws/fault-kind.js';
import {latestFailedOperation, splitOperations} from '../domain/operations.js';
import {isInProgress, nestedStackIds, stackFromEvents} from '../domain/stack-from-events.js';
import type {PostMortem, Stack, StackEvent} from '../domain/types.js';
import {fetchNewEvents, type PageCursor} from './event-pager.js';
import {firstReadRule} from './pager-rules.js';
import {emptyPostMortemData, failedEventsOfBranch, loadPostMortem, mergeEvents, mergeOverSparse, type PostMortemData} from './postmortem-loader.js';
import {resolveRootStack} from './resolve-root.js';
import {embeddedStackArn} from '../domain/reasons.js';
import {dueStacks, latestParentReport, parentRead, type HeldReads} from './due-stacks.js';
import {failedBranchesToRead} from './failure-first.js';
import {runPollLoop} from './poll-loop.js';
import {postMortemRefresh} from './postmortem-refresh.js';
import {nextPoll} from './schedule.js';
import {emptySnapshot, type Snapshot, type SourceHealth} from './snapshot.js';

export interface StoreOptions {
  query: string;
  region: string;
  profile?: string | null;
  /** Base poll interval while events arrive (ms). */
  intervalMs?: number;
  cloudtrail?: boolean;
  /** Fetch each stack's template summary once for progress totals. */
  resourceTotals?: boolean;
  now?: () => number;
  /** Random in [0,1) for backoff jitter; injectable for tests. */
  random?: () => number;
  /**
   * A poll that has had no answer from AWS for this long marks CloudFormation stale (ms; default 3 intervals, at
   * least 10 s): a hung request is retried by the SDK for up to a minute, and the screen must not look fresh
   * meanwhile. A long read that keeps getting answers (a first read of a large history) is not stale.
   */
  stallMs?: number;
  /**
   * A recorded account (a --replay bundle): nothing in it will ever change, so polling stops once everything is
   * read and the post-mortem is made.
   */
  replay?: {recordedAt: string | null};
}

/** How often the API-call count alone may redraw the screen. */
export const COUNTER_REFRESH_MS = 1000;

/**
 * How often data read in the middle of a poll may redraw the screen: the first read after a quiet spell shows at
 * once, a burst (a large history, a stack read after another) is drawn every 250 ms with everything read so far.
 */
export const DATA_REFRESH_MS = 250;

/** Faults that pass by themselves: a read that stopped on one is worth resuming. */
const TRANSIENT: ReadonlySet<FaultKind> = new Set(['throttled', 'network', 'bad-response']);

/** Called for every event the moment it is first seen (oldest first within a poll), and on status changes. */
export interface StoreListener {
  onEvents?: (events: readonly StackEvent[]) => void;
  onStackStatus?: (stack: Stack, previous: string | null) => void;
}

/**
 * The one polling store of a session. It holds everything fetched (append-only events, keyed by stack ID), polls
 * only what can change (the root and stacks in progress), and publishes immutable snapshots. Faults never clear
 * data: they are recorded per source and the next poll retries.
 */
export class ConsoleStore {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private readonly data: PostMortemData = emptyPostMortemData();
  /** Stacks whose events were fetched at least once. */
  private readonly fetched = new Set<string>();
  private readonly totals = new Map<string, number>();
  /** For each nested stack, the parent event it was last read after (see activeStacks). */
  private readonly readAfterReport = new Map<string, string>();
  /** Reads that failed part-way, to go on from (see PageCursor). */
  private readonly partialReads = new Map<string, PageCursor>();
  /** Per stack, failed events read sparsely (readFailedEvents) that no contiguous read has covered yet. */
  private readonly sparse = new Map<string, Set<string>>();
  private readonly totalsTried = new Set<string>();
  private rootId: string | null = null;
  private identity: Snapshot['identity'] = null;
  private identityTried = false;
  private postMortem: PostMortem | null = null;
  private postMortemFor: string | null = null;
  /** The post-mortem held was made from the failed branches before every stack's history was read. */
  private postMortemPartial = false;
  private trailReads = 0;
  private lastTrailReadAt = 0;
  private health: {cloudformation: SourceHealth; cloudtrail: SourceHealth} = {
    cloudformation: {lastSuccessAt: null, lastError: null},
    cloudtrail: {lastSuccessAt: null, lastError: null},
  };
  private fatal: string | null = null;
  /** Nested stacks that no longer exist to read (deleted long ago, or named by an ARN nobody can read). */
  private readonly gone = new Set<string>();
  private state: Snapshot['poll']['state'] = 'starting';
  private nextPollAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private quietPolls = 0;
  private throttledPolls = 0;
  private readonly watchers = new Set<StoreListener>();
  private readonly unsubscribeCounter: () => void;
  private callsTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly baseInterval: number;
  /** The poll under way: a second caller waits for it instead of starting reads that overlap it. */
  private inFlight: Promise<number | null> | null = null;

  constructor(
    private readonly gateway: Gateway,
    private readonly options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.baseInterval = options.intervalMs ?? 2000;
    this.snapshot = emptySnapshot(options.query, options.region, options.profile ?? null);
    // The API-call count in the status bar: refreshed at most once a second, not a redraw per HTTP request. A whole
    // frame costs a 120x40 terminal ~25 ms of layout: while a large history loads, a key must not queue behind
    // frames that only move a counter.
    this.unsubscribeCounter = gateway.clients.counter.onChange(() => {
      this.callsTimer ??= setTimeout(() => {
        this.callsTimer = null;
        if (!this.stopped) this.publish();
      }, COUNTER_REFRESH_MS);
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  watch(listener: StoreListener): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Starts from a root already resolved (the command checked it exists before opening the screen). */
  adoptRoot(root: Stack): void {
    if (this.rootId) return;
    this.rootId = root.stackId;
    this.data.stacks.set(root.stackId, root);
    this.touch();
  }

  /** Polls now and then on the adaptive schedule until stop() (or the root is deleted). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.running = false;
    this.unsubscribeCounter();
    if (this.callsTimer) clearTimeout(this.callsTimer);
    this.callsTimer = null;
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextPollAt = null;
  }

  /** Whether the root's operation has ended (nothing in progress, root fetched). */
  get settled(): boolean {
    const root = this.rootId ? this.data.stacks.get(this.rootId) : undefined;
    return !!root && this.fetched.has(root.stackId) && !isInProgress(root.status) && this.activeStacks().length === 0;
  }

  /**
   * The operation has ended and its post-mortem is computed from everything it did: what a tail prints last. A
   * failed read in the latest poll does not hold it back (under heavy throttling most polls have one): the data
   * it depends on was all read.
   */
  get ended(): boolean {
    return this.settled && this.postMortem !== null && this.postMortemFor === this.operationKey() && !this.postMortemPartial;
  }

  private async loop(): Promise<void> {
    if (!this.stopped) {
      await runPollLoop({
        poll: () => this.pollOnce(),
        done: wait => {
          if (this.stopped) return true;
          this.nextPollAt = this.now() + wait;
          this.publish();
          return false;
        },
        sleep: ms =>
          new Promise<void>(resolve => {
            this.timer = setTimeout(resolve, ms);
          }),
      });
    }
    this.running = false;
  }

  /**
   * One poll. Returns how long to wait before the next one (ms), or null when nothing can change any more (the root
   * is deleted, or finding it failed for good).
   */
  pollOnce(): Promise<number | null> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async poll(): Promise<number | null> {
    // Nothing before this await: inFlight is set before anyone (a listener of the publish below) can ask again.
    await null;
    this.state = 'polling';
    this.publish();
    let newEvents = 0;
    const stall = this.watchForSilence();
    let early: Promise<void> | null = null;
    try {
      if (!this.rootId) {
        const root = await resolveRootStack(this.gateway, this.options.query, this.options.region);
        this.rootId = root.stackId;
        this.data.stacks.set(root.stackId, root);
        this.touch();
      }
      await this.fetchIdentity();
      newEvents += await this.refresh(this.rootId);
      const read = new Set<string>([this.rootId]);
      // A failing operation's branches first: its root cause (or first failure) is on screen before the rest of the
      // history is read. Its CloudTrail look-up goes on beside the reads of the other stacks.
      const branches = await this.readFailedBranches(read);
      newEvents += branches.events;
      // The failed branches on screen at once, before the rest of the history (not throttled with those reads).
      if (branches.stacks > 0) this.publish();
      if (branches.stacks > 0 && this.fetched.size < this.data.stacks.size) early = this.updatePostMortem(false);
      // Stacks discovered during this poll are refreshed in it too: loop until no stack is left to read.
      // Each stack is read at most once a poll; stacks discovered (or re-activated) while reading are read in it too.
      for (let pass = 0; pass < 20 && !this.stopped; pass++) {
        // A parent before its children (see parentRead).
        const due = this.activeStacks().filter(id => !read.has(id) && !this.gone.has(id) && parentRead(this.heldReads(), id));
        if (due.length === 0) break;
        // Concurrently: a poll costs the slowest stack's read, not the sum (the rate limiter still paces calls).
        // Every read of the pass ends before the poll does, failed or not: a read left running would overlap the
        // next poll's read of the same stack. What the others fetched is kept; the first failure fails the poll.
        for (const id of due) read.add(id);
        const results = await Promise.allSettled(due.map(id => this.unlessGone(id, () => this.refresh(id))));
        for (const r of results) if (r.status === 'fulfilled') newEvents += r.value;
        const failed = results.find(r => r.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      }
      this.recordSuccess('cloudformation');
      // CloudFormation answered: the post-mortem's CloudTrail reading below has a budget of its own and must not
      // make CloudFormation look stale.
      clearInterval(stall);
      await early;
      // Progress totals are a nicety: fetched beside the polls, never delaying the next event on screen. A recorded
      // account answers at once and is read only once: its poll waits for them.
      const totals = this.fetchTotals();
      if (this.options.replay) await totals;
      await this.updatePostMortem(this.fetched.size >= this.data.stacks.size);
    } catch (error) {
      const fault = describeAwsError(error);
      if (error instanceof InputError || fault.kind === 'not-found') {
        this.fatal = (error as Error).message;
        this.state = 'settled';
        this.publish();
        return null;
      }
      this.recordFault('cloudformation', fault);
    } finally {
      clearInterval(stall);
      // Never left running into the next poll, even when this one failed.
      await early;
    }
    return this.schedule(newEvents);
  }

  /**
   * Reads the failed branches not read yet, level by level (see failedBranchesToRead), concurrently within a level:
   * their failed events through DescribeEvents (two calls a stack, as the postmortem command reads), held until the
   * stack's first full read merges them in order (mergeFirstRead); where the endpoint cannot say, that full read
   * now. Returns how many stacks it read.
   */
  private async readFailedBranches(read: Set<string>): Promise<{stacks: number; events: number}> {
    let stacks = 0;
    let events = 0;
    const tried = new Set<string>();
    for (let depth = 0; depth < 10; depth++) {
      const tree = {rootStackId: this.rootId!, stacks: this.data.stacks, events: this.data.events};
      const branches = failedBranchesToRead(tree);
      const selfFailed = new Set(branches.selfFailed);
      const due = branches.stackIds.filter(id => !tried.has(id) && !read.has(id) && !this.fetched.has(id) && !this.gone.has(id));
      if (due.length === 0) break;
      for (const id of due) tried.add(id);
      stacks += due.length;
      const results = await Promise.allSettled(due.map(id => this.unlessGone(id, () => this.readFailedEvents(id, read, selfFailed.has(id)))));
      for (const r of results) if (r.status === 'fulfilled') events += r.value;
      const failed = results.find(r => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
    return {stacks, events};
  }

  /**
   * A nested stack's read, where "does not exist" means the stack is gone for good: it is not read again, and the
   * post-mortem's chain stops at its parent (with a note) instead of the console giving up on the whole root.
   */
  private async unlessGone(stackId: string, read: () => Promise<number>): Promise<number> {
    try {
      return await read();
    } catch (error) {
      if (stackId === this.rootId || describeAwsError(error).kind !== 'not-found') throw error;
      this.gone.add(stackId);
      this.data.complete.add(stackId);
      if (this.data.stacks.has(stackId)) this.fetched.add(stackId);
      return 0;
    }
  }

  /** A sparse read stays due for its full read in this poll's passes; a full read (the fallback) is marked read. */
  private async readFailedEvents(stackId: string, read: Set<string>, selfFailed: boolean): Promise<number> {
    const root = this.data.stacks.get(this.rootId!)!;
    const rootEvents = this.data.events.get(this.rootId!) ?? [];
    const operation = latestFailedOperation(root, rootEvents) ?? splitOperations(rootEvents, root).at(-1) ?? null;
    const branch = await failedEventsOfBranch(this.gateway, stackId, operation, selfFailed);
    // A nested stack named only in its parent's reason (no physical ID yet) is known from here on, under its parent.
    if (!this.data.stacks.has(stackId)) {
      const parentId = branch.described?.parentId ?? this.parentNaming(stackId);
      this.data.stacks.set(stackId, branch.described ? {...branch.described, parentId} : stackFromEvents(stackId, [], undefined, parentId));
    }
    if (!branch.events) {
      read.add(stackId);
      return this.refresh(stackId);
    }
    // Complete enough for the post-mortem (as the postmortem command reads), not yet read: the store's own first
    // read of the stack follows in this poll.
    this.data.complete.add(stackId);
    const previous = this.data.stacks.get(stackId);
    const added = mergeEvents(this.data, stackId, branch.events);
    if (added.length > 0) this.sparse.set(stackId, new Set(added.map(e => e.eventId)));
    const updated = branch.described ?? stackFromEvents(stackId, this.data.events.get(stackId)!, previous, previous?.parentId ?? null);
    this.data.stacks.set(stackId, {...updated, parentId: updated.parentId ?? previous?.parentId ?? null});
    this.adopt(stackId, added, previous);
    return added.length;
  }

  /** The held stack whose events name this one as a nested stack (by physical ID or in an Embedded stack reason). */
  private parentNaming(stackId: string): string | null {
    for (const [id, events] of this.data.events) {
      if (events.some(e => e.physicalResourceId === stackId || embeddedStackArn(e.reason) === stackId)) return id;
    }
    return null;
  }

  /** Tells watchers what a read added, and adopts the nested stacks it names. */
  private adopt(stackId: string, added: readonly StackEvent[], previous: Stack | undefined): void {
    this.touch();
    const updated = this.data.stacks.get(stackId)!;
    if (added.length > 0) for (const w of this.watchers) w.onEvents?.(added);
    if (previous?.status !== updated.status) for (const w of this.watchers) w.onStackStatus?.(updated, previous?.status ?? null);
    for (const [childId] of nestedStackIds(added)) {
      if (this.data.stacks.has(childId)) continue;
      this.data.stacks.set(childId, stackFromEvents(childId, [], undefined, stackId));
    }
    this.publishSoon();
  }

  /** While a poll runs: marks CloudFormation stale once no answer has come for stallMs (real time: a hang is). */
  private watchForSilence(): NodeJS.Timeout {
    const stallMs = this.options.stallMs ?? Math.max(10_000, 3 * this.baseInterval);
    const started = Date.now();
    const counter = this.gateway.clients.counter;
    return setInterval(
      () => {
        const silent = Date.now() - Math.max(started, counter.lastAnswerAt);
        if (silent < stallMs) return;
        this.recordFault('cloudformation', {
          kind: 'network',
          code: 'TimeoutError',
          message: `no answer from AWS for ${Math.round(silent / 1000)} s; still trying`,
        });
        this.publish();
      },
      Math.min(1000, stallMs / 2),
    );
  }

  private schedule(newEvents: number): number | null {
    const wait = this.nextWait(newEvents);
    this.publish();
    return wait;
  }

  private nextWait(newEvents: number): number | null {
    const root = this.rootId ? this.data.stacks.get(this.rootId) : undefined;
    if (this.options.replay && this.ended) {
      this.state = 'settled';
      return null;
    }
    if (root?.deleted && this.activeStacks().length === 0 && this.health.cloudformation.lastError === null) {
      this.state = 'settled';
      return null;
    }
    const fault = this.health.cloudformation.lastError?.kind ?? null;
    const next = nextPoll({
      newEvents,
      fault,
      running: (!!root && isInProgress(root.status)) || this.activeStacks().length > 0,
      quietPolls: this.quietPolls,
      throttledPolls: this.throttledPolls,
      baseInterval: this.baseInterval,
      random: fault === 'throttled' ? this.random() : 0,
    });
    this.quietPolls = next.quietPolls;
    this.throttledPolls = next.throttledPolls;
    this.state = next.state;
    return next.waitMs;
  }

  private activeStacks(): string[] {
    return dueStacks(this.heldReads());
  }

  private heldReads(): HeldReads {
    return {stacks: this.data.stacks, events: this.data.events, fetched: this.fetched, readAfterReport: this.readAfterReport};
  }

  /** Reads a stack's new events (incrementally), updates its record, and adopts nested stacks they name. */
  private async refresh(stackId: string): Promise<number> {
    // Stopped (the console switched to another deployment): the reads not sent yet are not sent.
    if (this.stopped) return 0;
    const held = this.data.events.get(stackId) ?? [];
    const firstTime = !this.fetched.has(stackId);
    // The parent's report this read answers: taken before the read, since the parent may be read at the same time
    // and learn of a later change (a DELETE) this read did not see; that one must make the stack due again.
    const known = this.data.stacks.get(stackId);
    const report = known ? latestParentReport(this.data, known) : null;
    // Failed events read sparsely (readFailedEvents) are not held for the pager until a contiguous read covers them.
    const sparse = this.sparse.get(stackId) ?? new Set<string>();
    const heldIds = new Set(held.filter(e => !sparse.has(e.eventId)).map(e => e.eventId));
    const resume = this.partialReads.get(stackId);
    let fetched;
    try {
      fetched = await fetchNewEvents(
        this.gateway,
        stackId,
        heldIds,
        firstTime ? firstReadRule(stackId, this.data.stacks.get(this.rootId!), this.data.events.get(this.rootId!) ?? []) : undefined,
        {
          ...(resume ? {resume} : {}),
          keepPartial: cursor => this.partialReads.set(stackId, cursor),
        },
      );
    } catch (error) {
      // A token that stopped working (expired, refused) would pin the stack to a dead read: start from the top.
      if (resume && !TRANSIENT.has(describeAwsError(error).kind)) this.partialReads.delete(stackId);
      throw error;
    }
    this.partialReads.delete(stackId);
    let caughtUp = true;
    if (resume) {
      // The resumed read reaches back from where the interrupted one began; what happened since is on top. If that
      // read fails, what was resumed is still merged, and the stack stays due (not marked read after the parent's
      // latest report) so the next poll reads its top.
      try {
        const top = await fetchNewEvents(this.gateway, stackId, new Set([...heldIds, ...fetched.events.map(e => e.eventId)]));
        fetched.events.push(...top.events);
      } catch {
        caughtUp = false;
      }
    }
    this.fetched.add(stackId);
    this.data.complete.add(stackId);
    if (report && caughtUp) this.readAfterReport.set(stackId, report.eventId);
    // Only what the merge added is new: a page read twice (a retried poll) adds nothing and tells no one.
    const hadSparse = sparse.size > 0;
    const added = mergeOverSparse(this.data, stackId, fetched.events, sparse);
    if (sparse.size === 0) this.sparse.delete(stackId);
    if (added.length === 0) {
      if (hadSparse) this.touch(); // the sparse events held may have moved among the others
      return 0;
    }
    const previous = this.data.stacks.get(stackId);
    const events = this.data.events.get(stackId)!;
    this.data.stacks.set(stackId, stackFromEvents(stackId, events, previous, previous?.parentId ?? null));
    this.adopt(stackId, added, previous);
    return added.length;
  }

  private async fetchIdentity(): Promise<void> {
    if (this.identityTried) return;
    this.identityTried = true;
    try {
      this.identity = await this.gateway.callerIdentity();
    } catch {
      // The status bar shows "account unknown"; the console works without it.
    }
  }

  private async fetchTotals(): Promise<void> {
    if (this.options.resourceTotals === false) return;
    if (this.stopped) return;
    const due = [...this.data.stacks.keys()].filter(id => !this.totalsTried.has(id));
    for (const id of due) this.totalsTried.add(id);
    await Promise.all(
      due.map(async id => {
        try {
          const total = await this.gateway.resourceTotal(id);
          if (total === null || this.stopped) return;
          this.totals.set(id, total);
          this.touch();
          this.publishSoon();
        } catch {
          // Progress then shows counts without a total.
        }
      }),
    );
  }

  /** Which operation (and outcome) of the root a post-mortem is about; null while the root is not known. */
  private operationKey(): string | null {
    const root = this.rootId ? this.data.stacks.get(this.rootId) : undefined;
    if (!root) return null;
    const events = this.data.events.get(root.stackId) ?? [];
    const operation = latestFailedOperation(root, events) ?? splitOperations(events, root).at(-1);
    return `${operation?.startEventId ?? 'none'}:${root.status}`;
  }

  /**
   * The post-mortem of the root's latest operation once it has ended (rootCause null when it did not fail, so a
   * watcher always gets one). CloudTrail delivers ~5 minutes late: while an access denial has no denied call yet,
   * it is read again every 5 minutes, 4 times at most.
   */
  private async updatePostMortem(complete = true): Promise<void> {
    const root = this.rootId ? this.data.stacks.get(this.rootId) : undefined;
    if (!root || isInProgress(root.status)) return;
    const key = this.operationKey()!;
    const cloudtrail = this.options.cloudtrail !== false;
    const pm = this.postMortem;
    const decision = postMortemRefresh({
      key,
      heldFor: this.postMortemFor,
      held: pm && {rootCause: !!pm.rootCause, deniedCalls: pm.deniedCalls.length},
      heldPartial: this.postMortemPartial,
      complete,
      cloudtrail,
      trailReads: this.trailReads,
      lastTrailReadAt: this.lastTrailReadAt,
      trailFailed: this.data.trailError !== null,
      now: this.now(),
    });
    this.trailReads = decision.trailReads;
    if (!decision.recompute) return;
    const trailAgain = decision.trailAgain;
    try {
      const trailBefore = this.gateway.clients.counter.total('CloudTrail');
      this.postMortem = await loadPostMortem(this.gateway, root, this.data, {
        cloudtrail,
        region: this.options.region,
        apiCalls: () => ({
          cloudformation: this.gateway.clients.counter.total('CloudFormation'),
          cloudtrail: this.gateway.clients.counter.total('CloudTrail'),
        }),
        trailAgain: () => trailAgain,
      });
      this.postMortemFor = key;
      this.postMortemPartial = !complete;
      this.touch();
      // At once: an early one (made from the failed branches) must not wait for the next read to be on screen.
      this.publish();
      if (this.gateway.clients.counter.total('CloudTrail') > trailBefore) {
        this.trailReads++;
        this.lastTrailReadAt = this.now();
        if (this.data.trailError) this.recordFault('cloudtrail', this.data.trailError);
        else this.recordSuccess('cloudtrail');
      }
    } catch (error) {
      this.recordFault('cloudformation', describeAwsError(error));
    }
  }

  private recordSuccess(source: 'cloudformation' | 'cloudtrail'): void {
    this.health = {...this.health, [source]: {lastSuccessAt: this.now(), lastError: null}};
  }

  private recordFault(source: 'cloudformation' | 'cloudtrail', fault: AwsFault): void {
    const kind: FaultKind = fault.kind;
    this.health = {
      ...this.health,
      [source]: {...this.health[source], lastError: {kind, message: fault.message, at: this.now()}},
    };
  }

  /** Marks the fetched data changed, so the next snapshot carries new collections (and memoised views refresh). */
  private touch(): void {
    this.views = null;
  }

  private views: Pick<Snapshot, 'stacks' | 'events' | 'resourceTotals' | 'trail'> | null = null;

  private lastPublishAt = 0;
  private soonTimer: NodeJS.Timeout | null = null;

  /** A publish for data read mid-poll, throttled (see DATA_REFRESH_MS); a poll's end publishes at once anyway. */
  private publishSoon(): void {
    const since = Date.now() - this.lastPublishAt;
    if (since >= DATA_REFRESH_MS && !this.soonTimer) {
      this.publish();
      return;
    }
    this.soonTimer ??= setTimeout(
      () => {
        this.soonTimer = null;
        if (!this.stopped) this.publish();
      },
      Math.max(0, DATA_REFRESH_MS - since),
    );
  }

  private publish(): void {
    this.lastPublishAt = Date.now();
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
    const counter = this.gateway.clients.counter;
    const warnings = this.gateway.clients.warnings.messages;
    // Collections keep their identity while unchanged: the UI memoises timelines on them.
    this.views ??= {
      stacks: new Map(this.data.stacks),
      events: new Map(this.data.events),
      resourceTotals: new Map(this.totals),
      trail: [...this.data.trail],
    };
    this.snapshot = {
      version: this.snapshot.version + 1,
      query: this.options.query,
      rootStackId: this.rootId,
      ...this.views,
      postMortem: this.postMortem,
      identity: this.identity,
      region: this.options.region,
      profile: this.options.profile ?? null,
      apiCalls: counter.all,
      poll: {
        state: this.state,
        nextPollAt: this.nextPollAt,
        cloudformation: this.health.cloudformation,
        cloudtrail: this.health.cloudtrail,
      },
      fatal: this.fatal,
      replay: this.options.replay ?? null,
      // The log only grows: a new copy only when it did, so the snapshot's list keeps its identity otherwise.
      warnings: warnings.length === this.snapshot.warnings.length ? this.snapshot.warnings : [...warnings],
    };
    for (const listener of this.listeners) listener();
  }
}
