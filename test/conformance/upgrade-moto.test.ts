// Conformance of the upgrade walk against moto: the console's own code paths (ladderCommand, prepareUpgrade,
// upgradeReport), its real AWS SDK clients, real HTTP, an independent CloudFormation emulator. Between the two, a
// shim (moto-shim.ts) records every request the console sends and restores AWS's documented behaviour where moto
// contradicts it (nested change sets, parameter validation, change set lifecycle, ...). The fixture
// (panther-upgrade-fixture.ts) is a Panther-shaped account at 1.24.3 with five template versions in Panther's
// buckets. What is asserted is what the console sent, in which order, and what the account looks like afterwards.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {computeLadder, ladderCommand} from '../../source/commands/ladder.js';
import {upgradeReport} from '../../source/upgrade/report.js';
import type {UpgradeFlags} from '../../source/upgrade/session.js';
import {testContext} from '../support/console-context.js';
import {aws} from './aws-cli.js';
import {detectMoto, startMoto, type MotoServer} from './moto-server.js';
import {startShim, type MotoShim, type RecordedRequest} from './moto-shim.js';
import {
  CREATED_PARAMETERS,
  DECOY_STACK,
  KMS_KEY_ARN,
  REGION,
  resetMoto,
  ROLE_STACK,
  ROOT_STACK,
  FROM,
  roleTemplateUrl,
  rootTemplateUrl,
  seed,
  type Seeded,
} from './panther-upgrade-fixture.js';

const availability = detectMoto();
if (!availability.ok) console.warn(`conformance: moto not found, skipping the upgrade walk conformance suite (${availability.reason})`);
const suite = availability.ok ? describe : describe.skip;

const ROOT_KEPT = ['CompanyDisplayName', 'FirstUserEmail', 'SentryEnvironment'];
const ROLE_KEPT = ['DeploymentRoleName', 'IdentityAccountId', 'OpsAccountId'];
const RUNGS_TO_126 = ['1.24.12', '1.25.18', '1.26.9'];

const flags = (extra: Partial<UpgradeFlags>): UpgradeFlags => ({
  format: 'text',
  cloudtrail: false,
  bell: false,
  stack: ROOT_STACK,
  to: '1.26',
  ...extra,
});

/** `v1-25-18-` in a change set name the console made (panther-console-[role-]v1-25-18-<stamp>-<run>). */
const rungToken = (v: string) => `v${v.replace(/\./g, '-')}-`;
const isRoleSet = (e: RecordedRequest) => /^panther-console-role-/.test(e.changeSetName ?? '');

/** The report's "API calls" line (`77 API calls: 20 to plan, then per rung 1.24.12 19, ...; ...`): total and per rung. */
function parseCallsLine(line: string): {total: number; perRung: Record<string, number>} | null {
  const total = /^(\d+) API calls\b/.exec(line);
  const rungs = /per rung ([^;]*)/.exec(line);
  if (!total || !rungs) return null;
  const perRung: Record<string, number> = {};
  for (const m of rungs[1].matchAll(/(\d+\.\d+\.\d+) (\d+)/g)) perRung[m[1]] = Number(m[2]);
  return {total: Number(total[1]), perRung};
}

/** `6 DescribeStacks, 2 CreateChangeSet, ...`: a slice of the shim's log counted by action, in first-seen order. */
function byAction(entries: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  return [...counts].map(([a, n]) => `${n} ${a}`).join(', ');
}

