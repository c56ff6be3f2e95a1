// Everything a first deploy needs before its first write, validated: the stack name (free, or a refusal that says
// what to do with the stack holding it), the version (a minor goes to its recommended patch) and its template URL,
// the template's parameters reconciled with --params, the role CloudFormation deploys with, preflight (a failed
// check stops the deploy unless --skip-preflight gives a reason), and --approve. Writes nothing.
import {CodeBuildGateway} from '../aws/codebuild.js';
import {newRunId} from '../aws/changesets.js';
import {readTemplateSummary, type TemplateSummary} from '../aws/templates.js';
import {InputError} from '../errors.js';
import {resolveTargetVersion} from '../panther/catalog.js';
import {deployRefusal, planDeploy, type DeployPlan} from '../panther/deploy-plan.js';
import {countByStatus} from '../panther/preflight/report.js';
import {isValidStackName} from '../panther/preflight/stack-name.js';
import type {PreflightReport} from '../panther/preflight/types.js';
import {checkTemplateBaseUrl, deploymentRoleTemplateUrl, isOfficialTemplateUrl, isUnderBaseUrl, pantherTemplateUrl} from '../panther/templates.js';
import {initialWalk} from '../panther/upgrade-walk.js';
import {parseVersion} from '../panther/version.js';
import type {PostMortem} from '../domain/types.js';
import {WalkStore} from '../store/walk-store.js';
import type {CommandContext, CommonFlags} from '../commands/context.js';
import {readCatalogFlag, readParamsFlag} from '../commands/input-files.js';
import {computePreflight} from '../commands/preflight.js';
import {createPreflightClients} from '../aws/preflight-reader.js';
import {readRoleTrust} from '../aws/role-trust.js';
import {trustFindings, worstTrustLevel, type TrustFinding} from '../panther/deployment-role-trust.js';
import {trustLines} from '../report/trust-text.js';
import {finishCommand, runDeploy} from './deploy-driver.js';
import type {WalkOptions} from './driver.js';
import {walkConsoleStore, type WalkSession} from './session.js';

export interface DeployFlags extends CommonFlags {
  version?: string;
  params?: string;
  roleArn?: string;
  /** Deploy even when a preflight check fails: why (printed). */
  skipPreflight?: string;
  execute?: boolean;
  approve?: string;
  catalog?: string;
  templateBaseUrl?: string;
}

export interface DeploySession extends WalkSession {
  flags: DeployFlags;
  stackName: string;
  version: string;
  /** How the version was chosen, for the header. */
  versionNote: string;
  plan: DeployPlan;
  template: TemplateSummary;
  roleArn: string | null;
  /** Who can assume the --role-arn role: the trust policy's findings (null without --role-arn). */
  roleTrust: {findings: TrustFinding[]} | {unknown: string} | null;
  preflight: PreflightReport | null;
  /** Failed preflight checks stop the deploy before anything is written (unless --skip-preflight). */
  preflightFailed: boolean;
  codebuild: CodeBuildGateway | null;
  runId: string;
  /** The stack's ARN once the CREATE change set made it. */
  stackId: string | null;
  /** The create reached CREATE_COMPLETE (what is left is the build and the check, not a cleanup). */
  created: boolean;
  /** The driver holds a change set not executed (and its REVIEW_IN_PROGRESS stack): deleted if the deploy stops. */
  pendingChangeSet: boolean;
  close(): void;
}

/** arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2 (a path allowed). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** What holds the name: a refusal naming what to do, or null when the name is free. */
function nameTaken(stackName: string, stackId: string, status: string): string {
  if (status === 'REVIEW_IN_PROGRESS') {
    return (
      `${stackName} exists in REVIEW_IN_PROGRESS: a create change set on it was never executed (another deploy is open, or one was ` +
      `left behind). Finish that deploy, or remove it: aws cloudformation delete-stack --stack-name ${stackId}`
    );
  }
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED') {
    return `${stackName} is a failed first deploy (${status}): it keeps the name until it is deleted. See what it left: panther-console cleanup -s ${stackName} (--execute deletes it).`;
  }
  return `${stackName} already exists (${status}): deploy creates a new stack. To move it to another version: panther-console upgrade -s ${stackName} --to VERSION.`;
}

