// The `upgrade` scenario's change sets through the real SDK: nested change sets (IncludeNestedStacks), the changes a
// version makes resource by resource, executing (other change sets deleted), ListChangeSets, and a lost response.
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  type Parameter,
  type ResourceChange,
} from '@aws-sdk/client-cloudformation';
import {describe, expect, it} from 'vitest';
import type {RunningSim} from '../../source/sim/index.js';
import {changeSetsOf, nestedChangeSetsOf} from '../../source/sim/changesets.js';
import {CAPS, MIN, roleUrl, upgradeSimPerTest, url, type Cfn} from './upgrade-sim.js';

const setup = upgradeSimPerTest();

const stackOf = (s: RunningSim, logicalId: string) => s.world.stacks.find(x => x.logicalId === logicalId)!;
const describeCs = (cfn: Cfn, id: string) => cfn.send(new DescribeChangeSetCommand({ChangeSetName: id}));
const change = (cs: DescribeChangeSetCommandOutput, logicalId: string): ResourceChange =>
  cs.Changes!.map(c => c.ResourceChange!).find(r => r.LogicalResourceId === logicalId)!;

async function createReady(s: RunningSim, cfn: Cfn, name: string, version: string, parameters: Parameter[], includeNested = true) {
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'panther-prod',
      ChangeSetName: name,
      TemplateURL: url(version),
      Parameters: parameters,
      Capabilities: [...CAPS],
      IncludeNestedStacks: includeNested,
    }),
  );
  s.clock.advance(10_000);
  return describeCs(cfn, created.Id!);
}

