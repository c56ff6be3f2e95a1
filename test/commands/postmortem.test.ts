import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {runCli} from '../support/run-cli.js';

// The post-mortem as a user runs it: the built CLI, the real SDK clients, the sim on an ephemeral port.
let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const postmortem = (s: RunningSim, ...extra: string[]) =>
  runCli(['postmortem', '--stack', 'panther-prod', '--endpoint-url', s.url, '--format', 'json', ...extra]);

describe('postmortem on a rolled-back first deploy', () => {
  it('names the deleted nested-of-nested stack, the SCP deny, the denied CloudTrail call, and exits 1', async () => {
    sim = await startSim({scenario: 'rolled-back'});
    const out = await postmortem(sim);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
    const pm = JSON.parse(out.stdout);
    expect(Object.keys(pm)).toEqual(['stack', 'operation', 'rootCause', 'chain', 'otherFailures', 'deniedCalls', 'apiCalls']);
    expect(pm.stack).toMatchObject({name: 'panther-prod', status: 'ROLLBACK_COMPLETE'});
    expect(pm.operation).toMatchObject({type: 'CREATE', outcome: 'ROLLED_BACK'});
    expect(pm.rootCause).toMatchObject({
      logicalResourceId: 'AuditLogsBucket',
      resourceType: 'AWS::S3::Bucket',
      status: 'CREATE_FAILED',
      category: 'scp-deny',
      deleted: true,
    });
    expect(pm.rootCause.stackName).toMatch(/^panther-prod-Onboard-\w+-LogProcessingRole-\w+$/);
    expect(pm.chain.map((l: {logicalResourceId: string}) => l.logicalResourceId)).toEqual(['Onboard', 'LogProcessingRole', 'AuditLogsBucket']);
    // The later, independent failures are listed, in time order; cancellations are not.
    expect(pm.otherFailures.map((f: {logicalResourceId: string}) => f.logicalResourceId)).toEqual(['PantherAuditRole', 'AlertDeliveryFunction']);
    // Every failure is diagnosed; CloudTrail is read for the root cause only, so no other hint promises it.
    for (const f of pm.otherFailures) {
      expect(f.category).not.toBe('unknown');
      expect(f.hint).not.toMatch(/CloudTrail/);
    }
    expect(pm.deniedCalls).toHaveLength(1);
    expect(pm.rootCause.hint).toContain("CloudTrail's record of the denied call is listed with it");
    expect(pm.deniedCalls[0]).toMatchObject({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketEncryption',
      errorCode: 'AccessDenied',
      denial: 'scp',
    });
    expect(pm.deniedCalls[0].policyArn).toMatch(/service_control_policy\/p-deny4s3$/);
    // Only the failed branches are read: a handful of calls, not the 14 stacks' 2,000 events.
    expect(pm.apiCalls.cloudformation).toBeLessThanOrEqual(20);
    expect(pm.apiCalls.cloudtrail).toBe(1);
    expect(sim.calls()['CloudFormation.DescribeStackEvents'] ?? 0).toBeLessThanOrEqual(3);
  }, 60_000);

  it('gets the same answer through a burst of throttling', async () => {
    // Every call throttled for the first second: the SDK's retries (with their backoff) carry it through.
    sim = await startSim({scenario: 'rolled-back', faults: {throttle: {windows: [{start: 0, end: 1000, basis: 'real'}]}}});
    const out = await postmortem(sim);
    expect(out.code).toBe(1);
    const pm = JSON.parse(out.stdout);
    expect(pm.rootCause.logicalResourceId).toBe('AuditLogsBucket');
    expect(pm.deniedCalls).toHaveLength(1);
    const throttledAndRetried = Object.values(sim.calls()).reduce((a, b) => a + b, 0);
    expect(throttledAndRetried).toBeGreaterThan(pm.apiCalls.cloudformation + pm.apiCalls.cloudtrail - 1);
  }, 60_000);
});

describe('postmortem as text in a pipe', () => {
  it('keeps lines whole (no wrapping), so ARNs can be grepped and copied', async () => {
    sim = await startSim({scenario: 'rolled-back'});
    const out = await runCli(['postmortem', '--stack', 'panther-prod', '--endpoint-url', sim.url]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`  Stack      ${sim.rootStackId}\n`);
    expect(out.stdout).toMatch(/^ {2}1\. panther-prod \/ Onboard CREATE_FAILED: Embedded stack arn:\S+ was not successfully created/m);
    expect(out.stdout).not.toMatch(/\x1b/);
  }, 60_000);
});

describe('postmortem on what is not a failure', () => {
  it('a successful deploy: no root cause, exit 0', async () => {
    sim = await startSim({scenario: 'healthy'});
    const out = await postmortem(sim);
    const pm = JSON.parse(out.stdout);
    expect(pm.rootCause).toBeNull();
    expect(pm.operation.outcome).toBe('SUCCEEDED');
    expect(out.code).toBe(0);
  }, 60_000);

  it('a stack that does not exist: one line on stderr, exit 2', async () => {
    sim = await startSim({scenario: 'rolled-back'});
    const out = await runCli(['postmortem', '--stack', 'panther-nope', '--endpoint-url', sim.url]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^panther-console: Stack panther-nope not found in us-east-2/)]);
  }, 60_000);

  it('AWS unreachable: one line on stderr naming the fix, exit 3', async () => {
    sim = await startSim({scenario: 'rolled-back', faults: {outage: true}});
    const out = await runCli(['postmortem', '--stack', 'panther-prod', '--endpoint-url', sim.url]);
    expect(out.code).toBe(3);
    expect(out.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^panther-console: Cannot reach AWS .*--endpoint-url/)]);
  }, 60_000);

  it('expired credentials: one line on stderr naming the fix, exit 3', async () => {
    sim = await startSim({scenario: 'rolled-back', faults: {expiredToken: true}});
    // A real profile with static keys (the SSO case reads the same), no keys in the environment.
    const dir = await mkdtemp(join(tmpdir(), 'aws-'));
    await writeFile(join(dir, 'credentials'), '[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = prod\n');
    await writeFile(join(dir, 'config'), '[profile prod]\nregion = us-east-2\n');
    const out = await runCli(['postmortem', '--stack', 'panther-prod', '--endpoint-url', sim.url, '--profile', 'prod'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
    });
    expect(out.code).toBe(3);
    expect(out.stderr.trim().split('\n')).toEqual([expect.stringMatching(/expired or invalid \(ExpiredToken\).*aws sso login --profile prod/)]);
  }, 60_000);
});
