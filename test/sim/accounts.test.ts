// A world of several accounts (the `deployments` scenario), through the real SDK: the access key picks the account,
// the signed region the region, and CloudFormation shows only the stacks whose ARN is in both. Worlds that declare
// no accounts are as before: every stack, whatever the key or region.
import {DescribeStacksCommand, GetTemplateCommand, ListStacksCommand, CloudFormationClient} from '@aws-sdk/client-cloudformation';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {DEPLOYMENTS_KEYS} from '../../source/sim/scenarios/deployments.js';

let sim: RunningSim;
let single: RunningSim;
const made: {destroy(): void}[] = [];

beforeAll(async () => {
  [sim, single] = await Promise.all([startSim({scenario: 'deployments'}), startSim({scenario: 'rolled-back'})]);
});
afterAll(async () => {
  for (const c of made) c.destroy();
  await Promise.all([sim.close(), single.close()]);
});

function client<T extends {destroy(): void}>(Client: new (config: object) => T, s: RunningSim, key: string, region: string): T {
  const c = new Client({region, endpoint: s.url, credentials: {accessKeyId: key, secretAccessKey: 'x'}, maxAttempts: 1});
  made.push(c);
  return c;
}

async function roots(s: RunningSim, key: string, region: string): Promise<string[]> {
  const out = await client(CloudFormationClient, s, key, region).send(new ListStacksCommand({}));
  return (out.StackSummaries ?? [])
    .filter(x => !x.ParentId)
    .map(x => x.StackName!)
    .sort();
}

describe('a world of several accounts', () => {
  it('ListStacks shows the stacks of the key’s account in the signed region only', async () => {
    expect(await roots(sim, DEPLOYMENTS_KEYS.prod, 'us-east-2')).toEqual([
      'CDKToolkit',
      'panther-analysis-ci',
      'panther-deployment-role',
      'panther-prod',
    ]);
    expect(await roots(sim, DEPLOYMENTS_KEYS.prod, 'eu-west-1')).toEqual(['panther-eu']);
    expect(await roots(sim, DEPLOYMENTS_KEYS.staging, 'us-east-2')).toEqual(['panther-staging']);
    expect(await roots(sim, DEPLOYMENTS_KEYS.staging, 'eu-west-1')).toEqual(['panther-sandbox']);
    // A region with nothing in it: an empty list, as AWS answers.
    expect(await roots(sim, DEPLOYMENTS_KEYS.prod, 'ap-south-1')).toEqual([]);
    // A key the world does not list is its default account.
    expect(await roots(sim, 'AKIDSOMEONE', 'eu-west-1')).toEqual(['panther-eu']);
  });

  it('nested stacks are listed with their root, in its account and region', async () => {
    const out = await client(CloudFormationClient, sim, DEPLOYMENTS_KEYS.staging, 'us-east-2').send(new ListStacksCommand({}));
    const summaries = out.StackSummaries ?? [];
    expect(summaries.length).toBe(14);
    expect(summaries.every(s => s.StackId!.startsWith('arn:aws:cloudformation:us-east-2:222222222222:'))).toBe(true);
  });

  it("another account's or region's stack does not exist, by name or by ARN", async () => {
    const staging = client(CloudFormationClient, sim, DEPLOYMENTS_KEYS.staging, 'us-east-2');
    await expect(staging.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).rejects.toThrow(/Stack with id panther-prod does not exist/);
    await expect(staging.send(new GetTemplateCommand({StackName: sim.rootStackId}))).rejects.toMatchObject({name: 'ValidationError'});
    const prodInEu = client(CloudFormationClient, sim, DEPLOYMENTS_KEYS.prod, 'eu-west-1');
    await expect(prodInEu.send(new DescribeStacksCommand({StackName: sim.rootStackId}))).rejects.toMatchObject({name: 'ValidationError'});
    const prod = client(CloudFormationClient, sim, DEPLOYMENTS_KEYS.prod, 'us-east-2');
    const template = await prod.send(new GetTemplateCommand({StackName: sim.rootStackId}));
    expect(JSON.parse(template.TemplateBody!).Description).toBe('Panther v1.28.7');
    const all = await staging.send(new DescribeStacksCommand({}));
    expect(all.Stacks?.map(s => s.StackName)).toContain('panther-staging');
    expect(all.Stacks?.some(s => s.StackName === 'panther-prod')).toBe(false);
  });

  it('STS names the account of the key; an expired key is refused everywhere', async () => {
    const who = await client(STSClient, sim, DEPLOYMENTS_KEYS.staging, 'us-east-2').send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('222222222222');
    expect(who.Arn).toMatch(/^arn:aws:sts::222222222222:assumed-role\//);
    await expect(roots(sim, DEPLOYMENTS_KEYS.expired, 'us-east-2')).rejects.toMatchObject({name: 'ExpiredToken'});
  });
});

describe('a world of one account', () => {
  it('shows every stack whatever the key and the region (the scenarios written before accounts)', async () => {
    expect(await roots(single, 'AKIDANYTHING', 'eu-west-1')).toEqual(['panther-prod']);
    const who = await client(STSClient, single, 'AKIDOTHER', 'ap-south-1').send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('123456789012');
  });
});
