import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {defineConfig} from 'vitest/config';
import {BaseSequencer, type TestSpecification} from 'vitest/node';

const TEST_FILES = readdirSync('test', {recursive: true, encoding: 'utf8'})
  .filter(f => /\.test\.tsx?$/.test(f))
  .map(f => join('test', f));
const uses = (file: string, pattern: RegExp): boolean => pattern.test(readFileSync(file, 'utf8'));

/**
 * The tests that need a project of their own, found by what they contain so a new one cannot land in the wrong
 * place: those that run the built CLI (they wait for the build through test/support/cli-ready.ts, directly or via
 * run-cli.ts), and those that mock a module (a mock needs a module graph of its own).
 */
const ISOLATED_TESTS = TEST_FILES.filter(f => uses(f, /support\/(run-cli|cli-ready)\.js'|\bvi\.(do)?mock\(/));

/**
 * Shared-graph tests first (the build runs beside them), then the isolated ones, longest first within each group:
 * the cores are never idle waiting for the build.
 */
class PureFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(f => f.project.name !== 'isolated'), ...sorted.filter(f => f.project.name === 'isolated')];
  }
}

export default defineConfig({
  test: {
    sequence: {sequencer: PureFirst},
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ISOLATED_TESTS,
          // Pure tests share one module graph per worker: importing the SDK and Ink once per worker instead of once
          // per file took the suite's import time from ~80 s to ~15 s. They keep no state between files.
          isolate: false,
        },
      },
      // Builds dist/ once, beside the tests (test/support/build-once.ts); only here, so it runs once per run.
      {extends: true, test: {name: 'isolated', include: ISOLATED_TESTS, globalSetup: ['test/support/build-once.ts']}},
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