/** Reads and validates everything; writes nothing. */
export async function prepareDeploy(
  ctx: CommandContext,
  flags: DeployFlags,
  /** params: the values instead of a --params file (the demo's). */
  opts: {live?: boolean; params?: Record<string, string>} = {},
): Promise<DeploySession> {
  const stackName = flags.stack;
  if (!stackName) throw new InputError('deploy needs --stack NAME (the root stack to create, e.g. panther-prod) and --params FILE.');
  if (stackName.startsWith('arn:')) throw new InputError(`deploy creates a stack: --stack takes its name, not an ARN (${stackName}).`);
  if (!isValidStackName(stackName)) {
    throw new InputError(`--stack ${stackName}: a stack name starts with a letter and has only letters, digits and hyphens (128 at most).`);
  }
  if (flags.format === 'json' || flags.format === 'markdown')
    throw new InputError('deploy prints text; preflight --format json checks the account as data.');
  const execute = Boolean(flags.execute);
  const catalog = await readCatalogFlag(flags.catalog);
  const version = resolveTargetVersion(flags.version, catalog, '--version');
  const versionNote = !flags.version
    ? ' (no --version: the newest catalogued)'
    : parseVersion(flags.version) === version
      ? ''
      : ` (--version ${flags.version}: its recommended patch)`;
  if (flags.skipPreflight !== undefined && !flags.skipPreflight.trim()) {
    throw new InputError('--skip-preflight needs a reason (it is printed with the deploy): --skip-preflight "why".');
  }
  let roleArn: string | null = null;
  if (flags.roleArn) {
    const m = ROLE_ARN.exec(flags.roleArn);
    if (!m) throw new InputError(`--role-arn ${flags.roleArn} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME).`);
    // The PantherDeploymentRole's policies allow only stacks named panther-*: any other name fails deep in the create.
    if (/PantherDeploymentRole/i.test(m[1]) && !stackName.startsWith('panther-')) {
      throw new InputError(
        `--stack ${stackName}: with the PantherDeploymentRole the root stack's name must start with panther- (its policies allow only those).`,
      );
    }
    roleArn = flags.roleArn;
  }
  if (execute && !opts.live) {
    if (!flags.approve) throw new InputError(`--execute without a terminal needs --approve ${version} (the version this deploy creates).`);
    if (parseVersion(flags.approve) !== version) {
      throw new InputError(`--approve ${flags.approve}: this deploy creates Panther ${version}; --approve ${version} executes it.`);
    }
  }
  const base = flags.templateBaseUrl ? checkTemplateBaseUrl(flags.templateBaseUrl) : undefined;
  const templateUrl = pantherTemplateUrl(version, ctx.region, base);
  const roleTemplateUrl = deploymentRoleTemplateUrl(version, base);
  if (!(base ? isUnderBaseUrl(templateUrl, base) : isOfficialTemplateUrl(templateUrl))) {
    throw new InputError(
      `Refusing template ${templateUrl}: not one of Panther's official buckets. Give --template-base-url to use a mirror on purpose.`,
    );
  }
  const supplied = opts.params ?? (flags.params ? await readParamsFlag(flags.params) : {});
  const given = Boolean(opts.params || flags.params);

  // The name must be free (a failed first deploy still holds it).
  const existing = await ctx.gateway.describeStack(stackName);
  if (existing) throw new InputError(nameTaken(stackName, existing.stackId, existing.status));

  const template = await readTemplateSummary(ctx.clients, templateUrl, `Panther ${version}'s template`);
  const plan = planDeploy({version, templateUrl, roleTemplateUrl, declared: template.parameters, supplied});
  const refusal = deployRefusal(plan, flags.params ?? null);
  // Keys the template does not declare are refused even in a dry run; a missing value is the dry run's to show.
  if (refusal && (plan.unknown.length > 0 || execute)) throw new InputError(refusal);

  // Preflight judges the keys its rules do not know by the template just read.
  const declared = new Map(template.parameters.map(d => [d.key, d.defaultValue]));
  const preflight = await computePreflight(
    ctx,
    {stackName, version, params: given ? supplied : null, paramsFile: flags.params ?? null, declared},
    flags,
  );
  const preflightFailed = preflight.checks.some(c => c.status === 'fail');
  const roleTrust = roleArn ? await readTrust(ctx, roleArn, preflight) : null;

  const walk = new WalkStore(
    initialWalk({mode: execute ? 'execute' : 'dry-run', kind: 'deploy', stackName, from: 'none', to: version, rungs: [plan.rung]}),
  );
  const store = opts.live ? walkConsoleStore(ctx, flags, stackName) : null;
  const codebuild = execute ? new CodeBuildGateway(ctx.clients) : null;
  const session: DeploySession = {
    ctx,
    flags,
    walk,
    store,
    postMortem: null as PostMortem | null,
    discarding: null,
    callsAtRung: [],
    execute,
    readFirst: false,
    stackName,
    version,
    versionNote,
    plan,
    template,
    roleArn,
    roleTrust,
    preflight,
    preflightFailed,
    codebuild,
    runId: newRunId(),
    stackId: null,
    created: false,
    pendingChangeSet: false,
    mustTidy: () => session.pendingChangeSet || session.discarding !== null,
    header: () => deployHeader(session),
    run: (options: WalkOptions) => runDeploy(session, options),
    epilogue: () => cleanupPlanLines(session),
    close: () => {
      store?.stop();
      codebuild?.destroy();
    },
  };
  return session;
}

