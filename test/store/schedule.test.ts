import {describe, expect, it} from 'vitest';
import {nextPoll, type PollOutcome} from '../../source/store/schedule.js';

const base: PollOutcome = {newEvents: 0, fault: null, running: true, quietPolls: 0, throttledPolls: 0, baseInterval: 2000, random: 0.5};

describe('the poll schedule', () => {
  it.each([
    // [what, outcome, wait, state, quietPolls after]
    ['news while running: the base interval', {newEvents: 3, quietPolls: 9}, 2000, 'waiting', 0],
    ['1st quiet poll while running: still the base interval', {quietPolls: 0}, 2000, 'waiting', 1],
    ['5th quiet poll while running: still the base interval (the grace)', {quietPolls: 4}, 2000, 'waiting', 5],
    ['6th quiet poll while running: 1.25x', {quietPolls: 5}, 2500, 'waiting', 6],
    ['7th quiet poll while running: 1.25^2', {quietPolls: 6}, 3125, 'waiting', 7],
    ['long quiet while running: at most 2x', {quietPolls: 40}, 4000, 'waiting', 41],
    ['1st quiet poll with nothing running: 1.5x', {running: false}, 3000, 'waiting', 1],
    ['long quiet with nothing running: at most 5x', {running: false, quietPolls: 40}, 10_000, 'waiting', 41],
    ['nothing running, long interval: at most 15 s', {running: false, quietPolls: 40, baseInterval: 5000}, 15_000, 'waiting', 41],
    ['a base interval over 15 s is kept', {running: false, quietPolls: 40, baseInterval: 20_000}, 20_000, 'waiting', 41],
    ['network fault: twice the base, quiet count kept', {fault: 'network', quietPolls: 3}, 4000, 'waiting', 3],
    ['expired credentials: twice the base', {fault: 'expired-credentials'}, 4000, 'waiting', 0],
  ] as const)('%s', (_what, outcome, wait, state, quiet) => {
    const next = nextPoll({...base, ...outcome});
    expect(next).toEqual({waitMs: wait, state, quietPolls: quiet, throttledPolls: 0});
  });

  it.each([
    // [throttled polls before, random, wait]: full jitter between the base and a cap doubling from 4 s
    [0, 0.5, 3000],
    [1, 0.5, 5000],
    [2, 0.5, 9000],
    [3, 0.5, 17_000],
    [4, 0.5, 31_000],
    [0, 0, 2000],
    [0, 0.999, 3998],
    // 30 intervals at most: a minute at 2 s
    [5, 0.999, 59_942],
    [12, 0.999, 59_942],
  ])('throttled after %i throttled polls (random %d): %i ms', (before, random, wait) => {
    const next = nextPoll({...base, fault: 'throttled', throttledPolls: before, random});
    expect(next).toEqual({waitMs: wait, state: 'backing-off', quietPolls: 0, throttledPolls: before + 1});
  });

  it('caps the backoff at a minute even when 30 intervals are longer', () => {
    // 30 x 5 s = 150 s; the cap is 60 s.
    expect(nextPoll({...base, baseInterval: 5000, fault: 'throttled', throttledPolls: 10, random: 0.999}).waitMs).toBe(59_945);
    expect(nextPoll({...base, baseInterval: 5000, fault: 'throttled', throttledPolls: 10, random: 1 - 1e-9}).waitMs).toBeLessThanOrEqual(60_000);
  });

  it('a user with fast polls gets a shorter ceiling (30 intervals)', () => {
    expect(nextPoll({...base, baseInterval: 500, fault: 'throttled', throttledPolls: 20, random: 0.999}).waitMs).toBe(14_986);
  });

  it('an answer after throttling resets the throttled count', () => {
    expect(nextPoll({...base, throttledPolls: 6, newEvents: 1}).throttledPolls).toBe(0);
  });
});
