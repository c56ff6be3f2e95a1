import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {CHANGE_SET_PREFIX, changeSetName} from '../../source/aws/changesets.js';
import {PULUMI_PROJECT} from '../../source/aws/codebuild.js';
import {
  CHANGE_SET_NAMES,
  iamActionFor,
  POLICIES,
  POLICY_FILES,
  policyActions,
  policyJson,
  READ_ONLY_POLICY,
  TEMPLATE_URLS,
  UPGRADE_POLICY,
  UPGRADE_STACK_ARNS,
  type PolicyDocument,
  type PolicyKind,
} from '../../source/panther/iam-policy.js';
import {deploymentRoleTemplateUrl, pantherTemplateUrl} from '../../source/panther/templates.js';
import {runCli} from '../support/run-cli.js';
import {
  actionDiff,
  calledActions,
  iamMatches,
  missingActions,
  opaqueSends,
  passesRoleArn,
  POLICY_OF_FILE,
  productionCalls,
  productionFiles,
  sdkCallsIn,
  sdkValueImports,
  unclassifiedFiles,
} from './sdk-actions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const calls = productionCalls(root);
const KINDS: PolicyKind[] = ['readonly', 'upgrade', 'deploy'];

/** Actions that change something (IAM access level Write, Permissions management or Tagging). */
const WRITE = /:(Add|Attach|Cancel|Continue|Create|Delete|Detach|Execute|Invoke|Modify|Pass|Put|Remove|Set|Start|Stop|Tag|Untag|Update)/;
const resources = (s: PolicyDocument['Statement'][number]) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