describe('nested change sets', () => {
  it('links every nested stack change to a describable nested change set, down the hierarchy', async () => {
    const {sim: s, cfn, keep} = await setup();
    const created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'to-1-26-9',
        TemplateURL: url('1.26.9'),
        Parameters: keep(['PythonLayerVersionArn']),
        Capabilities: [...CAPS],
        IncludeNestedStacks: true,
      }),
    );
    const pendingNested = nestedChangeSetsOf(s.world, created.Id!)[0];
    expect((await describeCs(cfn, pendingNested.id)).Status).toBe('CREATE_IN_PROGRESS');
    s.clock.advance(10_000);
    const root = await describeCs(cfn, created.Id!);
    expect(root.Status).toBe('CREATE_COMPLETE');
    expect(root.ExecutionStatus).toBe('AVAILABLE');
    expect(root.IncludeNestedStacks).toBe(true);
    expect(root.ParentChangeSetId).toBeUndefined();
    expect(root.Changes!.map(c => c.ResourceChange!.LogicalResourceId)).toEqual([
      'Bootstrap',
      'BootstrapGateway',
      'Appsync',
      'CloudSecurity',
      'Core',
      'Dashboards',
      'LogAnalysis',
      'Onboard',
      'Web',
    ]);
    for (const c of root.Changes!) {
      expect(c.ResourceChange).toMatchObject({Action: 'Modify', ResourceType: 'AWS::CloudFormation::Stack', Replacement: 'False'});
      expect(c.ResourceChange!.ChangeSetId).toMatch(/^arn:aws:cloudformation:us-east-2:123456789012:changeSet\/to-1-26-9-/);
    }

    // LogAnalysis's own change set: the DynamoDB table 1.26 replaces.
    const logAnalysis = stackOf(s, 'LogAnalysis');
    const la = await describeCs(cfn, change(root, 'LogAnalysis').ChangeSetId!);
    expect(la).toMatchObject({
      StackId: logAnalysis.stackId,
      StackName: logAnalysis.name,
      ParentChangeSetId: root.ChangeSetId,
      RootChangeSetId: root.ChangeSetId,
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: 'Executable from root change set',
      IncludeNestedStacks: true,
    });
    expect(change(la, 'AlertsDedupTable')).toEqual({
      PolicyAction: 'ReplaceAndDelete',
      Action: 'Modify',
      LogicalResourceId: 'AlertsDedupTable',
      PhysicalResourceId: 'panther-alerts-dedup',
      ResourceType: 'AWS::DynamoDB::Table',
      Replacement: 'True',
      Scope: ['Properties'],
      Details: [
        {
          Target: {Attribute: 'Properties', Name: 'KeySchema', RequiresRecreation: 'Always'},
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ],
    });
    // The ordinary updates beside it: in place, without a policy action.
    const fn = la.Changes!.map(c => c.ResourceChange!).find(r => r.ResourceType === 'AWS::Lambda::Function')!;
    expect(fn).toMatchObject({Action: 'Modify', Replacement: 'False', Details: [{Target: {Name: 'Code', RequiresRecreation: 'Never'}}]});
    expect(fn.PolicyAction).toBeUndefined();

    // 1.24.3 -> 1.26.9 crosses 1.25 too: the Python layer goes, AlertsApiFunction may be replaced.
    const gateway = await describeCs(cfn, change(root, 'BootstrapGateway').ChangeSetId!);
    const layer = change(gateway, 'PythonLayer');
    expect(layer).toMatchObject({PolicyAction: 'Delete', Action: 'Remove', ResourceType: 'AWS::Lambda::LayerVersion', Scope: [], Details: []});
    expect(layer.Replacement).toBeUndefined();
    const core = await describeCs(cfn, change(root, 'Core').ChangeSetId!);
    expect(change(core, 'AlertsApiFunction')).toMatchObject({
      Action: 'Modify',
      Replacement: 'Conditional',
      Details: [
        {
          Target: {Attribute: 'Properties', Name: 'FunctionName', RequiresRecreation: 'Conditionally'},
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ],
    });
    // Nested stacks of nested stacks get theirs, under their parent's.
    const athena = change(gateway, 'PantherAthenaDDBConnector');
    const connector = await describeCs(cfn, athena.ChangeSetId!);
    expect(connector.ParentChangeSetId).toBe(gateway.ChangeSetId);
    expect(connector.RootChangeSetId).toBe(root.ChangeSetId);
    expect(connector.StackId).toBe(stackOf(s, 'PantherAthenaDDBConnector').stackId);
    const onboard = await describeCs(cfn, change(root, 'Onboard').ChangeSetId!);
    expect(onboard.Changes!.filter(c => c.ResourceChange!.ChangeSetId).map(c => c.ResourceChange!.LogicalResourceId)).toEqual([
      'ComplianceRoles',
      'LogProcessingRole',
      'RealTimeEvents',
    ]);
    // Also findable by name with the nested stack's name.
    const byName = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: la.ChangeSetName, StackName: logAnalysis.name}));
    expect(byName.ChangeSetId).toBe(la.ChangeSetId);
    // Only the root was sent.
    expect(changeSetsOf(s.world).map(c => c.name)).toEqual(['to-1-26-9']);
  });

  it('shows only the version changes a rung crosses', async () => {
    const {sim: s, cfn, keep} = await setup();
    const cs = await createReady(s, cfn, 'to-1-24-12', '1.24.12', keep());
    const la = await describeCs(cfn, change(cs, 'LogAnalysis').ChangeSetId!);
    expect(change(la, 'AlertsDedupTable')).toBeUndefined();
    const gateway = await describeCs(cfn, change(cs, 'BootstrapGateway').ChangeSetId!);
    expect(change(gateway, 'PythonLayer')).toBeUndefined();
    const to27 = await createReady(s, cfn, 'to-1-27-2', '1.27.2', [
      ...keep(['PythonLayerVersionArn']),
      {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: 'arn:aws:kms:us-east-2:123456789012:key/x'},
    ]);
    const bootstrap = await describeCs(cfn, change(to27, 'Bootstrap').ChangeSetId!);
    expect(change(bootstrap, 'ProcessedDataBucket')).toMatchObject({
      Action: 'Modify',
      ResourceType: 'AWS::S3::Bucket',
      Replacement: 'False',
      Details: [{Target: {Name: 'BucketEncryption', RequiresRecreation: 'Never'}}],
    });
  });

  it('without IncludeNestedStacks, lists the nested stacks without change sets', async () => {
    const {sim: s, cfn, keep} = await setup();
    const cs = await createReady(s, cfn, 'flat', '1.24.12', keep(), false);
    expect(cs.IncludeNestedStacks).toBe(false);
    expect(cs.Changes).toHaveLength(9);
    expect(cs.Changes!.every(c => c.ResourceChange!.ChangeSetId === undefined)).toBe(true);
    expect(nestedChangeSetsOf(s.world, cs.ChangeSetId!)).toHaveLength(0);
  });

  it('executes with its root only: nested change sets follow, and the update plays what they showed', async () => {
    const {sim: s, cfn, keep} = await setup();
    const cs = await createReady(s, cfn, 'to-1-26-9', '1.26.9', keep(['PythonLayerVersionArn']));
    const laId = change(cs, 'LogAnalysis').ChangeSetId!;
    await expect(cfn.send(new ExecuteChangeSetCommand({ChangeSetName: laId}))).rejects.toMatchObject({
      name: 'InvalidChangeSetStatusException',
      message: `ChangeSet [${laId}] cannot be executed in its current status of [UNAVAILABLE]`,
    });
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    expect((await describeCs(cfn, laId)).ExecutionStatus).toBe('EXECUTE_IN_PROGRESS');
    s.clock.advance(45 * MIN);
    expect((await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0].StackStatus).toBe('UPDATE_COMPLETE');
    expect((await describeCs(cfn, laId)).ExecutionStatus).toBe('EXECUTE_COMPLETE');
    expect((await describeCs(cfn, cs.ChangeSetId!)).ExecutionStatus).toBe('EXECUTE_COMPLETE');

    // The table was replaced: a new physical resource, the old one deleted in the cleanup.
    const logAnalysis = stackOf(s, 'LogAnalysis');
    const resources = (await cfn.send(new ListStackResourcesCommand({StackName: logAnalysis.stackId}))).StackResourceSummaries!;
    const table = resources.find(r => r.LogicalResourceId === 'AlertsDedupTable')!;
    expect(table.ResourceStatus).toBe('UPDATE_COMPLETE');
    expect(table.PhysicalResourceId).not.toBe('panther-alerts-dedup');
    const events = (await cfn.send(new DescribeStackEventsCommand({StackName: logAnalysis.stackId}))).StackEvents!;
    const tableEvents = events.filter(e => e.LogicalResourceId === 'AlertsDedupTable').reverse();
    expect(tableEvents.map(e => `${e.ResourceStatus} ${e.PhysicalResourceId}`).slice(-5)).toEqual([
      'UPDATE_IN_PROGRESS panther-alerts-dedup',
      `UPDATE_IN_PROGRESS ${table.PhysicalResourceId}`,
      `UPDATE_COMPLETE ${table.PhysicalResourceId}`,
      'DELETE_IN_PROGRESS panther-alerts-dedup',
      'DELETE_COMPLETE panther-alerts-dedup',
    ]);
    expect(tableEvents.at(-5)!.ResourceStatusReason).toBe('Requested update requires the creation of a new physical resource; hence creating one.');
    // The layer is gone.
    const gateway = stackOf(s, 'BootstrapGateway');
    const layerEvents = (await cfn.send(new DescribeStackEventsCommand({StackName: gateway.stackId}))).StackEvents!.filter(
      e => e.LogicalResourceId === 'PythonLayer',
    );
    expect(layerEvents[0].ResourceStatus).toBe('DELETE_COMPLETE');
  });

  it('gives the deployment role stack a change set of its managed policies, no nested ones', async () => {
    const {sim: s, cfn} = await setup();
    const created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-deployment-role',
        ChangeSetName: 'role',
        TemplateURL: roleUrl('1.26.9'),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        IncludeNestedStacks: true,
      }),
    );
    s.clock.advance(10_000);
    const cs = await describeCs(cfn, created.Id!);
    expect(cs.Status).toBe('CREATE_COMPLETE');
    expect(cs.Changes!.map(c => c.ResourceChange)).toEqual(
      ['PantherDeploymentPolicy', 'PantherDeploymentPolicyNetworking'].map(id => ({
        Action: 'Modify',
        LogicalResourceId: id,
        PhysicalResourceId: `arn:aws:iam::123456789012:policy/${id}-us-east-2`,
        ResourceType: 'AWS::IAM::ManagedPolicy',
        Replacement: 'False',
        Scope: ['Properties'],
        Details: [
          {
            Target: {Attribute: 'Properties', Name: 'PolicyDocument', RequiresRecreation: 'Never'},
            Evaluation: 'Static',
            ChangeSource: 'DirectModification',
          },
        ],
      })),
    );
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: created.Id}));
    s.clock.advance(5 * MIN);
    const role = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-deployment-role'}))).Stacks![0];
    expect(role.StackStatus).toBe('UPDATE_COMPLETE');
    expect(role.Description).toBe('PantherDeploymentRole v1.26.9: the IAM role CloudFormation assumes to deploy Panther');
    expect(role.Tags).toEqual([]);
  });
});

