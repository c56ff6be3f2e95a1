// When the store polls next: a pure rule from what the last poll saw. No clock, no I/O; the store keeps the counters.
import type {FaultKind} from '../aws/fault-kind.js';
import type {PollState} from './snapshot.js';

export interface PollOutcome {
  /** Events the poll added. */
  newEvents: number;
  /** Why CloudFormation failed in this poll, null when it answered. */
  fault: FaultKind | null;
  /** An operation is under way (the root or a nested stack in progress). */
  running: boolean;
  /** Polls in a row that added nothing, before this one. */
  quietPolls: number;
  /** Throttled polls in a row, before this one. */
  throttledPolls: number;
  /** The base interval (ms). */
  baseInterval: number;
  /** Random in [0,1): the backoff's jitter. */
  random: number;
}

export interface NextPoll {
  waitMs: number;
  state: Extract<PollState, 'waiting' | 'backing-off'>;
  quietPolls: number;
  throttledPolls: number;
}

/** Polls without news before a running operation is polled more slowly (a NAT gateway can sit quiet minutes). */
export const RUNNING_GRACE_POLLS = 5;
/** The longest throttled wait: a minute, however many polls were throttled. */
export const BACKOFF_CAP_MS = 60_000;

export function nextPoll(o: PollOutcome): NextPoll {
  if (o.fault === 'throttled') {
    // Exponential backoff with full jitter, capped: a throttled account needs fewer calls, not retries in step.
    const throttledPolls = o.throttledPolls + 1;
    // At most 30 intervals (a minute at the default 2 s): a user who asked for fast polls gets a shorter ceiling.
    const cap = Math.min(BACKOFF_CAP_MS, 30 * o.baseInterval, o.baseInterval * 2 ** throttledPolls);
    const waitMs = Math.round(o.baseInterval + o.random * (cap - o.baseInterval));
    return {waitMs, state: 'backing-off', quietPolls: o.quietPolls, throttledPolls};
  }
  // Network, credentials: retry at a steady pace, data kept (and the quiet count left as it was).
  if (o.fault) return {waitMs: o.baseInterval * 2, state: 'waiting', quietPolls: o.quietPolls, throttledPolls: 0};
  // Adaptive: fast while events arrive. During an operation slow down only after the grace, and to 2x at most.
  // With nothing in progress, up to 5x (at most 15 s): the root is still watched for a new operation, cheaply.
  const quietPolls = o.newEvents > 0 ? 0 : o.quietPolls + 1;
  const factor = o.running ? Math.min(2, 1.25 ** Math.max(0, quietPolls - RUNNING_GRACE_POLLS)) : Math.min(5, 1.5 ** quietPolls);
  const waitMs = Math.round(Math.min(Math.max(o.baseInterval, 15_000), o.baseInterval * factor));
  return {waitMs, state: 'waiting', quietPolls, throttledPolls: 0};
}
