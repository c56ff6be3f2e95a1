// `deploy` on the simulated account (manual clock: each wait of the walk moves it, so a 30-minute create takes
// milliseconds): the dry run writes nothing; --execute --approve creates the stack from the version's template URL
// with the given parameters, watches it, runs the panther-pulumi build and verifies; a failed create lands on its
// post-mortem and the cleanup plan; every refusal comes before the first write.
import {mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CodeBuildGateway} from '../../source/aws/codebuild.js';
import {simSettings} from '../../source/commands/sim.js';
import {exitCodeOf} from '../../source/errors.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {DEPLOY_KMS_KEY, deployParams} from '../../source/sim/scenarios/deploy.js';
import {preflightParams} from '../../source/sim/scenarios/preflight.js';
import {prepareDeploy, type DeployFlags} from '../../source/upgrade/deploy-session.js';
import {upgradeReport} from '../../source/upgrade/report.js';
import {testContext, unpaced} from '../support/console-context.js';
import {WRITES} from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2';
const ALL_WRITES = [...WRITES, 'CloudFormation.DeleteStack'];

let closeAll: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeAll?.();
  closeAll = null;
});

async function paramsFile(entries: {ParameterKey: string; ParameterValue: string}[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-params-'));
  const file = path.join(dir, 'params.json');
  await writeFile(file, JSON.stringify(entries));
  return file;
}

const goodParams = () => paramsFile(deployParams());

async function deployContext(scenario = 'deploy') {
  const sim: RunningSim = await startSim({scenario, clock: 'manual'});
  const t = testContext({...simSettings(sim), region: sim.region});
  closeAll = async () => {
    t.clients.destroy();
    await sim.close();
  };
  const sleep = async (ms: number) => {
    sim.clock.advance(ms * 30);
    await new Promise(resolve => setImmediate(resolve));
  };
  const flags = (extra: Partial<DeployFlags>): DeployFlags => ({
    format: 'text',
    cloudtrail: false,
    bell: false,
    stack: 'panther-prod',
    version: '1.31',
    ...extra,
  });
  const run = async (f: DeployFlags) => {
    const session = await prepareDeploy(t.ctx, f);
    if (session.codebuild) {
      session.codebuild.destroy();
      session.codebuild = new CodeBuildGateway(t.clients, unpaced());
    }
    try {
      return await upgradeReport(session, {sleep});
    } finally {
      session.close();
    }
  };
  const writes = () => Object.fromEntries(Object.entries(t.clients.counter.all).filter(([k]) => ALL_WRITES.includes(k)));
  const refusal = async (f: DeployFlags) => {
    try {
      await run(f);
    } catch (error) {
      return {code: exitCodeOf(error), message: (error as Error).message};
    }
    throw new Error('deploy was not refused');
  };
  return {sim, ...t, flags, run, writes, refusal};
}

describe('deploy', () => {
  it('dry run: the plan (template URL, parameters, preflight) and not one write', async () => {
    const d = await deployContext();
    const params = await goodParams();
    expect(await d.run(d.flags({params, roleArn: ROLE}))).toBe(0);
    const out = d.out();
    expect(out).toContain('deploy panther-prod in us-east-2: Panther 1.31.1 (--version 1.31: its recommended patch)');
    expect(out).toContain('would create a change set: TemplateURL https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.31.1/panther.yml');
    expect(out).toContain('parameters sets FirstUserEmail = "secops@example.com", CompanyDisplayName = "Example Corp"');
    expect(out).toMatch(/; \d+ at their template defaults/);
    expect(out).toMatch(/preflight: \d+ checks: \d+ passed/);
    expect(out).toContain('dry run complete: nothing written. To deploy: --execute --approve 1.31.1');
    expect(d.writes()).toEqual({});
    expect(d.sim.world.stacks.some(s => s.name === 'panther-prod')).toBe(false);
  });

  it('--execute --approve: creates from the template URL with the parameters and role, watches, builds, verifies', async () => {
    const d = await deployContext();
    const params = await goodParams();
    expect(await d.run(d.flags({params, roleArn: ROLE, execute: true, approve: '1.31.1'}))).toBe(0);
    const [cs] = changeSetsOf(d.sim.world);
    expect(cs.type).toBe('CREATE');
    expect(cs.templateUrl).toBe('https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.31.1/panther.yml');
    expect(cs.resolved.FirstUserEmail).toBe('secops@example.com');
    expect(cs.resolved.ProcessedDataKmsKeyArn).toBe(DEPLOY_KMS_KEY);
    // Only what --params sets is sent; the rest takes the template's defaults.
    expect(cs.parameters.map(p => p.key)).not.toContain('LogProcessorGzipLevel');
    expect(cs.capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
    const root = d.sim.world.stacks.find(s => s.name === 'panther-prod' && !s.parentId)!;
    expect(root.roleArn).toBe(ROLE);
    const out = d.out();
    expect(out).toMatch(/creates \d{3} resources in 14 stacks: \d+ AWS::CloudWatch::Alarm/);
    expect(out).toContain('capabilities CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND');
    expect(out).toContain('root stack: CREATE_COMPLETE');
    expect(out).toMatch(/panther-pulumi build panther-pulumi:\S+ started/);
    expect(out).toContain('panther-pulumi build: SUCCEEDED (COMPLETED)');
    expect(out).toContain('done: Panther 1.31.1 verified (the deployed template)');
    expect(out).toContain('deploy complete: panther-prod is on 1.31.1');
    expect(d.writes()).toEqual({'CloudFormation.CreateChangeSet': 1, 'CloudFormation.ExecuteChangeSet': 1, 'CodeBuild.StartBuild': 1});
  });

  it('a create that fails: the post-mortem, the cleanup plan, exit 1, no build', async () => {
    const d = await deployContext('failing-deploy');
    const params = await goodParams();
    expect(await d.run(d.flags({params, roleArn: ROLE, execute: true, approve: '1.31.1'}))).toBe(1);
    const out = d.out();
    expect(out).toContain('root stack: ROLLBACK_COMPLETE');
    expect(out).toMatch(
      /FAILED {2}the create of panther-prod ended ROLLBACK_COMPLETE; root cause \S+LogProcessingRole\S+\/AuditLogsBucket \(scp-deny\)/,
    );
    expect(out).toContain('ROOT CAUSE');
    expect(out).toContain(`panther-console cleanup -s panther-prod --execute`);
    expect(out).toContain(
      `4. panther-console deploy -s panther-prod --version 1.31.1 --params ${params} --role-arn ${ROLE} --execute --approve 1.31.1`,
    );
    expect(out).toContain('deploy failed: panther-prod was not created');
    expect(d.writes()).toEqual({'CloudFormation.CreateChangeSet': 1, 'CloudFormation.ExecuteChangeSet': 1});
    // The failed root holds the name: a second deploy is refused before any write, pointing at cleanup.
    const again = await d.refusal(d.flags({params, execute: true, approve: '1.31.1'}));
    expect(again.code).toBe(2);
    expect(again.message).toContain('panther-prod is a failed first deploy (ROLLBACK_COMPLETE)');
    expect(again.message).toContain('panther-console cleanup -s panther-prod');
  });

  it('a failed preflight check stops --execute before any write; --skip-preflight "reason" deploys anyway, saying why', async () => {
    const d = await deployContext();
    // Without ApiCertificateArn (required from 1.19.5 by Panther's rules) a preflight check fails.
    const params = await paramsFile([
      ...preflightParams('good').filter(p => p.ParameterKey !== 'ApiCertificateArn'),
      {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: DEPLOY_KMS_KEY},
    ]);
    expect(await d.run(d.flags({params, execute: true, approve: '1.31.1'}))).toBe(1);
    expect(d.out()).toContain('FAIL  ApiCertificateArn');
    expect(d.out()).toContain('stopped before the change set: preflight failed');
    expect(d.writes()).toEqual({});
    expect(await d.run(d.flags({params, execute: true, approve: '1.31.1', skipPreflight: 'the certificate is added in the first update'}))).toBe(0);
    expect(d.out()).toContain('preflight FAILED, deploying anyway: --skip-preflight "the certificate is added in the first update"');
  });

  it('refuses, before any write, what CloudFormation would refuse or the user did not approve', async () => {
    const d = await deployContext();
    const params = await goodParams();
    const cases: [Partial<DeployFlags>, RegExp][] = [
      [{params, execute: true}, /--execute without a terminal needs --approve 1\.31\.1/],
      [{params, execute: true, approve: '1.30.5'}, /--approve 1\.30\.5: this deploy creates Panther 1\.31\.1/],
      [{params, stack: 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod/x'}, /takes its name, not an ARN/],
      [{params, stack: 'prod', roleArn: ROLE}, /must start with panther-/],
      [{params, roleArn: 'PantherDeploymentRole'}, /is not an IAM role ARN/],
      [{params, stack: 'panther-deployment-role'}, /panther-deployment-role already exists \(CREATE_COMPLETE\)/],
      [{params, version: '1.99'}, /--version 1\.99: no recommended patch of 1\.99 is catalogued/],
      [{params, skipPreflight: ' '}, /--skip-preflight needs a reason/],
      [{params, format: 'json'}, /deploy prints text/],
    ];
    for (const [extra, message] of cases) {
      const r = await d.refusal(d.flags(extra));
      expect(r.code, String(message)).toBe(2);
      expect(r.message).toMatch(message);
    }
    const typo = await paramsFile([...preflightParams('good'), {ParameterKey: 'FirstUserEmial', ParameterValue: 'x@example.com'}]);
    const r = await d.refusal(d.flags({params: typo}));
    expect(r.message).toMatch(/sets FirstUserEmial \(did you mean FirstUserEmail\?\), which Panther 1\.31\.1's template does not declare/);
    const missing = await paramsFile(preflightParams('good').filter(p => p.ParameterKey !== 'FirstUserEmail'));
    const m = await d.refusal(d.flags({params: missing, execute: true, approve: '1.31.1'}));
    expect(m.message).toMatch(/Nothing was written: Panther 1\.31\.1 needs FirstUserEmail, ProcessedDataKmsKeyArn \(no default\)/);
    expect(d.writes()).toEqual({});
  });

  it('dry run without a required value: shown as needed, exit 2, nothing written', async () => {
    const d = await deployContext();
    const params = await paramsFile(preflightParams('good'));
    expect(await d.run(d.flags({params}))).toBe(2);
    expect(d.out()).toContain('NEEDS INPUT  ProcessedDataKmsKeyArn is required');
    expect(d.writes()).toEqual({});
  });
});

describe('deploy after a failed first deploy', () => {
  it('failing-deploy: the create fails, cleanup --execute deletes the root, the next deploy creates it, warning of the leftovers', async () => {
    const d = await deployContext('failing-deploy');
    const params = await goodParams();
    const f = d.flags({params, roleArn: ROLE, execute: true, approve: '1.31.1'});
    expect(await d.run(f)).toBe(1);
    const {cleanupCommand} = await import('../../source/commands/cleanup.js');
    // The manual clock moves while cleanup waits for the delete.
    const ticking = setInterval(() => d.sim.clock.advance(1_000), 20);
    const cleaned = await cleanupCommand(d.ctx, {
      format: 'text',
      cloudtrail: false,
      bell: false,
      stack: 'panther-prod',
      execute: true,
      approve: 'panther-prod',
    }).finally(() => clearInterval(ticking));
    expect(cleaned).toBe(0);
    expect(d.out()).toMatch(/Retained by the rollback \(DeletionPolicy Retain\): \d+ resources/);
    expect(await d.run(f)).toBe(0);
    const out = d.out().slice(d.out().lastIndexOf('deploy panther-prod in us-east-2'));
    // The retained resources are warned about, two shown and the rest counted, not one line each.
    expect(out).toMatch(
      /WARN {2}Leftover of a failed attempt: \d+ more \(panther-console preflight --stack-name panther-prod lists each with its command\)/,
    );
    expect(out.match(/WARN {2}Leftover of a failed attempt: AWS::/g)).toHaveLength(2);
    expect(out).toContain('deploy complete: panther-prod is on 1.31.1');
    // ProcessedDataKmsKeyArn is unknown to preflight's rules but required by the template deploy read: no warning.
    expect(out).not.toContain('is not a parameter this console knows');
  }, 40_000);
});

describe('deploy not confirmed', () => {
  it('deletes its change set and the empty REVIEW_IN_PROGRESS stack it made: the name is free again', async () => {
    const d = await deployContext();
    const params = await goodParams();
    const session = await prepareDeploy(d.ctx, d.flags({params, execute: true, approve: '1.31.1'}));
    const sleep = async (ms: number) => {
      d.sim.clock.advance(ms * 30);
      await new Promise(resolve => setImmediate(resolve));
    };
    await session.run({sleep, confirm: async () => false});
    session.close();
    const state = session.walk.getState();
    expect(state.outcome).toBe('cancelled');
    expect(state.stop?.message).toBe(
      'cancelled before executing: nothing was created; deleted its change set and the empty REVIEW_IN_PROGRESS stack panther-prod',
    );
    expect(d.writes()).toEqual({'CloudFormation.CreateChangeSet': 1, 'CloudFormation.DeleteChangeSet': 1, 'CloudFormation.DeleteStack': 1});
    d.sim.clock.advance(60_000);
    expect(await d.ctx.gateway.describeStack('panther-prod')).toBeNull();
  });
});

describe("deploy when ExecuteChangeSet's answer is lost", () => {
  it('asks the change set: it is executing, so the create is followed (never deleted), built and verified', async () => {
    const d = await deployContext();
    const params = await goodParams();
    d.sim.setFaults({lostResponse: {action: 'ExecuteChangeSet', times: 1}});
    expect(await d.run(d.flags({params, execute: true, approve: '1.31.1'}))).toBe(0);
    expect(d.out()).toContain('deploy complete: panther-prod is on 1.31.1');
    expect(d.writes()).toEqual({'CloudFormation.CreateChangeSet': 1, 'CloudFormation.ExecuteChangeSet': 1, 'CodeBuild.StartBuild': 1});
  });
});

describe('deploy whose build fails after the create completed', () => {
  it('says the stack is created and how to finish it: no cleanup plan, no "was not created"', async () => {
    const d = await deployContext();
    const params = await goodParams();
    const session = await prepareDeploy(d.ctx, d.flags({params, execute: true, approve: '1.31.1'}));
    session.codebuild?.destroy();
    const failed = {
      id: 'panther-pulumi:1',
      project: 'panther-pulumi',
      status: 'FAILED',
      phase: 'COMPLETED',
      complete: true,
      startedAt: '',
      endedAt: '',
      failure: 'BUILD FAILED: pulumi up exited 1',
      logsLink: '',
    };
    session.codebuild = {startBuild: async () => failed, getBuild: async () => failed, destroy: () => undefined} as unknown as CodeBuildGateway;
    const sleep = async (ms: number) => {
      d.sim.clock.advance(ms * 30);
      await new Promise(resolve => setImmediate(resolve));
    };
    const code = await upgradeReport(session, {sleep});
    session.close();
    expect(code).toBe(1);
    const out = d.out();
    expect(out).toContain('root stack: CREATE_COMPLETE');
    expect(out).toContain(
      'panther-prod is created (CREATE_COMPLETE), but not finished: the deploy is finished once its build succeeds: aws codebuild start-build --project-name panther-pulumi --region us-east-2',
    );
    expect(out).not.toContain('Cleanup plan');
    expect(out).toContain(
      'deploy not finished: panther-prod is created, but the panther-pulumi build panther-pulumi:1 ended FAILED: BUILD FAILED: pulumi up exited 1',
    );
  });
});

describe('deploy --role-arn', () => {
  it('refuses a role of another account, or an ARN whose path is not the role IAM has, before any write', async () => {
    const d = await deployContext();
    const params = await goodParams();
    const other = await d.refusal(d.flags({params, roleArn: 'arn:aws:iam::999999999999:role/PantherDeploymentRole-us-east-2'}));
    expect(other.code).toBe(2);
    expect(other.message).toContain('is a role of account 999999999999, but the deploy runs in 123456789012');
    const path = await d.refusal(d.flags({params, roleArn: 'arn:aws:iam::123456789012:role/evil/PantherDeploymentRole-us-east-2'}));
    expect(path.code).toBe(2);
    expect(path.message).toContain("the account's role of that name is arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2");
    expect(d.writes()).toEqual({});
  });
});
