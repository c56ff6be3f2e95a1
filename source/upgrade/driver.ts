// The walk's driver: the I/O of each rung as named steps, feeding events to the walk's state machine.
//   attach     an update already running (someone's, or an interrupted walk's) is followed to its end first
//   check      the deployed template's version: already there (skip), or newer than the rung (stop: never backwards)
//   prepare    the change sets of both stacks (role first), every nested change set read, reviewed resource by resource
//   confirm    the typed version (full screen; with a DANGER change, one more word) or --approve (+ --allow-replacement)
//   execute    the role's change set, then the root's, each watched to its end; a failure lands on its post-mortem
//   build      the panther-pulumi CodeBuild build (from 1.22), followed to its end
//   verify     the version the root's deployed template names
// Without --execute it is a dry run: each rung's summaries from the plan, and not one write. In scripts, a rung
// not approved stops the walk before its change sets exist. Change sets of a rung that is not executed are deleted.
import {AwsError} from '../errors.js';
import {
  changeSetName,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  describeChangeSetTree,
  executeChangeSet,
  isChangeSetPending,
  isNoChangesReason,
  type ChangeSetView,
} from '../aws/changesets.js';
import {PULUMI_PROJECT} from '../aws/codebuild.js';
import {describeAwsError} from '../aws/errors.js';
import {deployedTemplateVersion} from '../aws/panther-version.js';
import {reviewChangeSets} from '../domain/change-review.js';
import {PULUMI_CODEBUILD_STEP, PULUMI_FROM} from '../panther/migrations.js';
import {changeSetParameterList, reconcileParameters, type ParameterPlan} from '../domain/rung-parameters.js';
import type {Stack} from '../domain/types.js';
import {
  assertMayExecute,
  isWalkOver,
  plannedSummary,
  rungDangers,
  rungNeedsWord,
  rungUnread,
  type StepTarget,
  type UpdateProgress,
  type WalkEvent,
  type WalkState,
  TARGET_LABEL,
} from '../panther/upgrade-walk.js';
import {sanitize} from '../text/sanitize.js';
import {computePostMortem} from '../commands/postmortem.js';
import semver from 'semver';
import type {UpgradeSession} from './session.js';
import {isAttachable} from './session.js';
import {followPulumiBuild} from './pulumi-build.js';
import {Aborted, WalkPacing, type WalkOptions} from './walk-pacing.js';

export type {WalkOptions};
import {describeWatcher, progressFromChangeSet, storeWatcher, type UpdateWatcher} from './watch.js';

interface CreatedChangeSet {
  id: string;
  name: string;
  stackName: string;
  stackId: string;
}

interface ReadyStack {
  target: StepTarget;
  stack: Stack;
  view: ChangeSetView;
}

const LABEL = (t: StepTarget) => `the ${TARGET_LABEL[t]}${t === 'role' ? ' stack' : ''}`;

class WalkDriver {
  private readonly pace: WalkPacing;
  /** The current rung's change sets not (yet) executed: deleted if the rung stops before its execution. */
  private unexecuted: CreatedChangeSet[] = [];
  /** What runs in AWS right now because of this walk: what an interruption leaves running, and says. */
  private running: {stackName: string} | {build: string; logs: string} | null = null;
  /** The version the last verification read (the next rung's check needs no second read). */
  private verifiedVersion: string | null = null;

  constructor(
    private readonly session: UpgradeSession,
    private readonly options: WalkOptions,
  ) {
    this.pace = new WalkPacing(options, session.flags.interval);
  }

  private dispatch(e: WalkEvent): void {
    this.session.walk.dispatch(e);
  }

  private get state() {
    return this.session.walk.getState();
  }

  private get root(): Stack {
    return this.session.plan.deployed!.rootStack;
  }

