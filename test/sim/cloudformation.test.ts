import {
  DescribeEventsCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {clients} from './clients.js';

let sim: RunningSim;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  sim = await startSim({scenario: 'rolled-back'});
  c = clients(sim);
});
afterAll(() => sim.close());

const nested = () => sim.world.stacks.filter(s => s.parentId !== null);
const byLogical = (id: string) => sim.world.stacks.find(s => s.logicalId === id)!;

describe('DescribeStacks', () => {
  it('finds the root by name with its parameters, tags, operations and rollback status', async () => {
    const out = await c.cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}));
    const stack = out.Stacks![0];
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(stack.StackId).toBe(sim.rootStackId);
    expect(stack.CreationTime).toBeInstanceOf(Date);
    expect(stack.LastUpdatedTime).toBeInstanceOf(Date);
    expect(stack.Tags).toContainEqual({Key: 'PantherVersion', Value: '1.28.7'});
    expect(stack.Parameters).toContainEqual({ParameterKey: 'OnboardSelf', ParameterValue: 'true'});
    expect(stack.ParentId).toBeUndefined();
    expect(stack.LastOperations?.map(o => o.OperationType)).toEqual(['ROLLBACK', 'CREATE_STACK']);
    expect(stack.Outputs).toBeUndefined();
  });

  it('does not find a deleted nested stack by name, but does by its ARN', async () => {
    const onboard = byLogical('Onboard');
    await expect(c.cfn.send(new DescribeStacksCommand({StackName: onboard.name}))).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack with id ${onboard.name} does not exist`,
    });
    const out = await c.cfn.send(new DescribeStacksCommand({StackName: onboard.stackId}));
    const stack = out.Stacks![0];
    expect(stack.StackStatus).toBe('DELETE_COMPLETE');
    expect(stack.DeletionTime).toBeInstanceOf(Date);
    expect(stack.ParentId).toBe(sim.rootStackId);
    expect(stack.RootId).toBe(sim.rootStackId);
    expect(stack.Tags).toContainEqual({Key: 'Stack', Value: 'panther-onboard'});
  });

  it('lists only live stacks without a name', async () => {
    const out = await c.cfn.send(new DescribeStacksCommand({}));
    expect(out.Stacks!.map(s => s.StackName)).toEqual(['panther-prod']);
  });

  it('says who the caller is (STS)', async () => {
    const out = await c.sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('123456789012');
    expect(out.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\//);
  });
});

describe('DescribeStackEvents', () => {
  it('pages newest first, 100 a page, through every event of a deleted stack by ARN', async () => {
    const bootstrap = byLogical('Bootstrap');
    const all: StackEvent[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await c.cfn.send(new DescribeStackEventsCommand({StackName: bootstrap.stackId, NextToken: token}));
      expect(out.StackEvents!.length).toBeLessThanOrEqual(100);
      all.push(...out.StackEvents!);
      token = out.NextToken;
      pages++;
    } while (token);
    expect(all).toHaveLength(bootstrap.events.length);
    expect(pages).toBe(Math.ceil(bootstrap.events.length / 100));
    const times = all.map(e => e.Timestamp!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all[0].ResourceStatus).toBe('DELETE_COMPLETE');
    expect(all.at(-1)!.ResourceStatus).toBe('CREATE_IN_PROGRESS');
    expect(all.every(e => e.OperationId)).toBe(true);
  });

  it('keeps tokens valid while new events arrive', async () => {
    const live = await startSim({scenario: 'rolled-back', clock: 'manual', startAt: 6 * 60_000});
    try {
      const {cfn} = clients(live);
      const bootstrap = live.world.stacks.find(s => s.logicalId === 'Bootstrap')!;
      const first = await cfn.send(new DescribeStackEventsCommand({StackName: bootstrap.name}));
      expect(first.NextToken).toBeDefined();
      const seenBefore = first.StackEvents!.map(e => e.EventId);
      live.clock.advance(60 * 60_000); // the story goes on: Bootstrap completes, then is deleted
      const second = await cfn.send(new DescribeStackEventsCommand({StackName: bootstrap.stackId, NextToken: first.NextToken}));
      const oldestOfFirst = first.StackEvents!.at(-1)!;
      const idx = bootstrap.events.findIndex(e => e.eventId === oldestOfFirst.EventId);
      expect(second.StackEvents![0].EventId).toBe(bootstrap.events[idx - 1].eventId);
      expect(second.StackEvents!.some(e => seenBefore.includes(e.EventId!))).toBe(false);
      // The newest page now starts with the deletion.
      const fresh = await cfn.send(new DescribeStackEventsCommand({StackName: bootstrap.stackId}));
      expect(fresh.StackEvents![0].ResourceStatus).toBe('DELETE_COMPLETE');
    } finally {
      await live.close();
    }
  });

  it('carries failure reasons through XML exactly (quotes, backslashes, apostrophes)', async () => {
    for (const [stackLogical, resource] of [
      ['LogProcessingRole', 'AuditLogsBucket'],
      ['Core', 'AlertDeliveryFunction'],
    ]) {
      const s = byLogical(stackLogical);
      const expected = s.events.find(e => e.logicalId === resource && e.status === 'CREATE_FAILED')!;
      const found: StackEvent[] = [];
      let token: string | undefined;
      do {
        const out = await c.cfn.send(new DescribeStackEventsCommand({StackName: s.stackId, NextToken: token}));
        found.push(...out.StackEvents!);
        token = out.NextToken;
      } while (token);
      const event = found.find(e => e.EventId === expected.eventId)!;
      expect(event.ResourceStatusReason).toBe(expected.reason);
      expect(event.ResourceType).toBe(expected.resourceType);
    }
  });

  it('rejects a name that never existed', async () => {
    await expect(c.cfn.send(new DescribeStackEventsCommand({StackName: 'nope'}))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id nope does not exist',
    });
  });
});

describe('ListStacks', () => {
  it('includes deleted nested stacks with ParentId and RootId', async () => {
    const out = await c.cfn.send(new ListStacksCommand({}));
    expect(out.StackSummaries).toHaveLength(sim.world.stacks.length);
    const deleted = out.StackSummaries!.filter(s => s.StackStatus === 'DELETE_COMPLETE');
    expect(deleted).toHaveLength(nested().length);
    for (const s of deleted) {
      expect(s.ParentId).toMatch(/^arn:aws:cloudformation:us-east-2:123456789012:stack\//);
      expect(s.RootId).toBe(sim.rootStackId);
      expect(s.DeletionTime).toBeInstanceOf(Date);
    }
  });

  it('filters by status', async () => {
    const out = await c.cfn.send(new ListStacksCommand({StackStatusFilter: ['ROLLBACK_COMPLETE']}));
    expect(out.StackSummaries!.map(s => s.StackName)).toEqual(['panther-prod']);
  });
});

describe('DescribeEvents (operations)', () => {
  it('with StackName alone returns the latest operation: the ROLLBACK, with no failures in it', async () => {
    const latest = await c.cfn.send(new DescribeEventsCommand({StackName: 'panther-prod'}));
    expect(new Set(latest.OperationEvents!.map(e => e.OperationType))).toEqual(new Set(['ROLLBACK']));
    const failed = await c.cfn.send(new DescribeEventsCommand({StackName: 'panther-prod', Filters: {FailedEvents: true}}));
    expect(failed.OperationEvents).toEqual([]);
  });

  it("with the CREATE's OperationId shows the failures", async () => {
    const stacks = await c.cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}));
    const create = stacks.Stacks![0].LastOperations!.find(o => o.OperationType === 'CREATE_STACK')!;
    const out = await c.cfn.send(new DescribeEventsCommand({OperationId: create.OperationId, Filters: {FailedEvents: true}}));
    const failed = out.OperationEvents!;
    expect(failed.map(e => e.LogicalResourceId).sort()).toEqual(['CloudSecurity', 'Core', 'Onboard', 'Web']);
    expect(failed.every(e => e.ResourceStatus === 'CREATE_FAILED' && e.EventType === 'PROVISIONING_ERROR')).toBe(true);
    expect(failed[0].OperationId).toBe(create.OperationId);
    expect(failed[0].Timestamp).toBeInstanceOf(Date);
  });
});

describe('resources and templates', () => {
  it('ListStackResources pages 100 at a time; DescribeStackResources stops at 100', async () => {
    const big = await startSim({scenario: 'large', largeOptions: {stacks: 2, depth: 2, eventsPerStack: 800}});
    try {
      const {cfn} = clients(big);
      const root = big.rootStackName;
      const first = await cfn.send(new ListStackResourcesCommand({StackName: root}));
      expect(first.StackResourceSummaries).toHaveLength(100);
      expect(first.NextToken).toBeDefined();
      let total = first.StackResourceSummaries!.length;
      let token = first.NextToken;
      while (token) {
        const page = await cfn.send(new ListStackResourcesCommand({StackName: root, NextToken: token}));
        total += page.StackResourceSummaries!.length;
        token = page.NextToken;
      }
      expect(total).toBe(Object.keys(big.world.stacks[0].template.Resources).length);
      expect(total).toBeGreaterThan(100);
      const described = await cfn.send(new DescribeStackResourcesCommand({StackName: root}));
      expect(described.StackResources).toHaveLength(100);
      expect(described.StackResources![0].Timestamp).toBeInstanceOf(Date);
    } finally {
      await big.close();
    }
  });

  it('lists the resources of a deleted stack by ARN, all deleted', async () => {
    const core = byLogical('Core');
    const out = await c.cfn.send(new ListStackResourcesCommand({StackName: core.stackId}));
    expect(out.StackResourceSummaries!.length).toBeGreaterThan(20);
    expect(out.StackResourceSummaries!.every(r => r.ResourceStatus === 'DELETE_COMPLETE')).toBe(true);
  });

  it('GetTemplateSummary lists resource types, parameters and the description', async () => {
    const onboard = byLogical('LogProcessingRole');
    const out = await c.cfn.send(new GetTemplateSummaryCommand({StackName: onboard.stackId}));
    expect(out.ResourceTypes).toEqual(expect.arrayContaining(['AWS::S3::Bucket', 'AWS::IAM::Role']));
    expect(out.Description).toMatch(/log processing/);
    const root = await c.cfn.send(new GetTemplateSummaryCommand({StackName: 'panther-prod'}));
    expect(root.Parameters!.map(p => p.ParameterKey)).toContain('FirstUserEmail');
    // One entry per resource, as AWS does: progress bars count it.
    const resources = await c.cfn.send(new ListStackResourcesCommand({StackName: 'panther-prod'}));
    expect(root.ResourceTypes!.length).toBe(resources.StackResourceSummaries!.length);
    expect(new Set(root.ResourceTypes)).toEqual(new Set(['AWS::CloudFormation::Stack']));
  });

  it('GetTemplate returns the template body as JSON', async () => {
    const out = await c.cfn.send(new GetTemplateCommand({StackName: 'panther-prod'}));
    const body = JSON.parse(out.TemplateBody!) as {Resources: Record<string, {Type: string}>};
    expect(Object.keys(body.Resources)).toEqual(
      expect.arrayContaining(['Bootstrap', 'BootstrapGateway', 'Appsync', 'CloudSecurity', 'Core', 'Dashboards', 'LogAnalysis', 'Onboard', 'Web']),
    );
  });
});
