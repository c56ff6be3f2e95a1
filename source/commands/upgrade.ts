// `upgrade`: walks the ladder. For each rung: a change set for the PantherDeploymentRole stack (when the account has
// one) and one for the root stack (new TemplateURL, every other parameter kept), their summaries, a typed
// confirmation (or --approve without a terminal), execution, the update watched to its end, the panther-pulumi
// CodeBuild build, the version verified; only then the next rung. A failed rung ends the walk on its post-mortem.
// Without --execute it is a dry run that writes nothing at all: not even CreateChangeSet. --execute without a
// terminal needs --approve. Change sets of a rung that is not executed (declined, not approved, failed to create)
// are deleted again.
import {ConsoleError, describeAwsError, explainFault} from '../aws/errors.js';
import {
  changeSetName,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
  findDeploymentRoleStacks,
  isChangeSetPending,
  isNoChangesReason,
  type ChangeSetView,
} from '../aws/changesets.js';
import {CodeBuildGateway, PULUMI_PROJECT} from '../aws/codebuild.js';
import {loadDeployedPanther} from '../aws/panther-version.js';
import {PULUMI_CODEBUILD_STEP} from '../domain/migrations.js';
import {DEPLOYMENT_ROLE_STACK_NAME} from '../domain/preflight/old-infrastructure.js';
import type {PostMortem, Stack} from '../domain/types.js';
import {
  assertMayExecute,
  initialWalk,
  isWalkOver,
  parseApprove,
  plannedSummary,
  updateProgress,
  walkReducer,
  type ChangeSummary,
  type StepTarget,
  type UpdateProgress,
  type WalkEvent,
  type WalkState,
} from '../domain/upgrade-walk.js';
import {rootUpdateBlocker} from '../domain/ladder.js';
import {detectVersion} from '../domain/version.js';
import {isOfficialTemplateUrl, isUnderBaseUrl} from '../panther/templates.js';
import {ConsoleStore} from '../store/store.js';
import {sanitize} from '../text/sanitize.js';
import {startSim} from '../sim/index.js';
import {buildContext, type CommandContext} from './context.js';
import {computeLadder, type LadderFlags, type LadderPlan} from './ladder.js';
import {computePostMortem, renderPostMortem} from './postmortem.js';
import {simOptions, simSettings, type SimFlags} from './sim.js';

export interface UpgradeFlags extends LadderFlags {
  execute?: boolean;
  approve?: string;
  /** demo only: the rung whose update fails on the simulated account. */
  failRung?: string;
}

/** The walk's state for the UI and the report: immutable snapshots, a change signal. */
export class WalkStore {
  private state: WalkState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: WalkState) {
    this.state = initial;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): WalkState => this.state;

  dispatch(event: WalkEvent): void {
    this.state = walkReducer(this.state, event);
    for (const l of this.listeners) l();
  }
}

export interface UpgradeSession {
  ctx: CommandContext;
  flags: UpgradeFlags;
  plan: LadderPlan;
  execute: boolean;
  approved: Set<string>;
  walk: WalkStore;
  roleStack: Stack | null;
  /** The live store of the root stack (full screen): drives StackTree/Timeline and watches the root's update. */
  store: ConsoleStore | null;
  /** The post-mortem of the failed rung's stack, once known. */
  postMortem: PostMortem | null;
  codebuild: CodeBuildGateway | null;
  /** While the walk deletes change sets it will not execute (the screen waits for it before the process exits). */
  discarding: Promise<unknown> | null;
  close(): void;
}

export interface WalkOptions {
  /** Waits between polls (tests advance a manual sim clock here). */
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  now?: () => number;
  /** The typed confirmation (full screen). Absent: --approve decides. */
  confirm?: (index: number) => Promise<boolean>;
  /** Set to stop the walk at its next wait (the user quit the screen). */
  signal?: {aborted: boolean};
  /** Polls before a change set, an update or a build is given up on (default: about 3 hours of polls). */
  maxPolls?: number;
}

class Aborted extends Error {}

