import {describe, expect, it} from 'vitest';
import {postMortemRefresh, type RefreshInput} from '../../source/store/postmortem-refresh.js';

const MIN = 60_000;
const T = 100 * MIN;
// A post-mortem held for operation A: an access denial whose denied call CloudTrail has not delivered yet.
const denial: RefreshInput = {
  key: 'A:ROLLBACK_COMPLETE',
  heldFor: 'A:ROLLBACK_COMPLETE',
  held: {rootCause: true, deniedCalls: 0},
  heldPartial: false,
  complete: true,
  cloudtrail: true,
  trailReads: 1,
  lastTrailReadAt: T,
  trailFailed: false,
  now: T,
};

describe('when the store recomputes its post-mortem', () => {
  it.each([
    // [what, change, recompute, trailAgain, trailReads]
    ['nothing held yet', {heldFor: null, held: null, trailReads: 0}, true, false, 0],
    ['a new operation key (counts CloudTrail reads from 0)', {key: 'B:ROLLBACK_COMPLETE', trailReads: 3, now: T + 10 * MIN}, true, false, 0],
    ['the same operation, a poll later', {now: T + 2000}, false, false, 1],
    ['an unexplained denial, 4 min 59 s later', {now: T + 5 * MIN - 1000}, false, false, 1],
    ['an unexplained denial, 5 min later: CloudTrail again', {now: T + 5 * MIN}, true, true, 1],
    ['an unexplained denial after 3 reads, 5 min later: the 4th', {trailReads: 3, now: T + 5 * MIN}, true, true, 3],
    ['an unexplained denial after 4 reads: never again', {trailReads: 4, now: T + 60 * MIN}, false, false, 4],
    ['the denied call found: never again', {held: {rootCause: true, deniedCalls: 1}, now: T + 60 * MIN}, false, false, 1],
    ['no root cause: never again', {held: {rootCause: false, deniedCalls: 0}, now: T + 60 * MIN}, false, false, 1],
    ['CloudTrail off: never', {cloudtrail: false, now: T + 60 * MIN}, false, false, 1],
    ['a failed look-up, 59 s later: not yet', {trailFailed: true, trailReads: 4, now: T + MIN - 1000}, false, false, 4],
    ['a failed look-up, a minute later: retried', {trailFailed: true, trailReads: 4, now: T + MIN}, true, false, 4],
    ['a failed look-up with CloudTrail off: never', {trailFailed: true, cloudtrail: false, now: T + 10 * MIN}, false, false, 1],
    ['made from the failed branches, the rest still unread', {heldPartial: true, complete: false, now: T + 2000}, false, false, 1],
    ['made from the failed branches, every history read now (same count)', {heldPartial: true, complete: true, now: T + 2000}, true, false, 1],
  ] as const)('%s', (_what, change, recompute, trailAgain, trailReads) => {
    expect(postMortemRefresh({...denial, ...change})).toEqual({recompute, trailAgain, trailReads});
  });

  it('reads CloudTrail again every 5 minutes, 4 reads in all, over a long watch polled every 2 s', () => {
    let state = {...denial, trailReads: 0, heldFor: null as string | null, held: null as RefreshInput['held']};
    let reads = 0;
    const readAt: number[] = [];
    for (let now = T; now < T + 60 * MIN; now += 2000) {
      const d = postMortemRefresh({...state, now});
      if (!d.recompute) {
        state = {...state, trailReads: d.trailReads};
        continue;
      }
      // The first computation reads CloudTrail (never read for this root cause); later ones only when told to.
      const reads0 = state.heldFor === null || d.trailAgain;
      state = {...state, heldFor: state.key, held: {rootCause: true, deniedCalls: 0}, trailReads: d.trailReads};
      if (reads0) {
        reads++;
        readAt.push((now - T) / MIN);
        state = {...state, trailReads: state.trailReads + 1, lastTrailReadAt: now};
      }
    }
    expect(reads).toBe(4);
    expect(readAt).toEqual([0, 5, 10, 15]);
  });
});
