// Conformance of `deploy` (a first deploy) against moto: the console's own code paths (prepareDeploy, upgradeReport),
// its real AWS SDK clients over HTTP, an independent CloudFormation, IAM, S3, STS, Organizations and CodeBuild. The
// shim (moto-shim.ts) records every request the console sends and restores AWS's documented behaviour where moto
// contradicts it (MOTO-DEVIATIONS.md; for a CREATE change set: Q12). The fixture (panther-deploy-fixture.ts) is an
// account with Panther's template buckets, the PantherDeploymentRole stack and the panther-pulumi project, and no
// Panther yet. What is asserted: what the console sent (and that a dry run or a refusal sent no write at all), what it
// printed, and what the account looks like afterwards, read straight from moto with the AWS CLI.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {CodeBuildClient, ListBuildsForProjectCommand} from '@aws-sdk/client-codebuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CodeBuildGateway} from '../../source/aws/codebuild.js';
import {exitCodeOf} from '../../source/errors.js';
import {prepareDeploy, type DeployFlags} from '../../source/upgrade/deploy-session.js';
import {upgradeReport} from '../../source/upgrade/report.js';
import {testContext, unpaced} from '../support/console-context.js';
import {aws} from './aws-cli.js';
import {detectMoto, startMoto, type MotoServer} from './moto-server.js';
import {startShim, type MotoShim, type RecordedRequest} from './moto-shim.js';
import {
  DEPLOY_PARAMETERS,
  DEPLOY_STACK,
  DEPLOY_VERSION,
  DEPLOYMENT_ROLE_ARN,
  PULUMI_PROJECT,
  REGION,
  ROLE_STACK,
  rootTemplateUrl,
  seedDeploy,
} from './panther-deploy-fixture.js';
import {nestedTemplates, resetMoto} from './panther-upgrade-fixture.js';

const availability = detectMoto();
if (!availability.ok) console.warn(`conformance: moto not found, skipping the deploy conformance suite (${availability.reason})`);
const suite = availability.ok ? describe : describe.skip;

const TEMPLATE_URL = rootTemplateUrl(DEPLOY_VERSION);

/** What a request that writes nothing is called, in every service the deploy talks to (S3: GET/HEAD). */
const READ_ACTION = /^(Describe|List|Get|BatchGet|Lookup|Simulate|GET |HEAD )/;
/** The writes a first deploy could make, named so a failure says which one got through. */
const NAMED_WRITES = ['CreateChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet', 'CreateStack', 'UpdateStack', 'DeleteStack', 'StartBuild'];

const flags = (extra: Partial<DeployFlags>): DeployFlags => ({
  format: 'text',
  // moto has no CloudTrail LookupEvents: --no-cloudtrail, as a user without CloudTrail access would.
  cloudtrail: false,
  bell: false,
  stack: DEPLOY_STACK,
  version: '1.27',
  ...extra,
});

