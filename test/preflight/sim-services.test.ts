// The sim's IAM (awsQuery), S3 (REST-XML) and Organizations (JSON 1.1) answer the real SDK clients.
import {GetRoleCommand, IAMClient, ListRolesCommand, SimulatePrincipalPolicyCommand} from '@aws-sdk/client-iam';
import {DescribeOrganizationCommand, OrganizationsClient} from '@aws-sdk/client-organizations';
import {ListBucketsCommand, S3Client} from '@aws-sdk/client-s3';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';

let sim: RunningSim;
let cleanSim: RunningSim;
const config = (s: RunningSim) => ({
  region: 'us-east-2',
  endpoint: s.url,
  credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'},
  maxAttempts: 1,
});
beforeAll(async () => {
  [sim, cleanSim] = await Promise.all([startSim({scenario: 'preflight'}), startSim({scenario: 'preflight-clean'})]);
});
afterAll(() => Promise.all([sim.close(), cleanSim.close()]));

describe('the simulated IAM, S3 and Organizations', () => {
  it('IAM: GetRole, NoSuchEntity, paged ListRoles and SimulatePrincipalPolicy', async () => {
    const iam = new IAMClient(config(sim));
    const role = (await iam.send(new GetRoleCommand({RoleName: 'PantherAuditRole-us-east-2'}))).Role!;
    expect(role.Arn).toBe('arn:aws:iam::123456789012:role/PantherAuditRole-us-east-2');
    expect(role.CreateDate).toBeInstanceOf(Date);
    await expect(iam.send(new GetRoleCommand({RoleName: 'PantherRemediationRole-us-east-2'}))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: {httpStatusCode: 404},
    });
    const first = await iam.send(new ListRolesCommand({MaxItems: 2}));
    expect(first.Roles).toHaveLength(2);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new ListRolesCommand({MaxItems: 100, Marker: first.Marker}));
    expect(first.Roles!.length + rest.Roles!.length).toBe(sim.world.iam!.roles.length);
    const sso = sim.world.iam!.roles.find(r => r.path !== '/')!;
    const sim1 = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: 'arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2',
        ActionNames: ['s3:CreateBucket', 's3:PutEncryptionConfiguration'],
      }),
    );
    expect(sim1.EvaluationResults!.map(r => [r.EvalActionName, r.EvalDecision, r.OrganizationsDecisionDetail?.AllowedByOrganizations])).toEqual([
      ['s3:CreateBucket', 'allowed', true],
      ['s3:PutEncryptionConfiguration', 'explicitDeny', false],
    ]);
    // A role ARN without its path is not the role.
    await expect(
      iam.send(new SimulatePrincipalPolicyCommand({PolicySourceArn: `arn:aws:iam::123456789012:role/${sso.name}`, ActionNames: ['s3:CreateBucket']})),
    ).rejects.toMatchObject({name: 'NoSuchEntityException'});
    iam.destroy();
  });

  it('S3: ListBuckets, path-style, with prefix and continuation', async () => {
    const s3 = new S3Client({...config(sim), forcePathStyle: true});
    const all = await s3.send(new ListBucketsCommand({}));
    expect(all.Buckets!.map(b => b.Name)).toEqual(sim.world.buckets!.map(b => b.name).sort());
    const legacy = await s3.send(new ListBucketsCommand({Prefix: 'panther-bootstrap-'}));
    expect(legacy.Buckets!.map(b => b.Name!.replace(/-\w+$/, ''))).toEqual(['panther-bootstrap-analysisversions', 'panther-bootstrap-auditlogs']);
    const page1 = await s3.send(new ListBucketsCommand({MaxBuckets: 2}));
    const page2 = await s3.send(new ListBucketsCommand({MaxBuckets: 100, ContinuationToken: page1.ContinuationToken}));
    expect([...page1.Buckets!, ...page2.Buckets!].map(b => b.Name)).toEqual(all.Buckets!.map(b => b.Name));
    expect(page2.ContinuationToken).toBeUndefined();
    s3.destroy();
  });

  it('Organizations: DescribeOrganization, and not-in-use on a standalone account', async () => {
    const org = new OrganizationsClient(config(sim));
    expect((await org.send(new DescribeOrganizationCommand({}))).Organization).toMatchObject({
      Id: 'o-abc123',
      FeatureSet: 'ALL',
      MasterAccountId: '111111111111',
    });
    org.destroy();
    const standalone = new OrganizationsClient(config(cleanSim));
    await expect(standalone.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({name: 'AWSOrganizationsNotInUseException'});
    standalone.destroy();
  });

  it('counts their calls like the others', () => {
    expect(sim.calls()).toMatchObject({
      'IAM.GetRole': 2,
      'IAM.ListRoles': 2,
      'IAM.SimulatePrincipalPolicy': 2,
      'S3.ListBuckets': 4,
      'Organizations.DescribeOrganization': 1,
    });
  });
});
