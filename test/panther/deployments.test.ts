// The pure rules of `deployments`: which root stacks are Panther, what their status says of the last operation, how
// many rungs behind the latest recommended version they are, and one entry per stack however many profiles see it.
import {describe, expect, it} from 'vitest';
import {loadCatalog} from '../../source/panther/catalog.js';
import {
  accountOf,
  lastOperationAt,
  lastOperationOf,
  latestRecommended,
  mergeSightings,
  nestedLogicalId,
  pantherRoots,
  rungsBehind,
  toDeployment,
  type ListedStack,
  type Sighting,
} from '../../source/panther/deployments.js';

const arn = (name: string, account = '123456789012', region = 'us-east-2') =>
  `arn:aws:cloudformation:${region}:${account}:stack/${name}/${name.length}1b2c3d4-0000-4000-8000-000000000000`;

function listed(name: string, extra: Partial<ListedStack> = {}): ListedStack {
  return {
    stackId: arn(name),
    stackName: name,
    status: 'CREATE_COMPLETE',
    parentId: null,
    description: '',
    createdAt: '2026-09-01T10:00:00.000Z',
    updatedAt: null,
    deletedAt: null,
    ...extra,
  };
}

const nested = (root: ListedStack, logicalId: string, suffix = 'A1B2C3D4E5F6') =>
  listed(`${root.stackName}-${logicalId}-${suffix}`, {parentId: root.stackId, description: `${logicalId} stack`});