/**
 * The --role-arn role's trust policy (GetRole): who can assume an administrator role. A role that does not exist
 * stops the deploy before any write (CloudFormation would refuse the change set).
 */
async function readTrust(ctx: CommandContext, roleArn: string, preflight: PreflightReport): Promise<DeploySession['roleTrust']> {
  const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(roleArn)?.[1];
  if (preflight.account && roleAccount !== preflight.account) {
    throw new InputError(
      `--role-arn ${roleArn} is a role of account ${roleAccount}, but the deploy runs in ${preflight.account}: CloudFormation deploys with a role of the stack's own account.`,
    );
  }
  const iam = createPreflightClients(ctx.clients);
  try {
    const probe = await readRoleTrust(iam, roleArn);
    if (!probe.ok) return {unknown: probe.reason};
    if (!probe.value)
      throw new InputError(
        `--role-arn ${roleArn}: no such role in the account. Deploy the PantherDeploymentRole stack first (its output DeploymentRoleArn).`,
      );
    // GetRole reads by name: the role found must be the one named, path included.
    if (probe.value.arn && probe.value.arn !== roleArn) {
      throw new InputError(`--role-arn ${roleArn}: the account's role of that name is ${probe.value.arn}. Give its ARN as IAM shows it.`);
    }
    const account = roleAccount ?? preflight.account ?? '';
    return {findings: trustFindings(probe.value.policy, {account, deployingPrincipalArn: preflight.principal, roleName: probe.value.name})};
  } finally {
    iam.destroy();
  }
}

