// The upgrade's safety rails, through the real SDK on the simulated account: the deployment role stack is Panther's
// and no other, --execute without a terminal writes nothing without --approve, and change sets that will not be
// executed are deleted again.
import {describe, expect, it} from 'vitest';
import {ConsoleError} from '../../source/aws/errors.js';
import {runWalk, upgradeCommand, upgradeReport} from '../../source/commands/upgrade.js';
import {isDeploymentRoleStack} from '../../source/domain/preflight/old-infrastructure.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import type {OtherStack} from '../../source/sim/scenarios/upgrade.js';
import {flags, upgradeContextPerTest, WRITES} from './helpers.js';

const setup = upgradeContextPerTest();

/** Writes as the simulated account counted them (whoever sent them). */
const simWrites = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([k]) => WRITES.includes(k)));

/** Another team's stack, named like a deployment role, created after Panther's (so ListStacks lists it first). */
const ACME: OtherStack = {
  name: 'acme-deployment-role',
  description: 'Acme CI deployment role for the build pipeline',
  tags: {Team: 'platform'},
  resources: [{logicalId: 'DeployRole', type: 'AWS::IAM::Role', physicalId: 'acme-ci-deployer'}],
};

describe('the deployment role stack', () => {
  it('is Panther\'s: a stack merely named like a deployment role is never touched', async () => {
    const t = await setup({otherStacks: [ACME]});
    const session = await t.prepare(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9'}));
    expect(session.roleStack?.stackName).toBe('panther-deployment-role');
    const code = await upgradeReport(session, {sleep: t.sleep});
    session.close();
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain('deployment role stack: panther-deployment-role (updated first on every rung)');
    expect(t.out()).not.toContain('acme-deployment-role');
    const sets = changeSetsOf(t.sim.world);
    expect(sets).toHaveLength(6);
    expect(sets.filter(s => s.stackName === 'acme-deployment-role')).toEqual([]);
    expect(new Set(sets.map(s => s.stackName))).toEqual(new Set(['panther-deployment-role', 'panther-prod']));
  });

  it('needs Panther\'s evidence: the documented name, the role in the description, a tag or the role resource', () => {
    const none = {stackName: 'acme-deployment-role', description: 'Acme CI deployment role'};
    expect(isDeploymentRoleStack(none)).toBe(false);
    expect(isDeploymentRoleStack({...none, tags: {Team: 'platform'}, resources: [{logicalId: 'DeployRole', physicalId: 'acme-ci', resourceType: 'AWS::IAM::Role'}]})).toBe(false);
    expect(isDeploymentRoleStack({stackName: 'deployment-role', description: ''})).toBe(false);
    expect(isDeploymentRoleStack({stackName: 'panther-deployment-role', description: ''})).toBe(true);
    expect(isDeploymentRoleStack({stackName: 'x', description: 'PantherDeploymentRole v1.24.3'})).toBe(true);
    expect(isDeploymentRoleStack({stackName: 'x', description: 'Panther deployment role'})).toBe(true);
    expect(isDeploymentRoleStack({...none, tags: {Stack: 'PantherDeploymentRole'}})).toBe(true);
    expect(isDeploymentRoleStack({...none, resources: [{logicalId: 'PantherDeploymentRole', physicalId: 'r', resourceType: 'AWS::IAM::Role'}]})).toBe(true);
    expect(isDeploymentRoleStack({...none, resources: [{logicalId: 'Role', physicalId: 'PantherDeploymentRole-us-east-2', resourceType: 'AWS::IAM::Role'}]})).toBe(true);
  });

  it('stops with exit 2 before any write when two stacks deploy Panther\'s deployment role', async () => {
    const t = await setup({
      otherStacks: [
        ACME,
        {
          name: 'old-deployment-role',
          description: 'IAM role for CloudFormation',
          resources: [{logicalId: 'DeploymentRole', type: 'AWS::IAM::Role', physicalId: 'PantherDeploymentRole-us-east-2'}],
        },
      ],
    });
    const error = await t.prepare(flags({execute: true, approve: '1.24.12'})).catch(e => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'More than one PantherDeploymentRole stack in us-east-2: panther-deployment-role, old-deployment-role. ' +
        'The upgrade updates exactly one: delete or rename the extra one (keep panther-deployment-role), then run it again.',
    );
    expect(error.message).not.toContain('acme');
    expect(t.writes()).toEqual({});
    expect(simWrites(t.sim.calls())).toEqual({});
  });
});

describe('--execute without a terminal', () => {
  it('refuses without --approve, exit 2 and one line, before any write', async () => {
    const t = await setup();
    const error = await upgradeCommand(t.ctx, flags({execute: true})).catch(e => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('--execute without a terminal needs --approve V1,V2 (the rungs to execute)');
    expect(t.writes()).toEqual({});
    expect(simWrites(t.sim.calls())).toEqual({});
    expect(changeSetsOf(t.sim.world)).toHaveLength(0);
  });

  it('an empty --approve is no approval', async () => {
    const t = await setup();
    const error = await upgradeCommand(t.ctx, flags({execute: true, approve: ' , '})).catch(e => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error.exitCode).toBe(2);
    expect(simWrites(t.sim.calls())).toEqual({});
  });
});

describe('a rung that is not executed', () => {
  it('not in --approve: its change sets are deleted again', async () => {
    const t = await setup();
    const code = await t.report(flags({execute: true, approve: '1.24.12'}));
    expect(code).toBe(0);
    expect(t.writes()).toEqual({
      'CloudFormation.CreateChangeSet': 4,
      'CloudFormation.ExecuteChangeSet': 2,
      'CodeBuild.StartBuild': 1,
      'CloudFormation.DeleteChangeSet': 2,
    });
    const sets = changeSetsOf(t.sim.world);
    const declined = sets.filter(s => s.templateUrl.includes('v1.25.18'));
    expect(declined).toHaveLength(2);
    expect(declined.every(s => s.deleted && s.executedAt === null)).toBe(true);
    expect(t.out()).toMatch(
      /1\.25\.18 is not in --approve: stopped before executing its change sets; deleted its change sets panther-deployment-role\/panther-console-role-v1-25-18-\S+, panther-prod\/panther-console-v1-25-18-\S+/,
    );
  });

  it('cancelled at the typed confirmation: its change sets are deleted again', async () => {
    const t = await setup({interactive: true});
    const session = await t.prepare(flags({execute: true}), {live: true});
    await runWalk(session, {sleep: t.sleep, confirm: async () => false});
    session.close();
    expect(session.walk.getState().outcome).toBe('cancelled');
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2, 'CloudFormation.DeleteChangeSet': 2});
    expect(changeSetsOf(t.sim.world).every(s => s.deleted)).toBe(true);
    expect(session.walk.getState().log.join('\n')).toMatch(/cancelled before executing 1\.24\.12: nothing was executed; deleted its change sets/);
  });
});
