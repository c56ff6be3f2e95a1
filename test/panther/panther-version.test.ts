// The version loader through the REAL CloudFormation SDK client, against a tiny local endpoint.
import {afterEach, describe, expect, it} from 'vitest';
import {createClients, type AwsClients} from '../../source/aws/clients.js';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {Gateway} from '../../source/aws/gateway.js';
import {loadDeployedPanther} from '../../source/aws/panther-version.js';
import {detectVersion} from '../../source/panther/version.js';
import {pantherTree, startFakeCloudFormation, type FakeCloudFormation} from './fake-cloudformation.js';

let fake: FakeCloudFormation | null = null;
let clients: AwsClients | null = null;

async function setup(stacks: Parameters<typeof startFakeCloudFormation>[0]) {
  fake = await startFakeCloudFormation(stacks);
  clients = createClients({
    region: 'us-east-2',
    endpointUrl: fake.url,
    credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'},
    maxAttempts: 1,
  });
  return {fake, clients};
}

afterEach(async () => {
  clients?.destroy();
  await fake?.close();
  fake = clients = null;
});

describe('reading the deployed Panther', () => {
  it('lists every nested stack across pages and describes a few, Bootstrap first', async () => {
    const {fake, clients} = await setup(
      pantherTree({
        version: 'v1.24.3',
        rootParameters: {PipLibraries: 'requests'},
        bootstrapOutputs: {PantherApiDistributionDomainName: 'd1.cloudfront.net'},
      }),
    );
    const deployed = await loadDeployedPanther(new Gateway(clients), 'panther');
    expect(deployed.rootStack.parameters).toEqual({PipLibraries: 'requests'});
    expect(deployed.nested.map(n => n.logicalId)).toEqual([
      'Bootstrap',
      'BootstrapGateway',
      'Appsync',
      'CloudSecurity',
      'Core',
      'Dashboards',
      'LogAnalysis',
      'Web',
    ]);
    expect(deployed.nestedStacks).toHaveLength(4);
    expect(deployed.bootstrap?.outputs.PantherApiDistributionDomainName).toBe('d1.cloudfront.net');
    // 3 pages of ListStackResources (9 resources, 3 a page), the root and 4 nested stacks described, the template.
    expect(fake.calls.filter(c => c === 'ListStackResources')).toHaveLength(3);
    expect(fake.calls.filter(c => c === 'DescribeStacks')).toHaveLength(5);
    expect(fake.calls.filter(c => c === 'GetTemplate')).toHaveLength(1);
    expect(clients.counter.total('CloudFormation')).toBe(9);
    // The template names no version: the tags say it.
    expect(detectVersion(deployed)).toMatchObject({version: '1.24.3', source: 'tag'});
  });

  it('reads the version from the template, whatever the tags say', async () => {
    const {fake, clients} = await setup(pantherTree({template: 'Mappings:\n  C:\n    V:\n      PantherVersion: v1.26.9\n'}));
    const deployed = await loadDeployedPanther(new Gateway(clients), 'panther');
    expect(fake.calls).toContain('GetTemplate');
    expect(detectVersion(deployed)).toMatchObject({version: '1.26.9', source: 'template'});
  });

  it('sanitises what it reads', async () => {
    const stacks = pantherTree({version: '1.24.3'});
    stacks[1].name = 'panther-Bootstrap-\x1b]52;c;ZXZpbA==\x07X';
    const {clients} = await setup(stacks);
    const deployed = await loadDeployedPanther(new Gateway(clients), 'panther');
    expect(deployed.bootstrap?.stackName).toBe('panther-Bootstrap-X');
  });

  it('says when the stack does not exist, or is nested', async () => {
    const {clients} = await setup(pantherTree({version: '1.24.3'}));
    await expect(loadDeployedPanther(new Gateway(clients), 'nope')).rejects.toThrow(/Stack nope not found in us-east-2/);
    const error = await loadDeployedPanther(new Gateway(clients), 'panther-Core-X4').catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/is a nested stack: pass the root stack/);
    expect(exitCodeOf(error)).toBe(2);
  });
});