/** Reads the plan and the deployment role stack, validates the input. No write. */
export async function prepareUpgrade(ctx: CommandContext, flags: UpgradeFlags, opts: {live?: boolean} = {}): Promise<UpgradeSession> {
  if (!flags.stack) throw new ConsoleError('upgrade needs --stack NAME|ARN (the root stack to upgrade) and --to VERSION.', 2);
  // The walk's progress is text (or the full screen); the plan as data is `ladder`'s job.
  if (flags.format === 'json' || flags.format === 'markdown') {
    throw new ConsoleError('upgrade prints text; use ladder --format json for the plan', 2);
  }
  const plan = await computeLadder(ctx, flags);
  const execute = Boolean(flags.execute);
  // A root CloudFormation will not update (a failed first deploy, a failed rollback, an operation running) is refused
  // here, before any write, rather than by CreateChangeSet halfway through. A dry run only notes a running operation
  // (it may have settled by the time the upgrade runs).
  const root = plan.deployed!.rootStack;
  const blocker = rootUpdateBlocker(root.stackName, root.status);
  if (blocker && (execute || !root.status.endsWith('_IN_PROGRESS'))) throw new ConsoleError(blocker, 2);
  for (const rung of plan.ladder.rungs) {
    for (const url of [rung.templateUrl, rung.deploymentRoleTemplateUrl]) {
      const ok = flags.templateBaseUrl ? isUnderBaseUrl(url, flags.templateBaseUrl) : isOfficialTemplateUrl(url);
      if (!ok) {
        throw new ConsoleError(
          `Refusing template ${url}: not one of Panther's official buckets. Give --template-base-url to use a mirror on purpose.`,
          2,
        );
      }
    }
  }
  let approved = new Set<string>();
  if (execute) {
    const parsed = parseApprove(flags.approve, plan.ladder.rungs.map(r => r.version));
    if (!parsed.ok) throw new ConsoleError(parsed.message, 2);
    approved = parsed.approved;
    if (!opts.live && approved.size === 0 && plan.ladder.rungs.length > 0) {
      throw new ConsoleError('--execute without a terminal needs --approve V1,V2 (the rungs to execute)', 2);
    }
  }
  const rootStack = plan.deployed!.rootStack;
  const roleStacks = (await findDeploymentRoleStacks(ctx.clients)).filter(s => s.stackId !== rootStack.stackId);
  if (roleStacks.length > 1) {
    throw new ConsoleError(
      `More than one PantherDeploymentRole stack in ${ctx.region}: ${roleStacks.map(s => s.stackName).join(', ')}. ` +
        `The upgrade updates exactly one: delete or rename the extra one${roleStacks.some(s => s.stackName === DEPLOYMENT_ROLE_STACK_NAME) ? ` (keep ${DEPLOYMENT_ROLE_STACK_NAME})` : ''}, then run it again.`,
      2,
    );
  }
  const roleStack = roleStacks[0] ?? null;
  const walk = new WalkStore(
    initialWalk({mode: execute ? 'execute' : 'dry-run', stackName: rootStack.stackName, from: plan.ladder.from, to: plan.ladder.to, rungs: plan.ladder.rungs}),
  );
  const store = opts.live
    ? new ConsoleStore(ctx.gateway, {
        query: rootStack.stackId,
        region: ctx.region,
        profile: ctx.profile,
        intervalMs: flags.interval ? flags.interval * 1000 : 2000,
        cloudtrail: flags.cloudtrail,
      })
    : null;
  const codebuild = execute ? new CodeBuildGateway(ctx.clients) : null;
  return {
    ctx,
    flags,
    plan,
    execute,
    approved,
    walk,
    roleStack,
    store,
    postMortem: null,
    codebuild,
    discarding: null,
    close: () => {
      store?.stop();
      codebuild?.destroy();
    },
  };
}

const defaultSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

function summaryOf(target: StepTarget, view: ChangeSetView, templateUrl: string, set: ChangeSummary['set'], kept: string[]): ChangeSummary {
  return {
    target,
    stackName: view.stackName,
    templateUrl,
    kept,
    set,
    changeSet: {
      id: view.id,
      name: view.name,
      status: view.status,
      changes: view.changes.map(c => ({action: c.action, logicalId: c.logicalId, resourceType: c.resourceType, replacement: c.replacement})),
    },
    noChanges: view.noChanges,
  };
}