  async run(): Promise<void> {
    try {
      // Nothing to walk (already on the target): nothing to wait for, but the last deploy may not be finished.
      if (isWalkOver(this.state)) {
        if (this.session.execute) await this.checkPendingBuild();
        return;
      }
      if (this.session.execute) await this.attachRunningUpdates();
      if (isWalkOver(this.state)) return;
      const rungs = this.session.plan.ladder.rungs;
      for (let index = 0; index < rungs.length; index++) {
        this.session.callsAtRung[index] = this.session.ctx.clients.counter.total();
        this.dispatch({type: 'rung-started', index});
        if (!this.session.execute) {
          this.planRung(index);
          continue;
        }
        if (!(await this.walkRung(index))) return;
      }
      // A last rung that was already there (its update finished while no walk watched): was its build run?
      const last = this.state.rungs[this.state.rungs.length - 1];
      if (this.session.execute && last?.verified && !last.confirmedBy) await this.checkPendingBuild();
      this.dispatch({type: 'walk-done'});
    } catch (error) {
      if (error instanceof Aborted) return this.interrupted();
      // Whatever failed, no change set of this walk is left waiting on the stacks (it would keep the next walk out).
      const discarded = this.unexecuted.length ? await this.discard().catch(() => '') : '';
      const state = this.state;
      if (!isWalkOver(state) && state.current >= 0) {
        const fault = describeAwsError(error);
        const running =
          this.running && 'stackName' in this.running ? `; the update of ${this.running.stackName} may still run in CloudFormation` : '';
        this.dispatch({
          type: 'failed',
          index: state.current,
          message: sanitize(`${fault.code}: ${fault.message}${discarded ? ` (${discarded})` : ''}${running}`),
          fault: {kind: fault.kind, code: fault.code},
        });
      }
      throw error;
    }
  }

  /** One rung of an execute walk; false when the walk ends on it. */
  private async walkRung(index: number): Promise<boolean> {
    const rung = this.session.plan.ladder.rungs[index];
    // A script approves rungs up front: no change set is created for one it did not approve.
    if (!this.options.confirm && !this.session.approved.has(rung.version)) {
      this.dispatch({
        type: 'stopped',
        index,
        reason: 'not-approved',
        message: `stopped before ${rung.version}: not approved (add it to --approve to go on)`,
      });
      return false;
    }
    if (!(await this.checkDeployedVersion(index))) return !isWalkOver(this.state);
    const ready = await this.prepareChangeSets(index);
    if (!ready) return false;
    if (!(await this.confirm(index))) return false;
    if (!(await this.execute(index, ready))) return false;
    if (!(await this.buildPulumi(index, ready))) return false;
    return this.verify(index);
  }

  // -- attach -----------------------------------------------------------------------------------------------

  /** An update already running on the role or the root stack: followed to its end before the first rung. */
  private async attachRunningUpdates(): Promise<void> {
    const stacks: {target: StepTarget; stack: Stack}[] = [];
    if (this.session.roleStack) stacks.push({target: 'role', stack: this.session.roleStack.stack});
    stacks.push({target: 'root', stack: this.root});
    for (const {target, stack} of stacks) {
      let current = (await this.session.ctx.gateway.describeStack(stack.stackId)) ?? stack;
      if (!isAttachable(current.status)) continue;
      this.running = {stackName: current.stackName};
      for (let i = 0; current.status.endsWith('_IN_PROGRESS'); i++) {
        this.dispatch({type: 'attach-status', target, stackName: current.stackName, status: current.status});
        if (i >= this.pace.maxPolls)
          throw new AwsError(
            `the running update of ${current.stackName} did not finish in time: it continues in CloudFormation (panther-console watch follows it).`,
          );
        await this.pace.wait();
        if (target === 'root' && this.session.store) await this.session.store.pollOnce();
        current = (await this.session.ctx.gateway.describeStack(stack.stackId)) ?? current;
      }
      this.running = null;
      this.dispatch({type: 'attach-status', target, stackName: current.stackName, status: current.status});
      this.dispatch({type: 'attach-done'});
      if (current.status !== 'UPDATE_COMPLETE') {
        // The running update failed: a human looks at why before anything else is deployed.
        this.session.postMortem = await this.postMortemOf(current.stackId);
        const rc = this.session.postMortem?.rootCause;
        const first = this.session.plan.ladder.rungs[0];
        const cause = rc ? `; root cause ${rc.stackName}/${rc.logicalResourceId} (${rc.category}): ${rc.reason}` : '';
        if (first) {
          this.dispatch({type: 'rung-started', index: 0});
          this.dispatch({
            type: 'failed',
            index: 0,
            message: `the update of ${current.stackName} that was already running ended ${current.status}${cause}; nothing was written`,
          });
        }
        return;
      }
    }
  }

