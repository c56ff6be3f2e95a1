// readDeployments on the `deployments` scenario (two accounts, by access key) through the real SDK clients, each
// profile from a config file as a user has it: each deployment once with its version, what could not be read and
// why, the calls it took.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {readDeployments, type ProfileTarget} from '../../source/aws/deployments-reader.js';
import {SUPPORTED_REGIONS} from '../../source/panther/regions.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {DEPLOYMENTS_KEYS, deploymentsWorld} from '../../source/sim/scenarios/deployments.js';
import {withProfiles} from '../support/aws-profiles.js';

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({scenario: 'deployments'});
});
beforeEach(() => sim.resetCalls());
afterAll(() => sim.close());

const PROFILES = {
  prod: DEPLOYMENTS_KEYS.prod,
  staging: DEPLOYMENTS_KEYS.staging,
  'prod-admin': DEPLOYMENTS_KEYS.prod,
  old: DEPLOYMENTS_KEYS.expired,
  ghost: null,
};
const named = (...names: string[]): ProfileTarget[] => names.map(n => ({label: n, profile: n}));

function read(profiles: string[], regions: string[], extra: {callsPerSecond?: number} = {}) {
  return withProfiles(PROFILES, () => readDeployments({profiles: named(...profiles), regions, endpointUrl: sim.url, maxAttempts: 1, ...extra}));
}

