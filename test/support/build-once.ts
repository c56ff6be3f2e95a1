// Global setup: build dist/ once, so CLI tests run the real executable (bin/panther-console.js) as users do.
// Type errors are the type check's job (npm test runs it first); tsc still emits, so they don't stop the build here.
import {spawnSync} from 'node:child_process';

export default function setup(): void {
  const out = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {encoding: 'utf8'});
  if (out.status !== 0) console.warn(`build for CLI tests reported errors:\n${out.stdout}${out.stderr}`.slice(0, 2000));
}
