// The AWS CLI (botocore, an independent client) against the failed-deploy scenario: what cleanup's commands and
// reads rely on speaks the wire protocols as the CLI expects (S3 ListObjectVersions paged by its markers, DynamoDB's
// JSON 1.0, DeleteStack and the CLI's own stack-delete-complete waiter).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {hasAws, run, simCliEnv} from '../support/aws-cli-env.js';

const available = await hasAws();
if (!available) console.warn('[sim] `aws` CLI not found: skipping the AWS CLI cleanup test');

describe.skipIf(!available)('the AWS CLI on the failed-deploy scenario', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    // A manual clock at the story's end: the delete moves only when the test says (the CLI's own start-up, a second
    // or more on a loaded machine, must not let it finish before the first look).
    sim = await startSim({scenario: 'failed-deploy', clock: 'manual'});
    sim.clock.set(sim.clock.end);
  });
  afterAll(() => sim.close());

  const env = simCliEnv();
  const aws = async (...args: string[]) =>
    (await run('aws', [...args, '--endpoint-url', sim.url, '--region', 'us-east-2', '--output', 'json'], {env})).stdout;

  it('list-object-versions pages a versioned bucket one entry a request; describe-table reads ItemCount', async () => {
    const bucket = (sim.world.facts.retained as Record<string, string>).versionedBucket;
    const out = JSON.parse(await aws('s3api', 'list-object-versions', '--bucket', bucket, '--page-size', '1')) as {
      Versions: {VersionId: string}[];
      DeleteMarkers: {VersionId: string}[];
    };
    expect(out.Versions).toHaveLength(3);
    expect(out.DeleteMarkers).toHaveLength(1);
    expect(sim.calls()['S3.ListObjectVersions']).toBe(4);
    const table = JSON.parse(await aws('dynamodb', 'describe-table', '--table-name', 'panther-analysis')) as {Table: {ItemCount: number}};
    expect(table.Table.ItemCount).toBe(412);
  }, 60_000);

  it('delete-stack, then the CLI waiter sees the delete complete', async () => {
    await aws('cloudformation', 'delete-stack', '--stack-name', sim.rootStackId);
    const during = JSON.parse(await aws('cloudformation', 'describe-stacks', '--stack-name', 'panther-prod')) as {Stacks: {StackStatus: string}[]};
    expect(during.Stacks[0]!.StackStatus).toBe('DELETE_IN_PROGRESS');
    // Past the delete's end at once (the waiter would otherwise sleep 30 s before its second look).
    sim.clock.advance(10_000);
    await aws('cloudformation', 'wait', 'stack-delete-complete', '--stack-name', sim.rootStackId);
    const out = JSON.parse(await aws('cloudformation', 'describe-stacks', '--stack-name', sim.rootStackId)) as {Stacks: {StackStatus: string}[]};
    expect(out.Stacks[0]!.StackStatus).toBe('DELETE_COMPLETE');
  }, 60_000);
});
