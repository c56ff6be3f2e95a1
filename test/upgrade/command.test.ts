// `upgrade` without a terminal, on the simulated account through the real SDK: the dry run, the execute walk over
// three rungs, a failing rung, --approve stopping the walk, and bad input.
import {describe, expect, it} from 'vitest';
import {ConsoleError} from '../../source/aws/errors.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import {flags, upgradeContextPerTest} from './helpers.js';

const setup = upgradeContextPerTest();

describe('upgrade without --execute (the dry run)', () => {
  it('shows each rung and the change sets it would create, and writes nothing at all', async () => {
    const t = await setup();
    const code = await t.report(flags({}));
    expect(code).toBe(0);
    const out = t.out();
    expect(out).toContain('upgrade panther-prod in us-east-2: 1.24.3 -> 1.26.9, 3 rungs (1.24.12, 1.25.18, 1.26.9)');
    expect(out).toContain('DRY RUN: nothing is written');
    expect(out).toMatch(/RUNG 1\/3 +1\.24\.12 +\(from 1\.24\.3\)/);
    expect(out).toMatch(/RUNG 3\/3 +1\.26\.9 +\(from 1\.25\.18\)/);
    expect(out).toContain(
      'deployment role panther-deployment-role: would create a change set: TemplateURL https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.25.18/template.yml',
    );
    expect(out).toMatch(/root stack +panther-prod: would create a change set: TemplateURL https:\/\/panther-enterprise-us-east-2\.s3\.amazonaws\.com\/v1\.26\.9\/panther\.yml; parameters 13 kept \(UsePreviousValue\)/);
    // It says what it shows, and shows each rung's migrations and after-deploy steps beside the two stacks' updates.
    expect(out).toContain(
      '  Shown for each rung: the deployment role and root stack template URLs, the parameters kept or set, the migrations and after-deploy steps. ' +
        'Which resources change is known only from the change sets, which --execute creates and shows before executing anything.',
    );
    for (const v of ['1.24.12', '1.25.18', '1.26.9']) {
      const rung = out.slice(out.search(new RegExp(`RUNG \\d/3 +${v.replace(/\./g, '\\.')} `)));
      expect(rung).toMatch(/^RUNG .*\n  deployment role .*\n  root stack .*\n  after deploy +start the panther-pulumi CodeBuild build\n/);
    }
    expect(out).toContain('dry run complete: 3 rungs shown, 0 writes');
    expect(out).toContain('To upgrade: --execute --approve 1.24.12,1.25.18,1.26.9');
    // Not a single write: no change set, no build.
    expect(t.writes()).toEqual({});
    expect(changeSetsOf(t.sim.world)).toHaveLength(0);
    expect(Object.keys(t.clients.counter.all).every(k => /\.(Describe|List|Get)/.test(k))).toBe(true);
    expect(t.clients.counter.all).toMatchInlineSnapshot(`
      {
        "CloudFormation.DescribeStacks": 6,
        "CloudFormation.ListStackResources": 1,
        "CloudFormation.ListStacks": 1,
      }
    `);
  });

  it('stays a dry run whatever else is given', async () => {
    const t = await setup();
    expect(await t.report(flags({approve: '1.24.12,1.25.18,1.26.9'}))).toBe(0);
    expect(t.out()).toContain('--approve is ignored without --execute');
    expect(t.writes()).toEqual({});
  });
});