interface CreatedChangeSet {
  id: string;
  name: string;
  stackName: string;
}

/**
 * Deletes change sets that will not be executed; says what became of them (one clause for the walk's log). A
 * change set that cannot be deleted is named, with the command that deletes it.
 */
async function discardChangeSets(session: UpgradeSession, sets: readonly CreatedChangeSet[]): Promise<string> {
  if (sets.length === 0) return 'no change set was left';
  const left: CreatedChangeSet[] = [];
  const work = (async () => {
    for (const cs of sets) {
      try {
        await deleteChangeSet(session.ctx.clients, cs.id);
      } catch (error) {
        if (describeAwsError(error).code !== 'ChangeSetNotFound') left.push(cs);
      }
    }
  })();
  session.discarding = work;
  try {
    await work;
  } finally {
    session.discarding = null;
  }
  const names = (xs: readonly CreatedChangeSet[]) => xs.map(cs => `${cs.stackName}/${cs.name}`).join(', ');
  const deleted = sets.filter(cs => !left.includes(cs));
  const parts: string[] = [];
  if (deleted.length) parts.push(`deleted ${deleted.length === 1 ? 'its change set' : 'its change sets'} ${names(deleted)}`);
  if (left.length) {
    parts.push(
      `could not delete ${names(left)}: delete ${left.length === 1 ? 'it' : 'them'} with aws cloudformation delete-change-set --change-set-name ` +
        left.map(cs => cs.id).join(' / '),
    );
  }
  return parts.join('; ');
}

