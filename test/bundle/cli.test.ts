// The built CLI as a user runs it: bundle on the simulated account, replay offline, help, bad input.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {scenarioNames, startSim, type RunningSim} from '../../source/sim/index.js';
import {runCli} from '../support/run-cli.js';

describe('bundle and --replay through the CLI', () => {
  let sim: RunningSim;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    sim = await startSim({scenario: 'rolled-back'});
    dir = mkdtempSync(join(tmpdir(), 'panther-bundle-'));
    file = join(dir, 'panther-support.json.gz');
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('bundle --mask-account writes a gzip bundle with no account ID in it', async () => {
    const r = await runCli(['bundle', '--stack', 'panther-prod', '--out', file, '--mask-account', '--endpoint-url', sim.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*panther-support\.json\.gz: \d+ API responses, 14 stacks/);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(JSON.parse(text).format).toBe('panther-console-bundle');
    expect(text).not.toContain('123456789012');
  }, 60_000);

  it('postmortem --replay finds the root cause offline, with the exit code of a failure', async () => {
    const r = await runCli(['postmortem', '--replay', file, '--format', 'json'], {AWS_REGION: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''});
    expect(r.code).toBe(1);
    const pm = JSON.parse(r.stdout);
    expect(pm.rootCause.logicalResourceId).toBe('AuditLogsBucket');
    expect(pm.rootCause.deleted).toBe(true);
    expect(pm.stack.id).toContain(':000000000000:stack/panther-prod/');
    expect(pm.deniedCalls.length).toBeGreaterThan(0);
  });

  it('prints text without escape codes when piped, with NO_COLOR and without', async () => {
    for (const env of [{NO_COLOR: '1'}, {}] as Record<string, string>[]) {
      const r = await runCli(['--replay', file, 'postmortem'], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('AuditLogsBucket');
      expect(r.stdout).not.toContain('\x1b');
      expect(r.stderr).not.toContain('\x1b');
    }
  });

  it('preflight refuses a bundle: it cannot check IAM, S3 or Organizations from one (never a false pass)', async () => {
    const r = await runCli(['preflight', '--replay', file, '--stack-name', 'panther-prod']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^panther-console: preflight checks a live account/);
  });

  it('a missing or foreign --replay file is bad input (exit 2, one line)', async () => {
    const missing = await runCli(['postmortem', '--replay', join(dir, 'nope.json.gz')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^panther-console: --replay cannot read .*nope\.json\.gz \(ENOENT\)\.\n$/);
    const foreign = await runCli(['postmortem', '--replay', join(dir, '..')]);
    expect(foreign.code).toBe(2);
  });
});

describe('per-command help', () => {
  it.each(['watch', 'postmortem', 'ladder', 'bundle', 'policy', 'demo', 'sim'])(
    "`%s --help` prints that command's usage and examples",
    async command => {
      const r = await runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`$ panther-console ${command}`);
      expect(r.stdout).toContain('Examples');
      expect(r.stdout).not.toContain('Commands\n');
    },
  );

  it('`help ladder` is `ladder --help`, and --help wins over a mistake on the same line', async () => {
    const help = await runCli(['help', 'ladder']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runCli(['ladder', '--help'])).stdout);
    const despite = await runCli(['ladder', '--out', 'x', '--help']);
    expect(despite.code).toBe(0);
    expect(despite.stdout).toContain('$ panther-console ladder');
  });

  it('`--help` alone prints the global help listing bundle, policy and --replay', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bundle');
    expect(r.stdout).toContain('policy');
    expect(r.stdout).toContain('--replay BUNDLE');
  });

  it.each([[[] as string[]], [['demo']], [['sim']]])('help %j lists every scenario', async command => {
    const r = await runCli([...command, '--help']);
    const listed = /--scenario NAME\s+(?:demo\/sim: |the simulated story: )?([^\n]+(?:\n\s{20,}[^\n]+)*)/.exec(r.stdout)?.[1] ?? '';
    const names = listed.split(/[,\s]+/).filter(w => /^[a-z-]+$/.test(w));
    expect(new Set(names)).toEqual(new Set(scenarioNames));
  });
});

describe('bad input exits 2 with one line on stderr', () => {
  it.each([
    ['an unknown flag', ['postmortem', '--stack', 'x', '--bogus']],
    ['a bad --format value', ['postmortem', '--stack', 'x', '--format', 'yaml']],
    ['postmortem without --stack', ['postmortem']],
    ['postmortem without --stack and no region anywhere', ['postmortem', '--region', '']],
    ['an unknown short flag', ['watch', '-x']],
    ['an unknown demo scenario', ['demo', '--scenario', 'nope']],
    ['a format the command does not print', ['watch', '--stack', 'x', '--format', 'markdown']],
    ['an unknown sim scenario', ['sim', '--scenario', 'nope', '--port', '0']],
    ['bundle without --out', ['bundle', '--stack', 'x']],
    ['bundle without --stack', ['bundle', '--out', 'x.json.gz']],
    ['--replay with --endpoint-url', ['postmortem', '--replay', 'x.json.gz', '--endpoint-url', 'http://127.0.0.1:9']],
  ])('%s', async (_what, args) => {
    const r = await runCli(args, {AWS_ENDPOINT_URL: 'http://127.0.0.1:9'});
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^panther-console: /);
    expect(r.stdout).toBe('');
  });
});
