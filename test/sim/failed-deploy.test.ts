// The failed-deploy scenario and what cleanup needs of the sim, through the real SDK clients: DeletionPolicy Retain
// (DELETE_SKIPPED) in the rollback, DeleteStack played on the clock, and the data services that say whether a
// retained resource still exists and what it holds.
import {
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {CloudWatchLogsClient, DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {DescribeKeyCommand, KMSClient} from '@aws-sdk/client-kms';
import {ListObjectVersionsCommand, S3Client} from '@aws-sdk/client-s3';
import {afterEach, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {failedDeployWorld} from '../../source/sim/scenarios/failed-deploy.js';
import {pantherWorld} from '../../source/sim/scenarios/panther-deploy.js';
import type {World} from '../../source/sim/world.js';
import {clients} from './clients.js';

const T0 = Date.UTC(2026, 10, 2, 14, 7, 31);
const sims: RunningSim[] = [];
async function sim(scenario: string, opts: Parameters<typeof startSim>[0] = {}): Promise<RunningSim> {
  const s = await startSim({scenario, ...opts});
  sims.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map(s => s.close()));
});

const config = (s: RunningSim) => ({
  region: 'us-east-2',
  endpoint: s.url,
  credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'},
  maxAttempts: 1,
});
const skipped = (w: World) => w.stacks.flatMap(s => s.events.filter(e => e.status === 'DELETE_SKIPPED'));
const retainedFacts = (w: World) => w.facts.retained as Record<string, string>;

describe('DeletionPolicy Retain in the story engine', () => {
  it('is opt-in: rolled-back has no DELETE_SKIPPED and no DeletionPolicy', () => {
    const w = pantherWorld({scenario: 'rolled-back', seed: 7, t0: T0, failures: true});
    expect(skipped(w)).toEqual([]);
    expect(w.stacks.some(s => Object.values(s.template.Resources).some(r => r.DeletionPolicy))).toBe(false);
  });

  it("leaves Panther's buckets, tables, log groups and keys behind as DELETE_SKIPPED, with nothing before it", () => {
    const w = failedDeployWorld({scenario: 'failed-deploy', seed: 7, t0: T0});
    const kept = skipped(w);
    expect(new Set(kept.map(e => e.resourceType))).toEqual(
      new Set(['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::Logs::LogGroup', 'AWS::KMS::Key']),
    );
    for (const e of kept) {
      const stack = w.stacks.find(s => s.stackId === e.stackId)!;
      const own = stack.events.filter(x => x.logicalId === e.logicalId);
      // Created, then skipped: never DELETE_IN_PROGRESS or DELETE_COMPLETE.
      expect(own.map(x => x.status).filter(s => s.startsWith('DELETE_'))).toEqual(['DELETE_SKIPPED']);
      expect(stack.template.Resources[e.logicalId]?.DeletionPolicy).toBe('Retain');
    }
    // The root-cause bucket (created, then denied its encryption) is retained too.
    expect(kept.some(e => e.logicalId === 'AuditLogsBucket')).toBe(true);
    // Everything else is still deleted, and every nested stack still goes.
    expect(w.stacks.filter(s => s.parentId).every(s => s.events.at(-1)!.status === 'DELETE_COMPLETE')).toBe(true);
  });

  it('keeps the rolled-back story otherwise: the same stacks, root cause and statuses', () => {
    const plain = pantherWorld({scenario: 'x', seed: 7, t0: T0, failures: true});
    const kept = failedDeployWorld({scenario: 'x', seed: 7, t0: T0});
    expect(kept.stacks.map(s => s.stackId)).toEqual(plain.stacks.map(s => s.stackId));
    expect(kept.facts.rootCause).toEqual(plain.facts.rootCause);
    expect(kept.stacks.map(s => s.events.at(-1)!.status)).toEqual(plain.stacks.map(s => s.events.at(-1)!.status));
  });
});

describe('DeleteStack', () => {
  it('deletes a ROLLBACK_COMPLETE root by ARN: DELETE_IN_PROGRESS (User Initiated), then DELETE_COMPLETE a few seconds later', async () => {
    const s = await sim('failed-deploy', {clock: 'manual', startAt: 0});
    s.clock.set(s.clock.end);
    const {cfn} = clients(s);
    const before = s.world.stacks[0].events.length;
    await cfn.send(new DeleteStackCommand({StackName: s.rootStackId}));
    const events = s.world.stacks[0].events.slice(before);
    expect(events.map(e => [e.status, e.reason])).toEqual([
      ['DELETE_IN_PROGRESS', 'User Initiated'],
      ['DELETE_COMPLETE', ''],
    ]);
    const gap = events[1].time - events[0].time;
    expect(gap).toBeGreaterThanOrEqual(1500);
    expect(gap).toBeLessThanOrEqual(4000);
    // The retained resources stay skipped: the root has none of its own to delete (its nested stacks are gone).
    const describe = async () => (await cfn.send(new DescribeStacksCommand({StackName: s.rootStackId}))).Stacks![0];
    expect((await describe()).StackStatus).toBe('DELETE_IN_PROGRESS');
    expect((await describe()).LastOperations?.[0]?.OperationType).toBe('DELETE_STACK');
    s.clock.advance(gap);
    const done = await describe();
    expect(done.StackStatus).toBe('DELETE_COMPLETE');
    expect(done.DeletionTime).toBeInstanceOf(Date);
    // The name is free: DescribeStacks by name finds nothing; ListStacks shows it deleted.
    await expect(cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id panther-prod does not exist',
    });
    const listed = await cfn.send(new ListStacksCommand({StackStatusFilter: ['DELETE_COMPLETE']}));
    expect(listed.StackSummaries?.find(x => x.StackId === s.rootStackId)?.StackStatus).toBe('DELETE_COMPLETE');
    const newest = (await cfn.send(new DescribeStackEventsCommand({StackName: s.rootStackId}))).StackEvents![0];
    expect(newest).toMatchObject({ResourceStatus: 'DELETE_COMPLETE', LogicalResourceId: 'panther-prod'});
  });

  it('sets a fixed clock playing so the delete completes in real time', async () => {
    const s = await sim('failed-deploy');
    expect(s.clock.mode).toBe('fixed');
    expect(s.clock.speed()).toBe(0);
    await clients(s).cfn.send(new DeleteStackCommand({StackName: s.rootStackId}));
    expect(s.clock.speed()).toBe(1);
  });

  it('succeeds and does nothing for a name no live stack has, and again for a deleted stack', async () => {
    const s = await sim('rolled-back', {clock: 'manual'});
    s.clock.set(s.clock.end);
    const {cfn} = clients(s);
    const counts = s.world.stacks.map(x => x.events.length);
    await cfn.send(new DeleteStackCommand({StackName: 'no-such-stack'}));
    const onboard = s.world.stacks.find(x => x.logicalId === 'Onboard')!;
    await cfn.send(new DeleteStackCommand({StackName: onboard.stackId}));
    expect(s.world.stacks.map(x => x.events.length)).toEqual(counts);
    expect(s.calls()['CloudFormation.DeleteStack']).toBe(2);
  });

  it('refuses a stack in the middle of an operation, as AWS does', async () => {
    const s = await sim('first-deploy', {clock: 'manual', startAt: 60_000});
    const {cfn} = clients(s);
    await expect(cfn.send(new DeleteStackCommand({StackName: 'panther-prod'}))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Stack [panther-prod] cannot be deleted while in status CREATE_IN_PROGRESS',
    });
  });

  it('deletes a healthy tree: nested stacks first, every resource deleted, none skipped without Retain', async () => {
    const s = await sim('healthy', {clock: 'manual'});
    s.clock.set(s.clock.end);
    const {cfn} = clients(s);
    await cfn.send(new DeleteStackCommand({StackName: 'panther-prod'}));
    s.clock.advance(60 * 60_000);
    const root = (await cfn.send(new DescribeStacksCommand({StackName: s.rootStackId}))).Stacks![0];
    expect(root.StackStatus).toBe('DELETE_COMPLETE');
    for (const stack of s.world.stacks.filter(x => x.parentId)) {
      expect(stack.events.at(-1)!.status, stack.name).toBe('DELETE_COMPLETE');
      expect(stack.events.some(e => e.status === 'DELETE_SKIPPED')).toBe(false);
    }
  });

  it("deletes a REVIEW_IN_PROGRESS stack (a CREATE change set never executed: a declined deploy's)", async () => {
    const s = await sim('deploy', {clock: 'manual'});
    const {cfn} = clients(s);
    const created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'declined',
        ChangeSetType: 'CREATE',
        TemplateURL: 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.31.1/panther.yml',
        Parameters: [
          {ParameterKey: 'FirstUserEmail', ParameterValue: 'secops@example.com'},
          {ParameterKey: 'PulumiSecretArn', ParameterValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:pulumi-a1b2c3'},
          {ParameterKey: 'PulumiSecretKeyArn', ParameterValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:pulumi-key-d4e5f6'},
          {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: 'arn:aws:kms:us-east-2:123456789012:key/0b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e'},
        ],
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
      }),
    );
    await cfn.send(new DeleteStackCommand({StackName: created.StackId}));
    s.clock.advance(10_000);
    const stack = (await cfn.send(new DescribeStacksCommand({StackName: created.StackId}))).Stacks![0]!;
    expect(stack.StackStatus).toBe('DELETE_COMPLETE');
    await expect(cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).rejects.toMatchObject({name: 'ValidationError'});
  });

  it('ends DELETE_FAILED with the reason a scenario plants', async () => {
    const s = await sim('failed-deploy', {clock: 'manual'});
    s.clock.set(s.clock.end);
    s.world.deleteFailures = {'panther-prod': 'Role arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 is invalid or cannot be assumed'};
    const {cfn} = clients(s);
    await cfn.send(new DeleteStackCommand({StackName: s.rootStackId}));
    s.clock.advance(10_000);
    const root = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(root.StackStatus).toBe('DELETE_FAILED');
    expect(root.StackStatusReason).toMatch(/cannot be assumed/);
  });
});

