// When the store computes its post-mortem again, and whether that reads CloudTrail again: a pure rule. CloudTrail
// delivers ~5 minutes late, so an access denial with no denied call yet is worth another look, but a bounded one.

/** Between CloudTrail re-reads while an access denial has no denied call yet. */
export const TRAIL_REREAD_MS = 5 * 60_000;
/** CloudTrail reads of one operation at most (the first included). */
export const TRAIL_READS_MAX = 4;
/** Between retries of a CloudTrail look-up that failed (one that hangs must not slow every poll). */
export const TRAIL_RETRY_MS = 60_000;

export interface RefreshInput {
  /** The root's operation (and outcome) now; see ConsoleStore.operationKey. */
  key: string;
  /** What the post-mortem held is about, null when none is held. */
  heldFor: string | null;
  /** The post-mortem held, as far as this rule cares. */
  held: {rootCause: boolean; deniedCalls: number} | null;
  /** The held one was made from the failed branches alone, before every stack's history was read. */
  heldPartial: boolean;
  /** Every stack's history is read now. */
  complete: boolean;
  cloudtrail: boolean;
  /** CloudTrail reads made for `heldFor`. */
  trailReads: number;
  lastTrailReadAt: number;
  /** The last CloudTrail look-up failed. */
  trailFailed: boolean;
  now: number;
}

export interface RefreshDecision {
  recompute: boolean;
  /** The recomputation reads CloudTrail even though it was read for this root cause. */
  trailAgain: boolean;
  /** CloudTrail reads so far for the operation the recomputation is about. */
  trailReads: number;
}

export function postMortemRefresh(i: RefreshInput): RefreshDecision {
  // A new operation (or outcome) starts its CloudTrail count again.
  const trailReads = i.heldFor === i.key ? i.trailReads : 0;
  const since = i.now - i.lastTrailReadAt;
  const denialUnexplained = i.cloudtrail && !!i.held?.rootCause && i.held.deniedCalls === 0;
  const trailAgain = denialUnexplained && trailReads > 0 && trailReads < TRAIL_READS_MAX && since >= TRAIL_REREAD_MS;
  // Not marked read when it failed: the recomputation tries again by itself (see loadPostMortem's trailQueriedFor).
  const trailRetry = i.cloudtrail && !!i.held?.rootCause && i.trailFailed && since >= TRAIL_RETRY_MS;
  const current = i.heldFor === i.key && i.held !== null && !(i.heldPartial && i.complete);
  return {recompute: !current || trailAgain || trailRetry, trailAgain, trailReads};
}
