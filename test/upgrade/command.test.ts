// `upgrade` without a terminal, on the simulated account through the real SDK: the dry run, the execute walk over
// three rungs (each rung's parameters from its own template, a DANGER replacement reviewed inside a nested stack),
// a failing rung, a rung not approved, a rung needing a new value, and the endings a script reads.
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import {flags, upgradeContextPerTest} from './helpers.js';

const setup = upgradeContextPerTest();

async function paramsFile(values: Record<string, string>): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'upgrade-')), 'params.json');
  await writeFile(file, JSON.stringify(values));
  return file;
}

const KMS = 'arn:aws:kms:us-east-2:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);

describe('upgrade without --execute (the dry run)', () => {
  it('shows each rung with its parameters from its own template, and writes nothing at all', async () => {
    const t = await setup();
    const code = await t.report(flags({}));
    expect(code).toBe(0);
    const out = t.out();
    expect(out).toContain('upgrade panther-prod in us-east-2: 1.24.3 -> 1.26.9, 3 rungs (1.24.12, 1.25.18, 1.26.9)');
    expect(out).toContain('  deployed version 1.24.3: read from the deployed root template (Mappings)');
    expect(out).toContain('DRY RUN: nothing is written');
    expect(out).toContain('deployment role stack: panther-deployment-role (deploys PantherDeploymentRole-us-east-2; updated first on every rung)');
    expect(out).toMatch(/RUNG 1\/3 +1\.24\.12 +\(from 1\.24\.3\)/);
    expect(out).toMatch(
      /root stack +panther-prod: would create a change set: TemplateURL https:\/\/panther-enterprise-us-east-2\.s3\.amazonaws\.com\/v1\.24\.12\/panther\.yml; parameters 14 kept \(UsePreviousValue\)\n/,
    );
    // 1.25.18's template no longer declares PythonLayerVersionArn: reported with its value, never sent.
    expect(out).toContain(
      'parameters 13 kept (UsePreviousValue); PythonLayerVersionArn dropped (no longer in the template; was "arn:aws:lambda:us-east-2:123456789012:layer:panther-python-libs:3"; not sent)',
    );
    // 1.26.9's declares a new one with a default.
    expect(out).toContain('parameters 13 kept (UsePreviousValue); ConsoleSessionTimeoutMinutes new, default "60"');
    for (const v of ['1.24.12', '1.25.18', '1.26.9']) {
      const rung = out.slice(out.search(new RegExp(`RUNG \\d/3 +${v.replace(/\./g, '\\.')} `)));
      expect(rung).toMatch(/^RUNG .*\n {2}deployment role .*\n {2}root stack .*\n {2}after deploy +start the panther-pulumi CodeBuild build\n/);
    }
    expect(out).toContain('16 API calls (reads only: the plan); 0 writes');
    expect(lastLine(out)).toBe('dry run complete: 3 rungs shown, nothing written. To upgrade: --execute --approve 1.24.12,1.25.18,1.26.9');
    expect(t.writes()).toEqual({});
    expect(changeSetsOf(t.sim.world)).toHaveLength(0);
    // The plan's reads: the root, its resources and template, the role stack, every rung's two templates.
    expect(t.clients.counter.all).toEqual({
      'CloudFormation.DescribeStacks': 6,
      'CloudFormation.ListStackResources': 2,
      'CloudFormation.GetTemplate': 1,
      'CloudFormation.ListStacks': 1,
      'CloudFormation.GetTemplateSummary': 6,
    });
  });

  it('stays a dry run whatever else is given', async () => {
    const t = await setup();
    expect(await t.report(flags({approve: '1.24.12,1.25.18,1.26.9'}))).toBe(0);
    expect(t.out()).toContain('--approve is ignored without --execute');
    expect(t.writes()).toEqual({});
  });

  it("a rung needing a value: NEEDS INPUT with the template's description, exit 2", async () => {
    const t = await setup();
    const code = await t.report(flags({to: '1.27'}));
    expect(code).toBe(2);
    expect(t.out()).toContain(
      "  NEEDS INPUT  ProcessedDataKmsKeyArn is new in 1.27.8's root stack template and has no default (ARN of the KMS key that encrypts processed log data (required from 1.27)): give it in --params FILE.",
    );
    expect(lastLine(t.out())).toBe(
      'dry run: 1.27.8 needs ProcessedDataKmsKeyArn (give it in --params FILE); upgrade --execute would stop before any write',
    );
    expect(t.writes()).toEqual({});
  });
});

