// The preflight command as a user runs it: the built CLI against the sim, exit codes, formats, bad input.
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {preflightParams} from '../../source/sim/scenarios/preflight.js';
import {runCli} from '../support/run-cli.js';

let dir: string;
let problems: RunningSim;
let clean: RunningSim;
/** Bad-input runs point here: it must see no call at all. */
let idle: RunningSim;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-'));
  [problems, clean, idle] = await Promise.all([
    startSim({scenario: 'preflight'}),
    startSim({scenario: 'preflight-clean'}),
    startSim({scenario: 'preflight'}),
  ]);
});
afterAll(async () => {
  await Promise.all([problems.close(), clean.close(), idle.close(), rm(dir, {recursive: true, force: true})]);
});

describe.concurrent('preflight on the command line', () => {
  it('exits 1 on the preflight scenario with the bad parameters, with JSON for scripts', async () => {
    const out = await runCli([
      'preflight',
      '--stack-name',
      'panther-prod',
      '--params',
      'examples/params-bad.json',
      '--endpoint-url',
      problems.url,
      '--format',
      'json',
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({stackName: 'panther-prod', region: 'us-east-2', account: '123456789012', version: '1.39.7', result: 'fail'});
    expect(json.summary).toEqual({pass: 5, warn: 9, fail: 16, unknown: 1});
    expect(json.apiCalls).toEqual({sts: 1, cloudformation: 3, iam: 9, s3: 1, organizations: 1, cloudtrail: 9});
    expect(json.checks.find((c: {id: string}) => c.id === 'old-infrastructure.role:PantherAuditRole-us-east-2')).toMatchObject({
      status: 'fail',
      group: 'old-infrastructure',
    });
    // Another account's root can assume the deployment role: read from the same GetRole, no extra call.
    const trust = json.checks.find((c: {id: string}) => c.id === 'permissions.deployment-role-trust');
    expect(trust).toMatchObject({group: 'permissions', title: 'Deployment role trust', status: 'fail'});
    expect(trust.found).toContain('FAIL: account 999988887777');
  });

  it('exits 0 on a clean account with a Key=Value parameters file, one PASS line per check', async () => {
    const file = join(dir, 'params.env');
    await writeFile(
      file,
      preflightParams('good')
        .map(p => `${p.ParameterKey}=${p.ParameterValue}`)
        .join('\n'),
    );
    const out = await runCli(['preflight', '--stack-name', 'panther-prod', '--params', file, '--endpoint-url', clean.url]);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n').filter(l => /^(PASS|WARN|FAIL|UNKNOWN) /.test(l));
    expect(lines).toHaveLength(15);
    for (const line of lines) expect(line).toMatch(/^PASS {4}\S/);
    expect(out.stdout).toContain('Result: PASS: 0 failed, 0 warnings, 15 passed');
    expect(out.stdout).toMatch(
      /^PASS {4}Deployment role trust: PantherDeploymentRole-us-east-2 is an administrator role: .* => treat it as a sensitive administrator role/m,
    );
    expect(out.stdout).toMatch(/API calls: \d+ \(sts 1, cloudformation 1, iam 9, s3 1, organizations 1, cloudtrail 9\)/);
  });

  it('prints Markdown, and a skipped CloudTrail look-up does not fail the run', async () => {
    const out = await runCli([
      'preflight',
      '--stack-name',
      'panther-prod',
      '--params',
      'examples/params-good.json',
      '--endpoint-url',
      clean.url,
      '--format',
      'markdown',
      '--no-cloudtrail',
    ]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('# Preflight of `panther-prod` in us-east-2');
    expect(out.stdout).toContain('| UNKNOWN | SCP denials in CloudTrail | not looked up (--no-cloudtrail) |');
    expect(out.stdout).toContain('## Old infrastructure');
    expect(out.stdout).toMatch(
      /^\| PASS \| Deployment role trust \| PantherDeploymentRole-us-east-2 is an administrator role: .*PASS: the CloudFormation service/m,
    );
  });

  it.each([
    [['preflight'], /preflight needs --stack-name NAME/],
    [['preflight', '--stack-name', '1panther'], /starts with a letter/],
    [['preflight', '--stack-name', 'panther-prod', '--params', 'no-such-file.json'], /--params no-such-file.json: cannot read it \(ENOENT\)/],
    [['preflight', '--stack-name', 'panther-prod', '--to', 'latest'], /--to latest is not a version/],
    [['preflight', '--stack-name', 'panther-prod', '--to', '1.99'], /no recommended patch of 1.99/],
  ])('exits 2 on bad input before any AWS call: %j', async (args, message) => {
    const out = await runCli([...args, '--endpoint-url', idle.url]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
    expect(idle.calls()).toEqual({});
  });

  it('exits 2 on a malformed parameters file', async () => {
    const file = join(dir, 'bad.txt');
    await writeFile(file, 'FirstUserEmail secops@example.com\n');
    const out = await runCli(['preflight', '--stack-name', 'panther-prod', '--params', file, '--endpoint-url', idle.url]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('line 1: expected Key=Value');
  });

  it('ships example parameters files that match the generated ones', async () => {
    for (const kind of ['bad', 'good'] as const) {
      expect(JSON.parse(await readFile(`examples/params-${kind}.json`, 'utf8'))).toEqual(preflightParams(kind));
    }
  });
});