describe('readDeployments', () => {
  it('lists each Panther deployment of two accounts and two regions once, with its version', async () => {
    const report = await read(['prod', 'staging'], ['us-east-2', 'eu-west-1']);
    expect(report.unreadable).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.deployments.map(d => [d.profiles.join(','), d.account, d.region, d.stackName, d.version, d.versionSource, d.status])).toEqual([
      ['prod', '123456789012', 'us-east-2', 'panther-prod', '1.28.7', 'template', 'UPDATE_COMPLETE'],
      ['prod', '123456789012', 'eu-west-1', 'panther-eu', '1.31.1', 'template', 'CREATE_COMPLETE'],
      ['staging', '222222222222', 'us-east-2', 'panther-staging', '1.24.3', 'template', 'UPDATE_ROLLBACK_COMPLETE'],
      ['staging', '222222222222', 'eu-west-1', 'panther-sandbox', '1.27.8', 'tag', 'CREATE_COMPLETE'],
    ]);
    const staging = report.deployments[2]!;
    expect(staging).toMatchObject({lastOperation: 'ROLLBACK', rungsBehind: 16, latestVersion: '1.39.7'});
    expect(staging.stackId).toMatch(/^arn:aws:cloudformation:us-east-2:222222222222:stack\/panther-staging\//);
    expect(report.deployments[0]).toMatchObject({lastOperation: 'UPDATE', rungsBehind: 11});
    // Its update, four days before the story's "now" (its LastUpdatedTime); the others' creation or rollback.
    expect(report.deployments[0]!.lastOperationAt).toBe(new Date(DEFAULT_EPOCH - 4 * 86_400_000).toISOString());
  });

  it('reads no template of a stack that is not Panther: one ListStacks per region, one GetTemplate per deployment', async () => {
    const report = await read(['prod', 'staging'], ['us-east-2', 'eu-west-1']);
    const calls = sim.calls();
    expect(calls['CloudFormation.ListStacks']).toBe(4);
    // panther-deployment-role, CDKToolkit and panther-analysis-ci are never read beyond the listing.
    expect(calls['CloudFormation.GetTemplate']).toBe(4);
    // Only the sandbox's template names no version: its tags are read.
    expect(calls['CloudFormation.DescribeStacks']).toBe(1);
    expect(report.apiCalls.cloudformation).toBe(9);
  });

  it('lists a stack two profiles of one account both see once, with both profiles, and reads it once', async () => {
    const report = await read(['prod', 'prod-admin'], ['us-east-2']);
    expect(report.deployments.map(d => [d.stackName, d.profiles])).toEqual([['panther-prod', ['prod', 'prod-admin']]]);
    expect(sim.calls()['CloudFormation.ListStacks']).toBe(2);
    expect(sim.calls()['CloudFormation.GetTemplate']).toBe(1);
  });

  it('reports a profile without credentials and one whose token expired, and reads the rest', async () => {
    const report = await read(['ghost', 'staging', 'old'], ['us-east-2']);
    expect(report.deployments.map(d => d.stackName)).toEqual(['panther-staging']);
    expect(report.unreadable.map(u => [u.profile, u.region, u.kind])).toEqual([
      ['ghost', 'us-east-2', 'no-credentials'],
      ['old', 'us-east-2', 'expired-credentials'],
    ]);
    expect(report.unreadable[0]!.reason).toMatch(/^No usable AWS credentials for profile ghost: .*aws sso login --profile ghost/);
    expect(report.unreadable[1]!.reason).toMatch(/expired or invalid \(ExpiredToken\)/);
    // No call left without credentials.
    expect(sim.calls()['CloudFormation.ListStacks']).toBe(2);
  });

  it('a region with no stacks is read, and empty', async () => {
    const report = await read(['staging'], ['ap-south-1', 'us-west-2']);
    expect(report).toMatchObject({deployments: [], unreadable: [], regions: ['ap-south-1', 'us-west-2']});
  });

  it('tells a region the account has not enabled from bad credentials: the same key worked elsewhere', async () => {
    const world = deploymentsWorld({seed: 7, t0: DEFAULT_EPOCH});
    world.accounts![DEPLOYMENTS_KEYS.staging]!.disabledRegions = ['eu-west-2'];
    const optIn = await startSim({world});
    try {
      const report = await withProfiles(PROFILES, () =>
        readDeployments({profiles: named('staging'), regions: ['us-east-2', 'eu-west-2'], endpointUrl: optIn.url, maxAttempts: 1}),
      );
      expect(report.deployments.map(d => d.stackName)).toEqual(['panther-staging']);
      expect(report.unreadable).toMatchObject([{profile: 'staging', region: 'eu-west-2', kind: 'region-not-enabled'}]);
      expect(report.unreadable[0]!.reason).toMatch(/^eu-west-2 is not enabled for this account \(InvalidClientTokenId\)/);
      // Nowhere else: the token itself is at fault.
      const alone = await withProfiles(PROFILES, () =>
        readDeployments({profiles: named('staging'), regions: ['eu-west-2'], endpointUrl: optIn.url, maxAttempts: 1}),
      );
      expect(alone.unreadable).toMatchObject([{kind: 'expired-credentials'}]);
    } finally {
      await optIn.close();
    }
  });

  it('falls back to the tags when GetTemplate is denied, and lists the deployment without a version when both are', async () => {
    const world = deploymentsWorld({seed: 7, t0: DEFAULT_EPOCH});
    world.denied = ['CloudFormation.GetTemplate'];
    const denied = await startSim({world});
    const readProd = () =>
      withProfiles(PROFILES, () => readDeployments({profiles: named('prod'), regions: ['us-east-2'], endpointUrl: denied.url, maxAttempts: 1}));
    try {
      const tags = await readProd();
      expect(tags.deployments).toMatchObject([{stackName: 'panther-prod', version: '1.28.7', versionSource: 'tag', rungsBehind: 11}]);
      expect(tags.warnings).toEqual([]);
      world.denied.push('CloudFormation.DescribeStacks');
      const none = await readProd();
      expect(none.deployments).toMatchObject([{stackName: 'panther-prod', version: null, versionSource: null, rungsBehind: null}]);
      expect(none.unreadable).toEqual([]);
      expect(none.warnings).toEqual([
        expect.stringMatching(
          /^cannot read the version of panther-prod \(us-east-2, profile prod\): Access denied to the console's own call: .*GetTemplate/,
        ),
      ]);
    } finally {
      await denied.close();
    }
  });

  it('names a denied ListStacks and throttling past the retries', async () => {
    const world = deploymentsWorld({seed: 7, t0: DEFAULT_EPOCH});
    world.denied = ['CloudFormation.ListStacks'];
    const denied = await startSim({world});
    try {
      const report = await withProfiles(PROFILES, () =>
        readDeployments({profiles: named('prod'), regions: ['us-east-2'], endpointUrl: denied.url, maxAttempts: 1}),
      );
      expect(report.unreadable).toMatchObject([{profile: 'prod', region: 'us-east-2', kind: 'access-denied'}]);
      expect(report.unreadable[0]!.reason).toMatch(/^Access denied to the console's own call: User: .* cloudformation:ListStacks/);
    } finally {
      await denied.close();
    }
    sim.setFaults({throttle: true});
    try {
      const report = await read(['staging'], ['us-east-2']);
      expect(report.unreadable).toMatchObject([{profile: 'staging', kind: 'throttled'}]);
      expect(report.unreadable[0]!.reason).toMatch(/kept throttling/);
    } finally {
      sim.setFaults({});
    }
  });

  it('says why the endpoint could not be reached', async () => {
    const report = await withProfiles(PROFILES, () =>
      readDeployments({profiles: named('prod'), regions: ['us-east-2'], endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1}),
    );
    expect(report.unreadable).toMatchObject([{profile: 'prod', region: 'us-east-2', kind: 'unreachable'}]);
    expect(report.unreadable[0]!.reason).toMatch(/^Cannot reach AWS \(ECONNREFUSED/);
  });

  it('the regions of one profile share its rate: ten regions at 4 calls/s (bursts of 8) wait for one another', async () => {
    const regions = [...SUPPORTED_REGIONS];
    const started = Date.now();
    const report = await read(['staging'], regions, {callsPerSecond: 4});
    const elapsed = Date.now() - started;
    expect(report.deployments).toHaveLength(2);
    // 10 ListStacks + 2 GetTemplate + 1 DescribeStacks: 8 at once, then one every 250 ms.
    expect(sim.calls()['CloudFormation.ListStacks']).toBe(10);
    expect(elapsed).toBeGreaterThanOrEqual(1200);
  });
});
