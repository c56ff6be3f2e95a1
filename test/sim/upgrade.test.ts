// The `upgrade` scenario through the real SDK: change sets, the update they play on the clock, CodeBuild.
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import {BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand} from '@aws-sdk/client-codebuild';
import {describe, expect, it} from 'vitest';
import type {RunningSim} from '../../source/sim/index.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import type {clients} from './clients.js';
import {CAPS, MIN, upgradeSimPerTest, url} from './upgrade-sim.js';

const simPerTest = upgradeSimPerTest();
async function setup(failRung?: string) {
  const t = await simPerTest(failRung ? {failRung} : {});
  return {...t, keep: t.keep()};
}

async function createAndWait(s: RunningSim, cfn: ReturnType<typeof clients>['cfn'], name: string, version: string, keep: Parameter[]) {
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'panther-prod',
      ChangeSetName: name,
      TemplateURL: url(version),
      Parameters: keep,
      Capabilities: [...CAPS],
      IncludeNestedStacks: true,
    }),
  );
  const pending = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: created.Id}));
  expect(pending.Status).toBe('CREATE_IN_PROGRESS');
  s.clock.advance(10_000);
  return cfn.send(new DescribeChangeSetCommand({ChangeSetName: created.Id}));
}

describe('the upgrade scenario', () => {
  it('starts settled on 1.24.3 with the deployment role stack and Bootstrap outputs', async () => {
    const {sim, cfn, root} = await setup();
    expect(root.StackStatus).toBe('CREATE_COMPLETE');
    expect(root.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    const role = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-deployment-role'}))).Stacks![0];
    expect(role.Description).toMatch(/PantherDeploymentRole v1\.24\.3/);
    const bootstrap = sim.world.stacks.find(s => s.logicalId === 'Bootstrap')!;
    const described = (await cfn.send(new DescribeStacksCommand({StackName: bootstrap.stackId}))).Stacks![0];
    expect(described.Outputs?.map(o => o.OutputKey)).toContain('PantherApiDistributionDomainName');
  });

  it('creates a change set, plays its update on the clock and moves the nested stacks PantherVersion tags, not the root', async () => {
    const {sim: s, cfn, keep} = await setup();
    const cs = await createAndWait(s, cfn, 'to-1-24-12', '1.24.12', keep);
    expect(cs.Status).toBe('CREATE_COMPLETE');
    expect(cs.ExecutionStatus).toBe('AVAILABLE');
    expect(cs.Changes!.map(c => c.ResourceChange!.LogicalResourceId)).toContain('Core');
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    const running = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(running.StackStatus).toBe('UPDATE_IN_PROGRESS');
    s.clock.advance(3 * MIN);
    const core = s.world.stacks.find(x => x.logicalId === 'Core')!;
    const coreEvents = (await cfn.send(new DescribeStackEventsCommand({StackName: core.stackId}))).StackEvents!;
    expect(coreEvents.some(e => e.ResourceStatus?.startsWith('UPDATE_'))).toBe(true);
    s.clock.advance(30 * MIN);
    const done = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(done.StackStatus).toBe('UPDATE_COMPLETE');
    expect(done.LastUpdatedTime).toBeDefined();
    // A change set without Tags leaves the root's own tags as they were.
    expect(done.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    const coreNow = (await cfn.send(new DescribeStacksCommand({StackName: core.stackId}))).Stacks![0];
    expect(coreNow.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.12'});
    const after = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    expect(after.ExecutionStatus).toBe('EXECUTE_COMPLETE');
    // The same template again changes nothing: a FAILED change set that says so.
    const again = await createAndWait(s, cfn, 'again', '1.24.12', keep);
    expect(again.Status).toBe('FAILED');
    expect(again.StatusReason).toMatch(/didn't contain changes/);
    await expect(cfn.send(new ExecuteChangeSetCommand({ChangeSetName: again.ChangeSetId}))).rejects.toThrow(
      /cannot be executed in its current status of \[FAILED\]/,
    );
  });

  it('refuses a change set without the capabilities, and remembers whether Tags were sent', async () => {
    const {sim, cfn, keep} = await setup();
    await expect(
      cfn.send(new CreateChangeSetCommand({StackName: 'panther-prod', ChangeSetName: 'nocaps', TemplateURL: url('1.24.12'), Parameters: keep})),
    ).rejects.toThrow(/Requires capabilities/);
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'tags',
        TemplateURL: url('1.24.12'),
        Parameters: keep,
        Capabilities: [...CAPS],
        Tags: [],
      }),
    );
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'notags',
        TemplateURL: url('1.24.12'),
        Parameters: keep,
        Capabilities: [...CAPS],
      }),
    );
    const sets = changeSetsOf(sim.world);
    expect(sets.find(c => c.name === 'tags')!.tags).toEqual({});
    expect(sets.find(c => c.name === 'notags')!.tags).toBeNull();
  });

  it('fails the chosen rung in Core and rolls back with a real reason', async () => {
    const {sim: s, cfn, keep} = await setup('1.24.12');
    const cs = await createAndWait(s, cfn, 'failing', '1.24.12', keep);
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    s.clock.advance(60 * MIN);
    const root = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(root.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(root.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    const core = s.world.stacks.find(x => x.logicalId === 'Core')!;
    const failed = core.events.filter(e => e.status === 'UPDATE_FAILED' && e.reason !== 'Resource update cancelled');
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatch(/ReservedConcurrentExecutions.*HandlerErrorCode: InvalidRequest/);
    const rootEvents = s.world.stacks[s.world.stacks.findIndex(x => x.stackId === s.rootStackId)].events;
    expect(rootEvents.find(e => e.logicalId === 'Core' && e.status === 'UPDATE_FAILED')!.reason).toMatch(
      /^Embedded stack .* was not successfully updated/,
    );
    const after = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    expect(after.ExecutionStatus).toBe('EXECUTE_FAILED');
  });

  it('serves CodeBuild builds of panther-pulumi through their phases', async () => {
    const {sim: s} = await setup();
    const cb = new CodeBuildClient({
      region: 'us-east-2',
      endpoint: s.url,
      credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'},
      maxAttempts: 1,
    });
    const started = await cb.send(new StartBuildCommand({projectName: 'panther-pulumi'}));
    expect(started.build?.buildStatus).toBe('IN_PROGRESS');
    s.clock.advance(60_000);
    let b = (await cb.send(new BatchGetBuildsCommand({ids: [started.build!.id!]}))).builds![0];
    expect(b.buildStatus).toBe('IN_PROGRESS');
    expect(b.currentPhase).not.toBe('COMPLETED');
    s.clock.advance(10 * MIN);
    b = (await cb.send(new BatchGetBuildsCommand({ids: [started.build!.id!]}))).builds![0];
    expect(b.buildStatus).toBe('SUCCEEDED');
    expect(b.startTime).toBeInstanceOf(Date);
    await expect(cb.send(new StartBuildCommand({projectName: 'nope'}))).rejects.toThrow(/Project cannot be found/);
    expect(s.calls()).toMatchObject({'CodeBuild.StartBuild': 2, 'CodeBuild.BatchGetBuilds': 2});
    cb.destroy();
  });
});
