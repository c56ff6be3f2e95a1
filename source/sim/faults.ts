// Injectable faults: latency, throttling, expired credentials and outages (connection resets), each always on, by
// probability (seeded), and/or inside time windows measured on the scenario clock or in real time.
import {mulberry32} from './random.js';

export type Service = 'cloudformation' | 'cloudtrail' | 'sts' | 'iam' | 's3' | 'organizations';

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
  /** Seed of the probabilistic faults. */
  seed?: number;
}

export type FaultKind = 'outage' | 'expiredToken' | 'throttle';

export class Faults {
  private opts: FaultOptions = {};
  private setAt = Date.now();
  private random: () => number = mulberry32(1);

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
    this.setAt = Date.now();
    this.random = mulberry32(opts.seed ?? 0x5eed);
  }

  get latencyMs(): number {
    return this.opts.latencyMs ?? 0;
  }

  /** The fault to apply to this request, if any (outage first, then expired credentials, then throttling). */
  decide(service: Service): FaultKind | null {
    for (const kind of ['outage', 'expiredToken', 'throttle'] as const) {
      if (this.active(this.opts[kind], service)) return kind;
    }
    return null;
  }

  private active(spec: FaultSpec | boolean | undefined, service: Service): boolean {
    if (!spec) return false;
    if (spec === true) return true;
    if (spec.services && !spec.services.includes(service)) return false;
    if (spec.windows && !spec.windows.some((w) => this.inWindow(w))) return false;
    const p = spec.probability ?? 1;
    return p >= 1 || this.random() < p;
  }

  private inWindow(w: FaultWindow): boolean {
    const t = w.basis === 'real' ? Date.now() - this.setAt : this.scenarioNow() - this.storyStart;
    return t >= w.start && (w.end === undefined || t < w.end);
  }
}