/** Walks the ladder; resolves when the walk is over (its outcome is in session.walk). */
export async function runWalk(session: UpgradeSession, options: WalkOptions = {}): Promise<void> {
  const {ctx, plan, walk} = session;
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? (session.flags.interval ? session.flags.interval * 1000 : 2000);
  const now = options.now ?? Date.now;
  const maxPolls = options.maxPolls ?? 5400;
  const rootStack = plan.deployed!.rootStack;
  const dispatch = (e: WalkEvent) => walk.dispatch(e);
  const wait = async (ms = pollMs) => {
    if (options.signal?.aborted) throw new Aborted();
    await sleep(ms);
    if (options.signal?.aborted) throw new Aborted();
  };
  let rootParameters = {...rootStack.parameters};
  /** The change sets of the current rung not (yet) executed: deleted if the rung stops before its execution. */
  let unexecuted: CreatedChangeSet[] = [];

  try {
    for (let index = 0; index < plan.ladder.rungs.length; index++) {
      const rung = plan.ladder.rungs[index];
      dispatch({type: 'rung-started', index});
      if (rung.blocked.length > 0) {
        dispatch({type: 'blocked', index, message: rung.blocked.map(b => b.message).join(' ')});
        if (session.execute) return;
        continue;
      }
      const set = rung.parameterChanges.flatMap(c => (c.value === null ? [] : [{key: c.key, value: c.value, previous: c.previous}]));
      const setRecord = Object.fromEntries(set.map(s => [s.key, s.value]));

      if (!session.execute) {
        // The dry run: what the change sets would be, from the plan alone. Not a single write.
        if (session.roleStack) {
          dispatch({
            type: 'summary',
            index,
            summary: plannedSummary({
              target: 'role',
              stackName: session.roleStack.stackName,
              templateUrl: rung.deploymentRoleTemplateUrl,
              currentParameters: session.roleStack.parameters,
              set: [],
            }),
          });
        }
        dispatch({
          type: 'summary',
          index,
          summary: plannedSummary({target: 'root', stackName: rootStack.stackName, templateUrl: rung.templateUrl, currentParameters: rootParameters, set}),
        });
        for (const s of set) rootParameters[s.key] = s.value;
        dispatch({type: 'planned', index});
        continue;
      }

      // 1. The change sets, created and described (CreateChangeSet writes nothing to the stacks).
      const targets: {target: StepTarget; stack: Stack; url: string; set: ChangeSummary['set']}[] = [];
      if (session.roleStack) {
        const role = (await ctx.gateway.describeStack(session.roleStack.stackId)) ?? session.roleStack;
        targets.push({target: 'role', stack: role, url: rung.deploymentRoleTemplateUrl, set: []});
      }
      const root = (await ctx.gateway.describeStack(rootStack.stackId)) ?? rootStack;
      targets.push({target: 'root', stack: root, url: rung.templateUrl, set});
      const ready: {target: StepTarget; stackId: string; view: ChangeSetView}[] = [];
      unexecuted = [];
      for (const t of targets) {
        const keys = Object.keys(t.stack.parameters);
        const name = changeSetName(rung.version, t.target, now());
        const created = await createChangeSet(ctx.clients, {
          stack: t.stack.stackId,
          changeSetName: name,
          templateUrl: t.url,
          currentParameters: keys,
          set: t.target === 'root' ? setRecord : {},
          description: `panther-console upgrade ${rung.previous} -> ${rung.version}`,
        });
        unexecuted.push({id: created.id, name, stackName: t.stack.stackName});
        let view = await describeChangeSet(ctx.clients, created.id);
        for (let i = 0; isChangeSetPending(view); i++) {
          if (i >= maxPolls) throw new Error(`change set ${view.name} is still ${view.status}`);
          await wait();
          view = await describeChangeSet(ctx.clients, created.id);
        }
        if (view.status === 'FAILED' && !view.noChanges) {
          const discarded = await discardChangeSets(session, unexecuted);
          unexecuted = [];
          dispatch({
            type: 'failed',
            index,
            message: `the ${t.target === 'role' ? 'deployment role' : 'root stack'} change set failed: ${view.statusReason} (nothing was executed; ${discarded})`,
          });
          return;
        }
        const keysSet = new Set(t.set.map(s => s.key));
        dispatch({type: 'summary', index, summary: summaryOf(t.target, view, t.url, t.set, keys.filter(k => !keysSet.has(k)))});
        ready.push({target: t.target, stackId: t.stack.stackId, view});
      }

      // 2. The typed confirmation (or --approve).
      dispatch({type: 'awaiting-confirmation', index});
      const confirmed = options.confirm ? await options.confirm(index) : session.approved.has(rung.version);
      if (!confirmed) {
        const discarded = await discardChangeSets(session, unexecuted);
        unexecuted = [];
        const reason = options.confirm
          ? `cancelled before executing ${rung.version}: nothing was executed; ${discarded}`
          : `${rung.version} is not in --approve: stopped before executing its change sets; ${discarded}`;
        dispatch({type: 'declined', index, reason, by: options.confirm ? 'user' : 'approve'});
        return;
      }
      dispatch({type: 'confirmed', index, by: options.confirm ? 'typed' : 'approve'});
      // From here on the rung's change sets are executed (CloudFormation removes them), or say there is nothing to do.
      unexecuted = [];

      // 3. Execute: the deployment role first, then the root; each watched to its end.
      let rootChanged = false;
      for (const r of ready) {
        if (r.view.noChanges) {
          dispatch({type: 'stack-status', index, target: r.target, status: 'no changes: already there'});
          continue;
        }
        assertMayExecute(walk.getState(), index);
        const watcher = r.target === 'root' && session.store ? storeWatcher(session.store, r.stackId) : describeWatcher(session, r.stackId);
        await watcher.mark();
        dispatch({type: 'executing', index, target: r.target});
        try {
          await executeChangeSet(ctx.clients, r.view.id);
        } catch (error) {
          const fault = describeAwsError(error);
          if (fault.kind === 'other' && isNoChangesReason(fault.message)) {
            dispatch({type: 'stack-status', index, target: r.target, status: 'no changes: already there'});
            continue;
          }
          throw error;
        }
        if (r.target === 'root') rootChanged = true;
        let progress: UpdateProgress = {phase: 'not-started'};
        for (let i = 0; progress.phase === 'not-started' || progress.phase === 'running'; i++) {
          if (i >= maxPolls) throw new Error(`the ${r.target} stack update did not finish in time`);
          await wait();
          progress = await watcher.poll();
          if (progress.phase !== 'not-started') dispatch({type: 'stack-status', index, target: r.target, status: progress.status});
        }
        if (progress.phase === 'failed') {
          session.postMortem = await watcher.postMortem();
          const rc = session.postMortem?.rootCause;
          const label = r.target === 'role' ? 'the deployment role stack' : 'the root stack';
          const cause = rc ? `; root cause ${rc.stackName}/${rc.logicalResourceId} (${rc.category}): ${rc.reason}` : '';
          dispatch({type: 'failed', index, message: `${label} update ended ${progress.status}${cause}`});
          return;
        }
      }

      // 4. The panther-pulumi build (from 1.22), then 5. the version check.
      if (rung.after.includes(PULUMI_CODEBUILD_STEP) && rootChanged && session.codebuild) {
        const started = await session.codebuild.startBuild(PULUMI_PROJECT);
        dispatch({type: 'build-started', index, id: started.id});
        let build = started;
        for (let i = 0; !build.complete && build.status === 'IN_PROGRESS'; i++) {
          if (i >= maxPolls) throw new Error(`the ${PULUMI_PROJECT} build did not finish in time`);
          await wait(pollMs * 2);
          build = (await session.codebuild.getBuild(started.id)) ?? build;
          dispatch({type: 'build-status', index, status: build.status, phase: build.phase});
        }
        if (build.status !== 'SUCCEEDED') {
          dispatch({type: 'failed', index, message: `the ${PULUMI_PROJECT} build ${build.id} ended ${build.status}${build.failure ? `: ${build.failure}` : ''}${build.logsLink ? ` (logs: ${build.logsLink})` : ''}`});
          return;
        }
      }
      dispatch({type: 'verifying', index});
      const deployed = await loadDeployedPanther(ctx.gateway, rootStack.stackId, {maxDescribed: 2});
      const detected = detectVersion({rootStack: deployed.rootStack, nestedStacks: deployed.nestedStacks, templateBody: deployed.templateBody});
      dispatch({type: 'verified', index, version: detected.version});
      if (walk.getState().outcome === 'failed') return;
      rootParameters = {...deployed.rootStack.parameters};
    }
    dispatch({type: 'walk-done'});
  } catch (error) {
    if (error instanceof Aborted) {
      // The user quit while a change set was being created: it will not be executed.
      if (unexecuted.length) await discardChangeSets(session, unexecuted).catch(() => undefined);
      return;
    }
    const state = walk.getState();
    if (!isWalkOver(state) && state.current >= 0) {
      const fault = describeAwsError(error);
      dispatch({type: 'failed', index: state.current, message: sanitize(`${fault.code}: ${fault.message}`), fault: {kind: fault.kind, code: fault.code}});
    }
    throw error;
  }
}

