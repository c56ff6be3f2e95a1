import {describe, expect, it} from 'vitest';
import {runPollLoop} from '../../source/store/poll-loop.js';

/** A loop over scripted poll results, recording what it slept. */
async function run(results: (number | null)[], doneAfter = Infinity) {
  const slept: number[] = [];
  let polls = 0;
  const last = await runPollLoop({
    poll: async () => results[polls++] ?? null,
    done: () => polls >= doneAfter,
    sleep: async ms => void slept.push(ms),
  });
  return {slept, polls, last};
}

describe('the poll loop', () => {
  it.each([
    ['sleeps what each poll says until one says nothing can change', [2000, 3000, null], Infinity, {slept: [2000, 3000], polls: 3, last: null}],
    ['a first poll that finds nothing to watch: no sleep', [null], Infinity, {slept: [], polls: 1, last: null}],
    ['ends when the caller is done, without sleeping after', [2000, 2000, 2000, 2000], 2, {slept: [2000], polls: 2, last: 2000}],
  ] as const)('%s', async (_what, results, doneAfter, expected) => {
    expect(await run([...results], doneAfter)).toEqual(expected);
  });
});
