// The `upgrade` scenario's variants through the real SDK: a template deployed out of band (stale PantherVersion tags)
// and an update someone else started a minute before "now".
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import {describe, expect, it} from 'vitest';
import {DEFAULT_EPOCH} from '../../source/sim/index.js';
import {upgradeWorld} from '../../source/sim/scenarios/upgrade.js';
import {CAPS, MIN, upgradeSimPerTest, url, type Cfn} from './upgrade-sim.js';

const setup = upgradeSimPerTest();

const describeStack = async (cfn: Cfn, name: string) => (await cfn.send(new DescribeStacksCommand({StackName: name}))).Stacks![0];
const templateVersion = async (cfn: Cfn, stack = 'panther-prod') => {
  const body = JSON.parse((await cfn.send(new GetTemplateCommand({StackName: stack}))).TemplateBody!) as {
    Description: string;
    Mappings?: {Constants: {Panther: {Version: string}}};
  };
  return body.Mappings?.Constants.Panther.Version ?? body.Description;
};
const keepAll = (params: {ParameterKey?: string}[]): Parameter[] => params.map(p => ({ParameterKey: p.ParameterKey, UsePreviousValue: true}));

describe('deployedTemplateVersion', () => {
  it('deploys a newer template than every PantherVersion tag says', async () => {
    const {sim: s, cfn} = await setup({deployedTemplateVersion: '1.25.18'});
    const root = await describeStack(cfn, 'panther-prod');
    expect(root.StackStatus).toBe('CREATE_COMPLETE');
    expect(root.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    const core = await describeStack(cfn, s.world.stacks.find(x => x.logicalId === 'Core')!.stackId);
    expect(core.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    expect(await templateVersion(cfn)).toBe('v1.25.18');
    expect(root.Description).toBe('Panther v1.25.18');
    const keys = root.Parameters!.map(p => p.ParameterKey);
    expect(keys).not.toContain('PythonLayerVersionArn');
    expect(keys).not.toContain('ConsoleSessionTimeoutMinutes');
    expect(await templateVersion(cfn, 'panther-deployment-role')).toBe(
      'PantherDeploymentRole v1.25.18: the IAM role CloudFormation assumes to deploy Panther',
    );
    // 1.25 has no Python layer in BootstrapGateway.
    expect(Object.keys(s.world.stacks.find(x => x.logicalId === 'BootstrapGateway')!.template.Resources)).not.toContain('PythonLayer');

    // Its own template again changes nothing; going on to 1.26.9 replaces the table but removes no layer.
    const same = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'same',
        TemplateURL: url('1.25.18'),
        Parameters: keepAll(root.Parameters!),
        Capabilities: [...CAPS],
      }),
    );
    const next = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'next',
        TemplateURL: url('1.26.9'),
        Parameters: keepAll(root.Parameters!),
        Capabilities: [...CAPS],
        IncludeNestedStacks: true,
      }),
    );
    s.clock.advance(10_000);
    const sameCs = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: same.Id}));
    expect(sameCs.Status).toBe('FAILED');
    const nextCs = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: next.Id}));
    const nestedOf = async (logicalId: string) =>
      cfn.send(
        new DescribeChangeSetCommand({
          ChangeSetName: nextCs.Changes!.find(c => c.ResourceChange!.LogicalResourceId === logicalId)!.ResourceChange!.ChangeSetId,
        }),
      );
    const gateway = await nestedOf('BootstrapGateway');
    expect(gateway.Changes!.map(c => c.ResourceChange!.Action)).not.toContain('Remove');
    const la = await nestedOf('LogAnalysis');
    expect(la.Changes!.find(c => c.ResourceChange!.LogicalResourceId === 'AlertsDedupTable')!.ResourceChange!.Replacement).toBe('True');
  });

  it('with 1.27 deployed, carries the newer parameters', () => {
    const world = upgradeWorld({seed: 7, t0: DEFAULT_EPOCH, deployedTemplateVersion: '1.27.2'});
    const root = world.stacks.find(x => x.stackId === world.rootStackId)!;
    expect(root.parameters.ConsoleSessionTimeoutMinutes).toBe('60');
    expect(root.parameters.ProcessedDataKmsKeyArn).toMatch(/^arn:aws:kms:us-east-2:123456789012:key\//);
    expect(root.tags.PantherVersion).toBe('1.24.3');
  });
});

describe('inProgressTo', () => {
  it('shows someone else update running at "now", which completes minutes later', async () => {
    const {sim: s, cfn} = await setup({inProgressTo: '1.26.9'});
    expect(s.clock.now()).toBe(DEFAULT_EPOCH);
    const root = await describeStack(cfn, 'panther-prod');
    expect(root.StackStatus).toBe('UPDATE_IN_PROGRESS');
    expect(root.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    expect(await templateVersion(cfn)).toBe('v1.26.9');
    const events = (await cfn.send(new DescribeStackEventsCommand({StackName: 'panther-prod'}))).StackEvents!;
    const started = events.find(e => e.LogicalResourceId === 'panther-prod' && e.ResourceStatus === 'UPDATE_IN_PROGRESS')!;
    expect(DEFAULT_EPOCH - started.Timestamp!.getTime()).toBe(MIN);
    expect(events.every(e => e.Timestamp!.getTime() <= DEFAULT_EPOCH)).toBe(true);
    // The role stack is already there.
    const role = await describeStack(cfn, 'panther-deployment-role');
    expect(role.StackStatus).toBe('CREATE_COMPLETE');
    expect(role.Description).toMatch(/^PantherDeploymentRole v1\.26\.9/);
    // Nobody can start another update meanwhile.
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'panther-prod',
          ChangeSetName: 'mine',
          TemplateURL: url('1.26.9'),
          Parameters: keepAll(root.Parameters!),
          Capabilities: [...CAPS],
        }),
      ),
    ).rejects.toMatchObject({message: `Stack:${s.rootStackId} is in UPDATE_IN_PROGRESS state and can not be updated.`});

    const endsAt = s.world.facts.inProgressEndsAt as number;
    expect(endsAt - DEFAULT_EPOCH).toBeGreaterThan(2 * MIN);
    expect(endsAt - DEFAULT_EPOCH).toBeLessThan(40 * MIN);
    expect(s.clock.end).toBeGreaterThanOrEqual(endsAt);
    s.clock.set(endsAt);
    const done = await describeStack(cfn, 'panther-prod');
    expect(done.StackStatus).toBe('UPDATE_COMPLETE');
    expect(done.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    expect(done.Parameters!.map(p => p.ParameterKey)).toContain('ConsoleSessionTimeoutMinutes');
    const core = await describeStack(cfn, s.world.stacks.find(x => x.logicalId === 'Core')!.stackId);
    expect(core.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.26.9'});
  });
});
