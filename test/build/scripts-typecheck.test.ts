// bench/ and scripts/ are JavaScript that imports dist/: they are type-checked (checkJs) against dist's
// declarations, so a changed signature in source/ fails here instead of in the next benchmark run.
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {cliReady} from '../support/cli-ready.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('bench/ and scripts/', () => {
  beforeAll(cliReady, 180_000);

  it('type-check against the built modules', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.scripts.json'], {cwd: root, encoding: 'utf8'});
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
