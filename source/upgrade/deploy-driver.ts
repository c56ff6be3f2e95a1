// The deploy's driver: one rung that creates the stack, as named steps feeding the walk's state machine.
//   plan       (dry run) the template URL and the parameters, nothing written
//   prepare    the CREATE change set (the stack appears in REVIEW_IN_PROGRESS), every nested change set read and
//              reviewed: what it creates by type, the IAM capabilities it needs
//   confirm    the typed version (full screen) or --approve VERSION
//   execute    the change set, the create watched to its end; a failure lands on its post-mortem and the cleanup plan
//   build      the panther-pulumi CodeBuild build (from 1.22), followed to its end
//   verify     the version the created root's template names
// A change set that is not executed is deleted, and so is the empty REVIEW_IN_PROGRESS stack it made (it would hold
// the name).
import {
  changeSetName,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  describeChangeSetTree,
  executeChangeSet,
  isChangeSetPending,
  type ChangeSetView,
} from '../aws/changesets.js';
import {PULUMI_PROJECT} from '../aws/codebuild.js';
import {describeAwsError} from '../aws/errors.js';
import {deployedTemplateVersion} from '../aws/panther-version.js';
import {deleteStack} from '../aws/stack-delete.js';
import {reviewChangeSets} from '../domain/change-review.js';
import {changeSetParameterList} from '../domain/rung-parameters.js';
import {AwsError} from '../errors.js';
import {PULUMI_CODEBUILD_STEP} from '../panther/migrations.js';
import {assertMayExecute, isWalkOver, plannedSummary, type UpdateProgress, type WalkEvent} from '../panther/upgrade-walk.js';
import {sanitize} from '../text/sanitize.js';
import {computePostMortem} from '../commands/postmortem.js';
import type {DeploySession} from './deploy-session.js';
import {followPulumiBuild} from './pulumi-build.js';
import {Aborted, WalkPacing, type WalkOptions} from './walk-pacing.js';
import {describeWatcher, progressFromChangeSet, storeWatcher, type UpdateWatcher} from './watch.js';

class DeployDriver {
  private readonly pace: WalkPacing;
  /** The change set made and not executed: deleted (with its REVIEW_IN_PROGRESS stack) if the deploy stops. */
  private pending: {id: string; stackId: string} | null = null;
  /** What runs in AWS because of this deploy: what an interruption leaves running. */
  private running: {stackName: string} | {build: string; logs: string} | null = null;

  constructor(
    private readonly session: DeploySession,
    private readonly options: WalkOptions,
  ) {
    this.pace = new WalkPacing(options, session.flags.interval);
  }

  private dispatch(e: WalkEvent): void {
    this.session.walk.dispatch(e);
  }

  async run(): Promise<void> {
    const {session} = this;
    try {
      this.session.callsAtRung[0] = session.ctx.clients.counter.total();
      this.dispatch({type: 'rung-started', index: 0});
      if (!session.execute) return this.plan();
      if (session.preflightFailed && !session.flags.skipPreflight) {
        this.dispatch({
          type: 'stopped',
          index: 0,
          reason: 'not-approved',
          message: `stopped before the change set: preflight failed (see above); fix it, or deploy anyway with --skip-preflight "reason"`,
        });
        return;
      }
      const view = await this.prepare();
      if (!view) return;
      if (!(await this.confirm())) return;
      if (!(await this.execute(view))) return;
      if (!(await this.build())) return;
      await this.verify();
      this.dispatch({type: 'walk-done'});
    } catch (error) {
      if (error instanceof Aborted) return this.interrupted();
      const discarded = this.pending ? await this.discard().catch(() => '') : '';
      if (!isWalkOver(this.session.walk.getState())) {
        const fault = describeAwsError(error);
        const running =
          this.running && 'stackName' in this.running ? `; the create of ${this.running.stackName} may still run in CloudFormation` : '';
        this.dispatch({
          type: 'failed',
          index: 0,
          message: sanitize(`${fault.code}: ${fault.message}${discarded ? ` (${discarded})` : ''}${running}`),
          fault: {kind: fault.kind, code: fault.code},
        });
      }
      throw error;
    }
  }