describe('the data services of the retained resources', () => {
  it('S3 ListObjectVersions: versions and delete markers of a versioned bucket, page by page; an empty bucket; NoSuchBucket', async () => {
    const s = await sim('failed-deploy');
    const facts = retainedFacts(s.world);
    const s3 = new S3Client({...config(s), forcePathStyle: true});
    const first = await s3.send(new ListObjectVersionsCommand({Bucket: facts.versionedBucket, MaxKeys: 1}));
    expect(first.IsTruncated).toBe(true);
    expect(first.Versions).toHaveLength(1);
    expect(first.Versions![0]).toMatchObject({Key: 'logs/aws_cloudtrail/part-0001.json.gz', IsLatest: true});
    expect(first.Versions![0]!.VersionId).not.toBe('null');
    // Every entry, paging by the markers.
    const seen: string[] = [];
    let marker: {KeyMarker?: string; VersionIdMarker?: string} = {};
    for (let i = 0; i < 10; i++) {
      const page = await s3.send(new ListObjectVersionsCommand({Bucket: facts.versionedBucket, MaxKeys: 1, ...marker}));
      seen.push(...(page.Versions ?? []).map(v => `v:${v.VersionId}`), ...(page.DeleteMarkers ?? []).map(d => `d:${d.VersionId}`));
      if (!page.IsTruncated) break;
      marker = {KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker};
    }
    expect(seen).toHaveLength(4);
    expect(seen.filter(x => x.startsWith('d:'))).toHaveLength(1);

    const unversioned = await s3.send(new ListObjectVersionsCommand({Bucket: facts.bucketWithObjects, MaxKeys: 1}));
    expect(unversioned.Versions![0]!.VersionId).toBe('null');
    const audit = s.world.buckets!.find(b => b.name.startsWith('panther-auditlogs-'))!;
    const empty = await s3.send(new ListObjectVersionsCommand({Bucket: audit.name, MaxKeys: 1}));
    expect(empty.Versions ?? []).toEqual([]);
    expect(empty.DeleteMarkers ?? []).toEqual([]);
    expect(empty.IsTruncated).toBe(false);
    await expect(s3.send(new ListObjectVersionsCommand({Bucket: facts.goneBucket, MaxKeys: 1}))).rejects.toMatchObject({
      name: 'NoSuchBucket',
      $metadata: {httpStatusCode: 404},
    });
    expect(s.calls()['S3.ListObjectVersions']).toBeGreaterThanOrEqual(7);
  });

  it('DynamoDB DescribeTable: ItemCount of a table, ResourceNotFoundException for one that is gone', async () => {
    const s = await sim('failed-deploy');
    const ddb = new DynamoDBClient(config(s));
    const loaded = await ddb.send(new DescribeTableCommand({TableName: 'panther-analysis'}));
    expect(loaded.Table).toMatchObject({TableName: 'panther-analysis', TableStatus: 'ACTIVE', ItemCount: 412});
    expect(loaded.Table!.CreationDateTime).toBeInstanceOf(Date);
    const empty = await ddb.send(new DescribeTableCommand({TableName: 'panther-users'}));
    expect(empty.Table!.ItemCount).toBe(0);
    await expect(ddb.send(new DescribeTableCommand({TableName: 'panther-nope'}))).rejects.toMatchObject({name: 'ResourceNotFoundException'});
    expect(s.calls()['DynamoDB.DescribeTable']).toBe(3);
  });

  it('CloudWatch Logs DescribeLogGroups: storedBytes by prefix, paged', async () => {
    const s = await sim('failed-deploy');
    const logs = new CloudWatchLogsClient(config(s));
    const one = await logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/aws/lambda/panther-cfn'}));
    expect(one.logGroups?.map(g => [g.logGroupName, g.storedBytes])).toEqual([['/aws/lambda/panther-cfn', 18_944]]);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/aws/lambda/', limit: 10, nextToken}));
      names.push(...(page.logGroups ?? []).map(g => g.logGroupName!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names.length).toBe(Object.keys(s.world.retainedContents!.logGroups!).length);
    expect(new Set(names).size).toBe(names.length);
    expect((await logs.send(new DescribeLogGroupsCommand({logGroupNamePrefix: '/aws/lambda/nope'}))).logGroups).toEqual([]);
  });

  it('KMS DescribeKey: KeyState (PendingDeletion with its date), NotFoundException', async () => {
    const s = await sim('failed-deploy');
    const kms = new KMSClient(config(s));
    const pending = await kms.send(new DescribeKeyCommand({KeyId: retainedFacts(s.world).pendingKey}));
    expect(pending.KeyMetadata).toMatchObject({KeyState: 'PendingDeletion', Enabled: false});
    expect(pending.KeyMetadata!.DeletionDate).toBeInstanceOf(Date);
    await expect(kms.send(new DescribeKeyCommand({KeyId: '00000000-0000-0000-0000-000000000000'}))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('answers AccessDenied for a call the scenario denies', async () => {
    const s = await sim('failed-deploy');
    s.world.denied = ['DynamoDB.DescribeTable', 'S3.ListObjectVersions'];
    const ddb = new DynamoDBClient(config(s));
    await expect(ddb.send(new DescribeTableCommand({TableName: 'panther-analysis'}))).rejects.toMatchObject({name: 'AccessDeniedException'});
    const s3 = new S3Client({...config(s), forcePathStyle: true});
    await expect(s3.send(new ListObjectVersionsCommand({Bucket: retainedFacts(s.world).versionedBucket}))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('the failed-deploy scenario', () => {
  it('plants non-empty buckets, a bucket deleted by hand, an empty table and a loaded one, a log group with bytes, a pending key', () => {
    const w = failedDeployWorld({scenario: 'failed-deploy', seed: 7, t0: T0});
    const facts = retainedFacts(w);
    expect(w.buckets!.map(b => b.name)).not.toContain(facts.goneBucket);
    expect(w.buckets!.map(b => b.name)).toContain(facts.versionedBucket);
    expect(w.retainedContents!.objects![facts.bucketWithObjects]!.length).toBeGreaterThan(0);
    const tables = w.retainedContents!.tables!;
    expect(Object.values(tables).some(t => t.itemCount === 0)).toBe(true);
    expect(tables[facts.loadedTable]!.itemCount).toBeGreaterThan(0);
    expect(w.retainedContents!.logGroups![facts.logGroupWithBytes]!.storedBytes).toBeGreaterThan(0);
    expect(w.retainedContents!.keys![facts.pendingKey]!.state).toBe('PendingDeletion');
    expect(w.stacks[0].events.at(-1)!.status).toBe('ROLLBACK_COMPLETE');
  });

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(failedDeployWorld({scenario: 'f', seed: 7, t0: T0}))).toBe(
      JSON.stringify(failedDeployWorld({scenario: 'f', seed: 7, t0: T0})),
    );
  });
});