  // -- dry run ----------------------------------------------------------------------------------------------

  /** The dry run: what the change sets would be, from the plan alone. Not a single write. */
  private planRung(index: number): void {
    const rung = this.session.plan.ladder.rungs[index];
    if (rung.blocked.length > 0) {
      this.dispatch({type: 'blocked', index, message: rung.blocked.map(b => b.message).join(' ')});
      return;
    }
    const role = this.session.roleStack;
    if (role) {
      const parameters = rung.roleParameters ?? keptAll(role.stack.parameters);
      this.dispatch({
        type: 'summary',
        index,
        summary: plannedSummary({target: 'role', stackName: role.stack.stackName, templateUrl: rung.deploymentRoleTemplateUrl, parameters}),
      });
    }
    const parameters = rung.parameters ?? keptAll(this.root.parameters);
    this.dispatch({
      type: 'summary',
      index,
      summary: plannedSummary({target: 'root', stackName: this.root.stackName, templateUrl: rung.templateUrl, parameters}),
    });
    this.dispatch({type: 'planned', index});
  }

  // -- check ------------------------------------------------------------------------------------------------

  /**
   * The version the root's deployed template names, before this rung writes anything: the rung itself (someone
   * deployed it, or the attached update did: nothing to do), or newer (the plan would go backwards: stop).
   */
  private async checkDeployedVersion(index: number): Promise<boolean> {
    const rung = this.session.plan.ladder.rungs[index];
    // The rung below just verified the deployed template: that reading is as fresh as a new one.
    const deployed = this.verifiedVersion ?? (await deployedTemplateVersion(this.session.ctx.gateway, this.root.stackId));
    this.verifiedVersion = null;
    if (!deployed || semver.lt(deployed, rung.version)) return true;
    if (semver.eq(deployed, rung.version)) {
      this.dispatch({type: 'already-there', index, version: rung.version, why: 'the deployed template is already this version'});
      return false;
    }
    this.dispatch({
      type: 'stopped',
      index,
      reason: 'backwards',
      message: `stopped before ${rung.version}: the deployed template is ${deployed}, newer than this rung; the walk never goes backwards (run upgrade again to plan from ${deployed})`,
    });
    return false;
  }

  // -- prepare ----------------------------------------------------------------------------------------------

  /** The rung's parameters for a stack as it is now, reconciled with the rung's template. */
  private parametersFor(index: number, target: StepTarget, current: Readonly<Record<string, string>>): ParameterPlan[] {
    const rung = this.session.plan.ladder.rungs[index];
    const declared = target === 'role' ? rung.templates?.role : rung.templates?.root;
    if (!declared) return keptAll(current);
    return reconcileParameters({
      current,
      declared,
      migrations: target === 'root' ? rung.migrationValues : {},
      supplied: this.session.plan.supplied,
    }).items;
  }

