// How a walk waits: its sleep between polls (a real one that ends early once the walk is told to stop; tests advance a
// simulated clock instead), its poll interval and patience, and the check before every write and wait that stops a
// walk told to stop. Shared by the upgrade and deploy drivers.

export interface WalkOptions {
  /** Waits between polls (tests advance a manual sim clock here). */
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  now?: () => number;
  /** The typed confirmation (full screen). Absent: --approve decides. */
  confirm?: (index: number) => Promise<boolean>;
  /** Set to stop the walk at its next wait (the user quit the screen, or Ctrl-C without one). */
  signal?: {aborted: boolean};
  /** Polls before a change set, an update or a build is given up on (default: about 3 hours of polls). */
  maxPolls?: number;
}

/** Thrown at a wait or before a write once the walk was told to stop; the driver turns it into "interrupted". */
export class Aborted extends Error {}

/** A real wait that ends early (within a tenth of a second) once the walk is told to stop. */
function abortableSleep(signal: {aborted: boolean} | undefined) {
  return async (ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end && !signal?.aborted) await new Promise(resolve => setTimeout(resolve, Math.min(100, end - Date.now())));
  };
}

export class WalkPacing {
  readonly pollMs: number;
  readonly now: () => number;
  readonly maxPolls: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly options: WalkOptions,
    /** --interval, in seconds. */
    intervalSeconds: number | undefined,
  ) {
    this.sleep = options.sleep ?? abortableSleep(options.signal);
    this.pollMs = options.pollMs ?? (intervalSeconds ? intervalSeconds * 1000 : 2000);
    this.now = options.now ?? Date.now;
    this.maxPolls = options.maxPolls ?? 5400;
  }

  async wait(ms = this.pollMs): Promise<void> {
    this.checkAbort();
    await this.sleep(ms);
    this.checkAbort();
  }

  /** Before every write and wait: a walk told to stop writes nothing more. */
  checkAbort(): void {
    if (this.options.signal?.aborted) throw new Aborted();
  }
}
