// The watch console's deployments: the one open (its polling store and build check), the list of every Panther
// deployment the session's credentials reach (read on demand, in the background), and switching to another one
// without restarting: the new session is opened first (its own clients, store and build check), then it becomes
// current and the old one is closed (polling stopped, clients destroyed). The command layer opens sessions and reads
// the list (through the port); the screen only asks.
import {classifyFailure} from '../aws/errors.js';
import type {Deployment, DeploymentsReport} from '../panther/deployments.js';
import {sanitize} from '../text/sanitize.js';
import type {PulumiSnapshot} from './pulumi-watch.js';
import type {Snapshot} from './snapshot.js';

/** The panther-pulumi build check as the screen reads it. */
export interface PulumiSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): PulumiSnapshot;
  /** After the typed confirmation: one StartBuild. False when there is nothing to start. */
  start(): boolean;
}

/** One deployment open in the console. */
export interface ConsoleSession {
  /** The root stack opened (its ARN). */
  stackId: string;
  store: {subscribe(listener: () => void): () => void; getSnapshot(): Snapshot};
  pulumi: PulumiSource | null;
  /** Stops the polling and the build check and destroys the session's clients. */
  close(): void;
}

/** What the command layer gives the console to list deployments and open one. */
export interface DeploymentsPort {
  /** Every Panther deployment reachable (the profiles and regions the command chose); `progress` as it reads. */
  list(progress: (done: number, total: number) => void): Promise<DeploymentsReport>;
  /** A new session on a deployment: clients for its profile and region, a started store. */
  open(deployment: Deployment): Promise<ConsoleSession>;
}

export interface ListingState {
  state: 'idle' | 'reading' | 'read' | 'failed';
  /** The last list read (kept while a new read runs). */
  report: DeploymentsReport | null;
  /** The read under way: profile/regions read of all. */
  progress: {done: number; total: number} | null;
  /** Why the last read failed. */
  error: string | null;
}

export interface SessionsSnapshot {
  session: ConsoleSession;
  /** Bumped each time another session becomes current (the screen starts afresh on it). */
  generation: number;
  /** Whether the console can switch at all (a recorded bundle cannot). */
  canSwitch: boolean;
  listing: ListingState;
  /** The deployment being opened; the current session keeps running meanwhile. */
  opening: Deployment | null;
  /** A word to say once (an open that failed); `id` tells a new one from the last. */
  notice: {id: number; text: string} | null;
}

export class ConsoleSessions {
  private snapshot: SessionsSnapshot;
  private readonly listeners = new Set<() => void>();
  /** The newest open() asked: an older one that answers later is closed, not shown. */
  private openSeq = 0;
  private noticeSeq = 0;
  private closed = false;

  constructor(
    initial: ConsoleSession,
    private readonly port: DeploymentsPort | null,
  ) {
    this.snapshot = {
      session: initial,
      generation: 0,
      canSwitch: port !== null,
      listing: {state: 'idle', report: null, progress: null, error: null},
      opening: null,
      notice: null,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionsSnapshot => this.snapshot;

  /** Reads the list again (the one held stays shown meanwhile); nothing when a read already runs. */
  list(): void {
    if (!this.port || this.closed || this.snapshot.listing.state === 'reading') return;
    this.set({listing: {...this.snapshot.listing, state: 'reading', progress: null, error: null}});
    this.port
      .list((done, total) => {
        if (!this.closed && this.snapshot.listing.state === 'reading') this.set({listing: {...this.snapshot.listing, progress: {done, total}}});
      })
      .then(
        report => {
          if (!this.closed) this.set({listing: {state: 'read', report, progress: null, error: null}});
        },
        (error: unknown) => {
          if (!this.closed)
            this.set({listing: {...this.snapshot.listing, state: 'failed', progress: null, error: sanitize(classifyFailure(error, {}).message)}});
        },
      );
  }

  /** Opens a deployment; once it is open it becomes current and the old session is closed. */
  open(deployment: Deployment): void {
    if (!this.port || this.closed) return;
    const seq = ++this.openSeq;
    this.set({opening: deployment});
    this.port.open(deployment).then(
      session => {
        if (this.closed || seq !== this.openSeq) {
          session.close();
          return;
        }
        const old = this.snapshot.session;
        this.set({session, generation: this.snapshot.generation + 1, opening: null});
        old.close();
      },
      (error: unknown) => {
        if (this.closed || seq !== this.openSeq) return;
        const why = classifyFailure(error, {}).message;
        this.set({
          opening: null,
          notice: {id: ++this.noticeSeq, text: sanitize(`cannot open ${deployment.stackName} (${deployment.region}): ${why}`)},
        });
      },
    );
  }

  /** The console is closing: the current session is closed, and any session still opening once it opens. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.snapshot.session.close();
  }

  private set(patch: Partial<SessionsSnapshot>): void {
    this.snapshot = {...this.snapshot, ...patch};
    for (const l of this.listeners) l();
  }
}