/** A Query request's `Prefix.member.N.Field` (or `Prefix.member.N`) as records, in order. */
function members(e: RecordedRequest, prefix: string): Record<string, string>[] {
  const out = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix}\\.member\\.(\\d+)(?:\\.(.+))?$`);
  for (const [k, v] of Object.entries(e.params)) {
    const m = re.exec(k);
    if (!m) continue;
    const entry = out.get(Number(m[1])) ?? {};
    entry[m[2] ?? ''] = String(v);
    out.set(Number(m[1]), entry);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

suite(`deploy against moto through the AWS-restoring shim (${availability.reason})`, () => {
  let moto: MotoServer;
  let shim: MotoShim;
  let tmp: string;
  /** Every restoration the shim made over the whole file (its counters are cleared with each reset). */
  const restorationTotals: Record<string, number> = {};
  const keepRestorations = () => {
    for (const [k, n] of Object.entries(shim?.restorations ?? {})) restorationTotals[k] = (restorationTotals[k] ?? 0) + n;
  };

  /** moto reset and reseeded, the shim's log and memory cleared: no Panther in the account. */
  async function fresh(): Promise<void> {
    keepRestorations();
    shim.reset();
    await resetMoto(moto.endpoint);
    await seedDeploy(moto.endpoint);
  }

  async function paramsFile(name: string, values: Readonly<Record<string, string>>): Promise<string> {
    const file = path.join(tmp, name);
    // The AWS CLI's own list form: a file already used with `aws cloudformation` works as is.
    await writeFile(file, JSON.stringify(Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue}))));
    return file;
  }

  /** prepareDeploy + upgradeReport on the shim, with a sleep that does not wait: the exit code and what was printed. */
  async function runDeploy(f: DeployFlags) {
    const {ctx, clients, out} = testContext({region: REGION, endpointUrl: shim.endpoint, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}});
    try {
      let code: number;
      let refusal = '';
      try {
        const session = await prepareDeploy(ctx, f);
        if (session.codebuild) {
          session.codebuild.destroy();
          session.codebuild = new CodeBuildGateway(clients, unpaced());
        }
        try {
          code = await upgradeReport(session, {sleep: () => new Promise(r => setImmediate(r)), pollMs: 1});
        } finally {
          session.close();
        }
      } catch (error) {
        // A refusal (InputError, exit 2) is the console's answer; anything else is the test's failure, with the log.
        code = exitCodeOf(error);
        refusal = (error as Error).message;
        if (code !== 2) throw new Error(`deploy threw (exit ${code}): ${refusal}\n${transcript(out())}`, {cause: error});
      }
      const text = out();
      const lines = text.trimEnd().split('\n');
      return {
        code,
        out: text,
        refusal,
        last: lines.at(-1) ?? '',
        callsLine: lines.find(l => /^\d+ API calls\b/.test(l)) ?? '',
        total: clients.counter.total(),
      };
    } finally {
      clients.destroy();
    }
  }

  /** Every request of the log that is not a read. */
  const writes = () => shim.log.filter(e => !READ_ACTION.test(e.action));
  const noWrites = (why: string) => {
    expect(writes(), why).toEqual([]);
    for (const name of NAMED_WRITES)
      expect(
        shim.log.filter(e => e.action === name).map(e => e.action),
        why,
      ).toEqual([]);
  };
  const noShimErrors = () => expect(shim.shimErrors, shim.shimErrors.join('\n')).toEqual([]);
  const transcript = (out: string) =>
    `${out}\n--- shim log ---\n${shim.log.map(e => `${e.seq} ${e.service}.${e.action} ${e.changeSetName ?? e.stackName ?? ''} -> ${e.status}${e.errorCode ? ` ${e.errorCode}: ${e.errorMessage}` : ''}${e.restored.length ? ` [${e.restored.join(',')}]` : ''}`).join('\n')}`;
  /** A live stack of that name as moto has it (DescribeStacks straight to moto, not through the shim), or null. */
  const motoStack = async (name: string): Promise<Stack | null> => {
    const cf = new CloudFormationClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
      maxAttempts: 1,
    });
    try {
      return (await cf.send(new DescribeStacksCommand({StackName: name}))).Stacks?.[0] ?? null;
    } catch (error) {
      if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return null;
      throw error;
    } finally {
      cf.destroy();
    }
  };

  beforeAll(async () => {
    moto = await startMoto(15_000);
    shim = await startShim(moto.endpoint, {region: REGION});
    tmp = await mkdtemp(path.join(os.tmpdir(), 'panther-deploy-moto-'));
    try {
      await fresh();
    } catch (error) {
      throw new Error(`seeding the deploy fixture on moto failed: ${(error as Error).message}\n--- moto log ---\n${moto.log()}`);
    }
  }, 45_000);

  afterAll(async () => {
    keepRestorations();
    await shim?.close();
    await moto?.stop();
    if (tmp) await rm(tmp, {recursive: true, force: true});
    const used = Object.entries(restorationTotals).map(([k, n]) => `${k} ${n}`);
    if (used.length) console.log(`deploy-moto: answers the shim restored to AWS's behaviour: ${used.join(', ')}`);
  }, 15_000);

  it('dry run: exit 0, the template URL and every parameter printed, and not one write request to any service', async () => {
    await fresh();
    const params = await paramsFile('params.json', DEPLOY_PARAMETERS);
    const r = await runDeploy(flags({params, roleArn: DEPLOYMENT_ROLE_ARN}));
    const why = transcript(r.out);
    expect(r.code, why).toBe(0);
    expect(r.out).toContain(`deploy ${DEPLOY_STACK} in ${REGION}: Panther ${DEPLOY_VERSION} (--version 1.27: its recommended patch)`);
    expect(r.out).toContain(`would create a change set: TemplateURL ${TEMPLATE_URL}`);
    // A creation's parameters in one line: every --params value set, the rest left to the template's defaults.
    const sets = /parameters sets ([^\n]*?); \d+ at their template defaults/.exec(r.out)?.[1] ?? '';
    for (const [key, value] of Object.entries(DEPLOY_PARAMETERS)) expect(sets).toContain(`${key} = ${JSON.stringify(value)}`);
    expect(r.out).toContain('DRY RUN: nothing is written');
    expect(r.last).toBe(`dry run complete: nothing written. To deploy: --execute --approve ${DEPLOY_VERSION}`);
    // Preflight read the account through the shim: every service it asks was asked, and none was written to.
    expect(new Set(shim.log.map(e => e.service))).toEqual(new Set(['cloudformation', 'sts', 'iam', 's3', 'organizations']));
    noWrites(why);
    expect(await motoStack(DEPLOY_STACK)).toBeNull();
    noShimErrors();
  }, 60_000);

  it('--execute --approve 1.27.8 --role-arn: created from the version template URL with the --params values and the role, the panther-pulumi build started once and SUCCEEDED, exit 0', async () => {
    await fresh();
    const params = await paramsFile('params.json', DEPLOY_PARAMETERS);
    const r = await runDeploy(flags({params, roleArn: DEPLOYMENT_ROLE_ARN, execute: true, approve: DEPLOY_VERSION}));
    const why = transcript(r.out);
    expect(r.code, why).toBe(0);
    expect(r.last).toBe(`deploy complete: ${DEPLOY_STACK} is on ${DEPLOY_VERSION}`);
    noShimErrors();

    // Exactly three writes, in order: the CREATE change set, its execution, the build.
    expect(
      writes().map(w => w.action),
      why,
    ).toEqual(['CreateChangeSet', 'ExecuteChangeSet', 'StartBuild']);
    const [create, execute, build] = writes();
    expect(create.status, why).toBe(200);
    expect(create.params).toMatchObject({
      StackName: DEPLOY_STACK,
      ChangeSetType: 'CREATE',
      TemplateURL: TEMPLATE_URL,
      RoleARN: DEPLOYMENT_ROLE_ARN,
      IncludeNestedStacks: 'true',
    });
    expect(members(create, 'Capabilities').map(c => c[''])).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
    // Only what --params sets is sent (every other parameter takes the template's default), each as a value.
    const sent = members(create, 'Parameters');
    expect(sent).toHaveLength(Object.keys(DEPLOY_PARAMETERS).length);
    expect(Object.fromEntries(sent.map(p => [p.ParameterKey, p.ParameterValue]))).toEqual(DEPLOY_PARAMETERS);
    expect(sent.some(p => 'UsePreviousValue' in p)).toBe(false);
    expect(execute.changeSetName).toBe(create.result?.changeSetId);
    expect(execute.status, why).toBe(200);
    expect(build.params).toMatchObject({projectName: PULUMI_PROJECT});
    expect(build.status, why).toBe(200);
    const buildId = build.result?.buildId ?? '';
    expect(buildId).toMatch(/^panther-pulumi:/);
    const polls = shim.log.filter(e => e.action === 'BatchGetBuilds' && e.seq > build.seq && (e.params.ids as string[])?.includes(buildId));
    expect(polls.length, why).toBeGreaterThan(0);
    // The deployed template is read to verify the version, after the build.
    expect(shim.log.some(e => e.action === 'GetTemplate' && e.seq > build.seq && e.stackName === create.result?.stackId)).toBe(true);

    // What the user read: preflight said what it could not check and went on, the whole hierarchy was reviewed
    // (the nested change sets: Q12), the create, the build, the verification.
    const header = /^ {2}preflight: (\d+) checks: (\d+) passed, \d+ warnings?, (\d+) failed, (\d+) not checked$/m.exec(r.out);
    expect(header, why).not.toBeNull();
    expect(Number(header![3])).toBe(0);
    expect(Number(header![4]), 'moto cannot answer every check: those are "not checked", and the deploy goes on').toBeGreaterThan(0);
    const nested = Object.values(nestedTemplates(DEPLOY_VERSION)).map(t => Object.keys(t.Resources as object).length);
    const resources = nested.length + nested.reduce((a, b) => a + b, 0);
    expect(r.out).toContain(`creates ${resources} resources in ${nested.length + 1} stacks:`);
    expect(r.out).not.toContain('NOT REVIEWED');
    expect(r.out).toContain('capabilities CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND');
    expect(r.out).toContain(`confirmed ${DEPLOY_VERSION} (--approve)`);
    expect(r.out).toContain('root stack: CREATE_COMPLETE');
    expect(r.out).toContain(`panther-pulumi build ${buildId} started`);
    expect(r.out).toContain('panther-pulumi build: SUCCEEDED (COMPLETED)');
    expect(r.out).toContain(`done: Panther ${DEPLOY_VERSION} verified (the deployed template)`);
    expect(r.callsLine).toMatch(/; 3 writes \(1 CreateChangeSet, 1 ExecuteChangeSet, 1 StartBuild\)$/);
    // The console counted exactly the requests the shim saw.
    expect(r.total).toBe(shim.log.length);
    console.log(`deploy-moto: ${r.callsLine}`);

    // The account afterwards, read straight from moto: the root with the AWS CLI, the nested stacks and the builds
    // with the SDK (not through the shim).
    const direct = {region: REGION, endpoint: moto.endpoint, credentials: {accessKeyId: 'x', secretAccessKey: 'x'}, maxAttempts: 1};
    const cf = new CloudFormationClient(direct);
    const cb = new CodeBuildClient(direct);
    const [described, got, listed, builds] = await Promise.all([
      aws(moto.endpoint, ['cloudformation', 'describe-stacks', '--stack-name', DEPLOY_STACK]),
      aws(moto.endpoint, ['cloudformation', 'get-template', '--stack-name', DEPLOY_STACK]),
      cf.send(new ListStacksCommand({})).finally(() => cf.destroy()),
      cb.send(new ListBuildsForProjectCommand({projectName: PULUMI_PROJECT})).finally(() => cb.destroy()),
    ]);
    const stack = described.Stacks[0] as Stack;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.StackId).toBe(create.result?.stackId);
    expect(stack.RoleARN).toBe(DEPLOYMENT_ROLE_ARN);
    const values = Object.fromEntries((stack.Parameters ?? []).map(p => [p.ParameterKey, p.ParameterValue]));
    expect(values).toMatchObject(DEPLOY_PARAMETERS);
    // The parameters not given took the template's defaults.
    expect(values).toMatchObject({SentryEnvironment: 'prod', ConsoleSessionTimeoutMinutes: '60'});
    expect(got.TemplateBody.Description).toBe(`Panther v${DEPLOY_VERSION}`);
    expect(got.TemplateBody.Mappings.Constants.Panther.Version).toBe(`v${DEPLOY_VERSION}`);
    const all = listed.StackSummaries ?? [];
    for (const logicalId of ['Bootstrap', 'Core', 'LogAnalysis']) {
      expect(all.filter(s => s.StackName?.startsWith(`${DEPLOY_STACK}-${logicalId}-`)).map(s => s.StackStatus)).toEqual(['CREATE_COMPLETE']);
    }
    expect(builds.ids).toEqual([buildId]);
    for (const name of ['restoreNestedCreateChangeSets', 'restoreChangeSetEchoes', 'restoreBuildComplete']) {
      expect(shim.restorations[name], `the shim restored ${name}`).toBeGreaterThan(0);
    }
  }, 60_000);

  it('a failed preflight check, a required value missing, a name taken: each stops the deploy before any write', async () => {
    await fresh();
    // ApiCertificateArn: the template defaults it to blank; the console's rules require it from 1.19.5.
    const {ApiCertificateArn: _cert, ...withoutCertificate} = DEPLOY_PARAMETERS;
    const noCert = await paramsFile('no-certificate.json', withoutCertificate);
    const failed = await runDeploy(flags({params: noCert, roleArn: DEPLOYMENT_ROLE_ARN, execute: true, approve: DEPLOY_VERSION}));
    expect(failed.code, transcript(failed.out)).toBe(1);
    expect(failed.out).toMatch(/^ {4}FAIL {2}ApiCertificateArn: missing\b/m);
    expect(failed.out).toMatch(/preflight: \d+ checks: .*, 1 failed,/);
    expect(failed.out).toContain('stopped before the change set: preflight failed (see above)');
    expect(failed.last).toBe('stopped before the change set: preflight failed (see above); fix it, or deploy anyway with --skip-preflight "reason"');
    noWrites(transcript(failed.out));

    // A value the template has no default for: refused (exit 2) before preflight, naming it.
    const {FirstUserEmail: _email, ...withoutEmail} = DEPLOY_PARAMETERS;
    const noEmail = await paramsFile('no-email.json', withoutEmail);
    const missing = await runDeploy(flags({params: noEmail, execute: true, approve: DEPLOY_VERSION}));
    expect(missing.code).toBe(2);
    expect(missing.refusal).toBe(`Nothing was written: Panther ${DEPLOY_VERSION} needs FirstUserEmail (no default): give it in ${noEmail}.`);

    // The name is held by a stack (the role stack): refused (exit 2), saying what to do instead.
    const params = await paramsFile('params.json', DEPLOY_PARAMETERS);
    const taken = await runDeploy(flags({stack: ROLE_STACK, params, execute: true, approve: DEPLOY_VERSION}));
    expect(taken.code).toBe(2);
    expect(taken.refusal).toBe(
      `${ROLE_STACK} already exists (CREATE_COMPLETE): deploy creates a new stack. To move it to another version: panther-console upgrade -s ${ROLE_STACK} --to VERSION.`,
    );

    noWrites(transcript(`${failed.out}\n${missing.refusal}\n${taken.refusal}`));
    expect(await motoStack(DEPLOY_STACK)).toBeNull();
    noShimErrors();
  }, 60_000);

  it('the shim answers a CREATE change set as AWS documents where moto does not (the restorations the deploy relies on)', async () => {
    await fresh();
    const sdk = new CloudFormationClient({
      region: REGION,
      endpoint: shim.endpoint,
      credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
      maxAttempts: 1,
    });
    const given = (values: Readonly<Record<string, string>>) =>
      Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue}));
    const create = (stack: string, name: string, parameters: Parameter[]) =>
      sdk.send(
        new CreateChangeSetCommand({
          StackName: stack,
          ChangeSetName: name,
          ChangeSetType: 'CREATE',
          TemplateURL: TEMPLATE_URL,
          Parameters: parameters,
          Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
          IncludeNestedStacks: true,
        }),
      );
    try {
      // A name an existing stack holds.
      await expect(create(ROLE_STACK, 'c-taken', given(DEPLOY_PARAMETERS))).rejects.toMatchObject({
        name: 'ValidationError',
        message: `Stack [${ROLE_STACK}] already exists and cannot be created again with the changeSet [c-taken].`,
      });
      // A key the template does not declare; a value without a default missing; UsePreviousValue with no previous template.
      await expect(create('panther-a', 'c-undeclared', given({...DEPLOY_PARAMETERS, FirstUserEmial: 'x@example.com'}))).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Parameters: [FirstUserEmial] do not exist in the template',
      });
      const {FirstUserEmail: _email, ...withoutEmail} = DEPLOY_PARAMETERS;
      await expect(create('panther-b', 'c-missing', given(withoutEmail))).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Parameters: [FirstUserEmail] must have values',
      });
      await expect(
        create('panther-c', 'c-previous', [...given(withoutEmail), {ParameterKey: 'FirstUserEmail', UsePreviousValue: true}]),
      ).rejects.toMatchObject({name: 'ValidationError'});
      // None of the refused ones made a stack.
      for (const name of [ROLE_STACK, 'panther-a', 'panther-b', 'panther-c']) {
        const stack = await motoStack(name);
        expect(stack === null || stack.StackStatus === 'CREATE_COMPLETE', name).toBe(true);
      }

      // The hierarchy: each nested stack's Add carries its change set, which lists that stack's resources as Adds.
      const ok = await create(DEPLOY_STACK, 'c-ok', given(DEPLOY_PARAMETERS));
      const root = await sdk.send(new DescribeChangeSetCommand({ChangeSetName: ok.Id}));
      expect(root).toMatchObject({Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', IncludeNestedStacks: true});
      expect(root.Capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
      const files: Record<string, string> = {Bootstrap: 'bootstrap.json', Core: 'core.json', LogAnalysis: 'log_analysis.json'};
      expect(root.Changes?.map(c => [c.ResourceChange?.Action, c.ResourceChange?.LogicalResourceId])).toEqual(
        Object.keys(files).map(k => ['Add', k]),
      );
      for (const c of root.Changes ?? []) {
        const rc = c.ResourceChange!;
        const nested = await sdk.send(new DescribeChangeSetCommand({ChangeSetName: rc.ChangeSetId}));
        expect(nested).toMatchObject({
          ParentChangeSetId: ok.Id,
          RootChangeSetId: ok.Id,
          Status: 'CREATE_COMPLETE',
          ExecutionStatus: 'UNAVAILABLE',
          StatusReason: 'Executable from root change set',
        });
        expect(nested.StackName).toMatch(new RegExp(`^${DEPLOY_STACK}-${rc.LogicalResourceId}-[0-9A-Z]{12}$`));
        const declared = Object.entries(nestedTemplates(DEPLOY_VERSION)[files[rc.LogicalResourceId!]].Resources as Record<string, {Type: string}>);
        expect(nested.Changes?.map(n => [n.ResourceChange?.Action, n.ResourceChange?.LogicalResourceId, n.ResourceChange?.ResourceType])).toEqual(
          declared.map(([id, r]) => ['Add', id, r.Type]),
        );
      }
      noShimErrors();
    } finally {
      sdk.destroy();
    }
  }, 60_000);
});