  /** The dry run: the plan alone, not one write. */
  private plan(): void {
    const {session} = this;
    const rung = session.plan.rung;
    if (rung.blocked.length > 0) {
      this.dispatch({type: 'blocked', index: 0, message: rung.blocked.map(b => b.message).join(' ')});
    } else {
      this.dispatch({
        type: 'summary',
        index: 0,
        summary: plannedSummary({target: 'root', stackName: session.stackName, templateUrl: rung.templateUrl, parameters: session.plan.parameters}),
      });
      if (session.preflightFailed && !session.flags.skipPreflight) {
        this.dispatch({
          type: 'stopped',
          index: 0,
          reason: 'not-approved',
          message: 'dry run: --execute would stop before the change set: preflight failed (see above); fix it, or add --skip-preflight "reason"',
        });
        return;
      }
      this.dispatch({type: 'planned', index: 0});
    }
    this.dispatch({type: 'walk-done'});
  }

  /** The CREATE change set, read with its nested change sets and reviewed; null when the deploy ended here. */
  private async prepare(): Promise<ChangeSetView | null> {
    const {session} = this;
    const {ctx} = session;
    const rung = session.plan.rung;
    this.pace.checkAbort();
    const created = await createChangeSet(ctx.clients, {
      stack: session.stackName,
      changeSetName: changeSetName(rung.version, 'root', this.pace.now(), session.runId),
      type: 'CREATE',
      templateUrl: rung.templateUrl,
      parameters: changeSetParameterList(session.plan.parameters),
      description: `panther-console deploy ${rung.version}`,
      ...(session.roleArn ? {roleArn: session.roleArn} : {}),
    });
    this.pending = {id: created.id, stackId: created.stackId};
    session.pendingChangeSet = true;
    session.stackId = created.stackId;
    if (session.store) {
      const stack = await ctx.gateway.describeStack(created.stackId);
      if (stack) session.store.adoptRoot(stack);
    }
    let view = await describeChangeSet(ctx.clients, created.id);
    for (let i = 0; isChangeSetPending(view); i++) {
      if (i >= this.pace.maxPolls)
        throw new AwsError(`change set ${view.name} is still ${view.status}: CloudFormation did not finish creating it in time.`);
      await this.pace.wait();
      view = await describeChangeSet(ctx.clients, created.id);
    }
    if (view.status === 'FAILED') {
      const discarded = await this.discard();
      this.dispatch({type: 'failed', index: 0, message: `the change set failed: ${view.statusReason} (nothing was executed; ${discarded})`});
      return null;
    }
    const tree = await describeChangeSetTree(ctx.clients, view);
    const review = reviewChangeSets(tree.sets, tree.unread);
    this.dispatch({
      type: 'summary',
      index: 0,
      summary: {
        target: 'root',
        stackName: session.stackName,
        templateUrl: rung.templateUrl,
        parameters: session.plan.parameters,
        changeSet: {id: view.id, name: view.name, status: view.status, review, capabilities: view.capabilities},
        noChanges: false,
      },
    });
    return view;
  }

  private async confirm(): Promise<boolean> {
    this.dispatch({type: 'awaiting-confirmation', index: 0});
    if (!this.options.confirm) {
      // Scripts: --approve named this version (checked before anything was read).
      this.dispatch({type: 'confirmed', index: 0, by: 'approve'});
      return true;
    }
    this.pace.checkAbort();
    const ok = await this.options.confirm(0);
    if (this.options.signal?.aborted) throw new Aborted();
    if (!ok) {
      const discarded = await this.discard();
      this.dispatch({
        type: 'stopped',
        index: 0,
        reason: 'cancelled',
        message: `cancelled before executing: nothing was created; ${discarded}`,
      });
      return false;
    }
    this.dispatch({type: 'confirmed', index: 0, by: 'typed'});
    return true;
  }

