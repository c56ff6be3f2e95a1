// Global setup: build dist/ once (tsc's modules and the CLI bundle), so CLI tests run the real executable
// (bin/panther-console.js) as users do. Type errors are the type check's job (npm test runs it first); tsc still
// emits, so they don't stop the bundle here.
import {spawnSync} from 'node:child_process';

export default function setup(): void {
  // A run of pure tests only (no CLI test among them) may skip the build: PANTHER_TEST_NO_BUILD=1.
  if (process.env.PANTHER_TEST_NO_BUILD === '1') return;
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {encoding: 'utf8'});
  if (tsc.status !== 0) console.warn(`build for CLI tests reported errors:\n${tsc.stdout}${tsc.stderr}`.slice(0, 2000));
  const bundle = spawnSync('node', ['scripts/bundle.js'], {encoding: 'utf8'});
  if (bundle.status !== 0) throw new Error(`bundling the CLI failed:\n${bundle.stdout}${bundle.stderr}`);
}