describe('which root stacks are Panther', () => {
  it('a root whose template description names Panther and a version', () => {
    const prod = listed('panther-prod', {description: 'Panther v1.28.7'});
    const eu = listed('security-eu', {description: 'Panther 1.31.1 (EU)'});
    expect(pantherRoots([prod, eu]).map(r => [r.stack.stackName, r.recognisedBy])).toEqual([
      ['panther-prod', 'description'],
      ['security-eu', 'description'],
    ]);
  });

  it('a root whose description does not say so, by its nested stacks named <root>-<LogicalId>-<RANDOM>', () => {
    const root = listed('datalake', {description: 'Security data lake (EU)'});
    const found = pantherRoots([root, nested(root, 'Bootstrap'), nested(root, 'Core', 'Q9W8E7R6T5Y4'), nested(root, 'Web', 'ZXCVBNM12345')]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({recognisedBy: 'nested-stacks'});
    expect(found[0]!.nested.map(n => n.stackName)).toEqual([
      'datalake-Bootstrap-A1B2C3D4E5F6',
      'datalake-Core-Q9W8E7R6T5Y4',
      'datalake-Web-ZXCVBNM12345',
    ]);
  });

  it('not the deployment role stack, whose description names Panther too', () => {
    const roles = [
      listed('panther-deployment-role', {description: 'PantherDeploymentRole v1.28.7: the IAM role CloudFormation assumes to deploy Panther'}),
      listed('panther-role', {description: 'Panther deployment role: PantherDeploymentRole, assumed by CloudFormation to deploy Panther v1.39.7'}),
    ];
    expect(pantherRoots(roles)).toEqual([]);
  });

  it('not a stack named panther-* without Panther in it, nor one whose nested stacks merely share a name', () => {
    const ci = listed('panther-analysis-ci', {description: 'CI for the panther-analysis detections repository'});
    const shop = listed('shop', {description: 'The shop'});
    const mentions = listed('alerts-forwarder', {description: 'Forwards Panther v1.28.7 alerts to Slack'});
    const stacks = [ci, nested(ci, 'Pipeline'), shop, nested(shop, 'Core'), nested(shop, 'Web', 'POIUYTREWQ12'), mentions];
    expect(pantherRoots(stacks)).toEqual([]);
  });

  it('never a nested stack, even one whose description names Panther', () => {
    const root = listed('panther-prod', {description: 'Panther v1.28.7'});
    const core = {...nested(root, 'Core'), description: 'Panther v1.28.7 core'};
    expect(pantherRoots([root, core]).map(r => r.stack.stackName)).toEqual(['panther-prod']);
  });

  it('reads the logical id out of a nested stack name only when it is of its root', () => {
    expect(nestedLogicalId('panther-prod', 'panther-prod-BootstrapGateway-1ABCDEF2GHIJK')).toBe('BootstrapGateway');
    expect(nestedLogicalId('panther-prod', 'panther-prod-eu-Core-1ABCDEF2GHIJK')).toBeNull();
    expect(nestedLogicalId('panther-prod', 'panther-staging-Core-1ABCDEF2GHIJK')).toBeNull();
    expect(nestedLogicalId('panther-prod', 'panther-prod-Core')).toBeNull();
  });
});

describe('the last operation, from the status', () => {
  it.each([
    ['CREATE_COMPLETE', 'CREATE'],
    ['CREATE_IN_PROGRESS', 'CREATE'],
    ['REVIEW_IN_PROGRESS', 'CREATE'],
    ['UPDATE_COMPLETE', 'UPDATE'],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE'],
    ['UPDATE_FAILED', 'UPDATE'],
    ['ROLLBACK_COMPLETE', 'ROLLBACK'],
    ['UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK'],
    ['UPDATE_ROLLBACK_FAILED', 'ROLLBACK'],
    ['IMPORT_ROLLBACK_COMPLETE', 'ROLLBACK'],
    ['IMPORT_COMPLETE', 'IMPORT'],
    ['DELETE_FAILED', 'DELETE'],
    ['SOMETHING_NEW', null],
  ])('%s is %s', (status, op) => {
    expect(lastOperationOf(status)).toBe(op);
  });

  it('happened at LastUpdatedTime, else CreationTime; a delete at its DeletionTime', () => {
    const created = '2026-09-01T10:00:00.000Z';
    expect(lastOperationAt({status: 'CREATE_COMPLETE', createdAt: created, updatedAt: null, deletedAt: null})).toBe(created);
    expect(lastOperationAt({status: 'UPDATE_COMPLETE', createdAt: created, updatedAt: '2026-10-01T00:00:00.000Z', deletedAt: null})).toBe(
      '2026-10-01T00:00:00.000Z',
    );
    expect(
      lastOperationAt({status: 'DELETE_FAILED', createdAt: created, updatedAt: '2026-10-01T00:00:00.000Z', deletedAt: '2026-10-02T00:00:00.000Z'}),
    ).toBe('2026-10-02T00:00:00.000Z');
  });
});

describe('rungs behind the latest recommended version', () => {
  it('counts the ladder: its own minor to its recommended patch first, then one rung a minor', () => {
    expect(latestRecommended()).toBe('1.39.7');
    // 1.29 .. 1.39: eleven minors.
    expect(rungsBehind('1.28.7', 'us-east-2')).toBe(11);
    // 1.24.12 first, then 1.25 .. 1.39.
    expect(rungsBehind('1.24.3', 'us-east-2')).toBe(16);
    expect(rungsBehind('1.39.5', 'us-east-2')).toBe(1);
  });

  it('is 0 when current or newer than the catalog knows, null when the version is unknown or too old to plan from', () => {
    expect(rungsBehind('1.39.7', 'us-east-2')).toBe(0);
    expect(rungsBehind('1.40.2', 'us-east-2')).toBe(0);
    expect(rungsBehind(null, 'us-east-2')).toBeNull();
    expect(rungsBehind('not a version', 'us-east-2')).toBeNull();
    // 1.11 .. 1.16 are not in the catalog: no ladder can be planned.
    expect(rungsBehind('1.10.0', 'us-east-2')).toBeNull();
  });

  it('follows a catalog that knows a newer release', () => {
    const catalog = loadCatalog('{"recommended": ["1.40.2"]}');
    expect(rungsBehind('1.39.7', 'us-east-2', catalog)).toBe(1);
    expect(latestRecommended(catalog)).toBe('1.40.2');
  });
});

describe('one entry per stack, however many profiles see it', () => {
  const prod = listed('panther-prod', {description: 'Panther v1.28.7', status: 'UPDATE_COMPLETE', updatedAt: '2026-10-29T14:07:31.000Z'});
  const eu = {...listed('panther-eu', {description: 'Panther v1.31.1'}), stackId: arn('panther-eu', '123456789012', 'eu-west-1')};
  const staging = {...listed('panther-staging', {description: 'Panther v1.24.3'}), stackId: arn('panther-staging', '222222222222')};
  const sight = (profile: string, region: string, stack: ListedStack): Sighting => ({
    profile,
    region,
    root: {stack, recognisedBy: 'description', nested: []},
  });

  it('keys by stack ARN and keeps every profile, in the order given', () => {
    const merged = mergeSightings(
      [
        sight('staging', 'us-east-2', staging),
        sight('prod-admin', 'us-east-2', prod),
        sight('prod', 'eu-west-1', eu),
        sight('prod', 'us-east-2', prod),
        sight('prod-admin', 'eu-west-1', eu),
      ],
      ['prod', 'prod-admin', 'staging'],
      ['us-east-2', 'eu-west-1'],
    );
    expect(merged.map(m => [m.root.stack.stackName, m.region, m.profiles])).toEqual([
      ['panther-prod', 'us-east-2', ['prod', 'prod-admin']],
      ['panther-eu', 'eu-west-1', ['prod', 'prod-admin']],
      ['panther-staging', 'us-east-2', ['staging']],
    ]);
  });

  it('two stacks of the same name in two accounts are two deployments', () => {
    const other = {...prod, stackId: arn('panther-prod', '222222222222')};
    const merged = mergeSightings([sight('prod', 'us-east-2', prod), sight('staging', 'us-east-2', other)], ['prod', 'staging'], ['us-east-2']);
    expect(merged.map(m => accountOf(m.root.stack.stackId))).toEqual(['123456789012', '222222222222']);
  });

  it('reports a deployment with its account, last operation and rungs behind', () => {
    const [merged] = mergeSightings([sight('prod', 'us-east-2', prod)], ['prod'], ['us-east-2']);
    expect(toDeployment(merged!, {version: '1.28.7', source: 'template'})).toEqual({
      account: '123456789012',
      region: 'us-east-2',
      stackName: 'panther-prod',
      stackId: prod.stackId,
      version: '1.28.7',
      versionSource: 'template',
      status: 'UPDATE_COMPLETE',
      lastOperation: 'UPDATE',
      lastOperationAt: '2026-10-29T14:07:31.000Z',
      rungsBehind: 11,
      latestVersion: '1.39.7',
      profiles: ['prod'],
    });
    expect(toDeployment(merged!, null)).toMatchObject({version: null, versionSource: null, rungsBehind: null});
    expect(accountOf('not-an-arn')).toBe('');
  });
});
