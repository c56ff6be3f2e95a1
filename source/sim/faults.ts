// Injectable faults: latency, throttling, expired credentials and outages (connection resets), each always on, by
// probability (seeded), and/or inside time windows measured on the scenario clock or in real time; and lost
// responses (the action is performed, then the connection is dropped before the answer).
import {mulberry32} from './random.js';

export type Service = 'cloudformation' | 'cloudtrail' | 'sts' | 'iam' | 's3' | 'organizations' | 'dynamodb' | 'logs' | 'kms';

export interface FaultWindow {
  /** Milliseconds from the story start ('scenario', the default) or from when the faults were set ('real'). */
  start: number;
  /** Exclusive; open-ended when absent. */
  end?: number;
  basis?: 'scenario' | 'real';
}

export interface FaultSpec {
  /** Chance per request (0..1) inside the windows (or always, without windows). Default 1. */
  probability?: number;
  windows?: FaultWindow[];
  /** Services affected; all when absent. */
  services?: Service[];
  /** Only the first N requests it would apply to (e.g. one cut-off answer, then good ones). */
  times?: number;
}

export interface FaultOptions {
  /** Delay before every response. */
  latencyMs?: number;
  /** HTTP 400 Throttling "Rate exceeded" (CloudTrail: ThrottlingException). */
  throttle?: FaultSpec | boolean;
  /** ExpiredToken (CloudTrail: ExpiredTokenException). */
  expiredToken?: FaultSpec | boolean;
  /** The connection is reset without a response. */
  outage?: FaultSpec | boolean;
  /** The request is read and never answered: the connection stays open and silent until the client gives up. */
  hang?: FaultSpec | boolean;
  /** HTTP 500 with an HTML error page, as a load balancer or proxy in front of an endpoint answers. */
  serverError?: FaultSpec | boolean;
  /** HTTP 200 whose body is cut off mid-document (a truncated XML or JSON answer). */
  malformed?: FaultSpec | boolean;
  /**
   * The server performs the action, then destroys the connection without answering, `times` times (default 1): the
   * SDK retries, and the retry meets what the first request did (e.g. an executing change set).
   */
  lostResponse?: LostResponseSpec;
  /** Seed of the probabilistic faults. */
  seed?: number;
}

export interface LostResponseSpec {
  /** The operation whose responses are lost, e.g. 'ExecuteChangeSet' (any service). */
  action: string;
  times?: number;
}

export type FaultKind = 'outage' | 'hang' | 'serverError' | 'malformed' | 'expiredToken' | 'throttle';

export class Faults {
  private opts: FaultOptions = {};
  private setAt = Date.now();
  private random: () => number = mulberry32(1);
  private lostLeft = 0;

  constructor(
    opts: FaultOptions | undefined,
    /** The scenario clock (epoch ms) and the story start, to place scenario windows. */
    private readonly scenarioNow: () => number,
    private readonly storyStart: number,
  ) {
    this.set(opts ?? {});
  }

  set(opts: FaultOptions): void {
    this.opts = {...opts};
    this.used = new Map();
    this.setAt = Date.now();
    this.random = mulberry32(opts.seed ?? 0x5eed);
    this.lostLeft = opts.lostResponse ? (opts.lostResponse.times ?? 1) : 0;
  }

  /** Whether this response of `action` is lost (each call that says so uses one of the `times`). */
  loseResponse(action: string): boolean {
    if (this.lostLeft <= 0 || this.opts.lostResponse?.action !== action) return false;
    this.lostLeft--;
    return true;
  }

  get latencyMs(): number {
    return this.opts.latencyMs ?? 0;
  }

  /** The fault to apply to this request, if any (transport faults first, then expired credentials, then throttling). */
  decide(service: Service): FaultKind | null {
    for (const kind of ['outage', 'hang', 'serverError', 'malformed', 'expiredToken', 'throttle'] as const) {
      if (this.active(this.opts[kind], service)) return kind;
    }
    return null;
  }

  private active(spec: FaultSpec | boolean | undefined, service: Service): boolean {
    if (!spec) return false;
    if (spec === true) return true;
    if (spec.services && !spec.services.includes(service)) return false;
    if (spec.windows && !spec.windows.some(w => this.inWindow(w))) return false;
    if (spec.times !== undefined && (this.used.get(spec) ?? 0) >= spec.times) return false;
    const p = spec.probability ?? 1;
    const hit = p >= 1 || this.random() < p;
    if (hit && spec.times !== undefined) this.used.set(spec, (this.used.get(spec) ?? 0) + 1);
    return hit;
  }

  /** How many times each counted spec has applied (see FaultSpec.times). */
  private used = new Map<FaultSpec, number>();

  private inWindow(w: FaultWindow): boolean {
    const t = w.basis === 'real' ? Date.now() - this.setAt : this.scenarioNow() - this.storyStart;
    return t >= w.start && (w.end === undefined || t < w.end);
  }
}
