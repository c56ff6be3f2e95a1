import {CreateChangeSetCommand, DescribeStackEventsCommand, ExecuteChangeSetCommand} from '@aws-sdk/client-cloudformation';
import {ListBuildsForProjectCommand} from '@aws-sdk/client-codebuild';
import {afterEach, describe, expect, it} from 'vitest';
import {createChangeSet} from '../../source/aws/changesets.js';
import {CodeBuildGateway} from '../../source/aws/codebuild.js';
import {createClients} from '../../source/aws/clients.js';
import {classifyFailure} from '../../source/aws/errors.js';
import {exitCodeOf} from '../../source/errors.js';
import {Gateway} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim, type FaultOptions, type RunningSim} from '../../source/sim/index.js';
import {emptyPostMortemData, loadPostMortem} from '../../source/store/postmortem-loader.js';

// Every fault a user can meet gets one line that names the cause and the fix, and the exit code of
// docs/output-formats.md, through the real SDK against the sim's fault injection.
let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function gatewayOn(faults: FaultOptions, attempts = 2) {
  sim = await startSim({scenario: 'rolled-back', faults});
  const clients = createClients({...simSettings(sim), maxAttempts: attempts, timeouts: {idleMs: 300, totalMs: 2000}});
  return {sim, clients, gateway: new Gateway(clients)};
}

async function failureFrom(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    return classifyFailure(error, {region: 'us-east-2'});
  }
  throw new Error('the call did not fail');
}

