import type {FaultKind} from '../aws/fault-kind.js';
import type {PostMortem, Stack, StackEvent, TrailEvent} from '../domain/types.js';

export interface SourceHealth {
  /** Epoch ms of the last successful call of this source, null before the first. */
  lastSuccessAt: number | null;
  /** The last failure, cleared by the next success. */
  lastError: {kind: FaultKind; message: string; at: number} | null;
}

export type PollState =
  | 'starting' // first fetch under way
  | 'polling' // a poll is running
  | 'waiting' // between polls
  | 'backing-off' // throttled: waiting longer than usual
  | 'settled'; // nothing can change any more (every stack settled): no more polls

/**
 * One immutable view of everything fetched. The store replaces it (never mutates it) on every change, so
 * React's useSyncExternalStore and plain callers can compare by identity.
 */
export interface Snapshot {
  /** Bumped on every change. */
  version: number;
  /** What the user asked for (--stack): a name or an ARN. */
  query: string;
  rootStackId: string | null;
  /** Every stack seen, live and deleted, keyed by stack ID. */
  stacks: ReadonlyMap<string, Stack>;
  /** Events by stack ID, oldest first, append-only. */
  events: ReadonlyMap<string, readonly StackEvent[]>;
  /** Resources declared in each stack's template, for progress bars (absent until fetched). */
  resourceTotals: ReadonlyMap<string, number>;
  /** CloudTrail events fetched for failures (denied calls around the root cause). */
  trail: readonly TrailEvent[];
  /** The post-mortem of the root's latest failed operation, once the data for it is in; null otherwise. */
  postMortem: PostMortem | null;
  identity: {account: string; arn: string} | null;
  region: string;
  profile: string | null;
  /** API calls made, by "Service.Operation" (e.g. "CloudFormation.DescribeStackEvents"). */
  apiCalls: Readonly<Record<string, number>>;
  poll: {
    state: PollState;
    /** Epoch ms the next poll is due, null when none is scheduled. */
    nextPollAt: number | null;
    cloudformation: SourceHealth;
    cloudtrail: SourceHealth;
  };
  /** A fatal problem finding the root stack (e.g. it does not exist); the UI shows it instead of panes. */
  fatal: string | null;
  /** A recorded account (--replay): marked as such on screen, and never polled again once read. */
  replay: {recordedAt: string | null} | null;
  /** What the console worked around while reading (a repeated page token...), oldest first. */
  warnings: readonly string[];
}

export function emptySnapshot(query: string, region: string, profile: string | null = null): Snapshot {
  return {
    version: 0,
    query,
    rootStackId: null,
    stacks: new Map(),
    events: new Map(),
    resourceTotals: new Map(),
    trail: [],
    postMortem: null,
    identity: null,
    region,
    profile,
    apiCalls: {},
    poll: {
      state: 'starting',
      nextPollAt: null,
      cloudformation: {lastSuccessAt: null, lastError: null},
      cloudtrail: {lastSuccessAt: null, lastError: null},
    },
    fatal: null,
    replay: null,
    warnings: [],
  };
}
