import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {
  iamActionFor,
  POLICIES,
  POLICY_FILES,
  policyActions,
  policyJson,
  READ_ONLY_POLICY,
  UPGRADE_POLICY,
  type PolicyKind,
} from '../../source/panther/iam-policy.js';
import {runCli} from '../support/run-cli.js';
import {missingActions, sdkCallsIn, sdkCallsUnder} from './sdk-actions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const allowed = new Set([...policyActions(READ_ONLY_POLICY), ...policyActions(UPGRADE_POLICY)]);

describe('the IAM policies cover every AWS call the console makes', () => {
  it('every SDK command and paginator under source/aws is allowed by the read-only or the upgrade policy', () => {
    const calls = sdkCallsUnder(`${root}source/aws`, root);
    const missing = missingActions(calls, allowed);
    expect(missing, `SDK calls without a permission in the IAM policy:\n${missing.join('\n')}`).toEqual([]);
  });

  it('finds the calls the console is known to make (the scan is not silently empty)', () => {
    const actions = new Set(sdkCallsUnder(`${root}source/aws`, root).map(c => c.action));
    for (const a of ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:ListStacks', 'cloudtrail:LookupEvents', 'sts:GetCallerIdentity']) {
      expect(actions, a).toContain(a);
    }
  });

  it('names the missing action when a new call has no permission', () => {
    const source = `
      import {CreateChangeSetCommand, paginateListChangeSets} from '@aws-sdk/client-cloudformation';
      import {DeleteBucketCommand as Drop} from '@aws-sdk/client-s3';
      import * as iam from '@aws-sdk/client-iam';
      await client.send(new CreateChangeSetCommand({}));
      for await (const p of paginateListChangeSets({client}, {})) {}
      await s3.send(new Drop({Bucket: 'x'}));
      await i.send(new iam.CreateUserCommand({}));
      await x.send(new MysteryCommand({}));`;
    const missing = missingActions(sdkCallsIn('source/aws/preflight.ts', source), allowed);
    expect(missing.join('\n')).toContain('s3:DeleteBucket');
    expect(missing.join('\n')).toContain('iam:CreateUser');
    expect(missing.join('\n')).toContain('MysteryCommand');
    expect(missing.join('\n')).not.toContain('CreateChangeSet');
    expect(missing.join('\n')).not.toContain('ListChangeSets');
    expect(missing).toHaveLength(3);
  });

  it('maps operations whose IAM action has another name', () => {
    expect(iamActionFor('@aws-sdk/client-s3', 'ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(iamActionFor('@aws-sdk/client-organizations', 'DescribeOrganization')).toBe('organizations:DescribeOrganization');
    expect(iamActionFor('@aws-sdk/client-secrets-manager', 'DescribeSecret')).toBe('secretsmanager:DescribeSecret');
    expect(iamActionFor('@aws-sdk/client-codebuild', 'StartBuild')).toBe('codebuild:StartBuild');
  });

  it('includes what preflight and upgrade --execute need', () => {
    for (const a of ['iam:GetRole', 'iam:SimulatePrincipalPolicy', 's3:ListAllMyBuckets', 'organizations:DescribeOrganization']) {
      expect(policyActions(READ_ONLY_POLICY), a).toContain(a);
    }
    for (const a of ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet',
      'cloudformation:DeleteChangeSet', 'codebuild:StartBuild', 'codebuild:BatchGetBuilds', 'iam:PassRole']) {
      expect(policyActions(UPGRADE_POLICY), a).toContain(a);
    }
  });

  it('keeps the read-only policy read-only', () => {
    const writes = [...policyActions(READ_ONLY_POLICY)].filter(a => /:(Create|Delete|Put|Update|Execute|Start|Pass|Attach|Tag)/.test(a));
    expect(writes).toEqual([]);
  });
});

describe('the policy documents', () => {
  it.each(['readonly', 'upgrade'] as PolicyKind[])('docs/ holds the %s policy exactly as the code has it', kind => {
    const file = readFileSync(`${root}${POLICY_FILES[kind]}`, 'utf8');
    expect(file, `${POLICY_FILES[kind]} is out of date: run \`node bin/panther-console.js policy --for ${kind} > ${POLICY_FILES[kind]}\``).toBe(policyJson(kind));
    expect(JSON.parse(file).Version).toBe('2012-10-17');
  });

  it('`policy` prints the read-only document and `policy --for upgrade` the upgrade one', async () => {
    const ro = await runCli(['policy']);
    expect(ro.code).toBe(0);
    expect(JSON.parse(ro.stdout)).toEqual(POLICIES.readonly);
    const up = await runCli(['policy', '--for', 'upgrade']);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toEqual(POLICIES.upgrade);
  });

  it('`policy --for` anything else is bad input (exit 2, one line on stderr)', async () => {
    const r = await runCli(['policy', '--for', 'admin']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--for must be readonly or upgrade');
  });
});
