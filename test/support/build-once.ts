// Global setup of the `isolated` project: builds dist/ once (tsc's modules with their declarations, and the CLI
// bundle) so the CLI tests run the real executable as users do. The build runs beside the tests instead of before
// them: pure tests start at once, and a CLI test waits for it (cliReady() in cli-ready.ts). Type errors are the
// type check's job (npm test runs it first); tsc still emits, so they don't stop the bundle here.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {buildMarker} from './build-marker.js';

let child: ChildProcess | null = null;

export default function setup(): () => void {
  // A run of pure tests only (no CLI test among them) may skip the build: PANTHER_TEST_NO_BUILD=1.
  if (process.env.PANTHER_TEST_NO_BUILD === '1') return () => {};
  // One build per run, however many projects ask for it.
  if (process.env.PANTHER_TEST_BUILD_TOKEN) return () => {};
  const token = `${process.pid}-${Date.now()}`;
  // Every test worker inherits it (they are forked after this runs): cliReady() finds this run's markers by it.
  process.env.PANTHER_TEST_BUILD_TOKEN = token;
  const marker = buildMarker(token);
  mkdirSync(marker.dir, {recursive: true});
  const script = `npx tsc -p tsconfig.build.json; node scripts/bundle.js || exit 1`;
  child = spawn('sh', ['-c', script], {stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  child.on('close', code => {
    child = null;
    writeFileSync(code === 0 ? marker.done : marker.failed, output);
  });
  return () => {
    child?.kill('SIGKILL');
    rmSync(marker.done, {force: true});
    rmSync(marker.failed, {force: true});
  };
}
