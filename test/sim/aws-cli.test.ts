import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';

const run = promisify(execFile);

async function hasAws(): Promise<boolean> {
  try {
    await run('aws', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const available = await hasAws();
if (!available) console.warn('[sim] `aws` CLI not found: skipping the AWS CLI compatibility test');

describe.skipIf(!available)('the AWS CLI talks to the sim', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({scenario: 'rolled-back'});
  });
  afterAll(() => sim.close());

  // execFile is asynchronous: the sim in this process must keep serving while the CLI waits.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDSIM',
    AWS_SECRET_ACCESS_KEY: 'sim',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_DEFAULT_PROFILE;
  delete env.AWS_SESSION_TOKEN;

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