/** A word as a shell reads it: as it is when plain, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What the deploy will touch and why it may go ahead: the report's first lines. */
export function deployHeader(session: DeploySession): string[] {
  const {template, preflight} = session;
  const lines = [
    `deploy ${session.stackName} in ${session.ctx.region}: Panther ${session.version}${session.versionNote}`,
    `  template ${template.url}: ${template.parameters.length} parameters` +
      (template.capabilities.length ? `; needs ${template.capabilities.join(', ')}` : ''),
    session.roleArn
      ? `  CloudFormation deploys with ${session.roleArn} (--role-arn): an administrator role, whoever can assume it can do anything in the account`
      : '  no --role-arn: CloudFormation deploys with your own credentials (Panther recommends its PantherDeploymentRole: --role-arn ARN)',
  ];
  const trust = session.roleTrust;
  if (trust && 'findings' in trust) {
    lines.push(`  who can assume it (its trust policy): ${worstTrustLevel(trust.findings).toUpperCase()}`);
    for (const line of trustLines(trust.findings)) lines.push(`    ${line}`);
  } else if (trust) {
    lines.push(`  who can assume it: not checked (${trust.unknown})`);
  }
  if (preflight) {
    const n = countByStatus(preflight.checks);
    const of = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    lines.push(
      `  preflight: ${of(preflight.checks.length, 'check')}: ${n.pass} passed, ${of(n.warn, 'warning')}, ${n.fail} failed, ${n.unknown} not checked`,
    );
    // Every failure; warnings of one kind beyond the first two are counted (52 leftovers of a failed attempt would
    // bury the rest): `panther-console preflight` lists each with its command.
    const shown = new Map<string, number>();
    for (const c of preflight.checks.filter(x => x.status === 'fail' || x.status === 'warn')) {
      if (c.status === 'warn') {
        const n = (shown.get(c.title) ?? 0) + 1;
        shown.set(c.title, n);
        if (n > 2) continue;
      }
      lines.push(`    ${c.status === 'fail' ? 'FAIL' : 'WARN'}  ${c.title}: ${c.found}${c.action ? ` -> ${c.action}` : ''}`);
    }
    for (const [title, n] of shown) {
      if (n > 2)
        lines.push(`    WARN  ${title}: ${n - 2} more (panther-console preflight --stack-name ${session.stackName} lists each with its command)`);
    }
    if (session.preflightFailed && session.flags.skipPreflight) {
      lines.push(`  preflight FAILED, deploying anyway: --skip-preflight "${session.flags.skipPreflight}"`);
    }
  }
  lines.push(
    session.execute
      ? session.store
        ? `  executing after you type ${session.version} at the prompt (the change set is shown first)`
        : `  executing with --approve ${session.version}`
      : '  DRY RUN: nothing is written (no change set, no stack); add --execute to deploy',
  );
  if (!session.execute && session.flags.approve) lines.push('  Note: --approve is ignored without --execute.');
  return lines;
}

/** After a failed create: what holds the name now and how to clear the way for the next attempt. */
export function cleanupPlanLines(session: DeploySession): string[] {
  const state = session.walk.getState();
  if (state.outcome !== 'failed' || !session.stackId) return [];
  const s = session.stackName;
  // Created, but its build (or the check of its version) failed: nothing to clean up, something to finish.
  if (session.created) return [`${s} is created (CREATE_COMPLETE), but not finished: ${finishCommand(session)}.`];
  const again = [`panther-console deploy -s ${s} --version ${session.version}`];
  if (session.flags.params) again.push(`--params ${shellWord(session.flags.params)}`);
  if (session.roleArn) again.push(`--role-arn ${session.roleArn}`);
  // On a terminal the version is typed; a script names it.
  again.push(session.store ? '--execute' : `--execute --approve ${session.version}`);
  return [
    `The create of ${s} failed and rolled back: the stack stays in ROLLBACK_COMPLETE and keeps the name until it is deleted.`,
    'Cleanup plan:',
    `  1. fix the root cause (panther-console postmortem -s ${s} prints it again)`,
    `  2. panther-console cleanup -s ${s}            what the rollback left (the root, retained buckets, tables, keys...); writes nothing`,
    `  3. panther-console cleanup -s ${s} --execute  deletes the ROLLBACK_COMPLETE root after you type its name (retained resources are listed, never deleted)`,
    `  4. ${again.join(' ')}`,
  ];
}