  private watcher(stackId: string): UpdateWatcher {
    const {ctx, store} = this.session;
    if (store) return storeWatcher(store, stackId);
    return describeWatcher(ctx.gateway, stackId, () => computePostMortem(ctx, stackId, this.session.flags));
  }

  /** ExecuteChangeSet, then the create watched to its end. */
  private async execute(view: ChangeSetView): Promise<boolean> {
    const {session} = this;
    const {ctx} = session;
    const stackId = view.stackId;
    assertMayExecute(session.walk.getState(), 0);
    const watcher = this.watcher(stackId);
    await watcher.mark();
    this.pace.checkAbort();
    this.dispatch({type: 'executing', index: 0, target: 'root'});
    await this.executeOnce(view.id);
    this.pending = null;
    session.pendingChangeSet = false;
    this.running = {stackName: session.stackName};
    const status = async () => (await ctx.gateway.describeStack(stackId))?.status ?? null;
    let progress: UpdateProgress = {phase: 'not-started'};
    for (let i = 0; progress.phase === 'not-started' || progress.phase === 'running'; i++) {
      if (i >= this.pace.maxPolls)
        throw new AwsError(
          `the create of ${session.stackName} did not finish in time: it continues in CloudFormation (panther-console watch follows it).`,
        );
      await this.pace.wait();
      progress = await watcher.poll();
      if (progress.phase === 'not-started') progress = (await progressFromChangeSet(ctx.clients, view.id, status)) ?? progress;
      if (progress.phase === 'not-started') {
        this.dispatch({
          type: 'waiting',
          index: 0,
          what: `CloudFormation to start the create of ${session.stackName} (ExecuteChangeSet was accepted)`,
        });
      } else {
        this.dispatch({type: 'stack-status', index: 0, target: 'root', status: progress.status});
      }
    }
    this.running = null;
    session.created = progress.phase === 'succeeded';
    if (progress.phase === 'failed') {
      session.postMortem = await watcher.postMortem();
      const rc = session.postMortem?.rootCause;
      const cause = rc ? `; root cause ${rc.stackName}/${rc.logicalResourceId} (${rc.category}): ${rc.reason}` : '';
      this.dispatch({type: 'failed', index: 0, message: `the create of ${session.stackName} ended ${progress.status}${cause}`});
      return false;
    }
    return true;
  }

  /**
   * ExecuteChangeSet, once. When the call fails, the change set says what happened: a retried request whose first
   * answer was lost meets its own execution (EXECUTE_IN_PROGRESS): the create runs, and nothing of it is deleted.
   */
  private async executeOnce(changeSetId: string): Promise<void> {
    const {ctx} = this.session;
    try {
      await executeChangeSet(ctx.clients, changeSetId);
    } catch (error) {
      let execution = '';
      try {
        execution = (await describeChangeSet(ctx.clients, changeSetId)).executionStatus;
      } catch {
        throw error;
      }
      if (!['EXECUTE_IN_PROGRESS', 'EXECUTE_COMPLETE', 'EXECUTE_FAILED'].includes(execution)) throw error;
    }
  }

  /** From 1.22 the deploy is finished by the panther-pulumi build. */
  private async build(): Promise<boolean> {
    const {codebuild, plan} = this.session;
    if (!plan.rung.after.includes(PULUMI_CODEBUILD_STEP) || !codebuild) return true;
    return followPulumiBuild({
      codebuild,
      index: 0,
      dispatch: e => this.dispatch(e),
      pace: this.pace,
      running: r => {
        this.running = r;
      },
    });
  }

  private async verify(): Promise<void> {
    this.dispatch({type: 'verifying', index: 0});
    const version = await deployedTemplateVersion(this.session.ctx.gateway, this.session.stackId!);
    this.dispatch({type: 'verified', index: 0, version: version ?? 'no version'});
  }

