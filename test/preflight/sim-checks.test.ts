// Every check group against the simulated account, through the real SDK clients: the `preflight` scenario's
// planted problems are all found and nothing else is; the clean account passes everything; refused calls are
// "could not check", never a pass.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {preflightExitCode} from '../../source/panther/preflight/report.js';
import {preflightMarkdown} from '../../source/report/preflight-markdown.js';
import {preflightText} from '../../source/report/preflight-text.js';
import type {PreflightReport} from '../../source/panther/preflight/types.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {PARAMS_BAD_EXPECTED, preflightParams, preflightWorld} from '../../source/sim/scenarios/preflight.js';
import {asRecord, check, preflightOn, problems} from './helpers.js';

describe.concurrent('preflight on the sim', () => {
  describe('the preflight scenario', () => {
    let sim: RunningSim;
    let report: PreflightReport;
    beforeAll(async () => {
      sim = await startSim({scenario: 'preflight'});
      report = await preflightOn(sim, {params: asRecord(preflightParams('bad'))});
    });
    afterAll(() => sim.close());

    it('finds every planted problem and nothing else', () => {
      const planted = sim.world.facts.planted as {id: string; status: string}[];
      const expected = [...planted, ...PARAMS_BAD_EXPECTED].map(p => `${p.id} ${p.status}`).sort();
      expect(problems(report.checks)).toEqual(expected);
      expect(preflightExitCode(report)).toBe(1);
    });

    it('names each leftover exactly, with the command that removes it', () => {
      expect(check(report, 'old-infrastructure.role:PantherAuditRole-us-east-2')!.action).toContain(
        'aws iam delete-role --role-name PantherAuditRole-us-east-2',
      );
      expect(check(report, 'old-infrastructure.stack:panther-bootstrap')!.action).toBe(
        'if it is no longer used, delete it: aws cloudformation delete-stack --stack-name panther-bootstrap --region us-east-2',
      );
      const bucket = report.checks.find(c => c.id.startsWith('old-infrastructure.bucket:panther-bootstrap-auditlogs-'))!;
      expect(bucket.action).toContain(`aws s3 rb s3://${bucket.id.split(':')[1]} --force`);
      const leftover = report.checks.find(c => c.id.startsWith('old-infrastructure.leftover:panther-prod-processeddata-'))!;
      expect(leftover.found).toMatch(
        /ProcessedDataBucket in panther-prod-Bootstrap-\w+\) was retained \(DELETE_SKIPPED\) when an earlier panther-prod was deleted .* and still exists$/,
      );
      expect(check(report, 'old-infrastructure.leftover:panther-analysis')!.found).toContain('whether it still exists was not checked');
      expect(check(report, 'old-infrastructure.leftover:panther-analysis')!.action).toBe(
        'aws dynamodb delete-table --table-name panther-analysis --region us-east-2',
      );
    });

    it("leaves out the decoys: a bucket deleted since, another region's role, nested and deployment-role stacks", () => {
      const ids = report.checks.map(c => c.id).join('\n');
      expect(ids).not.toContain(String(sim.world.facts.leftoverGone));
      expect(ids).not.toContain('PantherLogProcessingRole-us-west-2');
      expect(ids).not.toContain('panther-dev-Core');
      expect(ids).not.toContain('panther-deployment-role');
      expect(ids).not.toContain('panther-test');
      expect(ids).not.toContain('s3:CreateBucket');
      expect(ids).not.toContain('dynamodb:CreateTable');
    });

    it('groups SCP denials by action, with the policy ARN when the message carries it', () => {
      const s3 = check(report, 'organization.scp:s3:PutEncryptionConfiguration')!;
      expect(s3.found).toContain('denied by a service control policy 2 times');
      expect(s3.found).toContain('policy arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny4s3');
      expect(s3.action).toContain('in p-deny4s3');
      expect(check(report, 'organization.scp:kms:CreateKey')!.found).toContain('once');
      expect(check(report, 'organization.scp:kms:CreateKey')!.found).toContain('the message names no policy ARN');
      expect(check(report, 'organization.membership')!.found).toContain('cannot be read from a member account');
    });

    it('simulates the caller (its SSO role, path included) and the deployment role', () => {
      expect(check(report, 'permissions.caller')).toMatchObject({status: 'pass'});
      expect(check(report, 'permissions.caller')!.found).toContain('role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_');
      expect(check(report, 'permissions.deployment-role')!.found).toBe(
        'arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 may not: s3:PutEncryptionConfiguration (denied by an organisation SCP)',
      );
    });

    it("judges who can assume the deployment role from the GetRole that found it: another account's root fails", () => {
      const trust = check(report, 'permissions.deployment-role-trust')!;
      expect(trust).toMatchObject({group: 'permissions', title: 'Deployment role trust', status: 'fail'});
      expect(trust.found.split('; ')).toEqual([
        'PantherDeploymentRole-us-east-2 is an administrator role: it can create any IAM role and policy, so whoever can assume it is an administrator of account 123456789012. ' +
          'FAIL: account 999988887777 (another account: its root is trusted, so any principal there whose own policy allows it) can assume it, with no condition narrowing who, with no MFA condition',
        'WARN: any principal of account 123456789012 whose own policy allows sts:AssumeRole on it (the account root is trusted) can assume it, with no condition narrowing who, with no MFA condition',
        'PASS: the CloudFormation service (cloudformation.amazonaws.com) can assume it: CloudFormation deploys with it',
      ]);
      expect(trust.action).toContain(
        'name the principals that deploy Panther (the role AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a) instead of the account root',
      );
      expect(trust.action).toContain(
        'aws iam update-assume-role-policy --role-name PantherDeploymentRole-us-east-2 --policy-document file://trust.json',
      );
      expect(trust.action).toMatch(/treat it as a sensitive administrator role: [^;]+$/);
    });

    it('prints the trust check in the text and Markdown reports, one line and one row', () => {
      const text = preflightText(report).split('\n');
      const permissions = text.indexOf('PERMISSIONS');
      expect(text[permissions + 3]).toMatch(
        /^FAIL {4}Deployment role trust: PantherDeploymentRole-us-east-2 is an administrator role: .* FAIL: account 999988887777 .* => remove arn:aws:iam::999988887777:root from the trust policy/,
      );
      const rows = preflightMarkdown(report)
        .split('\n')
        .filter(l => l.startsWith('| FAIL | Deployment role trust |'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('WARN: any principal of account 123456789012');
    });

    it('makes a bounded number of read-only calls', () => {
      expect(report.apiCalls).toEqual({sts: 1, cloudformation: 3, iam: 9, s3: 1, organizations: 1, cloudtrail: 9});
      expect(sim.calls()).toEqual({
        'STS.GetCallerIdentity': 1,
        'CloudFormation.ListStacks': 1,
        'CloudFormation.ListStackResources': 2,
        'IAM.GetRole': 7,
        'IAM.SimulatePrincipalPolicy': 2,
        'S3.ListBuckets': 1,
        'Organizations.DescribeOrganization': 1,
        'CloudTrail.LookupEvents': 9,
      });
    });

    it('fails a name without the panther- prefix and a name taken by a live stack', async () => {
      const sim = await startSim({scenario: 'preflight'});
      const unprefixed = await preflightOn(sim, {stackName: 'prod-panther', cloudtrail: false});
      expect(check(unprefixed, 'stack-name.prefix')).toMatchObject({status: 'fail'});
      expect(check(unprefixed, 'stack-name.prefix')!.found).toContain('IAM role PantherDeploymentRole-us-east-2');
      const taken = await preflightOn(sim, {stackName: 'panther-dev', cloudtrail: false});
      expect(check(taken, 'stack-name.available')).toMatchObject({status: 'fail'});
      expect(check(taken, 'stack-name.available')!.found).toMatch(/^panther-dev is already taken by a live stack \(CREATE_COMPLETE/);
      // Reported once, as the name's problem, not again as old infrastructure.
      expect(check(taken, 'old-infrastructure.stack:panther-dev')).toBeUndefined();
      expect(check(taken, 'organization.scp-denials')).toMatchObject({status: 'unknown', found: 'not looked up (--no-cloudtrail)'});
      await sim.close();
    });

    it('fails a region Panther does not support', async () => {
      const sim = await startSim({scenario: 'preflight'});
      const elsewhere = await preflightOn(sim, {region: 'ca-central-1', cloudtrail: false});
      await sim.close();
      expect(check(elsewhere, 'region')).toMatchObject({status: 'fail', found: 'ca-central-1 is not a region Panther publishes templates to'});
      expect(check(elsewhere, 'region')!.action).toContain('us-east-2');
    });
  });

  describe('a clean account', () => {
    it('passes every check', async () => {
      const sim = await startSim({scenario: 'preflight-clean'});
      try {
        const report = await preflightOn(sim, {params: asRecord(preflightParams('good'))});
        expect(problems(report.checks)).toEqual([]);
        expect(report.checks.map(c => c.id)).toEqual([
          'identity',
          'region',
          'stack-name.prefix',
          'stack-name.available',
          'parameters.required',
          'parameters.optional',
          'old-infrastructure.stacks',
          'old-infrastructure.roles',
          'old-infrastructure.buckets',
          'old-infrastructure.leftovers',
          'organization.membership',
          'organization.scp-denials',
          'permissions.caller',
          'permissions.deployment-role',
          'permissions.deployment-role-trust',
        ]);
        // Narrowed to CloudFormation and the SSO administrators who deploy, with MFA.
        expect(check(report, 'permissions.deployment-role-trust')!.found).toMatch(
          /is an administrator role: .*\. PASS: the CloudFormation service .*; PASS: the role AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a can assume it \(the deploying principal\), with MFA$/,
        );
        expect(check(report, 'organization.membership')!.found).toBe('the account is in no AWS Organization: no service control policy applies');
        expect(check(report, 'organization.scp-denials')!.found).toMatch(
          /^no SCP denial in the 3 events read \(the 50 newest of each of PutBucketEncryption, CreateBucket/,
        );
        expect(preflightExitCode(report)).toBe(0);
      } finally {
        await sim.close();
      }
    });
  });

  describe('calls the caller may not make', () => {
    it('are "could not check", never a pass', async () => {
      const world = preflightWorld({
        scenario: 'preflight-restricted',
        seed: 7,
        t0: DEFAULT_EPOCH,
        clean: false,
        denied: ['IAM.SimulatePrincipalPolicy', 'Organizations.DescribeOrganization', 'CloudTrail.LookupEvents', 'S3.ListBuckets'],
      });
      const sim = await startSim({world});
      try {
        const report = await preflightOn(sim);
        expect(check(report, 'permissions.caller')).toMatchObject({
          status: 'unknown',
          found: 'could not check (iam:SimulatePrincipalPolicy denied (AccessDenied))',
        });
        expect(check(report, 'permissions.deployment-role')).toBeUndefined();
        expect(check(report, 'organization.membership')).toMatchObject({status: 'unknown'});
        expect(check(report, 'organization.membership')!.found).toContain('organizations:DescribeOrganization denied (AccessDeniedException)');
        expect(check(report, 'organization.scp-denials')).toMatchObject({status: 'unknown'});
        expect(check(report, 'old-infrastructure.buckets')).toMatchObject({status: 'unknown'});
        // Without the bucket list, retained buckets cannot be ruled out: both are reported, as unchecked.
        const leftovers = report.checks.filter(c => c.id.startsWith('old-infrastructure.leftover:panther-prod-'));
        expect(leftovers).toHaveLength(2);
        for (const l of leftovers) expect(l.found).toContain('whether it still exists was not checked');
        // One CloudTrail call: the first refusal stops the look-ups.
        expect(sim.calls()['CloudTrail.LookupEvents']).toBe(1);
      } finally {
        await sim.close();
      }
    });
  });
});
