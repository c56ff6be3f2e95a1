// The upgrade's safety rails, through the real SDK on the simulated account: only the right stacks are written (the
// deployment role stack by the role it deploys, a Panther root as --stack), nothing is written without approval,
// one walk at a time, a lost response is not a failure, the plan never goes backwards, an update already running is
// followed first, and an interruption says what still runs.
import {CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand} from '@aws-sdk/client-cloudformation';
import {describe, expect, it} from 'vitest';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {upgradeCommand} from '../../source/commands/upgrade.js';
import {chooseRoleStack} from '../../source/panther/deployment-role.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import type {OtherStack} from '../../source/sim/scenarios/upgrade.js';
import {runWalk} from '../../source/upgrade/driver.js';
import {upgradeReport} from '../../source/upgrade/report.js';
import {flags, upgradeContextPerTest, WRITES} from './helpers.js';

const setup = upgradeContextPerTest();

/** Writes as the simulated account counted them (whoever sent them). */
const simWrites = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([k]) => WRITES.includes(k)));
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);

/** Another team's stack, named like a deployment role, created after Panther's (so ListStacks lists it first). */
const ACME: OtherStack = {
  name: 'acme-deployment-role',
  description: 'Acme CI deployment role for the build pipeline',
  tags: {Team: 'platform'},
  resources: [{logicalId: 'DeployRole', type: 'AWS::IAM::Role', physicalId: 'acme-ci-deployer'}],
};
/** A stack that only mentions the deployment role: its description and a tag say so, its resources do not. */
const READER: OtherStack = {
  name: 'acme-reader',
  description: 'Audit queue read by the PantherDeploymentRole',
  tags: {Reads: 'PantherDeploymentRole'},
  resources: [
    {logicalId: 'AuditQueue', type: 'AWS::SQS::Queue', physicalId: 'https://sqs.us-east-2.amazonaws.com/123456789012/acme-audit'},
    {logicalId: 'ReaderRole', type: 'AWS::IAM::Role', physicalId: 'acme-reader-role'},
  ],
};
/** A second stack that really deploys the role (an old install under another name). */
const SECOND_ROLE: OtherStack = {
  name: 'old-deployment-role',
  description: 'IAM role for deploying Panther',
  resources: [
    {logicalId: 'DeploymentRole', type: 'AWS::IAM::Role', physicalId: 'PantherDeploymentRole'},
    {logicalId: 'DeploymentPolicy', type: 'AWS::IAM::Policy', physicalId: 'PantherInfraManagementPolicy'},
  ],
};

