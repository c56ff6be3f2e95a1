import {SCENARIOS} from '../../source/commands/registry.js';
import {DescribeStackEventsCommand, DescribeStacksCommand, ListStacksCommand} from '@aws-sdk/client-cloudformation';
import {describe, expect, it, vi} from 'vitest';
import {largeWorld, scenarioNames, startSim} from '../../source/sim/index.js';
import {pantherWorld} from '../../source/sim/scenarios/panther-deploy.js';
import {updateRollbackWorld} from '../../source/sim/scenarios/update-rollback.js';
import type {World, WorldEvent} from '../../source/sim/world.js';
import {clients} from './clients.js';

const T0 = Date.UTC(2026, 10, 2, 14, 7, 31);
const rolledBack = pantherWorld({scenario: 'rolled-back', seed: 7, t0: T0, failures: true});
const allEvents = (w: World) => w.stacks.flatMap(s => s.events);
const stack = (w: World, logicalId: string) => w.stacks.find(s => s.logicalId === logicalId)!;
const isNoise = (e: WorldEvent) => e.reason === 'Resource creation cancelled' || e.reason.startsWith('Embedded stack');
const realFailures = (w: World) => allEvents(w).filter(e => e.status.endsWith('_FAILED') && !isNoise(e));
const failedChild = (w: World, parent: string, child: string) =>
  stack(w, parent).events.find(e => e.logicalId === child && e.status === 'CREATE_FAILED')!;

describe('scenarios', () => {
  it('offers the documented scenarios', () => {
    // The command line offers exactly these (the registry keeps its own list: the CLI does not load the sim).
    expect([...scenarioNames].sort()).toEqual([...SCENARIOS].sort());
  });

  it('is deterministic for a seed', () => {
    const again = pantherWorld({scenario: 'rolled-back', seed: 7, t0: T0, failures: true});
    expect(JSON.stringify(again)).toBe(JSON.stringify(rolledBack));
  });
});

