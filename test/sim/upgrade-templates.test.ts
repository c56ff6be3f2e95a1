// The `upgrade` scenario's published templates through the real SDK: GetTemplateSummary per version, GetTemplate as
// updates start, finish and roll back, and CreateChangeSet's parameter validation against the new template.
import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import {describe, expect, it} from 'vitest';
import {CAPS, MIN, roleUrl, upgradeSimPerTest, url, type Cfn} from './upgrade-sim.js';

const setup = upgradeSimPerTest();

const S3_DENIED = 'S3 error: Access Denied\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html';

const summary = (cfn: Cfn, templateUrl: string) => cfn.send(new GetTemplateSummaryCommand({TemplateURL: templateUrl}));
const template = async (cfn: Cfn, stack = 'panther-prod') =>
  JSON.parse((await cfn.send(new GetTemplateCommand({StackName: stack}))).TemplateBody!) as {
    Description: string;
    Parameters: Record<string, {Default?: string}>;
    Mappings?: {Constants: {Panther: {Version: string}}};
    Resources: Record<string, {Type: string; Properties?: {TemplateURL?: string}}>;
  };
const deployedVersion = async (cfn: Cfn) => (await template(cfn)).Mappings!.Constants.Panther.Version;

function create(cfn: Cfn, name: string, templateUrl: string, parameters: Parameter[], extra: {IncludeNestedStacks?: boolean} = {}) {
  return cfn.send(
    new CreateChangeSetCommand({
      StackName: 'panther-prod',
      ChangeSetName: name,
      TemplateURL: templateUrl,
      Parameters: parameters,
      Capabilities: [...CAPS],
      ...extra,
    }),
  );
}

describe('GetTemplateSummary of a published version', () => {
  it('declares PythonLayerVersionArn below 1.25, ConsoleSessionTimeoutMinutes from 1.26, a required ProcessedDataKmsKeyArn from 1.27', async () => {
    const {cfn} = await setup();
    const keys = async (v: string) => (await summary(cfn, url(v))).Parameters!.map(p => p.ParameterKey);
    const s24 = await summary(cfn, url('1.24.12'));
    expect(s24.Description).toBe('Panther v1.24.12');
    expect(s24.Version).toBe('2010-09-09');
    expect(s24.Capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
    expect(s24.ResourceTypes).toHaveLength(9);
    expect(new Set(s24.ResourceTypes)).toEqual(new Set(['AWS::CloudFormation::Stack']));
    const layer = s24.Parameters!.find(p => p.ParameterKey === 'PythonLayerVersionArn')!;
    expect(layer).toMatchObject({
      DefaultValue: '',
      ParameterType: 'String',
      NoEcho: false,
      Description: 'ARN of a Lambda layer with extra Python libraries (removed in 1.25)',
    });
    // A parameter without a Default has no DefaultValue at all.
    const email = s24.Parameters!.find(p => p.ParameterKey === 'FirstUserEmail')!;
    expect(email.DefaultValue).toBeUndefined();
    expect(email.Description).toBeTruthy();
    expect(s24.Parameters!.find(p => p.ParameterKey === 'CompanyDisplayName')!.DefaultValue).toBe('AwesomeCo');
    expect(s24.Parameters!.find(p => p.ParameterKey === 'PulumiSecretArn')!.DefaultValue).toBeUndefined();
    expect(await keys('1.24.12')).not.toContain('ConsoleSessionTimeoutMinutes');

    expect(await keys('1.25.18')).not.toContain('PythonLayerVersionArn');
    expect(await keys('1.25.18')).not.toContain('ConsoleSessionTimeoutMinutes');
    const s26 = await summary(cfn, url('1.26.9'));
    expect(s26.Parameters!.find(p => p.ParameterKey === 'ConsoleSessionTimeoutMinutes')!.DefaultValue).toBe('60');
    expect(s26.Parameters!.map(p => p.ParameterKey)).not.toContain('ProcessedDataKmsKeyArn');
    const kms = (await summary(cfn, url('1.27.2'))).Parameters!.find(p => p.ParameterKey === 'ProcessedDataKmsKeyArn')!;
    expect(kms.DefaultValue).toBeUndefined();
    expect(kms.Description).toMatch(/required from 1\.27/);
  });

  it('serves the deployment role template, and refuses URLs that are not published templates as AWS does', async () => {
    const {cfn} = await setup();
    const role = await summary(cfn, roleUrl('1.26.9'));
    expect(role.Description).toBe('PantherDeploymentRole v1.26.9: the IAM role CloudFormation assumes to deploy Panther');
    expect(role.Parameters).toEqual([]);
    expect(role.ResourceTypes).toEqual(['AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::ManagedPolicy']);
    expect(role.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    await expect(summary(cfn, 'https://example.com/panther.yml')).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'TemplateURL must be a supported URL.',
    });
    await expect(summary(cfn, url('1.25'))).rejects.toMatchObject({name: 'ValidationError', message: S3_DENIED});
    await expect(summary(cfn, 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/other.yml')).rejects.toMatchObject({
      message: S3_DENIED,
    });
  });

  it('with StackName, summarises the stack current template', async () => {
    const {cfn} = await setup();
    const current = await cfn.send(new GetTemplateSummaryCommand({StackName: 'panther-prod'}));
    expect(current.Description).toBe('Panther v1.24.3');
    expect(current.Parameters!.map(p => p.ParameterKey)).toContain('PythonLayerVersionArn');
  });
});

