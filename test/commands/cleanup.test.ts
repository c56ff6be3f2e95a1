// `cleanup` on the simulated account, through the real SDK clients: the plan of the failed-deploy scenario (every
// retained resource, whether it exists and holds data, its command; no write), the stacks it refuses, and
// --execute: the root deleted by ARN after --approve or the typed name, nothing deleted otherwise.
import {CreateChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand, type Parameter} from '@aws-sdk/client-cloudformation';
import {afterEach, describe, expect, it} from 'vitest';
import {classifyFailure} from '../../source/aws/errors.js';
import {cleanupCommand, type CleanupDeps, type CleanupFlags} from '../../source/commands/cleanup.js';
import {InputError} from '../../source/errors.js';
import {CleanupJsonSchema, type CleanupJson} from '../../source/report/cleanup-json-schema.js';
import {startSim, type RunningSim, type SimOptions} from '../../source/sim/index.js';
import {testContext, unpaced} from '../support/console-context.js';
import {clients} from '../sim/clients.js';

const sims: RunningSim[] = [];
async function sim(scenario: string, opts: SimOptions = {}): Promise<RunningSim> {
  const s = await startSim({scenario, ...opts});
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map(s => s.close()));
});

const DEPLOY_PARAMS: Parameter[] = [
  {ParameterKey: 'FirstUserEmail', ParameterValue: 'secops@example.com'},
  {ParameterKey: 'PulumiSecretArn', ParameterValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:pulumi-a1b2c3'},
  {ParameterKey: 'PulumiSecretKeyArn', ParameterValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:pulumi-key-d4e5f6'},
  {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: 'arn:aws:kms:us-east-2:123456789012:key/0b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e'},
];

const flags = (over: Partial<CleanupFlags>): CleanupFlags => ({format: 'text', cloudtrail: true, bell: true, interval: 0.2, ...over});

async function run(s: RunningSim, f: Partial<CleanupFlags>, opts: {interactive?: boolean; deps?: CleanupDeps} = {}) {
  const t = testContext(
    {region: s.region, endpointUrl: s.url, credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'}},
    {interactive: opts.interactive ?? false},
  );
  try {
    const code = await cleanupCommand(t.ctx, flags({stack: 'panther-prod', ...f}), {limiter: unpaced, signal: {aborted: false}, ...opts.deps});
    return {code, out: t.out(), err: t.err(), error: null as unknown};
  } catch (error) {
    return {code: null, out: t.out(), err: t.err(), error};
  } finally {
    t.clients.destroy();
  }
}

/** Requests that change something: none may be sent without --execute and a confirmation. */
const writes = (s: RunningSim) => Object.keys(s.calls()).filter(k => /\.(Create|Delete|Execute|Update|Put|Schedule|Start)/.test(k));
const retained = (s: RunningSim) => s.world.facts.retained as Record<string, string>;
const skippedCount = (s: RunningSim) => s.world.stacks.flatMap(x => x.events).filter(e => e.status === 'DELETE_SKIPPED').length;

describe('cleanup: the plan of a failed first deploy (no --execute)', () => {
  it('prints the root to delete by ARN and every retained resource with its state and command, and writes nothing', async () => {
    const s = await sim('failed-deploy');
    const r = await run(s, {});
    expect(r.error).toBeNull();
    expect(r.code).toBe(0);
    const facts = retained(s);
    expect(r.out).toContain(`panther-prod (us-east-2): a failed first deploy, ROLLBACK_COMPLETE`);
    expect(r.out).toContain(`aws cloudformation delete-stack --stack-name ${s.rootStackId} --region us-east-2`);
    expect(r.out).toContain(`Retained by the rollback (DeletionPolicy Retain): ${skippedCount(s)} resources in 8 stacks; `);
    // Not empty first: the versioned bucket (no --force: its versions first), the bucket with objects (--force).
    const notEmpty = r.out.slice(r.out.indexOf('Not empty: look before you delete: 4'), r.out.indexOf('Still there'));
    expect(notEmpty).toContain(`Bootstrap/ProcessedDataBucket  AWS::S3::Bucket  ${facts.versionedBucket}`);
    expect(notEmpty).toContain(`aws s3 rb s3://${facts.versionedBucket} --region us-east-2\n`);
    expect(notEmpty).toContain(
      'not empty: holds object versions or delete markers (versioned); empty it of every object version and delete marker first',
    );
    expect(notEmpty).toContain(`aws s3 rb s3://${facts.bucketWithObjects} --force --region us-east-2`);
    expect(notEmpty).toContain('Core/AnalysisTable  AWS::DynamoDB::Table  panther-analysis\n    412 items (ItemCount is approximate');
    expect(notEmpty).toContain(`Core/CfnLogGroup  AWS::Logs::LogGroup  ${facts.logGroupWithBytes}\n    18,944 bytes of log data stored`);
    // Empty ones with their commands; the gone bucket and the pending key: nothing to do.
    expect(r.out).toContain('Onboard/LogProcessingRole/AuditLogsBucket  AWS::S3::Bucket  panther-auditlogs-123456789012-us-east-2\n    aws s3 rb');
    expect(r.out).toContain(
      'Core/UsersTable  AWS::DynamoDB::Table  panther-users\n    aws dynamodb delete-table --table-name panther-users --region us-east-2',
    );
    const nothing = r.out.slice(r.out.indexOf('Nothing to do: 2'));
    expect(nothing).toContain(`${facts.goneBucket}\n    gone (deleted since): nothing to do`);
    expect(nothing).toMatch(new RegExp(`${facts.pendingKey}\\n {4}already scheduled for deletion on \\S+ \\(PendingDeletion\\): nothing to do`));
    expect(r.out).toContain('dry run: nothing deleted. To delete panther-prod: panther-console cleanup --stack panther-prod --execute');
    // Reads only: one per bucket, table and key, one listing of the log groups; no write of any kind.
    expect(writes(s)).toEqual([]);
    const calls = s.calls();
    expect(calls['S3.ListObjectVersions']).toBe(s.world.buckets!.length + 1);
    expect(calls['DynamoDB.DescribeTable']).toBe(Object.keys(s.world.retainedContents!.tables!).length);
    expect(calls['KMS.DescribeKey']).toBe(2);
    expect(calls['Logs.DescribeLogGroups']).toBe(1);
    expect(r.out).toMatch(
      new RegExp(
        `API calls: CloudFormation \\d+, S3 ${calls['S3.ListObjectVersions']}, DynamoDB ${calls['DynamoDB.DescribeTable']}, CloudWatch Logs 1, KMS 2, IAM 0`,
      ),
    );
  });

  it('--format json: the documented shape, one entry per DELETE_SKIPPED resource, API calls as the account counted them', async () => {
    const s = await sim('failed-deploy');
    const r = await run(s, {format: 'json'});
    expect(r.code).toBe(0);
    const doc: CleanupJson = CleanupJsonSchema.parse(JSON.parse(r.out));
    expect(doc.stack).toEqual({name: 'panther-prod', id: s.rootStackId, status: 'ROLLBACK_COMPLETE'});
    expect(doc).toMatchObject({deletable: true, refusal: null, executed: null});
    expect(doc.rootCommand).toBe(`aws cloudformation delete-stack --stack-name ${s.rootStackId} --region us-east-2`);
    expect(doc.retained).toHaveLength(skippedCount(s));
    const facts = retained(s);
    const entry = (id: string) => doc.retained.find(x => x.physicalResourceId === id)!;
    expect(entry(facts.goneBucket)).toMatchObject({exists: false, empty: null, command: '', detail: 'gone (deleted since): nothing to do'});
    expect(entry(facts.versionedBucket)).toMatchObject({
      exists: true,
      empty: false,
      command: `aws s3 rb s3://${facts.versionedBucket} --region us-east-2`,
    });
    expect(entry('panther-analysis')).toMatchObject({
      exists: true,
      empty: false,
      resourceType: 'AWS::DynamoDB::Table',
      logicalResourceId: 'AnalysisTable',
    });
    expect(entry('panther-analysis').detail).toMatch(/approximate: DynamoDB updates it about every 6 hours/);
    expect(entry('panther-users')).toMatchObject({exists: true, empty: true});
    expect(entry(facts.pendingKey)).toMatchObject({exists: true, empty: null, command: ''});
    const audit = entry('panther-auditlogs-123456789012-us-east-2');
    expect(audit.stackName).toMatch(/^panther-prod-Onboard-\w+-LogProcessingRole-\w+$/);
    expect(audit.stackId).toBe(s.world.stacks.find(x => x.logicalId === 'LogProcessingRole')!.stackId);
    const calls = s.calls();
    const sum = (prefix: string) => Object.entries(calls).reduce((n, [k, v]) => n + (k.startsWith(prefix) ? v : 0), 0);
    expect(doc.apiCalls).toEqual({
      cloudformation: sum('CloudFormation.'),
      s3: sum('S3.'),
      dynamodb: sum('DynamoDB.'),
      logs: sum('Logs.'),
      kms: sum('KMS.'),
      iam: 0,
    });
  });

  it('says a denied read for each resource it concerns and reads the rest', async () => {
    const s = await sim('failed-deploy');
    s.world.denied = ['DynamoDB.DescribeTable'];
    const r = await run(s, {format: 'json'});
    expect(r.code).toBe(0);
    const doc = CleanupJsonSchema.parse(JSON.parse(r.out));
    const tables = doc.retained.filter(x => x.resourceType === 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(1);
    for (const t of tables) {
      expect(t).toMatchObject({exists: null, empty: null});
      expect(t.detail).toMatch(/^could not check: dynamodb:DescribeTable denied \(AccessDeniedException\)/);
      expect(t.command).toBe(`aws dynamodb delete-table --table-name ${t.physicalResourceId} --region us-east-2`);
    }
    expect(doc.retained.find(x => x.physicalResourceId === retained(s).versionedBucket)).toMatchObject({exists: true, empty: false});
  });

  it('ends with AWS trouble (exit 3) when the credentials expire mid-way, instead of reporting every resource unchecked', async () => {
    const s = await sim('failed-deploy');
    s.setFaults({expiredToken: {services: ['s3']}});
    const r = await run(s, {});
    expect(r.code).toBeNull();
    expect(classifyFailure(r.error, {}).failureKind).toBe('aws');
  });
});

describe('cleanup refuses any stack that is not a failed first deploy (exit 2, one line)', () => {
  it.each([
    ['healthy', 'panther-prod', /^panther-prod is CREATE_COMPLETE: a deployed stack, not a failed first deploy/],
    ['update-rollback', 'panther-staging', /^panther-staging is UPDATE_ROLLBACK_COMPLETE, updated since its first deploy: a deployed stack/],
    ['upgrade', 'panther-prod', /^panther-prod is (CREATE|UPDATE)_COMPLETE: a deployed stack/],
  ])('the %s scenario root (%s)', async (scenario, name, message) => {
    const s = await sim(scenario, scenario === 'upgrade' ? {clock: 'manual'} : {});
    const r = await run(s, {stack: name, execute: true, approve: name});
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(message);
    expect(r.out).toBe('');
    expect(writes(s)).toEqual([]);
    // Refused before anything else is read.
    expect(Object.keys(s.calls()).every(k => k.startsWith('CloudFormation.'))).toBe(true);
  });

  it('a nested stack, by its ARN, naming the root', async () => {
    const s = await sim('failed-deploy');
    const core = s.world.stacks.find(x => x.logicalId === 'Core')!;
    const r = await run(s, {stack: core.stackId});
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toMatch(new RegExp(`^${core.name} is a nested stack of panther-prod: .*\\(--stack panther-prod\\)\\.$`));
  });

  it('prints the refusal in JSON too (deletable false, nothing read) before the one line', async () => {
    const s = await sim('healthy');
    const r = await run(s, {format: 'json'});
    expect(r.error).toBeInstanceOf(InputError);
    const doc = CleanupJsonSchema.parse(JSON.parse(r.out));
    expect(doc).toMatchObject({deletable: false, retained: [], executed: null});
    expect(doc.refusal).toBe((r.error as Error).message);
  });
});

describe('cleanup --execute', () => {
  it('--approve panther-prod deletes the root by ARN: DELETE_COMPLETE by ARN afterwards, and the name finds nothing', async () => {
    const s = await sim('failed-deploy');
    const r = await run(s, {execute: true, approve: 'panther-prod'});
    expect(r.error).toBeNull();
    expect(r.code).toBe(0);
    expect(r.err).toContain('deleting panther-prod: DELETE_IN_PROGRESS (User Initiated)\n');
    expect(r.err).toContain('deleting panther-prod: DELETE_COMPLETE\n');
    expect(r.out).toContain(`deleted: panther-prod is DELETE_COMPLETE (${s.rootStackId}); the name panther-prod is free for a new deploy.`);
    expect(r.out).toMatch(/The \d+ retained resources listed above stay/);
    expect(writes(s)).toEqual(['CloudFormation.DeleteStack']);
    expect(s.calls()['CloudFormation.DeleteStack']).toBe(1);
    const {cfn} = clients(s);
    const byArn = await cfn.send(new DescribeStacksCommand({StackName: s.rootStackId}));
    expect(byArn.Stacks![0]!.StackStatus).toBe('DELETE_COMPLETE');
    await expect(cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).rejects.toMatchObject({
      message: 'Stack with id panther-prod does not exist',
    });
    // The retained resources are untouched: the account still holds them.
    expect(s.world.buckets!.map(b => b.name)).toContain(retained(s).versionedBucket);
  }, 30_000);

  it('--format json reports what the delete came to', async () => {
    const s = await sim('failed-deploy');
    const r = await run(s, {execute: true, approve: 'panther-prod', format: 'json'});
    expect(r.code).toBe(0);
    expect(CleanupJsonSchema.parse(JSON.parse(r.out)).executed).toEqual({status: 'DELETE_COMPLETE', reason: ''});
  }, 30_000);

  it('refuses a wrong --approve, naming the stack, and deletes nothing', async () => {
    const s = await sim('failed-deploy');
    const r = await run(s, {execute: true, approve: 'panther-dev'});
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as Error).message).toBe('--approve panther-dev does not name the stack to delete: it is panther-prod (--approve panther-prod).');
    expect(r.out).toBe('');
    expect(writes(s)).toEqual([]);
  });

  it('without a terminal and without --approve: exit 2, nothing deleted', async () => {
    const s = await sim('failed-deploy');
    const r = await run(s, {execute: true});
    expect((r.error as Error).message).toBe(
      "cleanup --execute without a terminal needs --approve panther-prod (the root stack's name), to delete it.",
    );
    expect(writes(s)).toEqual([]);
  });

  it('on a terminal: the typed name deletes; anything else cancels (exit 1, nothing deleted)', async () => {
    const s = await sim('failed-deploy');
    const questions: string[] = [];
    const cancelled = await run(s, {execute: true}, {interactive: true, deps: {ask: async q => (questions.push(q), 'panther-pro')}});
    expect(cancelled.code).toBe(1);
    expect(questions).toEqual([`Delete panther-prod (${s.rootStackId})? Type its name to confirm, anything else cancels: `]);
    expect(cancelled.out).toContain('cancelled: nothing deleted (panther-prod is still ROLLBACK_COMPLETE).');
    expect(writes(s)).toEqual([]);
    const closed = await run(s, {execute: true}, {interactive: true, deps: {ask: async () => null}});
    expect(closed.code).toBe(1);
    expect(writes(s)).toEqual([]);
    const typed = await run(s, {execute: true}, {interactive: true, deps: {ask: async () => 'panther-prod'}});
    expect(typed.code).toBe(0);
    expect(s.calls()['CloudFormation.DeleteStack']).toBe(1);
  }, 30_000);

  it('DELETE_FAILED: exit 1 with the reason', async () => {
    const s = await sim('failed-deploy');
    s.world.deleteFailures = {'panther-prod': 'Role arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 is invalid or cannot be assumed'};
    const r = await run(s, {execute: true, approve: 'panther-prod'});
    expect(r.code).toBe(1);
    expect(r.err).toContain('deleting panther-prod: DELETE_FAILED (Role arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 is invalid');
    expect(r.out).toContain(
      'delete failed: panther-prod is DELETE_FAILED: Role arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 is invalid',
    );
  }, 30_000);

  it("after deploy's failing first create: deletes the ROLLBACK_COMPLETE root, and the name takes a new create", async () => {
    const s = await sim('failing-deploy', {clock: 'manual'});
    const {cfn} = clients(s);
    const create = (name: string) =>
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'panther-prod',
          ChangeSetName: name,
          ChangeSetType: 'CREATE',
          TemplateURL: 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.31.1/panther.yml',
          Parameters: DEPLOY_PARAMS,
          Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
        }),
      );
    const first = await create('first');
    s.clock.advance(10_000);
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: first.Id}));
    s.clock.advance(120 * 60_000);
    // The manual clock moves while the command waits for the delete.
    const ticking = setInterval(() => s.clock.advance(1_000), 20);
    const r = await run(s, {execute: true, approve: 'panther-prod'}).finally(() => clearInterval(ticking));
    expect(r.error).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out).toContain('panther-prod (us-east-2): a failed first deploy, ROLLBACK_COMPLETE');
    expect(r.out).toContain('deleted: panther-prod is DELETE_COMPLETE');
    const second = await create('second');
    expect(second.StackId).not.toBe(first.StackId);
  }, 30_000);

  it('a deleted root is refused afterwards, pointing at what it retained', async () => {
    const s = await sim('failed-deploy');
    expect((await run(s, {execute: true, approve: 'panther-prod'})).code).toBe(0);
    const again = await run(s, {});
    expect((again.error as Error).message).toMatch(/^panther-prod is already deleted \(DELETE_COMPLETE, .*\): there is nothing left to delete/);
  }, 30_000);
});
