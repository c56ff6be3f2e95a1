// The post-mortem's reading of failed nested stacks on shapes real accounts have: a child whose reason is on its own
// rollback event (a read of failed events alone misses it), and a child that can no longer be read.
import {afterEach, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {Gateway} from '../../source/aws/gateway.js';
import {buildContext} from '../../source/commands/context.js';
import {computePostMortem} from '../../source/commands/postmortem.js';
import {simSettings} from '../../source/commands/sim.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {plantedFailuresWorld, type PlantedFailure} from '../../source/sim/scenarios/planted-failures.js';
import {ConsoleStore} from '../../source/store/store.js';
import {runCli} from '../support/run-cli.js';

let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function postMortemOf(failures: PlantedFailure[]) {
  const world = plantedFailuresWorld({t0: DEFAULT_EPOCH, failures});
  sim = await startSim({world, clock: 'fixed'});
  const ctx = await buildContext(simSettings(sim));
  return computePostMortem(ctx, world.rootStackName, {format: 'json', cloudtrail: false, bell: false});
}

describe('failed nested stacks as real accounts have them', () => {
  it("finds a child's own rollback reason that its failed events do not carry, and diagnoses it", async () => {
    const pm = await postMortemOf([
      {
        key: 'exports',
        resourceType: 'AWS::CloudFormation::Stack',
        status: 'ROLLBACK_IN_PROGRESS',
        reason: 'No export named panther-bootstrap-Vpc found. Rollback requested by user.',
      },
    ]);
    expect(pm.rootCause).toMatchObject({reason: 'No export named panther-bootstrap-Vpc found. Rollback requested by user.', category: 'dependency'});
    expect(pm.rootCause!.hint).toContain('panther-bootstrap-Vpc');
  });

  it('stops the chain at the parent when a nested stack can no longer be read, and says so', async () => {
    const gone = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-old-Core-1X/0a1b2c3d-0000-4000-8000-000000000000';
    const pm = await postMortemOf([
      {
        key: 'gone',
        resourceType: 'AWS::CloudFormation::Stack',
        status: 'CREATE_FAILED',
        physicalResourceId: gone,
        reason: 'Resource handler returned message: "Rate exceeded" (RequestToken: t, HandlerErrorCode: Throttling)',
      },
    ]);
    expect(pm.rootCause).toMatchObject({physicalResourceId: gone, category: 'internal'});
    expect(pm.notes.join('\n')).toContain(`The events of nested stack ${gone} were not fetched`);
  });
});

describe('the update-rollback demo', () => {
  it('diagnoses the ECS deployment circuit breaker as a service that did not stabilise, with where to look', async () => {
    sim = await startSim({scenario: 'update-rollback'});
    const out = await runCli(['postmortem', '--stack', 'panther-staging', '--endpoint-url', sim.url, '--format', 'json']);
    const pm = JSON.parse(out.stdout);
    expect(pm.rootCause).toMatchObject({logicalResourceId: 'WebService', category: 'timeout'});
    expect(pm.rootCause.hint).toMatch(/^The ECS service \S+-WebService-\S+ did not stabilise: its deployment circuit breaker/);
    expect(pm.rootCause.hint).toContain('aws ecs list-tasks --cluster panther-web --service-name');
    expect(pm.rootCause.hint).not.toMatch(/AWS's side|deploy again/);
  }, 60_000);
});

async function storeOn(failures: PlantedFailure[]) {
  const world = plantedFailuresWorld({t0: DEFAULT_EPOCH, failures});
  sim = await startSim({world, clock: 'fixed'});
  const clients = createClients({...simSettings(sim), maxAttempts: 1, callsPerSecond: {cloudformation: 10_000, cloudtrail: 10_000}});
  const store = new ConsoleStore(new Gateway(clients), {query: world.rootStackName, region: sim.region, cloudtrail: false, resourceTotals: false});
  const told: string[] = [];
  store.watch({onEvents: events => told.push(...events.map(e => e.eventId))});
  await store.pollOnce();
  await store.pollOnce();
  clients.destroy();
  return {snap: store.getSnapshot(), told, world};
}

describe("the console on a child's own rollback reason", () => {
  it('finds it from the failed branches first, and tells every event once', async () => {
    const {snap, told, world} = await storeOn([
      {
        key: 'exports',
        resourceType: 'AWS::CloudFormation::Stack',
        status: 'ROLLBACK_IN_PROGRESS',
        reason: 'No export named panther-bootstrap-Vpc found. Rollback requested by user.',
      },
      {key: 'bucket', resourceType: 'AWS::S3::Bucket', status: 'CREATE_FAILED', reason: 'panther-data-123 already exists'},
    ]);
    const reasons = [snap.postMortem!.rootCause!, ...snap.postMortem!.otherFailures].map(f => f.reason).sort();
    expect(reasons).toEqual(['No export named panther-bootstrap-Vpc found. Rollback requested by user.', 'panther-data-123 already exists']);
    const all = world.stacks.flatMap(s => s.events.map(e => e.eventId));
    expect([...told].sort()).toEqual([...all].sort());
    for (const list of snap.events.values()) expect(list.map(e => e.timestamp)).toEqual([...list.map(e => e.timestamp)].sort());
  });
});

describe('the console on a nested stack that can no longer be read', () => {
  it('keeps running and explains the rest, instead of giving up on the whole root', async () => {
    const gone = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-old-Core-1X/0a1b2c3d-0000-4000-8000-000000000000';
    const world = plantedFailuresWorld({
      t0: DEFAULT_EPOCH,
      failures: [
        {
          key: 'gone',
          resourceType: 'AWS::CloudFormation::Stack',
          status: 'CREATE_FAILED',
          physicalResourceId: gone,
          reason: 'Resource handler returned message: "Rate exceeded" (RequestToken: t, HandlerErrorCode: Throttling)',
        },
        {key: 'bucket', resourceType: 'AWS::S3::Bucket', status: 'CREATE_FAILED', reason: 'panther-data-123 already exists'},
      ],
    });
    sim = await startSim({world, clock: 'fixed'});
    const clients = createClients({...simSettings(sim), maxAttempts: 1, callsPerSecond: {cloudformation: 10_000, cloudtrail: 10_000}});
    const store = new ConsoleStore(new Gateway(clients), {query: world.rootStackName, region: sim.region, cloudtrail: false, resourceTotals: false});
    await store.pollOnce();
    await store.pollOnce();
    const snap = store.getSnapshot();
    clients.destroy();
    expect(snap.fatal).toBeNull();
    expect(snap.postMortem?.rootCause).not.toBeNull();
    expect(snap.postMortem!.notes.join('\n')).toContain(`The events of nested stack ${gone} were not fetched`);
    const diagnosed = [snap.postMortem!.rootCause!, ...snap.postMortem!.otherFailures].map(f => f.category).sort();
    expect(diagnosed).toEqual(['already-exists', 'internal']);
  });
});

describe('a custom resource that failed', () => {
  it("names its function's log group, read from the ServiceToken in the deleted stack's template", async () => {
    const pm = await postMortemOf([
      {
        key: 'custom',
        resourceType: 'Custom::InitialUser',
        status: 'CREATE_FAILED',
        logicalResourceId: 'CustomInitialUser',
        serviceFunction: 'panther-cfn-custom-resources',
        reason: 'Failed to create resource. See the details in CloudWatch Log Stream: 2026/11/02/[$LATEST]0123456789abcdef',
      },
    ]);
    expect(pm.rootCause).toMatchObject({logicalResourceId: 'CustomInitialUser', category: 'unknown'});
    expect(pm.rootCause!.hint).toContain(
      'read log stream 2026/11/02/[$LATEST]0123456789abcdef in the log group /aws/lambda/panther-cfn-custom-resources',
    );
  });
});