describe('upgrade --execute', () => {
  it('walks three rungs: each change set shown, executed after approval, watched, built, verified', async () => {
    const t = await setup();
    const code = await t.report(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9'}));
    const out = t.out();
    expect(code, out).toBe(0);
    for (const v of ['1.24.12', '1.25.18', '1.26.9']) {
      expect(out).toContain(`confirmed ${v} (--approve)`);
      expect(out).toContain(`done: Panther ${v} verified`);
    }
    expect(out).toMatch(/root stack +panther-prod: change set panther-console-v1-24-12-\S+: 9 changes: Modify Bootstrap, Modify BootstrapGateway/);
    expect(out).toContain('root stack: UPDATE_COMPLETE');
    expect(out).toContain('panther-pulumi build: SUCCEEDED');
    expect(out).toContain('upgrade complete: panther-prod is on 1.26.9');
    // Every write is a change set shown first (2 a rung: role and root), executed once, and one build a rung.
    expect(t.writes()).toEqual({
      'CloudFormation.CreateChangeSet': 6,
      'CloudFormation.ExecuteChangeSet': 6,
      'CodeBuild.StartBuild': 3,
    });
    const sets = changeSetsOf(t.sim.world);
    expect(sets.map(s => `${s.stackName} ${s.templateUrl.match(/v[\d.]+/)![0]}`)).toEqual([
      'panther-deployment-role v1.24.12', 'panther-prod v1.24.12',
      'panther-deployment-role v1.25.18', 'panther-prod v1.25.18',
      'panther-deployment-role v1.26.9', 'panther-prod v1.26.9',
    ]);
    for (const [i, s] of sets.entries()) {
      // Shown (its name and changes) before its rung was confirmed and executed.
      const shown = out.indexOf(`change set ${s.name}:`);
      const confirmed = out.indexOf(`confirmed ${['1.24.12', '1.25.18', '1.26.9'][Math.floor(i / 2)]}`);
      expect(shown).toBeGreaterThan(-1);
      expect(shown).toBeLessThan(confirmed);
      expect(s.tags).toBeNull();
      expect(s.includeNested).toBe(true);
      expect(s.capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
      expect(s.parameters.every(p => p.usePrevious && p.value === null)).toBe(true);
    }
    expect(t.clients.counter.all).toMatchInlineSnapshot(`
      {
        "CloudFormation.CreateChangeSet": 6,
        "CloudFormation.DescribeChangeSet": 12,
        "CloudFormation.DescribeStacks": 44,
        "CloudFormation.ExecuteChangeSet": 6,
        "CloudFormation.ListStackResources": 4,
        "CloudFormation.ListStacks": 1,
        "CodeBuild.BatchGetBuilds": 8,
        "CodeBuild.StartBuild": 3,
      }
    `);
  });

  it('stops on the failing rung with its root cause and the post-mortem, exit 1', async () => {
    const t = await setup({failRung: '1.25.18'});
    const code = await t.report(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9'}));
    const out = t.out();
    expect(code, out).toBe(1);
    expect(out).toContain('done: Panther 1.24.12 verified');
    expect(out).toContain('root stack: UPDATE_ROLLBACK_COMPLETE');
    expect(out).toMatch(/FAILED +the root stack update ended UPDATE_ROLLBACK_COMPLETE; root cause panther-prod-Core-\w+\/\w+Function \(limit-exceeded\)/);
    expect(out).toMatch(/ReservedConcurrentExecutions/);
    expect(out).toContain('upgrade stopped: rung 1.25.18 failed');
    expect(out).not.toContain('RUNG 3/3');
    // The post-mortem follows (the text report of `postmortem`).
    expect(out).toMatch(/Root cause/i);
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 4, 'CloudFormation.ExecuteChangeSet': 4, 'CodeBuild.StartBuild': 1});
  });

  it('stops before executing a rung not in --approve (its change sets shown, not executed)', async () => {
    const t = await setup();
    const code = await t.report(flags({execute: true, approve: '1.24.12'}));
    expect(code).toBe(0);
    expect(t.out()).toContain('1.25.18 is not in --approve: stopped before executing its change sets; deleted its change sets');
    // Its two change sets were shown, then deleted: none is left behind.
    expect(t.writes()).toEqual({
      'CloudFormation.CreateChangeSet': 4,
      'CloudFormation.ExecuteChangeSet': 2,
      'CodeBuild.StartBuild': 1,
      'CloudFormation.DeleteChangeSet': 2,
    });
  });

  it.each([
    [{approve: '1.25.1'}, /--approve 1\.25\.1 is not a rung of this upgrade/],
    [{approve: 'latest'}, /--approve latest is not a version/],
    [{stack: undefined}, /upgrade needs --stack/],
    [{to: '1.23'}, /Refusing to downgrade/],
  ])('refuses bad input %j with exit code 2 before any write', async (extra, message) => {
    const t = await setup();
    const error = await t.prepare(flags({execute: true, ...extra})).catch(e => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
    expect(t.writes()).toEqual({});
  });
});
