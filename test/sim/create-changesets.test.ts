// CREATE change sets on the `deploy` scenarios through the real SDK: the stack appears in REVIEW_IN_PROGRESS, the
// change set lists every resource as an Add (a nested change set per nested stack), executing it plays the create
// live (nested stacks appear as their parent creates them), and `failing-deploy` fails its first create.
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStacksCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import {afterEach, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {clients} from './clients.js';

const URL = (v: string) => `https://panther-enterprise-us-east-2.s3.amazonaws.com/v${v}/panther.yml`;
const CAPS = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;
const PARAMS: Parameter[] = [
  {ParameterKey: 'FirstUserEmail', ParameterValue: 'secops@example.com'},
  {ParameterKey: 'PulumiSecretArn', ParameterValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:pulumi-a1b2c3'},
  {ParameterKey: 'PulumiSecretKeyArn', ParameterValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:pulumi-key-d4e5f6'},
  {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: 'arn:aws:kms:us-east-2:123456789012:key/0b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e'},
];
const MIN = 60_000;

let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start(scenario: string) {
  sim = await startSim({scenario, clock: 'manual'});
  return {sim, cfn: clients(sim).cfn};
}

async function createSet(cfn: ReturnType<typeof clients>['cfn'], name = 'first', parameters = PARAMS) {
  return cfn.send(
    new CreateChangeSetCommand({
      StackName: 'panther-prod',
      ChangeSetName: name,
      ChangeSetType: 'CREATE',
      TemplateURL: URL('1.31.1'),
      Parameters: parameters,
      Capabilities: [...CAPS],
      IncludeNestedStacks: true,
      RoleARN: 'arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2',
    }),
  );
}

const status = async (cfn: ReturnType<typeof clients>['cfn'], id: string) =>
  (await cfn.send(new DescribeStacksCommand({StackName: id}))).Stacks![0].StackStatus;

describe('CREATE change sets', () => {
  it('makes the stack in REVIEW_IN_PROGRESS and lists every resource as an Add, nested stacks with their own change sets', async () => {
    const {sim: s, cfn} = await start('deploy');
    expect((await cfn.send(new ListStacksCommand({}))).StackSummaries!.map(x => x.StackName)).not.toContain('panther-prod');
    const created = await createSet(cfn);
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:us-east-2:123456789012:stack\/panther-prod\//);
    expect(await status(cfn, 'panther-prod')).toBe('REVIEW_IN_PROGRESS');
    s.clock.advance(10_000);
    const cs = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: created.Id}));
    expect(cs.Status).toBe('CREATE_COMPLETE');
    expect(cs.ExecutionStatus).toBe('AVAILABLE');
    const changes = cs.Changes!.map(c => c.ResourceChange!);
    expect(changes.every(c => c.Action === 'Add' && !c.PhysicalResourceId)).toBe(true);
    const core = changes.find(c => c.LogicalResourceId === 'Core')!;
    expect(core.ResourceType).toBe('AWS::CloudFormation::Stack');
    const nested = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: core.ChangeSetId}));
    expect(nested.RootChangeSetId).toBe(created.Id);
    expect(nested.Changes!.length).toBeGreaterThan(5);
    expect(nested.Changes!.some(c => c.ResourceChange!.ResourceType === 'AWS::Lambda::Function')).toBe(true);
  });

  it('refuses a name that is taken, a missing required parameter and missing capabilities, as CloudFormation does', async () => {
    const {cfn} = await start('deploy');
    await expect(createSet(cfn, 'x', PARAMS.slice(1))).rejects.toThrow('Parameters: [FirstUserEmail] must have values');
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'panther-prod',
          ChangeSetName: 'y',
          ChangeSetType: 'CREATE',
          TemplateURL: URL('1.31.1'),
          Parameters: PARAMS,
        }),
      ),
    ).rejects.toThrow(/Requires capabilities/);
    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'panther-deployment-role',
          ChangeSetName: 'z',
          ChangeSetType: 'CREATE',
          TemplateURL: URL('1.31.1'),
          Parameters: PARAMS,
          Capabilities: [...CAPS],
        }),
      ),
    ).rejects.toThrow('Stack [panther-deployment-role] already exists and cannot be created again with the changeSet [z].');
  });

  it('plays the create on the clock once executed, nested stacks appearing as they start', async () => {
    const {sim: s, cfn} = await start('deploy');
    const created = await createSet(cfn);
    s.clock.advance(10_000);
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: created.Id}));
    s.clock.advance(1_000);
    expect(await status(cfn, created.StackId!)).toBe('CREATE_IN_PROGRESS');
    const nestedNow = (await cfn.send(new ListStacksCommand({}))).StackSummaries!.filter(x => x.ParentId === created.StackId);
    expect(nestedNow).toHaveLength(0);
    s.clock.advance(5 * MIN);
    const nestedLater = (await cfn.send(new ListStacksCommand({}))).StackSummaries!.filter(x => x.ParentId === created.StackId);
    expect(nestedLater.length).toBeGreaterThan(0);
    s.clock.advance(120 * MIN);
    expect(await status(cfn, created.StackId!)).toBe('CREATE_COMPLETE');
    const cs = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: created.Id}));
    expect(cs.ExecutionStatus).toBe('EXECUTE_COMPLETE');
    const root = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(root.RoleARN).toBe('arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2');
    expect(root.Parameters!.find(p => p.ParameterKey === 'FirstUserEmail')?.ParameterValue).toBe('secops@example.com');
    expect(root.Description).toBe('Panther v1.31.1');
  });

  it('failing-deploy: the first create rolls back, the next one (after the root is gone) completes', async () => {
    const {sim: s, cfn} = await start('failing-deploy');
    const first = await createSet(cfn);
    s.clock.advance(10_000);
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: first.Id}));
    s.clock.advance(120 * MIN);
    expect(await status(cfn, first.StackId!)).toBe('ROLLBACK_COMPLETE');
    expect((await cfn.send(new DescribeChangeSetCommand({ChangeSetName: first.Id}))).ExecutionStatus).toBe('EXECUTE_FAILED');
    // A ROLLBACK_COMPLETE root keeps the name: another create is refused until it is deleted.
    await expect(createSet(cfn, 'second')).rejects.toThrow(/already exists and cannot be created again/);
  });
});