describe('the IAM policies grant exactly what the code calls', () => {
  it('places every production file that calls AWS in a policy (source/sim is not production)', () => {
    const unplaced = unclassifiedFiles(calls);
    expect(unplaced, `SDK calls in files test/policy/sdk-actions.ts POLICY_OF_FILE does not place in a policy:\n${unplaced.join('\n')}`).toEqual([]);
    const files = new Set(calls.map(c => c.file));
    const stale = Object.keys(POLICY_OF_FILE).filter(f => !files.has(f));
    expect(stale, 'POLICY_OF_FILE lists files that make no SDK call any more').toEqual([]);
    expect(calls.some(c => c.file.startsWith('source/sim/'))).toBe(false);
  });

  it('knows the IAM action of every call', () => {
    const unknown = missingActions(calls, new Set(calls.flatMap(c => c.action ?? [])));
    expect(unknown, unknown.join('\n')).toEqual([]);
  });

  it.each(KINDS)('the %s policy has every action its code calls and no other', kind => {
    const {missing, extra} = actionDiff(calledActions(calls, kind), policyActions(POLICIES[kind]));
    expect(missing, `called by the code but not in the ${kind} policy (source/panther/iam-policy.ts):\n${missing.join('\n')}`).toEqual([]);
    expect(
      extra,
      `in the ${kind} policy but called by no code (remove it, or allow-list it with its reason in test/policy/sdk-actions.ts EXTRA_ACTIONS):\n${extra.join('\n')}`,
    ).toEqual([]);
  });

  it('adds nothing to upgrade that the read-only policy already grants (it is attached on top of it)', () => {
    const ro = policyActions(READ_ONLY_POLICY);
    expect([...policyActions(UPGRADE_POLICY)].filter(a => ro.has(a))).toEqual([]);
  });

  it('finds the calls the console is known to make (the scan is not silently empty)', () => {
    const actions = new Set(calls.map(c => c.action));
    for (const a of [
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      'cloudformation:ListStacks',
      'cloudtrail:LookupEvents',
      'sts:GetCallerIdentity',
      's3:ListAllMyBuckets',
      'cloudformation:CreateChangeSet',
      'cloudformation:ListChangeSets',
      'codebuild:StartBuild',
      'codebuild:ListBuildsForProject',
      'codebuild:BatchGetBuilds',
    ]) {
      expect(actions, a).toContain(a);
    }
  });

  it('sees every request: SDK imports are clients, commands and paginators, and every send() sends a new Command', () => {
    const unseen: string[] = [];
    for (const f of productionFiles(root)) {
      for (const name of sdkValueImports(f.text)) {
        if (!/^(\w+Client|\w+Command|paginate\w+)$/.test(name)) unseen.push(`${f.file}: imports ${name} (its calls are invisible to the scan)`);
      }
      for (const send of opaqueSends(f.text)) unseen.push(`${f.file}: \`${send}\` sends a command built elsewhere`);
    }
    expect(unseen, unseen.join('\n')).toEqual([]);
    // The checks themselves see what they must.
    expect(sdkValueImports(`import {CloudFormation, waitUntilStackUpdateComplete, type Stack} from '@aws-sdk/client-cloudformation';`)).toEqual([
      'CloudFormation',
      'waitUntilStackUpdateComplete',
    ]);
    expect(sdkValueImports(`import type {Stack} from '@aws-sdk/client-cloudformation';`)).toEqual([]);
    expect(opaqueSends('await c.send(cmd); await c.send(\n  new DescribeStacksCommand({}));')).toEqual(['.send(cmd']);
  });

  it('fails on a missing action and on an extra one', () => {
    const source = `
      import {CreateChangeSetCommand, paginateListChangeSets} from '@aws-sdk/client-cloudformation';
      import {DeleteBucketCommand as Drop} from '@aws-sdk/client-s3';
      import * as iam from '@aws-sdk/client-iam';
      await client.send(new CreateChangeSetCommand({}));
      for await (const p of paginateListChangeSets({client}, {})) {}
      await s3.send(new Drop({Bucket: 'x'}));
      await i.send(new iam.CreateUserCommand({}));
      await x.send(new MysteryCommand({}));`;
    const fake = sdkCallsIn('source/aws/changesets.ts', source);
    const missing = missingActions(fake, policyActions(UPGRADE_POLICY));
    expect(missing.join('\n')).toContain('s3:DeleteBucket');
    expect(missing.join('\n')).toContain('iam:CreateUser');
    expect(missing.join('\n')).toContain('MysteryCommand');
    expect(missing).toHaveLength(3);

    const called = calledActions(fake, 'upgrade');
    const diff = actionDiff(called, policyActions(UPGRADE_POLICY));
    expect(diff.missing).toEqual(['iam:CreateUser', 's3:DeleteBucket']);
    // The policy's other change set and CodeBuild actions are called by no line of this source: extra.
    expect(diff.extra).toContain('cloudformation:ExecuteChangeSet');
    expect(diff.extra).toContain('codebuild:StartBuild');
    expect(diff.extra).not.toContain('cloudformation:CreateChangeSet');
    expect(diff.extra).not.toContain('cloudformation:ListChangeSets');
    // The real code, with one action too many in the read-only policy.
    const widened = new Set([...policyActions(READ_ONLY_POLICY), 's3:ListBucket']);
    expect(actionDiff(calledActions(calls, 'readonly'), widened)).toEqual({missing: [], extra: ['s3:ListBucket']});
  });

  it('maps operations whose IAM action has another name', () => {
    expect(iamActionFor('@aws-sdk/client-s3', 'ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(iamActionFor('@aws-sdk/client-s3', 'HeadBucket')).toBe('s3:ListBucket');
    expect(iamActionFor('@aws-sdk/client-organizations', 'DescribeOrganization')).toBe('organizations:DescribeOrganization');
    expect(iamActionFor('@aws-sdk/client-secrets-manager', 'DescribeSecret')).toBe('secretsmanager:DescribeSecret');
    expect(iamActionFor('@aws-sdk/client-codebuild', 'StartBuild')).toBe('codebuild:StartBuild');
    expect(iamActionFor('@aws-sdk/client-cloudwatch-logs', 'DescribeLogGroups')).toBe('logs:DescribeLogGroups');
    expect(iamActionFor('@aws-sdk/client-s3', 'ListObjectVersions')).toBe('s3:ListBucketVersions');
  });
});

describe('write permissions are scoped', () => {
  it.each(KINDS)('no statement of the %s policy grants a write action on Resource "*"', kind => {
    const wide = POLICIES[kind].Statement.filter(s => s.Action.some(a => WRITE.test(a)) && resources(s).some(r => r === '*' || /:\*$/.test(r)));
    expect(wide.map(s => s.Sid)).toEqual([]);
  });

  it('scopes every upgrade statement to Panther stacks or the panther-pulumi project (nothing account-wide)', () => {
    for (const s of UPGRADE_POLICY.Statement) {
      for (const r of resources(s)) {
        expect(r, s.Sid).not.toBe('*');
        expect(r, s.Sid).toMatch(/^arn:aws:(cloudformation:\*:\*:stack\/(?=[^/]*[A-Za-z])[^/]+\/\*|codebuild:\*:\*:project\/[\w-]+)$/);
      }
    }
  });

  it('keeps the read-only policy read-only', () => {
    expect([...policyActions(READ_ONLY_POLICY)].filter(a => WRITE.test(a))).toEqual([]);
  });

  it('grants iam:PassRole only if code passes a RoleARN, and then only to CloudFormation', () => {
    const passing = productionFiles(root)
      .filter(f => passesRoleArn(f.text))
      .map(f => f.file);
    const statements = KINDS.flatMap(k => POLICIES[k].Statement).filter(s => s.Action.includes('iam:PassRole'));
    if (passing.length === 0) {
      expect(
        statements.map(s => s.Sid),
        'no code passes a RoleARN: iam:PassRole is not needed',
      ).toEqual([]);
    } else {
      expect(statements.length, `${passing.join(', ')} pass a RoleARN: the upgrade policy needs iam:PassRole for that role`).toBeGreaterThan(0);
      for (const s of statements) {
        expect(resources(s)).not.toContain('*');
        expect(s.Condition?.StringEquals?.['iam:PassedToService']).toBe('cloudformation.amazonaws.com');
      }
    }
    expect(passesRoleArn('new CreateChangeSetCommand({StackName: s, RoleARN: role})')).toBe(true);
    expect(passesRoleArn('roleArn: s.RoleARN ?? null')).toBe(false);
  });

  it('matches the stacks, change sets, templates and project the console writes to, and nothing beside them', () => {
    const stackArn = (name: string) => `arn:aws:cloudformation:us-east-2:123456789012:stack/${name}/0f1e2d3c-aaaa-bbbb-cccc-000000000000`;
    const onStacks = (name: string) => UPGRADE_STACK_ARNS.some(p => iamMatches(p, stackArn(name)));
    for (const name of [
      'panther-prod',
      'panther-prod-Core-1ABCDEF',
      'panther-prod-Onboard-1X-RealTimeEvents-2Y',
      'panther-deployment-role',
      'PantherDeploymentRole-us-east-2',
    ]) {
      expect(onStacks(name), name).toBe(true);
    }
    for (const name of ['prod-data', 'panther', 'payments-panther-x']) expect(onStacks(name), name).toBe(false);

    expect(CHANGE_SET_NAMES[0]).toBe(`${CHANGE_SET_PREFIX}*`);
    const now = Date.UTC(2026, 10, 2, 14, 7, 31);
    for (const target of ['root', 'role'] as const) {
      const name = changeSetName('1.25.18', target, now, 'k3x9q2');
      expect(
        CHANGE_SET_NAMES.some(p => iamMatches(p, name)),
        name,
      ).toBe(true);
      const arn = `arn:aws:cloudformation:us-east-2:123456789012:changeSet/${name}/5d6e7f80-aaaa-bbbb-cccc-000000000000`;
      expect(
        CHANGE_SET_NAMES.some(p => iamMatches(p, arn)),
        arn,
      ).toBe(true);
    }
    expect(CHANGE_SET_NAMES.some(p => iamMatches(p, 'ci-pipeline-1'))).toBe(false);

    for (const url of [pantherTemplateUrl('1.25.18', 'us-east-2'), pantherTemplateUrl('1.20.0', 'eu-west-1'), deploymentRoleTemplateUrl('1.25.18')]) {
      expect(
        TEMPLATE_URLS.some(p => iamMatches(p, url)),
        url,
      ).toBe(true);
    }
    expect(TEMPLATE_URLS.some(p => iamMatches(p, 'https://evil.s3.amazonaws.com/v1.25.18/panther.yml'))).toBe(false);

    const create = UPGRADE_POLICY.Statement.find(s => s.Action.includes('cloudformation:CreateChangeSet'))!;
    expect(create.Condition?.StringLike?.['cloudformation:ChangeSetName']).toEqual([...CHANGE_SET_NAMES]);
    expect(create.Condition?.StringLike?.['cloudformation:TemplateUrl']).toEqual([...TEMPLATE_URLS]);
    for (const a of ['cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet']) {
      const s = UPGRADE_POLICY.Statement.find(st => st.Action.includes(a))!;
      expect(s.Condition?.StringLike?.['cloudformation:ChangeSetName'], a).toEqual([...CHANGE_SET_NAMES]);
    }
    const build = UPGRADE_POLICY.Statement.find(s => s.Action.includes('codebuild:StartBuild'))!;
    expect(build.Resource).toBe(`arn:aws:codebuild:*:*:project/${PULUMI_PROJECT}`);
    // The watch console's check of the build is a read on the same project only.
    const reads = READ_ONLY_POLICY.Statement.find(s => s.Action.includes('codebuild:ListBuildsForProject'))!;
    expect(reads.Action).toEqual(['codebuild:BatchGetBuilds', 'codebuild:ListBuildsForProject']);
    expect(reads.Resource).toBe(`arn:aws:codebuild:*:*:project/${PULUMI_PROJECT}`);
  });
});

describe('the policy documents', () => {
  it.each(KINDS)('docs/ holds the %s policy exactly as the code has it', kind => {
    const file = readFileSync(`${root}${POLICY_FILES[kind]}`, 'utf8');
    expect(file, `${POLICY_FILES[kind]} is out of date: run \`node bin/panther-console.js policy --for ${kind} > ${POLICY_FILES[kind]}\``).toBe(
      policyJson(kind),
    );
    expect(JSON.parse(file).Version).toBe('2012-10-17');
  });

  it('`policy` prints the read-only document and `policy --for upgrade` the upgrade one', async () => {
    const ro = await runCli(['policy']);
    expect(ro.code).toBe(0);
    expect(ro.stdout).toBe(policyJson('readonly'));
    const up = await runCli(['policy', '--for', 'upgrade']);
    expect(up.code).toBe(0);
    expect(up.stdout).toBe(policyJson('upgrade'));
  });

  it('`policy --for` anything else is bad input (exit 2, one line on stderr)', async () => {
    const r = await runCli(['policy', '--for', 'admin']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--for admin: it takes readonly, upgrade or deploy.');
  });
});
