// Everything an upgrade walk needs before its first write, validated: the plan (every rung grounded in its own
// templates), the stacks it may touch (a Panther root, the deployment role stack by the role it deploys), the
// approvals, and the refusals that must come before any write: a rung needing a value nobody gave, a template
// outside Panther's buckets, a root CloudFormation cannot update, another walk's pending change set.
import {CodeBuildGateway} from '../aws/codebuild.js';
import {isPendingWalkChangeSet, listChangeSets, newRunId} from '../aws/changesets.js';
import {InputError} from '../errors.js';
import type {RoleStack} from '../aws/deployment-role.js';
import {rootUpdateBlocker} from '../panther/ladder.js';
import type {PostMortem} from '../domain/types.js';
import {initialWalk, parseApprove} from '../panther/upgrade-walk.js';
import {isOfficialTemplateUrl, isUnderBaseUrl} from '../panther/templates.js';
import {ConsoleStore} from '../store/store.js';
import {WalkStore} from '../store/walk-store.js';
import type {CommandContext} from '../commands/context.js';
import {runWalk, type WalkOptions} from './driver.js';
import {planUpgrade, type LadderFlags, type LadderPlan} from './plan.js';
import {walkHeader} from './report.js';

export interface UpgradeFlags extends LadderFlags {
  execute?: boolean;
  approve?: string;
  /** Scripts: execute a change set that replaces or removes a stateful resource. */
  allowReplacement?: boolean;
  /** demo only: the rung whose update fails on the simulated account. */
  failRung?: string;
}

/** What the walk's text report and full screen need of a walk: an upgrade's or a deploy's. */
export interface WalkSession {
  ctx: CommandContext;
  walk: WalkStore;
  /** The live store of the root stack (full screen). */
  store: ConsoleStore | null;
  postMortem: PostMortem | null;
  discarding: Promise<unknown> | null;
  callsAtRung: number[];
  execute: boolean;
  /** The report's first lines: what will be touched. */
  header(): string[];
  /** Walks to the end; resolves when the walk is over (its outcome is in `walk`). */
  run(options: WalkOptions): Promise<void>;
  /** Lines after the post-mortem (a failed deploy's cleanup plan). */
  epilogue?(): string[];
  /** false: the screen must not read the store before the walk does (the stack does not exist yet). */
  readFirst?: boolean;
  /** Whether the walk holds something it must delete before the process may exit (a deploy's unexecuted change set). */
  mustTidy?(): boolean;
}

export interface UpgradeSession extends WalkSession {
  ctx: CommandContext;
  flags: UpgradeFlags;
  plan: LadderPlan;
  execute: boolean;
  approved: Set<string>;
  walk: WalkStore;
  roleStack: RoleStack | null;
  /** The live store of the root stack (full screen): drives StackTree/Timeline and watches the root's update. */
  store: ConsoleStore | null;
  /** The post-mortem of the failed rung's stack, once known. */
  postMortem: PostMortem | null;
  codebuild: CodeBuildGateway | null;
  /** While the walk deletes change sets it will not execute (the screen waits for it before the process exits). */
  discarding: Promise<unknown> | null;
  /** This walk's own token in its change set names (two walks never collide). */
  runId: string;
  /** The API calls made before each rung started (calls per rung, for the report). */
  callsAtRung: number[];
  close(): void;
}

/** Statuses of an update someone is running now: `upgrade --execute` follows it to its end, then walks on. */
const ATTACHABLE = new Set([
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
]);

export function isAttachable(status: string): boolean {
  return ATTACHABLE.has(status);
}

/** The live store a walk's full screen shows (the root's stacks and events), polled by the walk itself. */
export function walkConsoleStore(ctx: CommandContext, flags: Pick<UpgradeFlags, 'interval' | 'cloudtrail'>, query: string): ConsoleStore {
  return new ConsoleStore(ctx.gateway, {
    query,
    region: ctx.region,
    profile: ctx.profile,
    intervalMs: flags.interval ? flags.interval * 1000 : 2000,
    cloudtrail: flags.cloudtrail,
  });
}

