// The panther-pulumi build of the watched root, for the watch console: is the deploy finished (from 1.22 a first
// deploy or an update is finished only by a successful build after it)? If not, the console offers to start it; a
// started (or already running) build is followed to its end. Reads and the one write go through an injected port,
// so nothing here knows the SDK; the decisions are panther/pulumi-offer.ts's.
//
// Calls: none while the root's latest operation is not a succeeded CREATE or UPDATE; then one version read
// (GetTemplate), and only for 1.22+ one ListBuildsForProject (+ one BatchGetBuilds when the project has a build).
// Once per operation. StartBuild only through start(), once per offer; then BatchGetBuilds every pollMs.
import type {BuildView} from '../aws/codebuild.js';
import {describeAwsError, explainFault, type AwsFault} from '../aws/errors.js';
import {splitOperations} from '../domain/operations.js';
import {isInProgress} from '../domain/stack-from-events.js';
import type {Operation, OperationType, Stack, StackEvent} from '../domain/types.js';
import {buildVerdict, operationNeedsBuild, versionNeedsBuild} from '../panther/pulumi-offer.js';
import type {Snapshot} from './snapshot.js';

export type {BuildView} from '../aws/codebuild.js';

/** What the watcher asks of AWS (the command layer builds it on the session's clients). */
export interface PulumiPort {
  /** The project's name (panther-pulumi). */
  project: string;
  /** The version the root's deployed template names (GetTemplate); null when it names none. */
  deployedVersion(stackId: string): Promise<string | null>;
  /** The project's newest build, null when it has none; throws ResourceNotFoundException when there is no project. */
  latestBuild(): Promise<BuildView | null>;
  startBuild(): Promise<BuildView>;
  getBuild(id: string): Promise<BuildView | null>;
}

/**
 * - idle: nothing to say (not checked yet, not a deploy that needs the build, no project, or it already succeeded);
 * - offer: the deploy is not finished: no build since the operation (or the last one failed), `b` starts one;
 * - starting / running: StartBuild sent / a build after the operation runs (followed);
 * - succeeded / failed: the followed build ended;
 * - denied: the build could not be checked (access denied): the status bar says why;
 * - error: StartBuild (or reading the build) failed: `message` says why.
 */
export type PulumiStatus = 'idle' | 'offer' | 'starting' | 'running' | 'succeeded' | 'failed' | 'denied' | 'error';

export interface PulumiSnapshot {
  status: PulumiStatus;
  project: string;
  /** The deployed version read for the check. */
  version: string | null;
  /** The root's operation the build finishes. */
  operation: {type: OperationType; endedAt: string} | null;
  /** The build followed; in an offer, the failed one after the operation (if any). */
  build: BuildView | null;
  /** The console started the followed build. */
  startedHere: boolean;
  /** Whether start() would start one now (an offer, a failed build, a StartBuild that failed). */
  canStart: boolean;
  /** Why it is denied or failed; null otherwise. One line, sanitised. */
  message: string | null;
  /** The last read of the running build failed (it is read again): said beside its status. */
  readError: string | null;
  /**
   * Local time minus CodeBuild's (ms), measured when the console started the build: its elapsed time counts on from
   * the local clock. Null for a build found running (its start time is shown instead).
   */
  clockOffset: number | null;
}

export interface PulumiWatchOptions {
  /** Between reads of a running build (ms; default 5000). */
  pollMs?: number;
  /** After a transient failure of the check, when to try again (ms; default 30000). */
  retryMs?: number;
  now?: () => number;
  /** Used to explain a denied or failed call. */
  place?: {profile?: string | null; region?: string};
}

/** What the watcher reads of the polling store. */
export interface SnapshotFeed {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
}

const TRANSIENT = new Set(['throttled', 'network', 'bad-response']);

export class PulumiBuildWatch {
  private snapshot: PulumiSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;
  /** The operation checked (its start event), so it is checked once. */
  private checkedKey: string | null = null;
  private operationMemo: {events: readonly StackEvent[]; count: number; status: string; op: Operation | undefined} | null = null;
  private retryAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly pollMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly feed: SnapshotFeed,
    private readonly port: PulumiPort,
    private readonly options: PulumiWatchOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5000;
    this.retryMs = options.retryMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.snapshot = {
      status: 'idle',
      project: port.project,
      version: null,
      operation: null,
      build: null,
      startedHere: false,
      canStart: false,
      message: null,
      readError: null,
      clockOffset: null,
    };
    this.unsubscribe = feed.subscribe(() => this.evaluate());
    this.evaluate();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PulumiSnapshot => this.snapshot;

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Starts the build (after the user confirmed it): one StartBuild, then the build is followed. False when there is
   * nothing to start (no offer, or one is already starting or running).
   */
  start(): boolean {
    if (this.stopped || !this.snapshot.canStart) return false;
    this.set({status: 'starting', canStart: false, message: null});
    void this.startAndFollow();
    return true;
  }

  private async startAndFollow(): Promise<void> {
    let build: BuildView;
    try {
      build = await this.port.startBuild();
    } catch (error) {
      if (this.stopped) return;
      this.set({status: 'error', canStart: true, message: `cannot start the ${this.port.project} build: ${this.explain(describeAwsError(error))}`});
      return;
    }
    if (this.stopped) return;
    const started = Date.parse(build.startedAt);
    this.set({status: 'running', build, startedHere: true, readError: null, clockOffset: Number.isFinite(started) ? this.now() - started : 0});
    this.follow(build);
  }