  /** Both change sets created, read with every nested change set, reviewed; null when the rung ended here. */
  private async prepareChangeSets(index: number): Promise<ReadyStack[] | null> {
    const {ctx} = this.session;
    const rung = this.session.plan.ladder.rungs[index];
    const targets: {target: StepTarget; stack: Stack; url: string}[] = [];
    if (this.session.roleStack) {
      const role = (await ctx.gateway.describeStack(this.session.roleStack.stack.stackId)) ?? this.session.roleStack.stack;
      targets.push({target: 'role', stack: role, url: rung.deploymentRoleTemplateUrl});
    }
    const root = (await ctx.gateway.describeStack(this.root.stackId)) ?? this.root;
    targets.push({target: 'root', stack: root, url: rung.templateUrl});
    const ready: ReadyStack[] = [];
    this.unexecuted = [];
    for (const t of targets) {
      if (t.target === 'role') {
        // The role stack never goes backwards either: updated out of band to a newer template, it is left as it is.
        const roleVersion = await deployedTemplateVersion(ctx.gateway, t.stack.stackId);
        if (roleVersion && semver.gt(roleVersion, rung.version)) {
          this.dispatch({
            type: 'stack-note',
            index,
            target: 'role',
            note: `${t.stack.stackName} is on ${roleVersion}, newer than ${rung.version}: left as it is`,
          });
          continue;
        }
      }
      const parameters = this.parametersFor(index, t.target, t.stack.parameters);
      const missing = parameters.filter(p => p.fate === 'needs-value');
      if (missing.length > 0) {
        // The plan saw every value; the stack changed since. Nothing of this rung runs.
        const discarded = await this.discard();
        this.dispatch({
          type: 'stopped',
          index,
          reason: 'needs-input',
          message: `stopped before ${rung.version}: ${t.stack.stackName} now needs ${missing.map(p => p.key).join(', ')} (give ${missing.length === 1 ? 'it' : 'them'} in --params FILE); ${discarded}`,
        });
        return null;
      }
      const name = changeSetName(rung.version, t.target, this.pace.now(), this.session.runId);
      this.pace.checkAbort();
      const created = await createChangeSet(ctx.clients, {
        stack: t.stack.stackId,
        changeSetName: name,
        templateUrl: t.url,
        parameters: changeSetParameterList(parameters),
        description: `panther-console upgrade ${rung.previous} -> ${rung.version}`,
      });
      this.unexecuted.push({id: created.id, name, stackName: t.stack.stackName, stackId: t.stack.stackId});
      let view = await describeChangeSet(ctx.clients, created.id);
      for (let i = 0; isChangeSetPending(view); i++) {
        if (i >= this.pace.maxPolls)
          throw new AwsError(
            `change set ${view.name} is still ${view.status}: CloudFormation did not finish creating it in time; run the command again.`,
          );
        await this.pace.wait();
        view = await describeChangeSet(ctx.clients, created.id);
      }
      if (view.status === 'FAILED' && !view.noChanges) {
        const discarded = await this.discard();
        this.dispatch({
          type: 'failed',
          index,
          message: `the ${t.target === 'role' ? 'deployment role' : 'root stack'} change set failed: ${view.statusReason} (nothing was executed; ${discarded})`,
        });
        return null;
      }
      if (view.noChanges) {
        // Nothing to execute there: the change set is deleted now rather than left on the stack.
        await discardChangeSets(this.session, this.take(t.stack.stackId)).catch(() => undefined);
      }
      const tree = view.noChanges ? {sets: [], unread: []} : await describeChangeSetTree(ctx.clients, view);
      const review = reviewChangeSets(tree.sets, tree.unread);
      this.dispatch({
        type: 'summary',
        index,
        summary: {
          target: t.target,
          stackName: t.stack.stackName,
          templateUrl: t.url,
          parameters,
          changeSet: {id: view.id, name: view.name, status: view.status, review},
          noChanges: view.noChanges,
        },
      });
      ready.push({target: t.target, stack: t.stack, view});
    }
    return ready;
  }

  // -- confirm ----------------------------------------------------------------------------------------------