describe('upgrade --execute', () => {
  it('walks three rungs: each change set reviewed, executed after approval, watched, built, verified', async () => {
    const t = await setup();
    const code = await t.report(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9', allowReplacement: true}));
    const out = t.out();
    expect(code, out).toBe(0);
    for (const v of ['1.24.12', '1.25.18', '1.26.9']) {
      expect(out).toContain(`confirmed ${v} (--approve)`);
      expect(out).toContain(`done: Panther ${v} verified (the deployed template)`);
    }
    // The review is resource by resource, inside the nested stacks, with what drives a replacement.
    expect(out).toMatch(/root stack +panther-prod: change set panther-console-v1-25-18-\S+: \d+ changes, 1 replacement, 1 removal;/);
    expect(out).toContain('    Remove BootstrapGateway/PythonLayer · AWS::Lambda::LayerVersion');
    expect(out).toContain('    Modify Core/AlertsApiFunction · AWS::Lambda::Function · may replace (FunctionName)');
    expect(out).toContain('    Modify LogAnalysis/AlertsDedupTable · AWS::DynamoDB::Table · REPLACEMENT (KeySchema)');
    expect(out).toContain(
      '    DANGER LogAnalysis/AlertsDedupTable: replaces DynamoDB table AlertsDedupTable (panther-alerts-dedup) (KeySchema changed): a new one is created and the old one deleted with its data',
    );
    expect(out).toMatch(/review 1\.26\.9: \d+ changes, 1 replacement, 0 removals, 1 DANGER/);
    expect(out).not.toMatch(/Modify \w+ · AWS::CloudFormation::Stack/);
    expect(out).toContain('root stack: UPDATE_COMPLETE');
    expect(out).toContain('panther-pulumi build: SUCCEEDED (COMPLETED)');
    expect(out).toMatch(
      /\n\d+ API calls: 20 to plan, then per rung 1\.24\.12 \d+, 1\.25\.18 \d+, 1\.26\.9 \d+; 15 writes \(6 CreateChangeSet, 6 ExecuteChangeSet, 3 StartBuild\)\n/,
    );
    expect(lastLine(out)).toBe('upgrade complete: panther-prod is on 1.26.9');
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 6, 'CloudFormation.ExecuteChangeSet': 6, 'CodeBuild.StartBuild': 3});
    const sets = changeSetsOf(t.sim.world);
    // Role before root on every rung.
    expect(sets.map(s => `${s.stackName} ${s.templateUrl.match(/v[\d.]+/)![0]}`)).toEqual([
      'panther-deployment-role v1.24.12',
      'panther-prod v1.24.12',
      'panther-deployment-role v1.25.18',
      'panther-prod v1.25.18',
      'panther-deployment-role v1.26.9',
      'panther-prod v1.26.9',
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
      expect(s.name).toMatch(/^panther-console-(role-)?v1-\d+-\d+-\d{8}T\d{6}Z-[a-z0-9]{6}$/);
    }
    // Each root update sends exactly the keys its template declares and the stack has: the dropped one never again,
    // the defaulted one not at all.
    const rootKeys = sets.filter(s => s.stackName === 'panther-prod').map(s => s.parameters.map(p => p.key));
    expect(rootKeys[0]).toContain('PythonLayerVersionArn');
    expect(rootKeys[1]).not.toContain('PythonLayerVersionArn');
    expect(rootKeys[2]).not.toContain('PythonLayerVersionArn');
    expect(rootKeys[2]).not.toContain('ConsoleSessionTimeoutMinutes');
    // The root's own tag still says 1.24.3 (change sets leave tags alone): the template is what was verified.
    const root = t.sim.world.stacks.find(s => s.name === 'panther-prod')!;
    expect(root.tags.PantherVersion).toBe('1.24.3');
  });

  it('a DANGER change without --allow-replacement stops before executing that rung, exit 2, its change sets deleted', async () => {
    const t = await setup();
    const code = await t.report(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9'}));
    const out = t.out();
    expect(code, out).toBe(2);
    expect(out).toContain('done: Panther 1.25.18 verified');
    expect(lastLine(out)).toMatch(
      /^stopped before executing 1\.26\.9: DANGER LogAnalysis\/AlertsDedupTable \(replaces DynamoDB table AlertsDedupTable .*\)\. Add --allow-replacement to execute it; deleted its change sets panther-deployment-role\/panther-console-role-v1-26-9-\S+, panther-prod\/panther-console-v1-26-9-\S+$/,
    );
    expect(t.writes()).toEqual({
      'CloudFormation.CreateChangeSet': 6,
      'CloudFormation.ExecuteChangeSet': 4,
      'CodeBuild.StartBuild': 2,
      'CloudFormation.DeleteChangeSet': 2,
    });
  });

  it('stops on the failing rung with its root cause and the post-mortem, exit 1', async () => {
    const t = await setup({failRung: '1.25.18'});
    const code = await t.report(flags({execute: true, approve: '1.24.12,1.25.18,1.26.9'}));
    const out = t.out();
    expect(code, out).toBe(1);
    expect(out).toContain('done: Panther 1.24.12 verified');
    expect(out).toContain('root stack: UPDATE_ROLLBACK_COMPLETE');
    expect(out).toMatch(
      /FAILED +the root stack update ended UPDATE_ROLLBACK_COMPLETE; root cause panther-prod-Core-\w+\/\w+Function \(limit-exceeded\)/,
    );
    expect(out).toMatch(/ReservedConcurrentExecutions/);
    expect(lastLine(out)).toBe('upgrade stopped: rung 1.25.18 failed');
    expect(out).not.toContain('RUNG 3/3');
    expect(out).toMatch(/Root cause/i);
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 4, 'CloudFormation.ExecuteChangeSet': 4, 'CodeBuild.StartBuild': 1});
  });

  it('a rung not in --approve: no change set is created for it; the last line says so; exit 1', async () => {
    const t = await setup();
    const code = await t.report(flags({execute: true, approve: '1.24.12'}));
    expect(code).toBe(1);
    expect(lastLine(t.out())).toBe('stopped before 1.25.18: not approved (add it to --approve to go on)');
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2, 'CloudFormation.ExecuteChangeSet': 2, 'CodeBuild.StartBuild': 1});
    expect(changeSetsOf(t.sim.world).filter(s => s.templateUrl.includes('v1.25.18'))).toEqual([]);
  });

  it('a rung needing a value nobody gave: exit 2 before any write, naming the parameter, its rung and its description', async () => {
    const t = await setup();
    const error = await t.prepare(flags({to: '1.27', execute: true, approve: '1.24.12,1.25.18,1.26.9,1.27.8'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe(
      "Nothing was written: a rung needs a value first. 1.27.8: ProcessedDataKmsKeyArn is new in 1.27.8's root stack template and has no default " +
        '(ARN of the KMS key that encrypts processed log data (required from 1.27)): give it in --params FILE.',
    );
    expect(t.writes()).toEqual({});
  });

  it('with --params giving it, the walk completes and the value is sent on the rung that needs it', async () => {
    const t = await setup();
    const params = await paramsFile({ProcessedDataKmsKeyArn: KMS});
    const code = await t.report(flags({to: '1.27', params, execute: true, approve: '1.24.12,1.25.18,1.26.9,1.27.8', allowReplacement: true}));
    expect(code, t.out()).toBe(0);
    expect(t.out()).toContain(`set ProcessedDataKmsKeyArn = "${KMS}" (new) from --params`);
    const at127 = changeSetsOf(t.sim.world).find(s => s.stackName === 'panther-prod' && s.templateUrl.includes('v1.27.8'))!;
    expect(at127.parameters.find(p => p.key === 'ProcessedDataKmsKeyArn')).toEqual({key: 'ProcessedDataKmsKeyArn', value: KMS, usePrevious: false});
    expect(lastLine(t.out())).toBe('upgrade complete: panther-prod is on 1.27.8');
  });

  it('a --params key no rung declares is refused, exit 2, before any write', async () => {
    const t = await setup();
    const params = await paramsFile({ProcessedDataKmsKeyArm: KMS});
    const error = await t.prepare(flags({to: '1.27', params, execute: true, approve: '1.24.12'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({message: expect.stringMatching(/^--params gives ProcessedDataKmsKeyArm, which no rung's template declares/)});
    expect(t.writes()).toEqual({});
  });

  it.each([
    [{approve: '1.25.1'}, /--approve 1\.25\.1 is not a rung of this upgrade/],
    [{approve: 'latest'}, /--approve latest is not a version/],
    [{stack: undefined}, /upgrade needs --stack/],
    [{to: '1.23'}, /Refusing to downgrade/],
  ])('refuses bad input %j with exit code 2 before any write', async (extra, message) => {
    const t = await setup();
    const error = await t.prepare(flags({execute: true, ...extra})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(exitCodeOf(error)).toBe(2);
    expect(t.writes()).toEqual({});
  });
});