describe('words for faults', () => {
  it('an HTML error page (HTTP 500) is named as such, retried, and exits 3: not "Unknown: Unknown"', async () => {
    const {sim, gateway} = await gatewayOn({serverError: true});
    const failure = await failureFrom(() => gateway.describeStack('panther-prod'));
    expect(failure.message).not.toMatch(/Unknown/);
    expect(failure.message).toMatch(/HTTP 500 with a body that is not an AWS error/);
    expect(failure.message).toMatch(/--endpoint-url/);
    expect(exitCodeOf(failure)).toBe(3);
    expect(sim.calls()['CloudFormation.DescribeStacks']).toBe(2);
  });

  it('an answer cut off mid-document is sent again once, and the second answer is used', async () => {
    const {sim, gateway} = await gatewayOn({malformed: {times: 1}}, 1);
    const stack = await gateway.describeStack('panther-prod');
    expect(stack?.stackName).toBe('panther-prod');
    expect(sim.calls()['CloudFormation.DescribeStacks']).toBe(2);
  });

  it('an answer cut off every time ends in one line naming it (CloudTrail JSON too), exit 3', async () => {
    const {gateway} = await gatewayOn({malformed: true}, 1);
    const cfn = await failureFrom(() => gateway.describeStack('panther-prod'));
    expect(cfn.message).toMatch(/^AWS's answer could not be read \(MalformedResponse: the answer \(HTTP 200\) could not be read: .*XML/);
    expect(cfn.message).not.toMatch(/Deserialization error|hidden field/);
    expect(exitCodeOf(cfn)).toBe(3);
    const trail = await failureFrom(() =>
      gateway.lookupEvents({
        attribute: {key: 'EventName', value: 'PutBucketEncryption'},
        startTime: '2026-01-01T00:00:00Z',
        endTime: '2026-01-02T00:00:00Z',
      }),
    );
    expect(trail.message).toMatch(/MalformedResponse/);
  });

  it('a hung connection times out and is retried, then named as a timeout, exit 3', async () => {
    const {sim, gateway} = await gatewayOn({hang: true});
    const failure = await failureFrom(() => gateway.describeStack('panther-prod'));
    expect(failure.message).toMatch(/^Cannot reach AWS \(TimeoutError: .*timed out/);
    expect(exitCodeOf(failure)).toBe(3);
    expect(sim.calls()['CloudFormation.DescribeStacks']).toBe(2);
  });

  it('an endpoint that never starts its answer is given up on after the answer limit, even with a long idle limit', async () => {
    sim = await startSim({scenario: 'rolled-back', faults: {hang: true}});
    const clients = createClients({...simSettings(sim), maxAttempts: 1, timeouts: {idleMs: 60_000, totalMs: 500}});
    const started = Date.now();
    const failure = await failureFrom(() => new Gateway(clients).describeStack('panther-prod'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(failure.message).toMatch(/^Cannot reach AWS \(TimeoutError: .*exceeded the configured 500 ms requestTimeout/);
    expect(exitCodeOf(failure)).toBe(3);
  });

  it('a mistyped stack name is the input (exit 2), as CloudFormation says it', async () => {
    const {gateway} = await gatewayOn({});
    const failure = await failureFrom(() => gateway.clients.cloudformation.send(new DescribeStackEventsCommand({StackName: 'panther-nope'})));
    expect(exitCodeOf(failure)).toBe(2);
    expect(failure.message).toMatch(/^AWS refused the request: Stack .*panther-nope.* does not exist/);
  });

  it('a cut-off answer to a write is never sent again (the write happened): only reads are', async () => {
    sim = await startSim({scenario: 'upgrade', clock: 'manual', faults: {malformed: {times: 1}}});
    const clients = createClients({...simSettings(sim), maxAttempts: 1});
    const roleTemplate = 'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.26.9/template.yml';
    const failure = await failureFrom(() =>
      clients.cloudformation.send(
        new CreateChangeSetCommand({
          StackName: 'panther-deployment-role',
          ChangeSetName: 'panther-console-role',
          TemplateURL: roleTemplate,
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      ),
    );
    expect(failure.message).toMatch(/MalformedResponse/);
    expect(sim.calls()['CloudFormation.CreateChangeSet']).toBe(1);
    clients.destroy();
  });

  it('a change set that already exists or moved on is refused input (exit 2) with what to do', async () => {
    sim = await startSim({scenario: 'upgrade', clock: 'manual'});
    const clients = createClients({...simSettings(sim), maxAttempts: 1});
    const roleTemplate = 'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.26.9/template.yml';
    const create = () =>
      clients.cloudformation.send(
        new CreateChangeSetCommand({
          StackName: 'panther-deployment-role',
          ChangeSetName: 'panther-console-role',
          TemplateURL: roleTemplate,
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      );
    const first = await create();
    const again = await failureFrom(create);
    expect(exitCodeOf(again)).toBe(2);
    expect(again.message).toMatch(/^CloudFormation refused the request \(AlreadyExistsException\): .*Another run may be at work on this stack/);
    sim.clock.advance(60_000);
    const execute = () => clients.cloudformation.send(new ExecuteChangeSetCommand({ChangeSetName: first.Id!}));
    await execute().catch(() => undefined);
    const twice = await failureFrom(execute);
    expect(exitCodeOf(twice)).toBe(2);
    expect(twice.message).toMatch(/InvalidChangeSetStatus.*run the command again to read it afresh/);
    clients.destroy();
  });

  it('a CloudTrail that hangs does not hold back the root cause: the post-mortem says what it knows', async () => {
    const {gateway} = await gatewayOn({hang: {services: ['cloudtrail']}}, 6);
    const root = (await gateway.describeStack('panther-prod'))!;
    const started = Date.now();
    const pm = await loadPostMortem(gateway, root, emptyPostMortemData(), {
      cloudtrail: true,
      region: 'us-east-2',
      apiCalls: () => ({cloudformation: 0, cloudtrail: 0}),
      trailBudgetMs: 800,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(pm.rootCause?.logicalResourceId).toBe('AuditLogsBucket');
    expect(pm.notes.join('\n')).toMatch(/CloudTrail could not be read \(TimeoutError\): CloudTrail did not answer within 1 s/);
  });
});

describe('writes sent twice', () => {
  it('a StartBuild whose answer is lost is retried with the same token: one panther-pulumi build, not two', async () => {
    sim = await startSim({scenario: 'upgrade', clock: 'manual', faults: {lostResponse: {action: 'StartBuild'}}});
    const clients = createClients({...simSettings(sim), maxAttempts: 3});
    const codebuild = new CodeBuildGateway(clients);
    const builds = async () => (await codebuild.client.send(new ListBuildsForProjectCommand({projectName: 'panther-pulumi'}))).ids ?? [];
    const before = await builds();
    const build = await codebuild.startBuild('panther-pulumi');
    // Sent twice (the first answer was lost), started once.
    expect(sim.calls()['CodeBuild.StartBuild']).toBe(2);
    const after = await builds();
    expect(after.length - before.length).toBe(1);
    expect(after).toContain(build.id);
    codebuild.destroy();
    clients.destroy();
  });

  it('a CreateChangeSet whose answer is lost is retried with the same ClientToken: the same change set, not AlreadyExists', async () => {
    sim = await startSim({scenario: 'upgrade', clock: 'manual', faults: {lostResponse: {action: 'CreateChangeSet'}}});
    const clients = createClients({...simSettings(sim), maxAttempts: 3});
    const created = await createChangeSet(clients, {
      stack: 'panther-deployment-role',
      changeSetName: 'panther-console-role-x',
      templateUrl: 'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.26.9/template.yml',
      parameters: [],
      description: 'to 1.26.9',
    });
    expect(sim.calls()['CloudFormation.CreateChangeSet']).toBe(2);
    expect(created.id).toMatch(/changeSet\/panther-console-role-x\//);
    clients.destroy();
  });
});