describe('ListChangeSets', () => {
  it('lists the stack change sets still active; executing one deletes the others', async () => {
    const {sim: s, cfn, keep} = await setup();
    const list = async (stack = 'panther-prod') => (await cfn.send(new ListChangeSetsCommand({StackName: stack}))).Summaries!;
    expect(await list()).toEqual([]);
    const a = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'panther-prod',
        ChangeSetName: 'a',
        TemplateURL: url('1.24.12'),
        Parameters: keep(),
        Capabilities: [...CAPS],
        IncludeNestedStacks: true,
        Description: 'to 1.24.12',
      }),
    );
    expect((await list()).map(c => [c.ChangeSetName, c.Status, c.ExecutionStatus])).toEqual([['a', 'CREATE_IN_PROGRESS', 'UNAVAILABLE']]);
    s.clock.advance(10_000);
    const b = await createReady(s, cfn, 'b', '1.25.18', keep(['PythonLayerVersionArn']));
    const listed = await list();
    expect(listed.map(c => c.ChangeSetName)).toEqual(['a', 'b']);
    expect(listed[0]).toMatchObject({
      StackId: s.rootStackId,
      StackName: 'panther-prod',
      ChangeSetId: a.Id,
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      Description: 'to 1.24.12',
      IncludeNestedStacks: true,
    });
    expect(listed[0].CreationTime).toBeInstanceOf(Date);
    expect(listed[0].ParentChangeSetId).toBeUndefined();
    // A nested stack lists its nested change sets, with their parent and root.
    const core = stackOf(s, 'Core');
    const nested = await list(core.stackId);
    expect(nested).toHaveLength(2);
    expect(nested.every(c => c.StackId === core.stackId && c.ParentChangeSetId === c.RootChangeSetId)).toBe(true);
    expect(nested.map(c => c.RootChangeSetId)).toEqual([a.Id, b.ChangeSetId]);
    expect(nested[0]).toMatchObject({ExecutionStatus: 'UNAVAILABLE', StatusReason: 'Executable from root change set'});

    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: b.ChangeSetId}));
    expect(await list()).toEqual([]);
    expect(await list(core.stackId)).toEqual([]);
    await expect(describeCs(cfn, a.Id!)).rejects.toMatchObject({name: 'ChangeSetNotFoundException', message: `ChangeSet [${a.Id}] does not exist`});
    expect((await describeCs(cfn, b.ChangeSetId!)).ExecutionStatus).toBe('EXECUTE_IN_PROGRESS');
    expect(s.calls()['CloudFormation.ListChangeSets']).toBe(6);
  });

  it('forgets a deleted change set and its nested ones; a nested one is deleted through its root', async () => {
    const {sim: s, cfn, keep} = await setup();
    const cs = await createReady(s, cfn, 'a', '1.24.12', keep());
    const coreCs = change(cs, 'Core').ChangeSetId!;
    await expect(cfn.send(new DeleteChangeSetCommand({ChangeSetName: coreCs}))).rejects.toMatchObject({name: 'InvalidChangeSetStatusException'});
    await cfn.send(new DeleteChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    await expect(describeCs(cfn, coreCs)).rejects.toMatchObject({name: 'ChangeSetNotFoundException'});
    expect((await cfn.send(new ListChangeSetsCommand({StackName: 'panther-prod'}))).Summaries).toEqual([]);
  });
});