/** Reads and validates everything; writes nothing. */
export async function prepareUpgrade(ctx: CommandContext, flags: UpgradeFlags, opts: {live?: boolean} = {}): Promise<UpgradeSession> {
  if (!flags.stack) throw new InputError('upgrade needs --stack NAME|ARN (the root stack to upgrade) and --to VERSION.');
  // The walk's progress is text (or the full screen); the plan as data is `ladder`'s job.
  if (flags.format === 'json' || flags.format === 'markdown') {
    throw new InputError('upgrade prints text; use ladder --format json for the plan');
  }
  const execute = Boolean(flags.execute);
  // A root CloudFormation will not update (a failed first deploy, a failed rollback) is refused before anything
  // more is read or written. An update already running is followed to its end by --execute (a dry run notes it).
  const plan = await planUpgrade(ctx, flags, 'upgrade', ({rootStack: root}) => {
    const blocker = rootUpdateBlocker(root.stackName, root.status);
    const running = root.status.endsWith('_IN_PROGRESS');
    if (blocker && !(running && (!execute || isAttachable(root.status)))) throw new InputError(blocker);
  });
  const root = plan.deployed!.rootStack;
  // The role stack must be updatable too (or running an update the walk can follow).
  const role = plan.roleStack?.stack;
  const roleBlocker = role ? rootUpdateBlocker(role.stackName, role.status) : null;
  if (execute && role && roleBlocker && !isAttachable(role.status)) throw new InputError(roleBlocker);
  for (const rung of plan.ladder.rungs) {
    for (const url of [rung.templateUrl, rung.deploymentRoleTemplateUrl]) {
      const ok = flags.templateBaseUrl ? isUnderBaseUrl(url, flags.templateBaseUrl) : isOfficialTemplateUrl(url);
      if (!ok) {
        throw new InputError(`Refusing template ${url}: not one of Panther's official buckets. Give --template-base-url to use a mirror on purpose.`);
      }
    }
  }
  let approved = new Set<string>();
  if (execute) {
    const parsed = parseApprove(
      flags.approve,
      plan.ladder.rungs.map(r => r.version),
      plan.ladder.from,
    );
    if (!parsed.ok) throw new InputError(parsed.message);
    approved = parsed.approved;
    if (parsed.ignored.length) {
      plan.ladder.notes.push(
        `--approve ${parsed.ignored.join(', ')}: already deployed (the deployed template is ${plan.ladder.from}), nothing to do for ${parsed.ignored.length === 1 ? 'it' : 'them'}.`,
      );
    }
    if (!opts.live && approved.size === 0 && plan.ladder.rungs.length > 0) {
      throw new InputError('--execute without a terminal needs --approve V1,V2 (the rungs to execute)');
    }
    // Every rung's values are known before the first write, or nothing is written.
    const missing = plan.ladder.rungs.flatMap(r => r.blocked.map(b => `${r.version}: ${b.message}`));
    if (missing.length > 0) {
      throw new InputError(`Nothing was written: ${missing.length === 1 ? 'a rung needs a value' : 'rungs need values'} first. ${missing.join(' ')}`);
    }
    // One walk at a time per stack: another walk's change set waiting for its confirmation means a walk is open.
    for (const stack of [root, ...(plan.roleStack ? [plan.roleStack.stack] : [])]) {
      const pending = (await listChangeSets(ctx.clients, stack.stackId)).filter(isPendingWalkChangeSet);
      if (pending.length > 0) {
        const p = pending[0];
        throw new InputError(
          `Another upgrade walk has change set ${p.name} pending on ${stack.stackName} (created ${p.createdAt || 'earlier'}): ` +
            `finish or cancel that walk first. If it is gone, delete the change set: aws cloudformation delete-change-set --change-set-name ${p.id}`,
        );
      }
    }
  }
  const walk = new WalkStore(
    initialWalk({
      mode: execute ? 'execute' : 'dry-run',
      stackName: root.stackName,
      from: plan.ladder.from,
      to: plan.ladder.to,
      rungs: plan.ladder.rungs,
    }),
  );
  const store = opts.live ? walkConsoleStore(ctx, flags, root.stackId) : null;
  const codebuild = execute ? new CodeBuildGateway(ctx.clients) : null;
  const session: UpgradeSession = {
    header: () => walkHeader(session),
    run: options => runWalk(session, options),
    ctx,
    flags,
    plan,
    execute,
    approved,
    walk,
    roleStack: plan.roleStack,
    store,
    postMortem: null,
    codebuild,
    discarding: null,
    runId: newRunId(),
    callsAtRung: [],
    close: () => {
      store?.stop();
      codebuild?.destroy();
    },
  };
  return session;
}