  private async confirm(index: number): Promise<boolean> {
    const rung = this.session.plan.ladder.rungs[index];
    this.dispatch({type: 'awaiting-confirmation', index});
    const dangers = rungDangers(this.state.rungs[index]);
    const unread = rungUnread(this.state.rungs[index]);
    if (!this.options.confirm) {
      // Scripts: --approve named this rung; a DANGER change (or a review that could not be read whole) needs
      // --allow-replacement as well, or nothing of it runs.
      if (rungNeedsWord(this.state.rungs[index]) && !this.session.flags.allowReplacement) {
        const discarded = await this.discard();
        const what = dangers.length
          ? dangers.map(d => `${d.path ? `${d.path}/` : ''}${d.logicalId} (${d.why})`).join('; ')
          : `nested change sets not reviewed: ${unread.join(', ')}`;
        this.dispatch({
          type: 'stopped',
          index,
          reason: 'danger-not-allowed',
          message: `stopped before executing ${rung.version}: DANGER ${what}. Add --allow-replacement to execute it; ${discarded}`,
        });
        return false;
      }
      this.dispatch({type: 'confirmed', index, by: 'approve'});
      return true;
    }
    this.pace.checkAbort();
    const ok = await this.options.confirm(index);
    // Quitting the screen at the prompt (Ctrl-C) is an interruption, not a cancelled rung.
    if (this.options.signal?.aborted) throw new Aborted();
    if (!ok) {
      const discarded = await this.discard();
      this.dispatch({
        type: 'stopped',
        index,
        reason: 'cancelled',
        message: `cancelled before executing ${rung.version}: nothing was executed; ${discarded}`,
      });
      return false;
    }
    this.dispatch({type: 'confirmed', index, by: 'typed'});
    return true;
  }

  // -- execute ----------------------------------------------------------------------------------------------

  /** The role's change set, then the root's, each watched to its end. */
  private async execute(index: number, ready: readonly ReadyStack[]): Promise<boolean> {
    for (const r of ready) {
      if (r.view.noChanges) {
        this.dispatch({type: 'stack-status', index, target: r.target, status: 'no changes: already there'});
        continue;
      }
      assertMayExecute(this.state, index);
      const watcher = this.watcherFor(r);
      await watcher.mark();
      this.pace.checkAbort();
      this.dispatch({type: 'executing', index, target: r.target});
      this.running = {stackName: r.stack.stackName};
      const started = await this.executeOnce(r);
      // Executed (or nothing to do): no longer a change set to delete if the walk stops.
      this.take(r.stack.stackId);
      if (!started) {
        this.running = null;
        this.dispatch({type: 'stack-status', index, target: r.target, status: 'no changes: already there'});
        continue;
      }
      const progress = await this.watchUpdate(index, r, watcher);
      this.running = null;
      if (progress.phase === 'failed') {
        this.session.postMortem = await watcher.postMortem();
        const rc = this.session.postMortem?.rootCause;
        const cause = rc ? `; root cause ${rc.stackName}/${rc.logicalResourceId} (${rc.category}): ${rc.reason}` : '';
        const discarded = this.unexecuted.length ? `; ${await this.discard()}` : '';
        this.dispatch({type: 'failed', index, message: `${LABEL(r.target)} update ended ${progress.status}${cause}${discarded}`});
        return false;
      }
    }
    return true;
  }

  /**
   * ExecuteChangeSet, once. When the call fails, the change set says what happened: a retried request whose first
   * answer was lost meets its own execution (EXECUTE_IN_PROGRESS): it runs. False: CloudFormation had nothing to do.
   */
  private async executeOnce(r: ReadyStack): Promise<boolean> {
    const {ctx} = this.session;
    try {
      await executeChangeSet(ctx.clients, r.view.id);
      return true;
    } catch (error) {
      const fault = describeAwsError(error);
      if ((fault.kind === 'other' || fault.kind === 'refused') && isNoChangesReason(fault.message)) return false;
      let view: ChangeSetView | null = null;
      try {
        view = await describeChangeSet(ctx.clients, r.view.id);
      } catch {
        throw error;
      }
      if (['EXECUTE_IN_PROGRESS', 'EXECUTE_COMPLETE', 'EXECUTE_FAILED'].includes(view.executionStatus)) return true;
      throw error;
    }
  }

  private watcherFor(r: ReadyStack): UpdateWatcher {
    const {ctx, store} = this.session;
    if (r.target === 'root' && store) return storeWatcher(store, r.stack.stackId);
    return describeWatcher(ctx.gateway, r.stack.stackId, () => this.postMortemOf(r.stack.stackId));
  }

