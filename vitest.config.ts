import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {defineConfig} from 'vitest/config';
import {BaseSequencer, type TestSpecification} from 'vitest/node';

/**
 * The tests that run the built CLI (bin/panther-console.js, dist/): the files that wait for the build
 * (test/support/cli-ready.ts, through run-cli.ts or directly). Found by what they import, so a new one cannot land
 * in the wrong project.
 */
const CLI_TESTS = readdirSync('test', {recursive: true, encoding: 'utf8'})
  .filter(f => /\.test\.tsx?$/.test(f) && /support\/(run-cli|cli-ready)\.js'/.test(readFileSync(join('test', f), 'utf8')))
  .map(f => join('test', f));

/**
 * Pure tests first (the build runs beside them), then the CLI tests, longest first within each group: the two
 * cores are never both idle waiting for the build.
 */
class PureFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(f => f.project.name !== 'cli'), ...sorted.filter(f => f.project.name === 'cli')];
  }
}

export default defineConfig({
  test: {
    // Builds dist/ once, beside the pure tests (test/support/build-once.ts).
    globalSetup: ['test/support/build-once.ts'],
    sequence: {sequencer: PureFirst},
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: CLI_TESTS,
          // Pure tests share one module graph per worker: importing the SDK and Ink once per worker instead of once
          // per file took the suite's import time from ~80 s to ~15 s. They keep no state between files.
          isolate: false,
        },
      },
      {extends: true, test: {name: 'cli', include: CLI_TESTS}},
    ],
    // Ink draws nothing until exit when CI=true; frame tests need it off.
    env: {CI: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: ''},
    testTimeout: 20000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker (cores - 1). Most of the time a test waits (a simulated
    // deploy playing, a CLI process, moto): three workers keep both cores busy (measured: 260 s -> 150 s).
    maxWorkers: 3,
  },
});