describe('GetTemplate', () => {
  it('shows the deployed version in Mappings, every parameter set, nested templates under its version', async () => {
    const {cfn, root} = await setup();
    const body = await template(cfn);
    expect(body.Description).toBe('Panther v1.24.3');
    expect(body.Mappings).toEqual({Constants: {Panther: {Version: 'v1.24.3'}}});
    expect(body.Resources.Core.Properties!.TemplateURL).toBe('https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.24.3/panther-core.yml');
    expect(body.Parameters.FirstUserEmail.Default).toBeUndefined();
    expect(Object.keys(body.Parameters).sort()).toEqual((root.Parameters ?? []).map(p => p.ParameterKey).sort());
    expect(root.Parameters).toContainEqual({
      ParameterKey: 'PythonLayerVersionArn',
      ParameterValue: 'arn:aws:lambda:us-east-2:123456789012:layer:panther-python-libs:3',
    });
    expect(root.Description).toBe('Panther v1.24.3');
    const role = await template(cfn, 'panther-deployment-role');
    expect(role.Description).toMatch(/^PantherDeploymentRole v1\.24\.3/);
  });

  it('switches to the new template when the update starts and keeps it once it completes', async () => {
    const {sim: s, cfn, keep} = await setup();
    const created = await create(cfn, 'to-1-25-18', url('1.25.18'), keep(['PythonLayerVersionArn']), {IncludeNestedStacks: true});
    s.clock.advance(10_000);
    expect(await deployedVersion(cfn)).toBe('v1.24.3');
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: created.Id}));
    s.clock.advance(MIN);
    const during = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(during.StackStatus).toBe('UPDATE_IN_PROGRESS');
    expect(await deployedVersion(cfn)).toBe('v1.25.18');
    expect(during.Parameters!.map(p => p.ParameterKey)).not.toContain('PythonLayerVersionArn');
    s.clock.advance(40 * MIN);
    const done = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(done.StackStatus).toBe('UPDATE_COMPLETE');
    expect(done.Description).toBe('Panther v1.25.18');
    const body = await template(cfn);
    expect(body.Mappings!.Constants.Panther.Version).toBe('v1.25.18');
    expect(body.Resources.Web.Properties!.TemplateURL).toMatch(/\/v1\.25\.18\/panther-web\.yml$/);
    expect(Object.keys(body.Parameters)).not.toContain('PythonLayerVersionArn');
  });

  it('goes back to the previous template and parameters when the update rolls back', async () => {
    const {sim: s, cfn, keep} = await setup({failRung: '1.25.18'});
    const created = await create(cfn, 'failing', url('1.25.18'), keep(['PythonLayerVersionArn']));
    s.clock.advance(10_000);
    await cfn.send(new ExecuteChangeSetCommand({ChangeSetName: created.Id}));
    s.clock.advance(MIN);
    expect(await deployedVersion(cfn)).toBe('v1.25.18');
    s.clock.advance(60 * MIN);
    const root = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    expect(root.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await deployedVersion(cfn)).toBe('v1.24.3');
    expect(root.Description).toBe('Panther v1.24.3');
    expect(root.Parameters).toContainEqual({
      ParameterKey: 'PythonLayerVersionArn',
      ParameterValue: 'arn:aws:lambda:us-east-2:123456789012:layer:panther-python-libs:3',
    });
    // The same template and parameters as deployed again: nothing to change.
    const again = await create(cfn, 'same', url('1.24.3'), keep());
    s.clock.advance(10_000);
    const cs = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: again.Id}));
    expect(cs.Status).toBe('FAILED');
    expect(cs.StatusReason).toMatch(/didn't contain changes/);
  });
});