interface Watcher {
  /** Notes where the stack is before the execution. */
  mark(): Promise<void>;
  poll(): Promise<UpdateProgress>;
  postMortem(): Promise<PostMortem | null>;
}

/** Watches through the live store (full screen): its polls also feed the Stacks and Timeline panes. */
function storeWatcher(store: ConsoleStore, stackId: string): Watcher {
  let since: string | null = null;
  const events = () => store.getSnapshot().events.get(stackId) ?? [];
  return {
    async mark() {
      await store.pollOnce();
      const held = events();
      since = held.length ? held[held.length - 1].eventId : null;
    },
    async poll() {
      await store.pollOnce();
      return updateProgress(events(), stackId, since);
    },
    async postMortem() {
      for (let i = 0; i < 3 && !store.getSnapshot().postMortem; i++) await store.pollOnce();
      return store.getSnapshot().postMortem;
    },
  };
}

/** Watches with DescribeStacks only (no terminal): one call a poll; the post-mortem is loaded if it fails. */
function describeWatcher(session: UpgradeSession, stackId: string): Watcher {
  const {ctx} = session;
  let before: Stack | null = null;
  let seenRunning = false;
  return {
    async mark() {
      before = await ctx.gateway.describeStack(stackId);
    },
    async poll() {
      const s = await ctx.gateway.describeStack(stackId);
      if (!s) return {phase: 'failed', status: 'DELETED'};
      const running = s.status.endsWith('_IN_PROGRESS');
      const moved = s.updatedAt !== before?.updatedAt || s.lastOperations[0]?.id !== before?.lastOperations[0]?.id;
      if (running) seenRunning = true;
      if (!running && !seenRunning && !moved) return {phase: 'not-started'};
      if (running) return {phase: 'running', status: s.status};
      return s.status === 'UPDATE_COMPLETE' ? {phase: 'succeeded', status: s.status} : {phase: 'failed', status: s.status};
    },
    async postMortem() {
      return computePostMortem(ctx, stackId, session.flags);
    },
  };
}