  /** Reads the build every pollMs until it ends. */
  private follow(build: BuildView): void {
    if (this.stopped) return;
    if (build.complete || build.status !== 'IN_PROGRESS') {
      const ok = build.status === 'SUCCEEDED';
      this.set({status: ok ? 'succeeded' : 'failed', build, canStart: !ok, readError: null});
      return;
    }
    this.timer = setTimeout(async () => {
      this.timer = null;
      let next = build;
      try {
        next = (await this.port.getBuild(build.id)) ?? build;
        if (this.stopped) return;
        if (next.status === 'IN_PROGRESS' && !next.complete) this.set({status: 'running', build: next, readError: null});
      } catch (error) {
        if (this.stopped) return;
        // The build goes on in CodeBuild whatever a read says: read it again next time.
        this.set({readError: this.explain(describeAwsError(error))});
      }
      this.follow(next);
    }, this.pollMs);
  }

  /** On every snapshot of the store: checks the root's latest operation once it has ended. */
  private evaluate(): void {
    if (this.stopped) return;
    const snap = this.feed.getSnapshot();
    // A recorded account can have no build started; a root that could not be found has nothing to finish.
    if (snap.replay || snap.fatal || !snap.rootStackId) return;
    const root = snap.stacks.get(snap.rootStackId);
    if (!root) return;
    const busy = this.snapshot.status === 'starting' || this.snapshot.status === 'running';
    if (isInProgress(root.status)) {
      // A new operation: an offer about the previous one no longer stands (a followed build still is followed).
      if (!busy && this.snapshot.status !== 'idle') this.set({status: 'idle', canStart: false, build: null, message: null});
      return;
    }
    const op = this.latestOperation(snap.events.get(root.stackId) ?? [], root);
    if (!op || op.outcome === 'IN_PROGRESS') return;
    const key = op.startEventId;
    if (key === this.checkedKey || busy || this.now() < this.retryAt) return;
    this.checkedKey = key;
    if (!operationNeedsBuild(op)) {
      this.set({status: 'idle', canStart: false, build: null, message: null, operation: null});
      return;
    }
    void this.check(op, root.stackId, root.tags.PantherVersion ?? null);
  }

  /**
   * The root's latest operation, split again only when its events or status changed: this runs on every publish of
   * the store (a large history loading publishes often), while the root's own events rarely move.
   */
  private latestOperation(events: readonly StackEvent[], root: Stack): Operation | undefined {
    const memo = this.operationMemo;
    if (memo && memo.events === events && memo.count === events.length && memo.status === root.status) return memo.op;
    const op = splitOperations(events, root).at(-1);
    this.operationMemo = {events, count: events.length, status: root.status, op};
    return op;
  }

  private async check(op: Operation, stackId: string, tagVersion: string | null): Promise<void> {
    const operation = {type: op.type, endedAt: op.endedAt!};
    let version: string | null;
    try {
      // The deployed template's own version; a template that names none (a mirror) leaves the tags to say it.
      version = (await this.port.deployedVersion(stackId)) ?? tagVersion;
    } catch (error) {
      this.failedCheck(describeAwsError(error));
      return;
    }
    if (this.stopped) return;
    if (!versionNeedsBuild(version)) {
      this.set({status: 'idle', version, operation, canStart: false, build: null, message: null});
      return;
    }
    let newest: BuildView | null;
    try {
      newest = await this.port.latestBuild();
    } catch (error) {
      const fault = describeAwsError(error);
      // No project: nothing to build (a deploy that does not make one, or another tool's stack).
      if (fault.code === 'ResourceNotFoundException') {
        if (!this.stopped) this.set({status: 'idle', version, operation, canStart: false, build: null, message: null});
        return;
      }
      this.failedCheck(fault);
      return;
    }
    if (this.stopped) return;
    const verdict = buildVerdict(operation.endedAt, newest);
    if (verdict === 'running' && newest) {
      this.set({status: 'running', version, operation, build: newest, startedHere: false, canStart: false, message: null, clockOffset: null});
      this.follow(newest);
      return;
    }
    if (verdict === 'succeeded') {
      this.set({status: 'idle', version, operation, build: newest, canStart: false, message: null});
      return;
    }
    this.set({status: 'offer', version, operation, build: verdict === 'failed' ? newest : null, startedHere: false, canStart: true, message: null});
  }

  /** A check that failed: denied is said (the status bar); anything else is tried again later, silently. */
  private failedCheck(fault: AwsFault): void {
    if (this.stopped) return;
    if (fault.kind === 'access-denied') {
      this.set({status: 'denied', canStart: false, message: `cannot check the ${this.port.project} build: ${this.explain(fault)}`});
      return;
    }
    if (TRANSIENT.has(fault.kind) || fault.kind === 'expired-credentials') {
      this.checkedKey = null;
      this.retryAt = this.now() + this.retryMs;
    }
    this.set({status: 'idle', canStart: false});
  }

  private explain(fault: AwsFault): string {
    return explainFault(fault, this.options.place ?? {});
  }

  private set(patch: Partial<PulumiSnapshot>): void {
    this.snapshot = {...this.snapshot, ...patch};
    for (const l of this.listeners) l();
  }
}
