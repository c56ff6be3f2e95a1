// `cleanup` as a user runs it (the built CLI, no terminal): its exit codes, the one-line refusals, and the JSON it
// prints held to docs/schemas/cleanup.schema.json.
import {readFileSync} from 'node:fs';
import {Ajv2020} from 'ajv/dist/2020.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {runCli} from '../support/run-cli.js';

const schema = new Ajv2020({allErrors: true, strict: true}).compile(
  JSON.parse(readFileSync(new URL('../../docs/schemas/cleanup.schema.json', import.meta.url), 'utf8')),
);

let failed: RunningSim;
let healthy: RunningSim;
beforeAll(async () => {
  [failed, healthy] = await Promise.all([startSim({scenario: 'failed-deploy'}), startSim({scenario: 'healthy'})]);
});
afterAll(async () => {
  await Promise.all([failed.close(), healthy.close()]);
});

const cleanup = (s: RunningSim, ...args: string[]) => runCli(['cleanup', '--stack', 'panther-prod', '--endpoint-url', s.url, ...args]);

describe('panther-console cleanup', () => {
  it('prints the plan and exits 0 without --execute; its JSON holds to the schema', async () => {
    const text = await cleanup(failed);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('dry run: nothing deleted.');
    const json = await cleanup(failed, '--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(schema(doc) ? [] : schema.errors).toEqual([]);
    expect(doc.retained.length).toBeGreaterThan(40);
    // The schema is closed: a key more, or an outcome outside its list, is refused.
    expect(schema({...doc, extra: 1})).toBe(false);
    expect(schema({...doc, executed: {status: 'MAYBE', reason: ''}})).toBe(false);
  }, 60_000);

  it('refuses a deployed stack with one line and exit 2 (its JSON too)', async () => {
    const r = await cleanup(healthy);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^panther-console: panther-prod is CREATE_COMPLETE: a deployed stack, not a failed first deploy\. [^\n]*\n$/);
    const json = await cleanup(healthy, '--format', 'json');
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(schema(doc) ? [] : schema.errors).toEqual([]);
    expect(doc.deletable).toBe(false);
  }, 60_000);

  it('exit 2 for --execute without --approve, a wrong --approve, and --replay; then deletes with --approve (exit 0)', async () => {
    for (const args of [['--execute'], ['--execute', '--approve', 'panther-dev']]) {
      const r = await cleanup(failed, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('--approve panther-prod');
    }
    const replay = await runCli(['cleanup', '--stack', 'panther-prod', '--replay', 'x.json.gz']);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/^panther-console: cleanup reads .* a support bundle holds neither/);
    expect(failed.calls()['CloudFormation.DeleteStack']).toBeUndefined();

    const done = await cleanup(failed, '--execute', '--approve', 'panther-prod', '--interval', '0.25', '--format', 'json');
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('deleting panther-prod: DELETE_COMPLETE');
    const doc = JSON.parse(done.stdout);
    expect(schema(doc) ? [] : schema.errors).toEqual([]);
    expect(doc.executed).toEqual({status: 'DELETE_COMPLETE', reason: ''});
    expect(failed.calls()['CloudFormation.DeleteStack']).toBe(1);
  }, 90_000);

  it('`cleanup --help` shows --approve NAME and the exit codes', async () => {
    const r = await runCli(['cleanup', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--approve NAME');
    expect(r.stdout).toContain("without a terminal: the root stack's name, to delete it");
    expect(r.stdout).toContain('1 cancelled at the prompt, or the delete failed (DELETE_FAILED)');
  });
});