  private async watchUpdate(index: number, r: ReadyStack, watcher: UpdateWatcher): Promise<UpdateProgress> {
    const {ctx} = this.session;
    const status = async () => (await ctx.gateway.describeStack(r.stack.stackId))?.status ?? null;
    let progress: UpdateProgress = {phase: 'not-started'};
    for (let i = 0; progress.phase === 'not-started' || progress.phase === 'running'; i++) {
      if (i >= this.pace.maxPolls)
        throw new AwsError(`the ${r.target} stack update did not finish in time: it continues in CloudFormation (panther-console watch follows it).`);
      await this.pace.wait();
      progress = await watcher.poll();
      if (progress.phase === 'not-started') {
        // The stack shows nothing yet: the change set itself says whether its execution started or is over.
        progress = (await progressFromChangeSet(ctx.clients, r.view.id, status)) ?? progress;
      }
      if (progress.phase === 'not-started') {
        this.dispatch({type: 'waiting', index, what: `CloudFormation to start the update of ${r.stack.stackName} (ExecuteChangeSet was accepted)`});
      } else {
        this.dispatch({type: 'stack-status', index, target: r.target, status: progress.status});
      }
    }
    return progress;
  }

  // -- build ------------------------------------------------------------------------------------------------

  /** From 1.22: the panther-pulumi build after the root's update, followed to its end. */
  private async buildPulumi(index: number, ready: readonly ReadyStack[]): Promise<boolean> {
    const rung = this.session.plan.ladder.rungs[index];
    const rootChanged = ready.some(r => r.target === 'root' && !r.view.noChanges);
    const codebuild = this.session.codebuild;
    if (!rung.after.includes(PULUMI_CODEBUILD_STEP) || !rootChanged || !codebuild) return true;
    return followPulumiBuild({
      codebuild,
      index,
      dispatch: e => this.dispatch(e),
      pace: this.pace,
      running: r => {
        this.running = r;
      },
    });
  }

  /**
   * From 1.22 a deploy is finished only once its panther-pulumi build has run. When the walk ends without a rung of
   * its own having run the build (nothing to walk, or the last rung deployed while no walk watched it: an
   * interrupted walk resumed), the newest build must have succeeded after the root's last update; if not, the walk
   * says so and what to run (it starts nothing the user did not approve).
   */
  private async checkPendingBuild(): Promise<void> {
    const codebuild = this.session.codebuild;
    if (!codebuild) return;
    const root = (await this.session.ctx.gateway.describeStack(this.root.stackId)) ?? this.root;
    const version = await deployedTemplateVersion(this.session.ctx.gateway, root.stackId);
    if (!version || semver.lt(version, PULUMI_FROM)) return;
    const since = root.updatedAt ?? root.createdAt;
    let build;
    try {
      build = await codebuild.latestBuild(PULUMI_PROJECT);
    } catch (error) {
      if (describeAwsError(error).code === 'ResourceNotFoundException') return;
      throw error;
    }
    const after = build && build.startedAt >= since;
    if (after && (build!.status === 'SUCCEEDED' || build!.status === 'IN_PROGRESS')) return;
    const what = after
      ? `the ${PULUMI_PROJECT} build ${build!.id} after ${root.stackName}'s last update (to ${version}) ended ${build!.status}`
      : `no ${PULUMI_PROJECT} build has run since ${root.stackName}'s last update (to ${version})`;
    this.dispatch({
      type: 'build-pending',
      message: `${what}: the deploy is finished once it succeeds: aws codebuild start-build --project-name ${PULUMI_PROJECT} --region ${this.session.ctx.region}`,
    });
  }

  // -- verify -----------------------------------------------------------------------------------------------

