import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {hasAws, run, simCliEnv} from '../support/aws-cli-env.js';

const available = await hasAws();
if (!available) console.warn('[sim] `aws` CLI not found: skipping the AWS CLI compatibility test');

describe.skipIf(!available)('the AWS CLI talks to the sim', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({scenario: 'rolled-back'});
  });
  afterAll(() => sim.close());

  const env = simCliEnv();

  it('describe-stacks and lookup-events', async () => {
    const {stdout} = await run('aws', ['cloudformation', 'describe-stacks', '--endpoint-url', sim.url, '--region', 'us-east-2', '--output', 'json'], {
      env,
    });
    const out = JSON.parse(stdout) as {Stacks: {StackName: string; StackStatus: string}[]};
    expect(out.Stacks[0]).toMatchObject({StackName: 'panther-prod', StackStatus: 'ROLLBACK_COMPLETE'});
    const trail = await run(
      'aws',
      [
        'cloudtrail',
        'lookup-events',
        '--endpoint-url',
        sim.url,
        '--region',
        'us-east-2',
        '--output',
        'json',
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=PutBucketEncryption',
      ],
      {env},
    );
    expect((JSON.parse(trail.stdout) as {Events: unknown[]}).Events).toHaveLength(1);
  });
});
