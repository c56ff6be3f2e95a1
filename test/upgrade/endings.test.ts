// How a walk ends when something goes wrong mid-way, on the simulated account through the real SDK: nothing of the
// walk is left waiting on the stacks (the next walk would be refused), nothing is written after an interruption,
// an interruption names what still runs, and a resumed walk picks up where the first one stopped.
import {CreateChangeSetCommand, ExecuteChangeSetCommand} from '@aws-sdk/client-cloudformation';
import {describe, expect, it} from 'vitest';
import {listChangeSets} from '../../source/aws/changesets.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import {runWalk} from '../../source/upgrade/driver.js';
import {upgradeReport} from '../../source/upgrade/report.js';
import type {UpgradeSession} from '../../source/upgrade/session.js';
import {flags, upgradeContextPerTest} from './helpers.js';

const setup = upgradeContextPerTest();
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);

type Context = Awaited<ReturnType<typeof setup>>;
type Rung = ReturnType<UpgradeSession['walk']['getState']>['rungs'][number];

/** Walks 1.24.12 as a script would, and presses Ctrl-C at the first wait where `when` holds for the rung. */
async function walkInterrupted(t: Context, when: (rung: Rung | undefined) => boolean): Promise<{session: UpgradeSession; code: number}> {
  const session = await t.prepare(flags({to: '1.24', execute: true, approve: '1.24.12'}));
  const signal = {aborted: false};
  const code = await upgradeReport(session, {
    signal,
    sleep: async ms => {
      if (when(session.walk.getState().rungs[0])) signal.aborted = true;
      await t.sleep(ms);
    },
  });
  session.close();
  return {session, code};
}

describe('a walk that stops mid-rung leaves no change set behind', () => {
  it("Ctrl-C while the role stack updates: the root's change set is deleted, and a new walk is not refused", async () => {
    const t = await setup();
    const {session, code} = await walkInterrupted(t, r => r?.state === 'executing' && Boolean(r.status.role) && !r.status.root);
    expect(code).toBe(130);
    expect(lastLine(t.out())).toMatch(/^interrupted: the update of panther-deployment-role continues in CloudFormation;/);
    // Nothing written after the interruption: the root's change set was never executed, and it is gone.
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2, 'CloudFormation.ExecuteChangeSet': 1, 'CloudFormation.DeleteChangeSet': 1});
    expect(await listChangeSets(t.clients, session.plan.deployed!.rootStack.stackId)).toEqual([]);
    for (let i = 0; i < 40; i++) await t.sleep(2000);
    const again = await t.prepare(flags({to: '1.24', execute: true, approve: '1.24.12'}));
    again.close();
  });

  it('the network fails after a change set exists: it is deleted, the rung fails with the fault (exit 3), the report ends', async () => {
    const t = await setup();
    const session = await t.prepare(flags({to: '1.24', execute: true, approve: '1.24.12'}));
    let lost = false;
    const code = await upgradeReport(session, {
      sleep: async ms => {
        // The connection drops once while the role's change set is being created.
        if (!lost && changeSetsOf(t.sim.world).length === 1) {
          lost = true;
          t.sim.setFaults({lostResponse: {action: 'DescribeChangeSet', times: 1}});
        }
        await t.sleep(ms);
      },
    });
    session.close();
    t.sim.setFaults({});
    expect(code).toBe(3);
    expect(t.out()).toMatch(/FAILED +\w+: .*socket hang up.* \(deleted its change set panther-deployment-role\/panther-console-role-v1-24-12-\S+\)/);
    expect(lastLine(t.out())).toBe('upgrade stopped: rung 1.24.12 failed');
    expect(changeSetsOf(t.sim.world).every(s => s.deleted)).toBe(true);
  });

  it('the screen closed while the change sets were being read: the walk does not wait for an answer that never comes', async () => {
    const t = await setup({interactive: true});
    const session = await t.prepare(flags({to: '1.24', execute: true}), {live: true});
    const signal = {aborted: false};
    // The user left before the prompt: the confirmation is asked of a screen that is gone, and answers no at once.
    const walking = runWalk(session, {sleep: t.sleep, signal, confirm: async () => (signal.aborted = true) && false});
    await walking;
    session.close();
    expect(session.walk.getState()).toMatchObject({outcome: 'interrupted'});
    expect(session.walk.getState().stop?.message).toMatch(/^interrupted: nothing is running in AWS; deleted its change sets/);
    expect(changeSetsOf(t.sim.world).every(s => s.deleted)).toBe(true);
  });
});

describe('a resumed walk', () => {
  it('Ctrl-C during the panther-pulumi build: the build is named; resumed, the walk says the deploy is not finished', async () => {
    const t = await setup();
    const {code} = await walkInterrupted(t, r => r?.state === 'building');
    expect(code).toBe(130);
    expect(lastLine(t.out())).toMatch(
      /^interrupted: the panther-pulumi build panther-pulumi:\S+ continues in CodeBuild \(logs: https:\/\/console\.aws\.amazon\.com\/cloudwatch\/\S+\); let it finish before the next rung;/,
    );
  });

  it('after an interrupted update: the rung is deployed, its build never ran: exit 1 and the command that finishes it', async () => {
    const t = await setup();
    await walkInterrupted(t, r => Boolean(r?.status.root));
    for (let i = 0; i < 60; i++) await t.sleep(2000);
    // Resumed with the command the interruption printed: the rung is deployed, nothing left to walk.
    const code = await t.report(flags({to: '1.24', execute: true, approve: '1.24.12'}));
    expect(code).toBe(1);
    expect(t.out()).toContain('--approve 1.24.12: already deployed (the deployed template is 1.24.12), nothing to do for it.');
    expect(lastLine(t.out())).toBe(
      "upgrade not finished: panther-prod is on 1.24.12, but no panther-pulumi build has run since panther-prod's last update (to 1.24.12): " +
        'the deploy is finished once it succeeds: aws codebuild start-build --project-name panther-pulumi --region us-east-2',
    );
  });
});

describe('the role stack never goes backwards', () => {
  it('a role stack already on a newer template is left as it is; the root is updated', async () => {
    const t = await setup();
    // Someone updated the role stack to 1.25.18 first (as Panther's guide has it), then stopped.
    const cf = t.clients.cloudformation;
    const created = await cf.send(
      new CreateChangeSetCommand({
        StackName: 'panther-deployment-role',
        ChangeSetName: 'role-first',
        TemplateURL: 'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.25.18/template.yml',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    t.sim.clock.advance(10_000);
    await cf.send(new ExecuteChangeSetCommand({ChangeSetName: created.Id}));
    t.sim.clock.advance(30 * 60_000);
    const code = await t.report(flags({to: '1.24', execute: true, approve: '1.24.12'}));
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain('  deployment role panther-deployment-role is on 1.25.18, newer than 1.24.12: left as it is');
    // Only the root got a change set from the walk.
    expect(
      changeSetsOf(t.sim.world)
        .filter(s => s.name.startsWith('panther-console-'))
        .map(s => s.stackName),
    ).toEqual(['panther-prod']);
  });
});