describe('the deployment role stack, by the role it deploys', () => {
  it('is never a stack that is only named or described like it', async () => {
    const t = await setup({otherStacks: [ACME, READER]});
    const code = await t.report(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9', allowReplacement: true}));
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain(
      'deployment role stack: panther-deployment-role (deploys PantherDeploymentRole-us-east-2; updated first on every rung)',
    );
    expect(t.out()).not.toMatch(/acme-/);
    const sets = changeSetsOf(t.sim.world);
    expect(sets).toHaveLength(6);
    expect(new Set(sets.map(s => s.stackName))).toEqual(new Set(['panther-deployment-role', 'panther-prod']));
  });

  it("two stacks that deploy a role: the one whose role the root is deployed with (its RoleARN) is the root's", async () => {
    const t = await setup({otherStacks: [ACME, SECOND_ROLE]});
    const session = await t.prepare(flags({execute: true, approve: '1.24.12'}));
    expect(session.roleStack).toMatchObject({stack: {stackName: 'panther-deployment-role'}, role: {physicalId: 'PantherDeploymentRole-us-east-2'}});
    session.close();
    expect(simWrites(t.sim.calls())).toEqual({});
  });

  it("which role stack: by the root's RoleARN; ambiguous without one (the walk asks for --role-stack); never another root's", () => {
    const a = {stackName: 'panther-deployment-role', roleName: 'PantherDeploymentRole'};
    const b = {stackName: 'old-deployment-role', roleName: 'PantherDeploymentRole-us-east-2'};
    expect(chooseRoleStack([a, b], 'panther-prod', 'arn:aws:iam::123456789012:role/PantherDeploymentRole')).toEqual({
      chosen: a,
      ambiguous: false,
      note: null,
    });
    expect(chooseRoleStack([a, b], 'panther-prod', null)).toEqual({chosen: null, ambiguous: true, note: null});
    expect(chooseRoleStack([a], 'panther-prod', null)).toEqual({chosen: a, ambiguous: false, note: null});
    const other = chooseRoleStack([b], 'panther-prod', 'arn:aws:iam::123456789012:role/PantherDeploymentRole');
    expect(other).toMatchObject({chosen: null, ambiguous: false});
    expect(other.note).toBe(
      'panther-prod is deployed with the role PantherDeploymentRole, and no stack in this region deploys it (old-deployment-role deploys ' +
        'PantherDeploymentRole-us-east-2): only the root stack is updated; name its stack with --role-stack NAME if it has one.',
    );
  });

  it('--role-stack names it; a stack that does not deploy the role is refused as one', async () => {
    const t = await setup({otherStacks: [SECOND_ROLE, READER]});
    const session = await t.prepare(flags({execute: true, approve: '1.24.12', roleStack: 'panther-deployment-role'}));
    expect(session.roleStack?.stack.stackName).toBe('panther-deployment-role');
    session.close();
    const error = await t.prepare(flags({execute: true, approve: '1.24.12', roleStack: 'acme-reader'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^--role-stack acme-reader does not deploy the PantherDeploymentRole \(its resources: AuditQueue \(AWS::SQS::Queue\), ReaderRole \(AWS::IAM::Role\)\)/,
    );
    expect(simWrites(t.sim.calls())).toEqual({});
  });
});

describe('--stack must be a Panther root', () => {
  it.each([
    ['panther-deployment-role', 'panther-deployment-role is the PantherDeploymentRole stack, not a Panther root: pass the root stack to --stack'],
    ['acme-reader', "acme-reader is not a Panther root stack: its resources include none of Panther's nested stacks"],
  ])('upgrade -s %s is refused before any write', async (stack, message) => {
    const t = await setup({otherStacks: [READER]});
    const error = await upgradeCommand(t.ctx, flags({stack, execute: true, approve: '1.24.12'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toContain(message);
    expect(simWrites(t.sim.calls())).toEqual({});
  });

  it('a nested stack is refused, naming its root', async () => {
    const t = await setup();
    const core = t.sim.world.stacks.find(s => s.logicalId === 'Core')!;
    const error = await upgradeCommand(t.ctx, flags({stack: core.name, execute: true, approve: '1.24.12'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({message: expect.stringMatching(/is a nested stack: pass the root stack/)});
    expect(simWrites(t.sim.calls())).toEqual({});
  });
});

describe('--execute without a terminal', () => {
  it('refuses without --approve, exit 2 and one line, before any write', async () => {
    const t = await setup();
    const error = await upgradeCommand(t.ctx, flags({execute: true})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe('--execute without a terminal needs --approve V1,V2 (the rungs to execute)');
    expect(simWrites(t.sim.calls())).toEqual({});
    expect(changeSetsOf(t.sim.world)).toHaveLength(0);
  });

  it('an empty --approve is no approval', async () => {
    const t = await setup();
    const error = await upgradeCommand(t.ctx, flags({execute: true, approve: ' , '})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(simWrites(t.sim.calls())).toEqual({});
  });
});

describe('one walk at a time', () => {
  it('cancelled at the typed confirmation: its change sets are deleted again, exit 1', async () => {
    const t = await setup({interactive: true});
    const session = await t.prepare(flags({execute: true}), {live: true});
    await runWalk(session, {sleep: t.sleep, confirm: async () => false});
    session.close();
    expect(session.walk.getState()).toMatchObject({outcome: 'cancelled', stop: {reason: 'cancelled'}});
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2, 'CloudFormation.DeleteChangeSet': 2});
    expect(changeSetsOf(t.sim.world).every(s => s.deleted)).toBe(true);
    expect(session.walk.getState().log.join('\n')).toMatch(/cancelled before executing 1\.24\.12: nothing was executed; deleted its change sets/);
  });

  it('a walk waiting for its confirmation keeps a second walk out (exit 2, naming its change set); names never collide', async () => {
    const t = await setup({interactive: true});
    const first = await t.prepare(flags({execute: true}), {live: true});
    let answer: (ok: boolean) => void = () => undefined;
    const walking = runWalk(first, {sleep: t.sleep, confirm: () => new Promise(resolve => (answer = resolve))});
    await vi_waitFor(() => first.walk.getState().outcome === 'awaiting-confirmation');
    const error = await t.prepare(flags({execute: true, approve: '1.24.12'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toMatch(
      /^Another upgrade walk has change set panther-console-v1-24-12-\S+ pending on panther-prod \(created .*\): finish or cancel that walk first\. If it is gone, delete the change set: aws cloudformation delete-change-set --change-set-name arn:aws:cloudformation:/,
    );
    answer(false);
    await walking;
    first.close();
    // Two sessions never share a change set name, even in the same second.
    const a = await t.prepare(flags({}));
    const b = await t.prepare(flags({}));
    expect(a.runId).not.toBe(b.runId);
    a.close();
    b.close();
  });
});

async function vi_waitFor(check: () => boolean, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

describe('what CloudFormation says is what counts', () => {
  it('a lost ExecuteChangeSet response is not a failure: the change set says the update runs', async () => {
    const t = await setup();
    t.sim.setFaults({lostResponse: {action: 'ExecuteChangeSet', times: 1}});
    const code = await t.report(flags({to: '1.24', execute: true, approve: '1.24.12'}));
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain('done: Panther 1.24.12 verified');
    expect(t.out()).not.toContain('FAILED');
    // The role's execution lost its answer; it ran once.
    expect(changeSetsOf(t.sim.world).filter(s => s.executedAt !== null)).toHaveLength(2);
  });

  it('a stale PantherVersion tag: the plan starts from the deployed template, and says the tag is stale', async () => {
    const t = await setup({world: {deployedTemplateVersion: '1.25.18'}});
    const code = await t.report(flags({execute: true, approve: '1.26.9', allowReplacement: true}));
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain('upgrade panther-prod in us-east-2: 1.25.18 -> 1.26.9, 1 rung (1.26.9)');
    expect(t.out()).toContain('  deployed version 1.25.18: read from the deployed root template (Mappings)');
    expect(t.out()).toMatch(/Note: Stale PantherVersion tag: 1\.24\.3 on \d+ stacks, but the deployed template is 1\.25\.18\./);
    expect(lastLine(t.out())).toBe('upgrade complete: panther-prod is on 1.26.9');
  });

  it('a template deployed out of band during the walk: the plan never goes backwards (exit 2, nothing written for that rung)', async () => {
    const t = await setup();
    const session = await t.prepare(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9', allowReplacement: true}));
    // Someone deploys 1.25.18 before the walk starts writing.
    await deployOutOfBand(t, '1.25.18');
    const before = t.writes();
    const code = await upgradeReport(session, {sleep: t.sleep});
    session.close();
    expect(code, t.out()).toBe(2);
    expect(lastLine(t.out())).toBe(
      'stopped before 1.24.12: the deployed template is 1.25.18, newer than this rung; the walk never goes backwards (run upgrade again to plan from 1.25.18)',
    );
    expect(t.writes()).toEqual(before);
  });

  it('a rung deployed out of band is done without a write, and the walk goes on', async () => {
    const t = await setup();
    const session = await t.prepare(flags({to: '1.25', execute: true, approve: '1.24.12,1.25.18'}));
    await deployOutOfBand(t, '1.24.12');
    const code = await upgradeReport(session, {sleep: t.sleep});
    session.close();
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain('  already on 1.24.12: the deployed template is already this version');
    expect(
      changeSetsOf(t.sim.world)
        .filter(s => s.name.startsWith('panther-console-'))
        .map(s => s.templateUrl.match(/v[\d.]+/)![0]),
    ).toEqual(['v1.25.18', 'v1.25.18']);
  });

  it('an update already running is followed to its end first, then the walk goes on from the version it deploys', async () => {
    const t = await setup({world: {inProgressTo: '1.24.12'}});
    const code = await t.report(flags({to: '1.25', execute: true, approve: '1.25.18'}));
    const out = t.out();
    expect(code, out).toBe(0);
    // During an update the deployed template is the one being deployed: the plan starts from it.
    expect(out).toContain('upgrade panther-prod in us-east-2: 1.24.12 -> 1.25.18, 1 rung (1.25.18)');
    expect(out).toContain(
      'ATTACHED to the update of panther-prod already running (UPDATE_IN_PROGRESS): following it to its end before the first rung',
    );
    expect(out).toContain('  panther-prod: UPDATE_COMPLETE');
    expect(out.indexOf('  panther-prod: UPDATE_COMPLETE')).toBeLessThan(out.indexOf('RUNG 1/1'));
    expect(out).toContain('done: Panther 1.25.18 verified');
    // Nothing was written for the rung the running update reached.
    expect(changeSetsOf(t.sim.world).map(s => s.templateUrl.match(/v[\d.]+/)![0])).toEqual(['v1.25.18', 'v1.25.18']);
  });

  it('Ctrl-C while an update runs: exit 130, and the last line says what continues in CloudFormation', async () => {
    const t = await setup();
    const signal = {aborted: false};
    const session = await t.prepare(flags({to: '1.24', execute: true, approve: '1.24.12'}));
    const code = await upgradeReport(session, {
      signal,
      sleep: async ms => {
        // Interrupted once the root's update is under way.
        if (session.walk.getState().rungs[0]?.status.root) signal.aborted = true;
        await t.sleep(ms);
      },
    });
    session.close();
    expect(code).toBe(130);
    expect(lastLine(t.out())).toBe(
      'interrupted: the update of panther-prod continues in CloudFormation; `panther-console watch -s panther-prod` follows it, ' +
        'and `panther-console upgrade -s panther-prod --to 1.24 --execute --approve 1.24.12` again resumes',
    );
  });
});

/** Deploys a version on the root with the raw SDK (someone else's change set), to its end. */
async function deployOutOfBand(t: Awaited<ReturnType<typeof setup>>, version: string): Promise<void> {
  const cf = t.clients.cloudformation;
  const root = (await cf.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
  const declared = new Set([
    'FirstUserEmail',
    'CompanyDisplayName',
    'OnboardSelf',
    'CustomDomain',
    'ApiCertificateArn',
    'PulumiSecretArn',
    'PulumiSecretKeyArn',
    'SentryEnvironment',
    'SupportRoleIdentityAccountId',
    'OpsRoleIdentityAccountId',
    'DataLakeForwarderMemory',
    'LogProcessorGzipLevel',
    'MaxLookupTableCompressedSizeMB',
  ]);
  const created = await cf.send(
    new CreateChangeSetCommand({
      StackName: 'panther-prod',
      ChangeSetName: 'someone-else',
      TemplateURL: `https://panther-enterprise-us-east-2.s3.amazonaws.com/v${version}/panther.yml`,
      Parameters: (root.Parameters ?? [])
        .filter(p => declared.has(p.ParameterKey!))
        .map(p => ({ParameterKey: p.ParameterKey, UsePreviousValue: true})),
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  t.sim.clock.advance(10_000);
  await cf.send(new DescribeChangeSetCommand({ChangeSetName: created.Id}));
  await cf.send(new ExecuteChangeSetCommand({ChangeSetName: created.Id}));
  t.sim.clock.advance(60 * 60_000);
}