describe('CreateChangeSet validates parameters against the new template', () => {
  it('refuses a parameter the new template does not declare', async () => {
    const {cfn, keep} = await setup();
    await expect(create(cfn, 'x', url('1.25.18'), keep())).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Parameters: [PythonLayerVersionArn] do not exist in the template',
    });
    await expect(
      create(cfn, 'y', url('1.25.18'), [...keep(['PythonLayerVersionArn']), {ParameterKey: 'Nope', ParameterValue: '1'}]),
    ).rejects.toMatchObject({
      message: 'Parameters: [Nope] do not exist in the template',
    });
  });

  it('refuses a declared parameter without a default that is neither given nor kept', async () => {
    const {cfn, keep} = await setup();
    await expect(create(cfn, 'x', url('1.27.2'), keep(['PythonLayerVersionArn']))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Parameters: [ProcessedDataKmsKeyArn] must have values',
    });
    await expect(create(cfn, 'y', url('1.26.9'), keep(['PythonLayerVersionArn', 'FirstUserEmail', 'PulumiSecretArn']))).rejects.toMatchObject({
      message: 'Parameters: [FirstUserEmail, PulumiSecretArn] must have values',
    });
  });

  it('refuses UsePreviousValue for a key the deployed template lacks', async () => {
    const {cfn, keep} = await setup();
    await expect(
      create(cfn, 'x', url('1.26.9'), [...keep(['PythonLayerVersionArn']), {ParameterKey: 'ConsoleSessionTimeoutMinutes', UsePreviousValue: true}]),
    ).rejects.toMatchObject({
      message:
        'Invalid input for parameter key ConsoleSessionTimeoutMinutes. Cannot specify usePreviousValue as true for a parameter key not in the previous template',
    });
  });

  it('gives an omitted parameter its default, not its previous value; a given one its value', async () => {
    const {sim: s, cfn, keep} = await setup();
    const kms = 'arn:aws:kms:us-east-2:123456789012:key/11111111-2222-4333-8444-555555555555';
    const created = await create(cfn, 'defaults', url('1.27.2'), [
      ...keep(['PythonLayerVersionArn', 'CompanyDisplayName', 'LogProcessorGzipLevel']),
      {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: kms},
      {ParameterKey: 'LogProcessorGzipLevel', ParameterValue: '9'},
    ]);
    s.clock.advance(10_000);
    const cs = await cfn.send(new DescribeChangeSetCommand({ChangeSetName: created.Id}));
    const values = Object.fromEntries(cs.Parameters!.map(p => [p.ParameterKey, p.ParameterValue]));
    expect(values.CompanyDisplayName).toBe('AwesomeCo');
    expect(values.ConsoleSessionTimeoutMinutes).toBe('60');
    expect(values.ProcessedDataKmsKeyArn).toBe(kms);
    expect(values.LogProcessorGzipLevel).toBe('9');
    expect(values.FirstUserEmail).toBe('secops@example.com');
    expect(values).not.toHaveProperty('PythonLayerVersionArn');
  });

  it('refuses a template URL it cannot fetch with the S3 error', async () => {
    const {cfn, keep} = await setup();
    await expect(create(cfn, 'x', url('2.0'), keep())).rejects.toMatchObject({name: 'ValidationError', message: S3_DENIED});
    await expect(create(cfn, 'y', 'https://github.com/panther-labs/panther.yml', keep())).rejects.toMatchObject({
      message: 'TemplateURL must be a supported URL.',
    });
  });
});