/** Faults of the console's own AWS calls: exit 3 (DESIGN section 3), not the failure of an operation. */
const AWS_FAULTS = new Set(['expired-credentials', 'throttled', 'network', 'access-denied']);

/** The exit code of a finished walk (DESIGN section 3). */
export function walkExitCode(state: WalkState): number {
  switch (state.outcome) {
    case 'failed':
      return state.fault && AWS_FAULTS.has(state.fault.kind) ? 3 : 1;
    case 'stopped':
      return state.rungs.some(r => r.state === 'needs-input') ? 2 : 0;
    default:
      return 0;
  }
}

function header(session: UpgradeSession): string[] {
  const {plan, walk} = session;
  const state = walk.getState();
  const versions = plan.ladder.rungs.map(r => r.version);
  const lines = [
    `upgrade ${state.stackName} in ${plan.ladder.region}: ${plan.ladder.from} -> ${plan.ladder.to}, ${versions.length} rung${versions.length === 1 ? '' : 's'}` +
      (versions.length ? ` (${versions.join(', ')})` : ''),
    session.execute
      ? `  executing rungs approved with --approve: ${[...session.approved].join(', ') || 'none'}`
      : '  DRY RUN: nothing is written (no change set is created); add --execute to upgrade',
    session.roleStack
      ? `  deployment role stack: ${session.roleStack.stackName} (updated first on every rung)`
      : '  no PantherDeploymentRole stack found in this region: the root stack only',
  ];
  if (!session.execute) {
    lines.push(
      '  Shown for each rung: the deployment role and root stack template URLs, the parameters kept or set, the migrations ' +
        'and after-deploy steps. Which resources change is known only from the change sets, which --execute creates and shows ' +
        'before executing anything.',
    );
  }
  for (const note of [...plan.detected.notes, ...plan.ladder.notes]) lines.push(`  Note: ${note}`);
  if (!session.execute && session.flags.approve) lines.push('  Note: --approve is ignored without --execute.');
  return lines;
}

function footer(session: UpgradeSession): string {
  const state = session.walk.getState();
  const calls = session.ctx.clients.counter.all;
  const writes = Object.entries(calls)
    .filter(([k]) => /\.(CreateChangeSet|ExecuteChangeSet|DeleteChangeSet|StartBuild)$/.test(k))
    .reduce((n, [, v]) => n + v, 0);
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const versions = state.rungs.map(r => r.version);
  switch (state.outcome) {
    case 'planned':
      return `dry run complete: ${versions.length} rung${versions.length === 1 ? '' : 's'} shown, ${writes} writes, ${total} API calls. To upgrade: --execute --approve ${versions.join(',')}`;
    case 'succeeded':
      return `upgrade complete: ${state.stackName} is on ${state.rungs[state.rungs.length - 1]?.verified ?? state.from} (${total} API calls)`;
    case 'failed':
      return `upgrade stopped: rung ${state.rungs[state.current]?.version} failed (${total} API calls)`;
    default:
      return `upgrade stopped at ${state.rungs[state.current]?.version ?? '?'}: ${state.rungs[state.current]?.message ?? ''} (${total} API calls)`;
  }
}

/** Without a terminal: progress lines as the walk goes, the post-mortem of a failed rung, an exit code. */
export async function upgradeReport(session: UpgradeSession, options: WalkOptions = {}): Promise<number> {
  const {ctx, walk} = session;
  const write = (line: string) => ctx.stdout.write(`${sanitize(line)}\n`);
  for (const line of header(session)) write(line);
  let printed = 0;
  const flush = () => {
    const log = walk.getState().log;
    for (; printed < log.length; printed++) write(log[printed]);
  };
  const unsubscribe = walk.subscribe(flush);
  try {
    await runWalk(session, {...options, confirm: undefined});
  } finally {
    unsubscribe();
    flush();
  }
  if (session.postMortem) ctx.stdout.write(`\n${renderPostMortem(session.postMortem, 'text', ctx.stdout.columns ?? 100)}`);
  write('');
  write(footer(session));
  return walkExitCode(walk.getState());
}

