// Waits for the build the `cli` project's global setup started (build-once.ts): the built CLI exists when it
// resolves, and a failed build fails the test with tsc's or esbuild's words.
import {existsSync, readFileSync} from 'node:fs';
import {buildMarker} from './build-marker.js';

let ready: Promise<void> | null = null;

export function cliReady(): Promise<void> {
  ready ??= waitForBuild();
  return ready;
}

async function waitForBuild(): Promise<void> {
  const token = process.env.PANTHER_TEST_BUILD_TOKEN;
  // PANTHER_TEST_NO_BUILD=1: dist/ is taken as it is.
  if (!token) return;
  const marker = buildMarker(token);
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (existsSync(marker.done)) return;
    if (existsSync(marker.failed)) throw new Error(`building the CLI failed:\n${readFileSync(marker.failed, 'utf8').slice(0, 4000)}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('the CLI build did not finish within 3 minutes');
}