describe('rolled-back: a Panther first deploy that failed and rolled back', () => {
  it('has the Panther tree, several hundred resources and 1,500+ events', () => {
    const w = rolledBack;
    expect(w.rootStackName).toBe('panther-prod');
    expect(w.region).toBe('us-east-2');
    expect(w.stacks.map(s => s.logicalId).sort()).toEqual(
      [
        '',
        'Appsync',
        'Bootstrap',
        'BootstrapGateway',
        'CloudSecurity',
        'ComplianceRoles',
        'Core',
        'Dashboards',
        'LogAnalysis',
        'LogProcessingRole',
        'Onboard',
        'PantherAthenaDDBConnector',
        'RealTimeEvents',
        'Web',
      ].sort(),
    );
    const resources = w.stacks.reduce((n, s) => n + Object.keys(s.template.Resources).length, 0);
    expect(resources).toBeGreaterThan(300);
    expect(allEvents(w).length).toBeGreaterThan(1500);
    const onboard = stack(w, 'Onboard');
    expect(stack(w, 'LogProcessingRole').parentId).toBe(onboard.stackId);
    expect(stack(w, 'LogProcessingRole').name).toMatch(/^panther-prod-Onboard-[A-Z0-9]{12}-LogProcessingRole-[A-Z0-9]{12}$/);
    expect(stack(w, 'PantherAthenaDDBConnector').parentId).toBe(stack(w, 'BootstrapGateway').stackId);
    expect(stack(w, 'Core').tags).toEqual({Application: 'Panther', PantherVersion: '1.28.7', Stack: 'panther-core'});
  });

  it('creates Bootstrap first, then BootstrapGateway, then the rest', () => {
    const created = (id: string) => stack(rolledBack, id).events[0].time;
    const completed = (id: string) =>
      stack(rolledBack, id).events.find(e => e.status === 'CREATE_COMPLETE' && e.logicalId === stack(rolledBack, id).name)!.time;
    expect(created('BootstrapGateway')).toBeGreaterThan(completed('Bootstrap'));
    for (const id of ['Appsync', 'CloudSecurity', 'Core', 'Dashboards', 'LogAnalysis', 'Web']) {
      expect(created(id)).toBeGreaterThan(completed('BootstrapGateway'));
    }
  });

  it('fails first on the SCP-denied S3 bucket deep in Onboard -> LogProcessingRole', () => {
    const failures = realFailures(rolledBack).sort((a, b) => a.time - b.time);
    const first = failures[0];
    expect(first.stackName).toBe(stack(rolledBack, 'LogProcessingRole').name);
    expect(first.logicalId).toBe('AuditLogsBucket');
    expect(first.resourceType).toBe('AWS::S3::Bucket');
    expect(first.reason).toMatch(
      /^Resource handler returned message: "User: arn:aws:sts::123456789012:assumed-role\/PantherDeploymentRole-us-east-2\/AWSCloudFormation is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::panther-auditlogs-123456789012-us-east-2\\" with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy\/o-abc123\/service_control_policy\/p-deny4s3 \(Service: S3, Status Code: 403, Request ID: \w+\)" \(RequestToken: [\w-]+, HandlerErrorCode: AccessDenied\)$/,
    );
    expect(failures.slice(1).map(e => e.logicalId)).toEqual(['PantherAuditRole', 'AlertDeliveryFunction']);
    expect(rolledBack.facts.rootCause).toMatchObject({logicalResourceId: 'AuditLogsBucket'});
  });

  it("reports the root cause to each parent later than a sibling's failure", () => {
    // In Onboard, ComplianceRoles (AlreadyExists, later) fails before LogProcessingRole (the root cause) reports.
    expect(failedChild(rolledBack, 'Onboard', 'ComplianceRoles').time).toBeLessThan(failedChild(rolledBack, 'Onboard', 'LogProcessingRole').time);
    // At the root, Core (a later Lambda limit) reports before Onboard.
    expect(failedChild(rolledBack, '', 'Core').time).toBeLessThan(failedChild(rolledBack, '', 'Onboard').time);
    const embedded = failedChild(rolledBack, 'Onboard', 'LogProcessingRole');
    expect(embedded.reason).toBe(
      `Embedded stack ${stack(rolledBack, 'LogProcessingRole').stackId} was not successfully created: The following resource(s) failed to create: [AuditLogsBucket, AuditLogsQueue, AuditLogsTrailRole].`,
    );
  });

  it('cancels siblings and other nested stacks, then rolls the root back', () => {
    const lpr = stack(rolledBack, 'LogProcessingRole');
    expect(lpr.events.filter(e => e.reason === 'Resource creation cancelled').length).toBeGreaterThan(0);
    const root = stack(rolledBack, '');
    expect(
      root.events
        .filter(e => e.reason === 'Resource creation cancelled')
        .map(e => e.logicalId)
        .sort(),
    ).toEqual(['CloudSecurity', 'Web']);
    const rootLevel = root.events.filter(e => e.logicalId === root.name);
    expect(rootLevel.map(e => e.status)).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    expect(rootLevel[1].reason).toBe('The following resource(s) failed to create: [CloudSecurity, Core, Onboard, Web]. Rollback requested by user..');
    const lprLevel = lpr.events.filter(e => e.logicalId === lpr.name).map(e => e.status);
    expect(lprLevel).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
  });

  it('deletes every nested stack; operations are CREATE_STACK then ROLLBACK on the root', () => {
    for (const s of rolledBack.stacks.slice(1)) expect(s.events.at(-1)!.status).toBe('DELETE_COMPLETE');
    const root = stack(rolledBack, '');
    expect(root.operations.map(o => o.type)).toEqual(['CREATE_STACK', 'ROLLBACK']);
    const failed = root.events.find(e => e.status === 'CREATE_FAILED')!;
    expect(failed.operationId).toBe(root.operations[0].id);
    expect(root.events.at(-1)!.operationId).toBe(root.operations[1].id);
  });

  it('plants the denied call in CloudTrail a few seconds before the failure', () => {
    const denied = rolledBack.trail.filter(r => (r.record as {errorCode?: string}).errorCode === 'AccessDenied');
    expect(denied.map(r => r.eventName).sort()).toEqual(['PutBucketEncryption', 'PutBucketPolicy']);
  });
});