/** The full-screen upgrade console: the walk runs while the screen shows it; typed confirmations. */
export async function upgradeFullScreen(session: UpgradeSession, options: WalkOptions = {}): Promise<number> {
  // JSX stays in ui/: the element is made there (an `import('react')` namespace has no createElement once bundled).
  const [{runFullScreen}, {upgradeAppElement}] = await Promise.all([import('../ui/run.js'), import('../ui/UpgradeApp.js')]);
  const pending = new Map<number, (ok: boolean) => void>();
  const signal = {aborted: false};
  const store = session.store!;
  // One read for the panes before anything happens (the walk's own polls keep them current after that).
  const first = store.pollOnce().catch(() => null);
  let walkError: {error: unknown} | null = null;
  const walking = first.then(() =>
    runWalk(session, {
      ...options,
      signal,
      confirm: index => new Promise<boolean>(resolve => pending.set(index, resolve)),
    }).catch((error: unknown) => {
      // The failure is in the walk's state (the screen shows it, with its fault kind); the exit code says it.
      walkError = {error};
    }),
  );
  const element = upgradeAppElement({
    walk: session.walk,
    source: store,
    onConfirm: (index: number, ok: boolean) => {
      pending.get(index)?.(ok);
      pending.delete(index);
    },
  });
  await runFullScreen(store, {element});
  signal.aborted = true;
  for (const resolve of pending.values()) resolve(false);
  await Promise.race([walking, delay(200)]);
  // Change sets of a declined rung are being deleted: let that finish (bounded) before the process exits.
  if (session.discarding) await Promise.race([session.discarding.catch(() => undefined), delay(15_000)]);
  const state = session.walk.getState();
  let code = walkExitCode(state);
  const failure = walkError as {error: unknown} | null;
  if (failure) {
    const fault = describeAwsError(failure.error);
    // A fault the walk's state could not record (the walk was already over) still decides the exit code.
    if (code === 0) code = AWS_FAULTS.has(fault.kind) ? 3 : 1;
    // The screen is gone: the one line on stderr that says what went wrong.
    session.ctx.stderr.write(`panther-console: ${sanitize(explainFault(fault, {profile: session.ctx.profile, region: session.ctx.region}))}\n`);
  }
  return code;
}

const delay = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

export async function upgradeCommand(ctx: CommandContext, flags: UpgradeFlags): Promise<number> {
  const live = ctx.interactive && flags.format === 'text';
  const session = await prepareUpgrade(ctx, flags, {live});
  try {
    return live ? await upgradeFullScreen(session) : await upgradeReport(session);
  } finally {
    session.close();
  }
}

/**
 * `demo --scenario upgrade`: Panther 1.24.3 on the simulated account, walked to --to (default 1.26: three rungs).
 * On a terminal the walk executes on the simulated account (every rung still waits for its typed version); without
 * one it is the dry run report (unless --execute is given, with --approve).
 */
export async function upgradeDemo(flags: UpgradeFlags & SimFlags): Promise<number> {
  const sim = await startSim({...simOptions(flags, 'upgrade'), ...(flags.failRung ? {failRung: flags.failRung} : {})});
  try {
    const ctx = await buildContext(simSettings(sim));
    try {
      const live = ctx.interactive && flags.format === 'text';
      const demoFlags: UpgradeFlags = {...flags, stack: sim.rootStackName, to: flags.to ?? '1.26', execute: live || Boolean(flags.execute)};
      const session = await prepareUpgrade(ctx, demoFlags, {live});
      try {
        return live ? await upgradeFullScreen(session) : await upgradeReport(session);
      } finally {
        session.close();
      }
    } finally {
      ctx.clients.destroy();
    }
  } finally {
    await sim.close();
  }
}