  /** The version the template just deployed names (the tags are not what CloudFormation deployed). */
  private async verify(index: number): Promise<boolean> {
    this.dispatch({type: 'verifying', index});
    const version = await deployedTemplateVersion(this.session.ctx.gateway, this.root.stackId);
    this.verifiedVersion = version;
    this.dispatch({type: 'verified', index, version: version ?? 'no version'});
    return !isWalkOver(this.state);
  }

  // -- endings ----------------------------------------------------------------------------------------------

  private async postMortemOf(stackId: string) {
    return computePostMortem(this.session.ctx, stackId, this.session.flags);
  }

  /**
   * Deletes change sets that will not be executed; says what became of them (one clause for the walk's log). A
   * change set that cannot be deleted is named, with the command that deletes it.
   */
  private async discard(): Promise<string> {
    const sets = this.unexecuted;
    this.unexecuted = [];
    return discardChangeSets(this.session, sets);
  }

  /** The change sets of one stack, no longer this walk's to delete (executed, or deleted by the caller). */
  private take(stackId: string): CreatedChangeSet[] {
    const taken = this.unexecuted.filter(cs => cs.stackId === stackId);
    this.unexecuted = this.unexecuted.filter(cs => cs.stackId !== stackId);
    return taken;
  }

  /** The user quit (or pressed Ctrl-C): what still runs in AWS is said, nothing is left half-created. */
  private async interrupted(): Promise<void> {
    const state = this.state;
    if (isWalkOver(state)) return;
    const discarded = this.unexecuted.length ? await this.discard().catch(() => 'its change sets could not be deleted') : '';
    const index = Math.max(0, state.current);
    const resume = `\`${resumeCommand(this.session, state)}\` again resumes`;
    let message: string;
    if (this.running && 'stackName' in this.running) {
      message =
        `interrupted: the update of ${this.running.stackName} continues in CloudFormation; ` +
        `\`panther-console watch -s ${this.running.stackName}\` follows it, and ${resume}`;
    } else if (this.running) {
      message =
        `interrupted: the ${PULUMI_PROJECT} build ${this.running.build} continues in CodeBuild${this.running.logs ? ` (logs: ${this.running.logs})` : ''}; ` +
        `let it finish before the next rung; ${resume}`;
    } else {
      message = `interrupted: nothing is running in AWS${discarded ? `; ${discarded}` : ''}; ${resume}`;
    }
    if (state.current < 0) this.dispatch({type: 'rung-started', index: 0});
    this.dispatch({type: 'stopped', index, reason: 'interrupted', message});
  }
}

/**
 * The command that picks the walk up again: the same stack, target and inputs, and (without a terminal) the rungs
 * still to do as --approve.
 */
export function resumeCommand(session: UpgradeSession, state: WalkState): string {
  const f = session.flags;
  const parts = [`panther-console upgrade -s ${state.stackName} --to ${f.to ?? state.to} --execute`];
  if (f.params) parts.push(`--params ${f.params}`);
  if (f.roleStack) parts.push(`--role-stack ${f.roleStack}`);
  if (f.catalog) parts.push(`--catalog ${f.catalog}`);
  if (f.templateBaseUrl) parts.push(`--template-base-url ${f.templateBaseUrl}`);
  if (f.allowReplacement) parts.push('--allow-replacement');
  if (!session.store) {
    const left = state.rungs.filter(r => r.state !== 'done' && session.approved.has(r.version)).map(r => r.version);
    if (left.length) parts.push(`--approve ${left.join(',')}`);
  }
  return parts.join(' ');
}

/** Every current parameter kept (a stack whose rung template was not read). */
function keptAll(current: Readonly<Record<string, string>>): ParameterPlan[] {
  return Object.entries(current).map(([key, value]) => ({key, fate: 'kept', value, previous: value, source: null, description: '', noEcho: false}));
}

/** Deletes change sets that will not be executed; the clause that says what became of them. */
export async function discardChangeSets(session: UpgradeSession, sets: readonly CreatedChangeSet[]): Promise<string> {
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
export function runWalk(session: UpgradeSession, options: WalkOptions = {}): Promise<void> {
  return new WalkDriver(session, options).run();
}