describe('other scenarios', () => {
  it('large: 30+ stacks on 3 levels, 20,000+ events, one deep failure, everything rolled back', () => {
    const w = largeWorld({t0: T0});
    expect(w.stacks.length).toBeGreaterThanOrEqual(30);
    expect(allEvents(w).length).toBeGreaterThan(20_000);
    const depth = (id: string | null): number => (id ? 1 + depth(w.stacks.find(s => s.stackId === id)!.parentId) : 0);
    expect(Math.max(...w.stacks.map(s => depth(s.stackId)))).toBe(3);
    const first = realFailures(w).sort((a, b) => a.time - b.time)[0];
    expect(first.logicalId).toBe('ArchiveBucket');
    expect(depth(first.stackId)).toBe(3);
    for (const s of w.stacks.slice(1)) expect(s.events.at(-1)!.status).toBe('DELETE_COMPLETE');
    expect(w.stacks[0].events.at(-1)!.status).toBe('ROLLBACK_COMPLETE');
  });

  it('large: honours the generator options', () => {
    const w = largeWorld({t0: T0, stacks: 8, depth: 2, eventsPerStack: 100, seed: 3});
    expect(w.stacks).toHaveLength(8);
    expect(allEvents(w).length).toBeGreaterThan(400);
  });

  it('healthy: CREATE_COMPLETE everywhere, outputs shown', async () => {
    const sim = await startSim({scenario: 'healthy'});
    try {
      const {cfn} = clients(sim);
      const out = await cfn.send(new ListStacksCommand({}));
      expect(new Set(out.StackSummaries!.map(s => s.StackStatus))).toEqual(new Set(['CREATE_COMPLETE']));
      const bootstrap = sim.world.stacks.find(s => s.logicalId === 'Bootstrap')!;
      const d = await cfn.send(new DescribeStacksCommand({StackName: bootstrap.name}));
      expect(d.Stacks![0].Outputs).toContainEqual(expect.objectContaining({OutputKey: 'PantherApiDistributionHostedZoneId'}));
    } finally {
      await sim.close();
    }
  });

  it('update-rollback: an older failed update, a good one, then a latest update that rolled back', () => {
    const w = updateRollbackWorld({seed: 7, t0: T0});
    const root = w.stacks[0];
    expect(root.operations.map(o => o.type)).toEqual(['CREATE_STACK', 'UPDATE_STACK', 'ROLLBACK', 'UPDATE_STACK', 'UPDATE_STACK', 'ROLLBACK']);
    expect(root.events.at(-1)!.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    const failures = realFailures(w).map(e => e.logicalId);
    expect(failures).toEqual(expect.arrayContaining(['UsersApiFunction', 'WebService']));
    expect(w.facts.rootCause).toMatchObject({logicalResourceId: 'WebService'});
  });

  it('first-deploy: plays live from the start, at about a minute for the whole story', async () => {
    const sim = await startSim({scenario: 'first-deploy'});
    try {
      const {cfn} = clients(sim);
      expect(sim.clock.mode).toBe('realtime');
      const first = await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}));
      expect(first.Stacks![0].StackStatus).toBe('CREATE_IN_PROGRESS');
      const list = await cfn.send(new ListStacksCommand({}));
      expect(list.StackSummaries!.length).toBeLessThan(3);
      // The story (its last event) plays in 60 real seconds; the clock moves on its own, forward only.
      const storyEnd = Math.max(...sim.world.stacks.map(s => s.events.at(-1)!.time));
      expect((storyEnd - sim.clock.start) / sim.clock.speed()).toBeCloseTo(60_000, -2);
      const t = sim.clock.now();
      await vi.waitFor(() => expect(sim.clock.now()).toBeGreaterThan(t));
      sim.clock.advance(24 * 60_000);
      const later = await cfn.send(new DescribeStackEventsCommand({StackName: 'panther-prod'}));
      expect(later.StackEvents!.length).toBeGreaterThan(20);
    } finally {
      await sim.close();
    }
  });
});