  /**
   * Deletes the change set that will not be executed and the REVIEW_IN_PROGRESS stack it made (empty: it holds only
   * the name). Says what became of them; what cannot be deleted is named with the command that deletes it.
   */
  private async discard(): Promise<string> {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return 'no change set was left';
    const {session} = this;
    // discarding is set below, before pendingChangeSet is cleared: mustTidy never reads false in between.
    const work = (async () => {
      const left: string[] = [];
      try {
        await deleteChangeSet(session.ctx.clients, pending.id);
      } catch (error) {
        if (describeAwsError(error).code !== 'ChangeSetNotFound') left.push(`aws cloudformation delete-change-set --change-set-name ${pending.id}`);
      }
      try {
        // Only the empty stack the change set made: a stack whose create started (an execution whose answer was
        // lost) is never deleted from here.
        const stack = await session.ctx.gateway.describeStack(pending.stackId);
        if (stack?.status === 'REVIEW_IN_PROGRESS') await deleteStack(session.ctx.clients, pending.stackId);
        else if (stack) left.push(`${session.stackName} is ${stack.status}, not deleted`);
      } catch {
        left.push(`aws cloudformation delete-stack --stack-name ${pending.stackId}`);
      }
      return left;
    })();
    session.discarding = work;
    session.pendingChangeSet = false;
    try {
      const left = await work;
      return left.length
        ? `could not remove the change set and its REVIEW_IN_PROGRESS stack ${session.stackName}: ${left.join('; ')}`
        : `deleted its change set and the empty REVIEW_IN_PROGRESS stack ${session.stackName}`;
    } finally {
      session.discarding = null;
    }
  }

  /** The user quit (or Ctrl-C): what still runs in AWS is said, nothing is left half-created. */
  private async interrupted(): Promise<void> {
    const {session} = this;
    if (isWalkOver(session.walk.getState())) return;
    const discarded = this.pending ? await this.discard().catch(() => 'its change set could not be deleted') : '';
    const s = session.stackName;
    let message: string;
    if (this.running && 'stackName' in this.running) {
      message =
        `interrupted: the create of ${s} continues in CloudFormation; \`panther-console watch -s ${s}\` follows it` +
        (session.plan.rung.after.includes(PULUMI_CODEBUILD_STEP)
          ? `, and once it is CREATE_COMPLETE the deploy is finished by: aws codebuild start-build --project-name ${PULUMI_PROJECT} --region ${session.ctx.region}`
          : '');
    } else if (this.running) {
      message = `interrupted: the ${PULUMI_PROJECT} build ${this.running.build} continues in CodeBuild${this.running.logs ? ` (logs: ${this.running.logs})` : ''}`;
    } else if (session.created) {
      message = `interrupted: ${s} is created (CREATE_COMPLETE); ${finishCommand(session)}`;
    } else {
      message = `interrupted: nothing is running in AWS${discarded ? `; ${discarded}` : ''}`;
    }
    this.dispatch({type: 'stopped', index: 0, reason: 'interrupted', message});
  }
}

/** Deploys; resolves when the deploy is over (its outcome is in session.walk). */
export function runDeploy(session: DeploySession, options: WalkOptions = {}): Promise<void> {
  return new DeployDriver(session, options).run();
}

/** What finishes a deploy whose stack is created (from 1.22: its panther-pulumi build), as one clause. */
export function finishCommand(session: DeploySession): string {
  return session.plan.rung.after.includes(PULUMI_CODEBUILD_STEP)
    ? `the deploy is finished once its build succeeds: aws codebuild start-build --project-name ${PULUMI_PROJECT} --region ${session.ctx.region} (or b in panther-console watch -s ${session.stackName})`
    : 'verify it with panther-console ladder -s ' + session.stackName + ' --to ' + session.version;
}
