// Files named on the command line are read with a limit, whatever size they claim: a device or a pipe that never
// ends is refused in one line (exit 2), not read until memory runs out.
import {describe, expect, it} from 'vitest';
import {readCatalogFlag} from '../../source/commands/input-files.js';
import {exitCodeOf} from '../../source/errors.js';
import {readBundle} from '../../source/report/bundle.js';

const refusal = async (read: Promise<unknown>): Promise<string> => {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(exitCodeOf(error)).toBe(2);
  return (error as Error).message;
};

describe('bounded reads of user files', () => {
  it('--catalog /dev/zero is refused past 1 MB', async () => {
    expect(await refusal(readCatalogFlag('/dev/zero'))).toMatch(/^--catalog \/dev\/zero is larger than 1 MB/);
  });

  it('--replay /dev/zero is refused past the bundle cap (its size says 0)', async () => {
    expect(await refusal(readBundle('/dev/zero'))).toMatch(/^\/dev\/zero is larger than 200 MB: not a bundle/);
  }, 60_000);
});
