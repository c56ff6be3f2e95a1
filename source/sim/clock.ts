// Scenario time. `fixed` stands at the end of the story, `manual` moves only when told to, `realtime` plays the
// story at `speed` scenario milliseconds per real millisecond.

export type ClockMode = 'fixed' | 'manual' | 'realtime';

export interface SimClock {
  readonly mode: ClockMode;
  /** Epoch ms of the story's first event and of the moment everything is visible. */
  readonly start: number;
  readonly end: number;
  now(): number;
  advance(ms: number): void;
  /** Jumps to an epoch ms. */
  set(epochMs: number): void;
  setSpeed(speed: number): void;
  speed(): number;
  atEnd(): boolean;
}

export interface ClockOptions {
  mode: ClockMode;
  start: number;
  end: number;
  /** Where the clock begins (epoch ms): `end` for fixed, `start` otherwise, unless given. */
  at?: number;
  speed?: number;
  /** Real time source, replaceable in tests. */
  realNow?: () => number;
}

export function createClock(opts: ClockOptions): SimClock {
  const realNow = opts.realNow ?? Date.now;
  let base = opts.at ?? (opts.mode === 'fixed' ? opts.end : opts.start);
  let realBase = realNow();
  let speed = opts.mode === 'realtime' ? (opts.speed ?? 1) : 0;
  const now = () => base + (realNow() - realBase) * speed;
  const rebase = () => {
    base = now();
    realBase = realNow();
  };
  return {
    mode: opts.mode,
    start: opts.start,
    end: opts.end,
    now: () => Math.floor(now()),
    advance(ms: number) {
      rebase();
      base += ms;
    },
    set(epochMs: number) {
      base = epochMs;
      realBase = realNow();
    },
    setSpeed(x: number) {
      // Any mode may be set playing (or paused with 0): a manual demo can be started later.
      rebase();
      speed = x;
    },
    speed: () => speed,
    atEnd: () => now() >= opts.end,
  };
}