describe('tags', () => {
  it('a change set without Tags leaves the root tags; the nested stacks PantherVersion tags move as each completes', async () => {
    const {sim: s, cfn, keep} = await setup();
    const cs = await createReady(s, cfn, 'to-1-24-12', '1.24.12', keep());
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId}));
    s.clock.advance(45 * MIN);
    const root = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(root.StackStatus).toBe('UPDATE_COMPLETE');
    expect(root.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.3'});
    for (const id of ['Core', 'Onboard', 'ComplianceRoles', 'PantherAthenaDDBConnector']) {
      const nested = (await cfn.send(new DescribeStacksCommand({StackName: stackOf(s, id).stackId}))).Stacks![0];
      expect(nested.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.24.12'});
    }
  });
});

describe('a lost ExecuteChangeSet response', () => {
  it('executes, drops the connection, and the SDK retry meets the executing change set', async () => {
    const {sim: s, cfn: oneShot, keep} = await setup({faults: {lostResponse: {action: 'ExecuteChangeSet', times: 1}}});
    const cs = await createReady(s, oneShot, 'to-1-24-12', '1.24.12', keep());
    s.resetCalls();
    const retrying = new CloudFormationClient({
      region: 'us-east-2',
      endpoint: s.url,
      credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'},
      maxAttempts: 3,
    });
    try {
      await expect(retrying.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId}))).rejects.toMatchObject({
        name: 'InvalidChangeSetStatusException',
        message: `ChangeSet [${cs.ChangeSetId}] cannot be executed in its current status of [EXECUTE_IN_PROGRESS]`,
      });
    } finally {
      retrying.destroy();
    }
    expect(s.calls()).toEqual({'CloudFormation.ExecuteChangeSet': 2});
    expect((await oneShot.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0].StackStatus).toBe('UPDATE_IN_PROGRESS');
    // Used up: the next response arrives.
    await expect(oneShot.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId}))).rejects.toMatchObject({
      name: 'InvalidChangeSetStatusException',
    });
  });

  it('without retries, the caller sees the connection drop although the update started', async () => {
    const {sim: s, cfn, keep} = await setup({faults: {lostResponse: {action: 'ExecuteChangeSet'}}});
    const cs = await createReady(s, cfn, 'to-1-24-12', '1.24.12', keep());
    const err = (await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: cs.ChangeSetId})).then(
      () => null,
      (e: unknown) => e,
    )) as Error & {code?: string};
    expect(String(err.code ?? err.message)).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect((await describeCs(cfn, cs.ChangeSetId!)).ExecutionStatus).toBe('EXECUTE_IN_PROGRESS');
  });
});
