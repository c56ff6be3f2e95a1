import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {cliReady} from '../support/cli-ready.js';

// The bundle users run must carry React's and Ink's production builds. The development builds diff every
// changed prop deeply for the profiler and keep each render's performance.measure() entry: on the large scenario's
// 22,000-event timeline the full-screen watch grew to 2.7 GB RSS (240 MB with the production builds).
const dir = fileURLToPath(new URL('../../dist/bundle/', import.meta.url));

describe('the CLI bundle', () => {
  let text = '';
  beforeAll(async () => {
    await cliReady();
    text = readdirSync(dir)
      .filter(f => f.endsWith('.js'))
      .map(f => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
  }, 180_000);

  it('holds no React development build', () => {
    expect(text).not.toContain('Referentially unequal but deeply equal');
    expect(text).not.toMatch(/react(-reconciler|-dom)?\.development/);
  });

  it('decided NODE_ENV at build time (no process.env.NODE_ENV checks left for React to take the slow path)', () => {
    expect(text).not.toContain('process.env.NODE_ENV');
  });
});