/** A Query request's `Parameters.member.N.*` as records. */
function sentParameters(e: RecordedRequest): Record<string, string>[] {
  const out = new Map<number, Record<string, string>>();
  for (const [k, v] of Object.entries(e.params)) {
    const m = /^Parameters\.member\.(\d+)\.(.+)$/.exec(k);
    if (!m) continue;
    const entry = out.get(Number(m[1])) ?? {};
    entry[m[2]] = String(v);
    out.set(Number(m[1]), entry);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

suite(`upgrade walk against moto through the AWS-restoring shim (${availability.reason})`, () => {
  let moto: MotoServer;
  let shim: MotoShim;
  let seeded: Seeded;
  let tmp: string;
  /** Whether the account moved since it was seeded (any write got through). */
  let dirty = true;
  const perRungCounts: string[] = [];
  /** Every restoration the shim made over the whole file (its counters are cleared with each reset). */
  const restorationTotals: Record<string, number> = {};
  const keepRestorations = () => {
    for (const [k, n] of Object.entries(shim?.restorations ?? {})) restorationTotals[k] = (restorationTotals[k] ?? 0) + n;
  };

  /** moto reset and reseeded, the shim's log and memory cleared: every scenario starts from 1.24.3. */
  async function fresh(): Promise<void> {
    keepRestorations();
    shim.reset();
    await resetMoto(moto.endpoint);
    seeded = await seed(moto.endpoint);
    dirty = false;
  }
  /** For a read-only scenario: a fresh account only when an earlier one wrote. */
  async function pristine(): Promise<void> {
    if (dirty) await fresh();
    keepRestorations();
    shim.reset();
  }

  /** The console's context on the shim (createClients with endpointUrl + static credentials, a limiter that never waits). */
  function consoleContext() {
    const {ctx, clients, prepare, out, err} = testContext({
      region: REGION,
      endpointUrl: shim.endpoint,
      credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
    });
    /** prepareUpgrade + upgradeReport with a sleep that does not wait: the exit code. */
    const walk = async (f: UpgradeFlags) => {
      const session = await prepare(f);
      try {
        return await upgradeReport(session, {sleep: () => new Promise(r => setImmediate(r)), pollMs: 1});
      } finally {
        session.close();
      }
    };
    return {ctx, clients, prepare, walk, out, err, close: () => clients.destroy()};
  }

  /** The walk's exit code and output, the shim's log checked for the shim's own failures. */
  async function runWalk(f: UpgradeFlags) {
    const c = consoleContext();
    try {
      const code = await c.walk(f).then(
        result => result,
        (error: Error) => {
          // A walk that throws is the console's (or the shim's) failure: show what was sent and answered.
          throw new Error(`the walk threw ${error.name}: ${error.message}\n${transcript(c.out())}`, {cause: error});
        },
      );
      if (shim.writes().length) dirty = true;
      const out = c.out();
      const lines = out.trimEnd().split('\n');
      const callsLine = lines.find(l => /^\d+ API calls\b/.test(l)) ?? '';
      return {code, out, last: lines.at(-1) ?? '', callsLine, total: c.clients.counter.total()};
    } finally {
      c.close();
    }
  }

  const creates = () => shim.log.filter(e => e.action === 'CreateChangeSet' && e.status === 200);
  const createOf = (v: string, role: boolean) => creates().find(e => (e.changeSetName ?? '').includes(rungToken(v)) && isRoleSet(e) === role);
  const executes = () => shim.log.filter(e => e.action === 'ExecuteChangeSet');
  const executeOf = (id: string | undefined) => executes().find(e => e.changeSetName === id);
  const templateVersion = async (stack: string) => {
    const t = await aws(moto.endpoint, ['cloudformation', 'get-template', '--stack-name', stack]);
    return t.TemplateBody?.Mappings?.Constants?.Panther?.Version as string | undefined;
  };
  const noShimErrors = () => expect(shim.shimErrors, shim.shimErrors.join('\n')).toEqual([]);
  /** What a failing check should show: the walk's output and the shim's log. */
  const transcript = (out: string) =>
    `${out}\n--- shim log ---\n${shim.log.map(e => `${e.seq} ${e.service}.${e.action} ${e.changeSetName ?? e.stackName ?? ''} -> ${e.status}${e.errorCode ? ` ${e.errorCode}: ${e.errorMessage}` : ''}${e.restored.length ? ` [${e.restored.join(',')}]` : ''}`).join('\n')}`;

  beforeAll(async () => {
    moto = await startMoto(15_000);
    shim = await startShim(moto.endpoint, {region: REGION});
    tmp = await mkdtemp(path.join(os.tmpdir(), 'panther-upgrade-moto-'));
    try {
      await fresh();
    } catch (error) {
      throw new Error(`seeding the Panther fixture on moto failed: ${(error as Error).message}\n--- moto log ---\n${moto.log()}`);
    }
  }, 45_000);

  afterAll(async () => {
    keepRestorations();
    await shim?.close();
    await moto?.stop();
    if (tmp) await rm(tmp, {recursive: true, force: true});
    if (perRungCounts.length) console.log(`upgrade-moto: API calls per rung:\n  ${perRungCounts.join('\n  ')}`);
    const used = Object.entries(restorationTotals).map(([k, n]) => `${k} ${n}`);
    if (used.length) console.log(`upgrade-moto: answers the shim restored to AWS's behaviour: ${used.join(', ')}`);
  }, 15_000);

  it('ladder -s panther-prod --to 1.26: the plan from the deployed template, each rung grounded in its own template, no write', async () => {
    await pristine();
    const c = consoleContext();
    try {
      expect(await ladderCommand(c.ctx, flags({}))).toBe(0);
      const out = c.out();
      expect(out).toMatch(/^ +Deployed +1\.24\.3 \(the deployed root template/m);
      expect(out).toMatch(/^ +Rungs +3: 1\.24\.3 -> 1\.24\.12 -> 1\.25\.18 -> 1\.26\.9$/m);
      expect(out).toMatch(/^ +Role stack panther-deployment-role \(deploys PantherDeploymentRole\b/m);
      expect(out).not.toContain(DECOY_STACK);
      // Each rung's root parameters line, from its own template.
      const params = (v: string) =>
        out
          .split('\nRUNG ')
          .find(b => b.includes(`  ${v}  (from`))
          ?.split('\n')
          .find(l => /Root stack parameters/.test(l)) ?? '';
      expect(params('1.24.12')).toMatch(/\b4 kept \(UsePreviousValue\)/);
      expect(params('1.25.18')).toMatch(/\b3 kept \(UsePreviousValue\)/);
      expect(params('1.25.18')).toContain(
        `PythonLayerVersionArn dropped (no longer in the template; was ${JSON.stringify(CREATED_PARAMETERS.PythonLayerVersionArn)}`,
      );
      expect(params('1.26.9')).toMatch(/\b3 kept \(UsePreviousValue\)/);
      expect(params('1.26.9')).toContain('ConsoleSessionTimeoutMinutes new, default "60"');
      expect(params('1.26.9')).not.toContain('PythonLayerVersionArn');

      // The same plan as data: every rung's parameters from its own template, the role stack found by its role.
      const plan = await computeLadder(c.ctx, flags({}));
      expect(plan.detected).toMatchObject({version: '1.24.3', source: 'template'});
      expect(plan.ladder.rungs.map(r => r.version)).toEqual(RUNGS_TO_126);
      const fates = plan.ladder.rungs.map(r => Object.fromEntries((r.parameters ?? []).map(p => [p.key, p.fate])));
      expect(fates[0]).toEqual({CompanyDisplayName: 'kept', FirstUserEmail: 'kept', SentryEnvironment: 'kept', PythonLayerVersionArn: 'kept'});
      expect(fates[1]).toEqual({CompanyDisplayName: 'kept', FirstUserEmail: 'kept', SentryEnvironment: 'kept', PythonLayerVersionArn: 'dropped'});
      expect(fates[2]).toEqual({
        CompanyDisplayName: 'kept',
        FirstUserEmail: 'kept',
        SentryEnvironment: 'kept',
        ConsoleSessionTimeoutMinutes: 'default',
      });
      expect(plan.ladder.rungs[1].parameters!.find(p => p.key === 'PythonLayerVersionArn')!.previous).toBe(CREATED_PARAMETERS.PythonLayerVersionArn);
      expect(plan.roleStack?.stack.stackName).toBe(ROLE_STACK);
      expect(plan.roleStack?.role.physicalId).toBe('PantherDeploymentRole');
      for (const r of plan.ladder.rungs) expect(r.roleParameters?.map(p => [p.key, p.fate])).toEqual(ROLE_KEPT.map(k => [k, 'kept']));

      expect(shim.writes()).toEqual([]);
      // The decoy's description names the role, so the console may read its resources: it is never taken for the role stack.
      noShimErrors();
    } finally {
      c.close();
    }
  });

  it('upgrade --to 1.26 (dry run): exit 0, not one write request', async () => {
    await pristine();
    const r = await runWalk(flags({}));
    expect(r.code, transcript(r.out)).toBe(0);
    expect(r.out).toContain('DRY RUN: nothing is written');
    expect(r.last).toMatch(/^dry run complete: 3 rungs shown, nothing written\b.*--approve 1\.24\.12,1\.25\.18,1\.26\.9/);
    expect(shim.writes()).toEqual([]);
    noShimErrors();
  });

  it('upgrade --to 1.27 without --params: exit 2 before any write, naming ProcessedDataKmsKeyArn at 1.27.8', async () => {
    await pristine();
    const c = consoleContext();
    try {
      const refused = await c.prepare(flags({to: '1.27', execute: true, approve: '1.24.12,1.25.18,1.26.9,1.27.8'})).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(InputError);
      expect(exitCodeOf(refused)).toBe(2);
      expect((refused as InputError).message).toMatch(/^Nothing was written: a rung needs a value first\. 1\.27\.8: .*ProcessedDataKmsKeyArn/);
    } finally {
      c.close();
    }
    // The dry run says the same and exits 2.
    const dry = await runWalk(flags({to: '1.27'}));
    expect(dry.code, transcript(dry.out)).toBe(2);
    expect(dry.last).toMatch(/^dry run: 1\.27\.8 needs ProcessedDataKmsKeyArn\b/);
    expect(shim.writes()).toEqual([]);
    noShimErrors();
  });

  it('upgrade -s panther-deployment-role --execute: refused with exit 2 before any write', async () => {
    await pristine();
    const c = consoleContext();
    try {
      const refused = await c.prepare(flags({stack: ROLE_STACK, execute: true, approve: RUNGS_TO_126.join(',')})).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(InputError);
      expect(exitCodeOf(refused)).toBe(2);
      expect((refused as InputError).message).toMatch(/^panther-deployment-role is the PantherDeploymentRole stack, not a Panther root\b/);
      expect(shim.writes()).toEqual([]);
      noShimErrors();
    } finally {
      c.close();
    }
  });

  it('approved three-rung walk to 1.26 with --allow-replacement: role before root on every rung, parameters as the templates say, builds waited for, 1.26.9 deployed', async () => {
    await fresh();
    const r = await runWalk(flags({execute: true, approve: RUNGS_TO_126.join(','), allowReplacement: true}));
    const why = transcript(r.out);
    expect(r.code, why).toBe(0);
    expect(r.last).toBe('upgrade complete: panther-prod is on 1.26.9');
    noShimErrors();

    let previousEnd = 0;
    for (const v of RUNGS_TO_126) {
      const role = createOf(v, true);
      const root = createOf(v, false);
      expect(role, `${v}: role change set created\n${why}`).toBeDefined();
      expect(root, `${v}: root change set created\n${why}`).toBeDefined();
      expect(role!.stackName).toBe(seeded.roleId);
      expect(root!.stackName).toBe(seeded.rootId);
      const roleExec = executeOf(role!.result?.changeSetId);
      const rootExec = executeOf(root!.result?.changeSetId);
      expect(roleExec?.status, `${v}: role executed\n${why}`).toBe(200);
      expect(rootExec?.status, `${v}: root executed\n${why}`).toBe(200);
      // The rung starts after the previous one ended; role created, then root; role executed, then root.
      expect(role!.seq).toBeGreaterThan(previousEnd);
      expect(role!.seq).toBeLessThan(root!.seq);
      expect(root!.seq).toBeLessThan(roleExec!.seq);
      expect(roleExec!.seq).toBeLessThan(rootExec!.seq);

      // Parameters: every kept one UsePreviousValue, nothing with a value, PythonLayerVersionArn only on 1.24.12.
      const rootParams = sentParameters(root!);
      const expectedRoot = v === '1.24.12' ? [...ROOT_KEPT, 'PythonLayerVersionArn'] : ROOT_KEPT;
      expect(rootParams.map(p => p.ParameterKey).sort()).toEqual([...expectedRoot].sort());
      for (const p of rootParams) expect(p).toEqual({ParameterKey: p.ParameterKey, UsePreviousValue: 'true'});
      expect(sentParameters(role!)).toEqual(ROLE_KEPT.map(k => ({ParameterKey: k, UsePreviousValue: 'true'})));
      expect(root!.params.IncludeNestedStacks).toBe('true');
      expect(root!.params.ChangeSetType).toBe('UPDATE');
      expect(root!.params.TemplateURL).toBe(rootTemplateUrl(v));

      // The panther-pulumi build: started after the root's update, and polled until it ended, before the next rung.
      const start = shim.log.find(e => e.action === 'StartBuild' && e.seq > rootExec!.seq);
      expect(start?.status, `${v}: build started\n${why}`).toBe(200);
      const nextRung = RUNGS_TO_126[RUNGS_TO_126.indexOf(v) + 1];
      const nextStart = nextRung ? createOf(nextRung, true)!.seq : Infinity;
      expect(start!.seq).toBeLessThan(nextStart);
      const polls = shim.log.filter(
        e =>
          e.action === 'BatchGetBuilds' && e.seq > start!.seq && e.seq < nextStart && (e.params.ids as string[])?.includes(start!.result!.buildId!),
      );
      expect(polls.length, `${v}: build polled\n${why}`).toBeGreaterThan(0);
      expect(r.out).toContain(`  panther-pulumi build ${start!.result!.buildId} started`);
      expect(r.out).toContain(`  done: Panther ${v} verified (the deployed template)`);
      previousEnd = Math.max(...polls.map(p => p.seq));
    }
    expect(shim.log.filter(e => e.action === 'StartBuild')).toHaveLength(3);
    expect(shim.log.filter(e => e.action === 'DeleteChangeSet')).toEqual([]);

    // The review read every nested change set: the table's replacement inside LogAnalysis is DANGER, at 1.26.9 only.
    expect(r.out).toMatch(
      / {4}DANGER LogAnalysis\/AlertsDedupTable: replaces DynamoDB table AlertsDedupTable \(panther-prod-LogAnalysis-[A-Z0-9]+-AlertsDedupTable-[A-Z0-9]+\) \(KeySchema changed\): a new one is created and the old one deleted with its data/,
    );
    expect(r.out.match(/^ +DANGER /gm)).toHaveLength(1);
    expect(r.out).toContain('    Modify LogAnalysis/AlertsDedupTable · AWS::DynamoDB::Table · REPLACEMENT (KeySchema)');
    expect(r.out).toContain('    Remove Bootstrap/AlertsTopic · AWS::SNS::Topic');
    expect(r.out).toContain('    Add Bootstrap/DeadLetterQueue · AWS::SQS::Queue');
    expect(r.out).not.toContain('NOT REVIEWED');
    expect(shim.restorations.restoreNestedChangeSets).toBeGreaterThan(0);
    const nestedReads = shim.log.filter(
      e => e.action === 'DescribeChangeSet' && /changeSet\/panther-prod-(Bootstrap|Core|LogAnalysis)-/.test(e.changeSetName ?? ''),
    );
    expect(nestedReads.length).toBe(9);

    // What the account says afterwards (the AWS CLI, straight to moto).
    expect(await templateVersion(ROOT_STACK)).toBe('v1.26.9');
    const roleTemplate = await aws(moto.endpoint, ['cloudformation', 'get-template', '--stack-name', ROLE_STACK]);
    expect(JSON.stringify(roleTemplate.TemplateBody)).toContain('PantherRelease1x26x9');
    // The stale tag stayed (change sets leave tags alone) and did not fail any rung.
    const described = await aws(moto.endpoint, ['cloudformation', 'describe-stacks', '--stack-name', ROOT_STACK]);
    expect(described.Stacks[0].Tags).toEqual([{Key: 'PantherVersion', Value: '1.24.3'}]);
    // The decoy never appears in a write.
    for (const w of shim.writes()) expect(JSON.stringify(w)).not.toMatch(new RegExp(`${DECOY_STACK}|${seeded.decoyId}`));

    // Calls per rung, as the report counts them; the shim saw exactly as many requests as the console counted.
    const calls = parseCallsLine(r.callsLine);
    expect(calls, r.callsLine).not.toBeNull();
    expect(Object.keys(calls!.perRung)).toEqual(RUNGS_TO_126);
    expect(calls!.total).toBe(r.total);
    expect(r.total).toBe(shim.log.length);
    expect(
      shim
        .writes()
        .map(w => w.action)
        .sort(),
    ).toEqual([...Array(6).fill('CreateChangeSet'), ...Array(6).fill('ExecuteChangeSet'), ...Array(3).fill('StartBuild')].sort());
    perRungCounts.push(`approved walk 1.24.3 -> 1.26.9: ${r.callsLine}`);
    // The same calls, by action, from the shim's log (the console's calls are sequential within a rung).
    let at = calls!.total - Object.values(calls!.perRung).reduce((a, b) => a + b, 0);
    const breakdown = [`plan ${at}: ${byAction(shim.log.slice(0, at))}`];
    for (const [v, n] of Object.entries(calls!.perRung)) {
      breakdown.push(`${v} ${n}: ${byAction(shim.log.slice(at, at + n))}`);
      at += n;
    }
    console.log(`upgrade-moto: ${r.callsLine}\n  ${breakdown.join('\n  ')}`);
  });

  it('the same walk without --allow-replacement: stops before executing 1.26.9 with exit 2 naming the DANGER change, its change sets deleted', async () => {
    await fresh();
    const r = await runWalk(flags({execute: true, approve: RUNGS_TO_126.join(',')}));
    const why = transcript(r.out);
    expect(r.code, why).toBe(2);
    expect(r.last).toMatch(
      /^stopped before executing 1\.26\.9: DANGER LogAnalysis\/AlertsDedupTable \(replaces DynamoDB table AlertsDedupTable .*KeySchema changed.*--allow-replacement/,
    );
    noShimErrors();
    const role = createOf('1.26.9', true)!;
    const root = createOf('1.26.9', false)!;
    expect(r.last).toContain(`deleted its change sets ${ROLE_STACK}/${role.changeSetName}, ${ROOT_STACK}/${root.changeSetName}`);
    for (const cs of [role, root]) {
      const id = cs.result!.changeSetId!;
      expect(executeOf(id), why).toBeUndefined();
      const deleted = shim.log.find(e => e.action === 'DeleteChangeSet' && e.changeSetName === id);
      expect(deleted?.status, why).toBe(200);
    }
    // Gone from the account, nested ones included (the shim answers as AWS would: ChangeSetNotFound).
    const sdk = new CloudFormationClient({
      region: REGION,
      endpoint: shim.endpoint,
      credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
      maxAttempts: 1,
    });
    try {
      for (const stack of [seeded.rootId, seeded.roleId]) {
        const left = (await sdk.send(new ListChangeSetsCommand({StackName: stack}))).Summaries ?? [];
        expect(left.map(s => s.ChangeSetId)).not.toContain(role.result!.changeSetId);
        expect(left.map(s => s.ChangeSetId)).not.toContain(root.result!.changeSetId);
        expect(left.filter(s => s.ExecutionStatus === 'AVAILABLE')).toEqual([]);
      }
      const nestedIds = shim.log
        .filter(e => e.action === 'DescribeChangeSet' && e.seq > root.seq && /changeSet\/panther-prod-LogAnalysis-/.test(e.changeSetName ?? ''))
        .map(e => e.changeSetName!);
      expect(nestedIds.length).toBe(1);
      await expect(sdk.send(new DescribeChangeSetCommand({ChangeSetName: nestedIds[0]}))).rejects.toMatchObject({name: 'ChangeSetNotFoundException'});
    } finally {
      sdk.destroy();
    }
    expect(await templateVersion(ROOT_STACK)).toBe('v1.25.18');
    perRungCounts.push(`without --allow-replacement (stops at 1.26.9): ${r.callsLine}`);
  });

  it('an unapproved last rung: exit 1, stopped before 1.26.9, no change set created for it', async () => {
    await fresh();
    const r = await runWalk(flags({execute: true, approve: '1.24.12,1.25.18'}));
    expect(r.code, transcript(r.out)).toBe(1);
    expect(r.last).toMatch(/^stopped before 1\.26\.9: not approved\b/);
    expect(shim.log.filter(e => e.action === 'CreateChangeSet' && (e.changeSetName ?? '').includes(rungToken('1.26.9')))).toEqual([]);
    expect(createOf('1.25.18', false)).toBeDefined();
    expect(await templateVersion(ROOT_STACK)).toBe('v1.25.18');
    noShimErrors();

    // Run again, approving the last rung: the plan starts from the deployed template (1.25.18), not from the stale
    // PantherVersion tag (1.24.3), and the parameter 1.25.18 dropped is gone from the stack's parameters.
    keepRestorations();
    shim.reset();
    const resumed = await runWalk(flags({execute: true, approve: '1.26.9', allowReplacement: true}));
    expect(resumed.code, transcript(resumed.out)).toBe(0);
    expect(resumed.out).toMatch(/^upgrade panther-prod in us-east-2: 1\.25\.18 -> 1\.26\.9, 1 rung\b/m);
    expect(resumed.out).toMatch(/Stale PantherVersion tag: 1\.24\.3\b/);
    expect(sentParameters(createOf('1.26.9', false)!)).toEqual(ROOT_KEPT.map(k => ({ParameterKey: k, UsePreviousValue: 'true'})));
    expect(resumed.last).toBe('upgrade complete: panther-prod is on 1.26.9');
    expect(await templateVersion(ROOT_STACK)).toBe('v1.26.9');
    noShimErrors();
  });

  it('upgrade --to 1.27 with --params giving ProcessedDataKmsKeyArn: the walk completes, the value sent on 1.27.8 only', async () => {
    await fresh();
    const file = path.join(tmp, 'params.json');
    await writeFile(file, JSON.stringify({ProcessedDataKmsKeyArn: KMS_KEY_ARN}));
    const r = await runWalk(flags({to: '1.27', params: file, execute: true, approve: [...RUNGS_TO_126, '1.27.8'].join(','), allowReplacement: true}));
    expect(r.code, transcript(r.out)).toBe(0);
    expect(r.last).toBe('upgrade complete: panther-prod is on 1.27.8');
    noShimErrors();
    for (const v of RUNGS_TO_126) expect(sentParameters(createOf(v, false)!).map(p => p.ParameterKey)).not.toContain('ProcessedDataKmsKeyArn');
    const last = sentParameters(createOf('1.27.8', false)!);
    expect(last).toContainEqual({ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: KMS_KEY_ARN});
    expect(last.filter(p => p.ParameterKey !== 'ProcessedDataKmsKeyArn')).toEqual(
      expect.arrayContaining(ROOT_KEPT.map(k => ({ParameterKey: k, UsePreviousValue: 'true'}))),
    );
    expect(await templateVersion(ROOT_STACK)).toBe('v1.27.8');
    const described = await aws(moto.endpoint, ['cloudformation', 'describe-stacks', '--stack-name', ROOT_STACK]);
    expect(described.Stacks[0].Parameters).toContainEqual({ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: KMS_KEY_ARN});
    perRungCounts.push(`walk 1.24.3 -> 1.27.8 with --params: ${r.callsLine}`);
  });

  it('the shim answers as AWS documents where moto does not (the restorations the walk relies on)', async () => {
    await fresh();
    dirty = true;
    const sdk = new CloudFormationClient({
      region: REGION,
      endpoint: shim.endpoint,
      credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
      maxAttempts: 1,
    });
    const create = (name: string, parameters: {ParameterKey: string; ParameterValue?: string; UsePreviousValue?: boolean}[], version = '1.24.12') =>
      sdk.send(
        new CreateChangeSetCommand({
          StackName: ROOT_STACK,
          ChangeSetName: name,
          ChangeSetType: 'UPDATE',
          TemplateURL: rootTemplateUrl(version),
          Parameters: parameters,
          Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
          IncludeNestedStacks: true,
        }),
      );
    const keep = (keys: string[]) => keys.map(ParameterKey => ({ParameterKey, UsePreviousValue: true}));
    try {
      // A key the new template does not declare.
      await expect(create('t-undeclared', keep([...ROOT_KEPT, 'PythonLayerVersionArn']), '1.25.18')).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Parameters: [PythonLayerVersionArn] do not exist in the template',
      });
      // UsePreviousValue for a key the stack does not have (moto: HTTP 500).
      await expect(create('t-noprev', keep([...ROOT_KEPT, 'ConsoleSessionTimeoutMinutes']), '1.26.9')).rejects.toMatchObject({
        name: 'ValidationError',
      });
      // A parameter without a default, not given.
      await expect(create('t-missing', keep(ROOT_KEPT), '1.27.8')).rejects.toMatchObject({
        name: 'ValidationError',
        message: 'Parameters: [ProcessedDataKmsKeyArn] must have values',
      });
      // A duplicate name.
      const first = await create('t-dup', keep([...ROOT_KEPT, 'PythonLayerVersionArn']));
      await expect(create('t-dup', keep([...ROOT_KEPT, 'PythonLayerVersionArn']))).rejects.toMatchObject({name: 'AlreadyExistsException'});
      const other = await create('t-other', keep([...ROOT_KEPT, 'PythonLayerVersionArn']));
      // The root change set: echoes, nested change sets with their parent and root.
      const described = await sdk.send(new DescribeChangeSetCommand({ChangeSetName: first.Id}));
      expect(described.IncludeNestedStacks).toBe(true);
      expect(described.Capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
      const nestedIds = (described.Changes ?? []).map(c => c.ResourceChange?.ChangeSetId);
      expect(nestedIds.every(Boolean)).toBe(true);
      const nested = await sdk.send(new DescribeChangeSetCommand({ChangeSetName: nestedIds[0]}));
      expect(nested).toMatchObject({
        ParentChangeSetId: first.Id,
        RootChangeSetId: first.Id,
        Status: 'CREATE_COMPLETE',
        ExecutionStatus: 'UNAVAILABLE',
        StatusReason: 'Executable from root change set',
      });
      expect(nested.StackName).toMatch(/^panther-prod-Bootstrap-/);
      // Only this stack's change sets are listed.
      const listed = (await sdk.send(new ListChangeSetsCommand({StackName: ROLE_STACK}))).Summaries ?? [];
      expect(listed).toEqual([]);
      // Executing deletes the others; executing again is refused.
      await sdk.send(new ExecuteChangeSetCommand({ChangeSetName: first.Id}));
      await expect(sdk.send(new ExecuteChangeSetCommand({ChangeSetName: first.Id}))).rejects.toMatchObject({
        name: 'InvalidChangeSetStatusException',
        message: `ChangeSet [${first.Id}] cannot be executed in its current status of [EXECUTE_COMPLETE]`,
      });
      await expect(sdk.send(new DescribeChangeSetCommand({ChangeSetName: other.Id}))).rejects.toMatchObject({name: 'ChangeSetNotFoundException'});
      await expect(sdk.send(new ExecuteChangeSetCommand({ChangeSetName: other.Id}))).rejects.toMatchObject({name: 'ChangeSetNotFoundException'});
      expect((await sdk.send(new DescribeChangeSetCommand({ChangeSetName: nestedIds[0]}))).ExecutionStatus).toBe('EXECUTE_COMPLETE');

      // A change set that changes nothing (the role stack's own template, every parameter kept) fails, as on AWS.
      const same = await sdk.send(
        new CreateChangeSetCommand({
          StackName: ROLE_STACK,
          ChangeSetName: 't-same',
          ChangeSetType: 'UPDATE',
          TemplateURL: roleTemplateUrl(FROM),
          Parameters: keep(ROLE_KEPT),
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      );
      await expect(sdk.send(new DescribeChangeSetCommand({ChangeSetName: same.Id}))).resolves.toMatchObject({
        Status: 'FAILED',
        ExecutionStatus: 'UNAVAILABLE',
        StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
      });
      await expect(sdk.send(new ExecuteChangeSetCommand({ChangeSetName: same.Id}))).rejects.toMatchObject({name: 'InvalidChangeSetStatusException'});
      // The role template names its role: CAPABILITY_NAMED_IAM is required.
      await expect(
        sdk.send(
          new CreateChangeSetCommand({
            StackName: ROLE_STACK,
            ChangeSetName: 't-caps',
            ChangeSetType: 'UPDATE',
            TemplateURL: roleTemplateUrl('1.24.12'),
            Parameters: keep(ROLE_KEPT),
            Capabilities: ['CAPABILITY_IAM'],
          }),
        ),
      ).rejects.toMatchObject({name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]'});
      noShimErrors();
    } finally {
      sdk.destroy();
    }
  });
});
