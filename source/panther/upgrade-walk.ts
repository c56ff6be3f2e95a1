// The walk up the ladder as a pure state machine: each rung's state and the events that move it. The driver does
// the I/O and feeds events in; the UI and the text report only read the state. The rules that keep an upgrade safe
// live here: nothing is executed before the rung is confirmed, a failed rung ends the walk, the next rung starts
// only after the previous one is verified, a dry run never goes past "planned", and a walk that ends before its
// target says why (not approved, cancelled, a value missing, a dangerous change not allowed, interrupted).
import {InternalError} from '../errors.js';
import semver from 'semver';
import {
  addCounts,
  changeLine,
  countsLine,
  dangerLine,
  isCreation,
  typeCountsLine,
  type ChangeReview,
  type ReviewCounts,
  type ReviewedChange,
} from '../domain/change-review.js';
import type {Rung} from './ladder.js';
import {isStackLevel} from '../domain/operations.js';
import {parametersLine, type ParameterPlan} from '../domain/rung-parameters.js';
import type {StackEvent} from '../domain/types.js';
import {parseVersion} from './version.js';

export type RungState =
  | 'pending'
  | 'needs-input'
  | 'preparing'
  | 'planned'
  | 'change-set-ready'
  | 'executing'
  | 'building'
  | 'verifying'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'stopped';

export type StepTarget = 'role' | 'root';

/** What one stack's update does: from a real change set, or (dry run) from the plan alone. */
export interface ChangeSummary {
  target: StepTarget;
  stackName: string;
  templateUrl: string;
  /** The stack's parameters reconciled with the rung's template (kept, set, dropped, default). */
  parameters: ParameterPlan[];
  /** Null in a dry run: nothing was created. */
  changeSet: {id: string; name: string; status: string; review: ChangeReview; capabilities?: readonly string[]} | null;
  /** The change set says there is nothing to change: that stack is already there. */
  noChanges: boolean;
}

export interface RungRun {
  version: string;
  rung: Rung;
  state: RungState;
  summaries: ChangeSummary[];
  /** The live status of each stack while it updates. */
  status: Partial<Record<StepTarget, string>>;
  build: {id: string; status: string; phase: string; logs: string} | null;
  verified: string | null;
  /** Why it needs input, failed or was stopped; '' otherwise. */
  message: string;
  /** What the walk is waiting for right now (an update to start, a build), '' when nothing. */
  waiting: string;
  /** How it was confirmed. */
  confirmedBy: 'typed' | 'approve' | null;
}

export type WalkOutcome = 'running' | 'awaiting-confirmation' | 'succeeded' | 'planned' | 'failed' | 'stopped' | 'cancelled' | 'interrupted';

/** Why a walk ended before its target without a failure. */
export type StopReason = 'not-approved' | 'cancelled' | 'needs-input' | 'danger-not-allowed' | 'backwards' | 'interrupted';

export interface WalkState {
  mode: 'dry-run' | 'execute';
  /** An upgrade climbs rungs on a deployed stack; a deploy is one rung that creates the stack. */
  kind: 'upgrade' | 'deploy';
  stackName: string;
  from: string;
  to: string;
  rungs: RungRun[];
  /** The rung being walked; -1 before the first. */
  current: number;
  outcome: WalkOutcome;
  /** An update already running when the walk started, followed to its end before the first rung. */
  attach: {target: StepTarget; stackName: string; status: string; over: boolean} | null;
  /** Why the walk stopped (outcome stopped, cancelled or interrupted). */
  stop: {reason: StopReason; message: string} | null;
  /** One line per step, oldest first (the text report prints them; the UI shows the last ones). */
  log: string[];
  /** When an AWS call failed the walk: its kind (describeAwsError's) and code; the exit code follows from it. */
  fault: {kind: string; code: string} | null;
  /** The deployed version's panther-pulumi build has not succeeded since the root's last update: what to do. */
  pendingBuild: string | null;
}

export type WalkEvent =
  | {type: 'attach-status'; target: StepTarget; stackName: string; status: string}
  | {type: 'attach-done'}
  | {type: 'build-pending'; message: string}
  | {type: 'stack-note'; index: number; target: StepTarget; note: string}
  | {type: 'rung-started'; index: number}
  | {type: 'blocked'; index: number; message: string}
  | {type: 'summary'; index: number; summary: ChangeSummary}
  | {type: 'planned'; index: number}
  | {type: 'already-there'; index: number; version: string; why: string}
  | {type: 'awaiting-confirmation'; index: number}
  | {type: 'confirmed'; index: number; by: 'typed' | 'approve'}
  | {type: 'stopped'; index: number; reason: StopReason; message: string}
  | {type: 'waiting'; index: number; what: string}
  | {type: 'executing'; index: number; target: StepTarget}
  | {type: 'stack-status'; index: number; target: StepTarget; status: string}
  | {type: 'build-started'; index: number; id: string}
  | {type: 'build-status'; index: number; status: string; phase: string; logs?: string}
  | {type: 'verifying'; index: number}
  | {type: 'verified'; index: number; version: string}
  | {type: 'failed'; index: number; message: string; fault?: {kind: string; code: string}}
  | {type: 'walk-done'};

/** An event the walk's state machine cannot take: the console's own bug, never the user's (exit 70). */
export class WalkError extends InternalError {}

export function initialWalk(input: {
  mode: WalkState['mode'];
  kind?: WalkState['kind'];
  stackName: string;
  from: string;
  to: string;
  rungs: readonly Rung[];
}): WalkState {
  return {
    mode: input.mode,
    kind: input.kind ?? 'upgrade',
    stackName: input.stackName,
    from: input.from,
    to: input.to,
    rungs: input.rungs.map(rung => ({
      version: rung.version,
      rung,
      state: 'pending',
      summaries: [],
      status: {},
      build: null,
      verified: null,
      message: '',
      waiting: '',
      confirmedBy: null,
    })),
    current: -1,
    outcome: input.rungs.length === 0 ? (input.mode === 'dry-run' ? 'planned' : 'succeeded') : 'running',
    attach: null,
    stop: null,
    log: [],
    fault: null,
    pendingBuild: null,
  };
}

const TERMINAL: readonly WalkOutcome[] = ['succeeded', 'planned', 'failed', 'stopped', 'cancelled', 'interrupted'];

export function isWalkOver(state: WalkState): boolean {
  return TERMINAL.includes(state.outcome);
}

/** How the two stacks a rung updates are named. */
export const TARGET_LABEL: Record<StepTarget, string> = {role: 'deployment role', root: 'root stack'};

function withRung(state: WalkState, index: number, patch: Partial<RungRun>, line?: string | readonly string[], outcome?: WalkOutcome): WalkState {
  const rungs = state.rungs.map((r, i) => (i === index ? {...r, ...patch} : r));
  const lines = line === undefined ? [] : typeof line === 'string' ? [line] : line;
  return {...state, rungs, ...(outcome ? {outcome} : {}), log: lines.length ? [...state.log, ...lines] : state.log};
}

/**
 * The dry run's lines for the rest of a rung, from its plan: its migrations (the deployment role update has its own
 * summary line), what runs after the deploy, and its notes.
 */
export function plannedStepLines(rung: Rung): string[] {
  const lines: string[] = [];
  for (const m of rung.migrations) {
    // The role's update is its own summary line; an after-deploy migration is one of the rung's after-steps.
    if (m.id === 'deployment-role' || m.phase === 'after') continue;
    lines.push(`  ${'migration'.padEnd(15)} ${m.title}: ${m.action}`);
  }
  for (const a of rung.after) lines.push(`  ${'after deploy'.padEnd(15)} ${a}`);
  for (const n of rung.notes) lines.push(`  Note: ${n}`);
  return lines;
}

/** Where each event may happen: anything else is a bug in the driver, refused loudly. */
const ALLOWED: Record<
  Exclude<WalkEvent['type'], 'walk-done' | 'rung-started' | 'failed' | 'attach-status' | 'attach-done' | 'build-pending'>,
  readonly RungState[]
> = {
  'stack-note': ['preparing'],
  blocked: ['preparing'],
  summary: ['preparing'],
  planned: ['preparing'],
  'already-there': ['preparing'],
  'awaiting-confirmation': ['preparing'],
  confirmed: ['change-set-ready'],
  stopped: ['preparing', 'change-set-ready', 'executing', 'building', 'verifying'],
  waiting: ['executing', 'building'],
  executing: ['executing'],
  'stack-status': ['executing'],
  'build-started': ['executing'],
  'build-status': ['building'],
  verifying: ['executing', 'building'],
  verified: ['verifying'],
};

const STOP_OUTCOME: Record<StopReason, WalkOutcome> = {
  'not-approved': 'stopped',
  cancelled: 'cancelled',
  'needs-input': 'stopped',
  'danger-not-allowed': 'stopped',
  backwards: 'stopped',
  interrupted: 'interrupted',
};

export function walkReducer(state: WalkState, event: WalkEvent): WalkState {
  if (event.type === 'walk-done') {
    if (isWalkOver(state)) return state;
    const unfinished = state.rungs.some(r => !(state.mode === 'dry-run' ? ['planned', 'needs-input'] : ['done']).includes(r.state));
    if (unfinished) throw new WalkError('the walk cannot end before every rung is through');
    return {...state, outcome: state.mode === 'dry-run' ? 'planned' : 'succeeded', current: state.rungs.length};
  }
  if (event.type === 'build-pending') {
    return {...state, pendingBuild: event.message, log: [...state.log, `  NOT FINISHED  ${event.message}`]};
  }
  if (event.type === 'attach-status' || event.type === 'attach-done') {
    if (state.current !== -1 || isWalkOver(state)) throw new WalkError('a running update is attached to before the first rung only');
    if (event.type === 'attach-done') {
      return state.attach ? {...state, attach: {...state.attach, over: true}} : state;
    }
    const first = state.attach?.stackName !== event.stackName;
    if (!first && state.attach?.status === event.status) return state;
    const line = first
      ? `ATTACHED to the update of ${event.stackName} already running (${event.status}): following it to its end before the first rung`
      : `  ${event.stackName}: ${event.status}`;
    return {...state, attach: {target: event.target, stackName: event.stackName, status: event.status, over: false}, log: [...state.log, line]};
  }
  const rung = state.rungs[event.index];
  if (!rung) throw new WalkError(`no rung ${event.index}`);
  if (isWalkOver(state)) throw new WalkError(`the walk is over (${state.outcome})`);
  const n = `${event.index + 1}/${state.rungs.length}`;

  if (event.type === 'rung-started') {
    const previous = state.rungs[event.index - 1];
    // A dry run shows every rung (a blocked one included); an execute walk climbs only on a verified rung.
    const ready = state.mode === 'dry-run' ? ['planned', 'needs-input'] : ['done'];
    if (event.index !== state.current + 1 || (previous && !ready.includes(previous.state))) {
      throw new WalkError(`rung ${rung.version} cannot start before the one below it is ${ready.join(' or ')}`);
    }
    const heading =
      state.kind === 'deploy'
        ? `DEPLOY ${rung.version}  (the first deploy of ${state.stackName})`
        : `RUNG ${n}  ${rung.version}  (from ${rung.rung.previous})`;
    return {...withRung(state, event.index, {state: 'preparing'}, heading), current: event.index};
  }
  if (event.type === 'failed') {
    const failed = withRung(state, event.index, {state: 'failed', message: event.message, waiting: ''}, `  FAILED  ${event.message}`, 'failed');
    return event.fault ? {...failed, fault: {...event.fault}} : failed;
  }
  if (!ALLOWED[event.type].includes(rung.state)) {
    throw new WalkError(`${event.type} is not allowed while rung ${rung.version} is ${rung.state}`);
  }
  switch (event.type) {
    case 'blocked':
      if (state.mode !== 'dry-run') throw new WalkError('an execute walk with a rung missing a value never starts');
      return withRung(state, event.index, {state: 'needs-input', message: event.message}, `  NEEDS INPUT  ${event.message}`);
    case 'stack-note':
      return withRung(state, event.index, {}, `  ${TARGET_LABEL[event.target].padEnd(15)} ${event.note}`);
    case 'summary':
      return withRung(
        state,
        event.index,
        {summaries: [...rung.summaries.filter(s => s.target !== event.summary.target), event.summary]},
        summaryLines(event.summary),
      );
    case 'planned':
      if (state.mode !== 'dry-run') throw new WalkError('only a dry run plans a rung without executing it');
      return withRung(state, event.index, {state: 'planned'}, plannedStepLines(rung.rung));
    case 'already-there':
      if (parseVersion(event.version) !== rung.version) throw new WalkError(`${event.version} is not rung ${rung.version}`);
      return withRung(state, event.index, {state: 'done', verified: rung.version, message: event.why}, `  already on ${rung.version}: ${event.why}`);
    case 'awaiting-confirmation':
      if (state.mode !== 'execute') throw new WalkError('a dry run never asks to execute');
      return withRung(state, event.index, {state: 'change-set-ready'}, rungReviewLine(rung), 'awaiting-confirmation');
    case 'confirmed':
      return withRung(
        state,
        event.index,
        {state: 'executing', confirmedBy: event.by},
        `  confirmed ${rung.version} (${event.by === 'typed' ? 'typed' : '--approve'})`,
        'running',
      );
    case 'stopped': {
      const next: RungState = event.reason === 'cancelled' ? 'cancelled' : event.reason === 'interrupted' ? rung.state : 'stopped';
      const stopped = withRung(
        state,
        event.index,
        {state: next, message: event.message, waiting: ''},
        `  STOPPED  ${event.message}`,
        STOP_OUTCOME[event.reason],
      );
      return {...stopped, stop: {reason: event.reason, message: event.message}};
    }
    case 'waiting':
      if (rung.waiting === event.what) return state;
      return withRung(state, event.index, {waiting: event.what}, event.what ? `  waiting: ${event.what}` : undefined);
    case 'executing':
      return withRung(
        state,
        event.index,
        {status: {...rung.status, [event.target]: state.kind === 'deploy' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS'}},
        `  ${TARGET_LABEL[event.target]}: executing the change set`,
      );
    case 'stack-status':
      if (rung.status[event.target] === event.status) return state;
      return withRung(
        state,
        event.index,
        {status: {...rung.status, [event.target]: event.status}, waiting: ''},
        `  ${TARGET_LABEL[event.target]}: ${event.status}`,
      );
    case 'build-started':
      return withRung(
        state,
        event.index,
        {state: 'building', build: {id: event.id, status: 'IN_PROGRESS', phase: 'SUBMITTED', logs: ''}, waiting: ''},
        `  panther-pulumi build ${event.id} started`,
      );
    case 'build-status': {
      const build = {id: rung.build?.id ?? '', status: event.status, phase: event.phase, logs: event.logs ?? rung.build?.logs ?? ''};
      const changed = rung.build?.status !== event.status || rung.build?.phase !== event.phase;
      return withRung(state, event.index, {build}, changed ? `  panther-pulumi build: ${event.status} (${event.phase})` : undefined);
    }
    case 'verifying':
      return withRung(state, event.index, {state: 'verifying', waiting: ''});
    case 'verified':
      if (parseVersion(event.version) !== rung.version) {
        return withRung(
          state,
          event.index,
          {
            state: 'failed',
            message: `the deployed template says ${event.version} after the ${state.kind === 'deploy' ? 'create' : 'update'}, not ${rung.version}`,
          },
          `  FAILED  the deployed template says ${event.version} after the ${state.kind === 'deploy' ? 'create' : 'update'}, not ${rung.version}`,
          'failed',
        );
      }
      return withRung(
        state,
        event.index,
        {state: 'done', verified: event.version},
        `  done: Panther ${event.version} verified (the deployed template)`,
      );
  }
}

/** The ExecuteChangeSet guard: only a confirmed rung of an execute walk may write. */
export function assertMayExecute(state: WalkState, index: number): void {
  const rung = state.rungs[index];
  if (state.mode !== 'execute' || !rung || rung.state !== 'executing' || !rung.confirmedBy) {
    throw new WalkError(`refusing to execute rung ${rung?.version ?? index}: it is not confirmed`);
  }
}

/** The extra word a terminal user types to execute a rung with a DANGER change. */
export const DANGER_WORD = 'replace';

/**
 * The typed confirmation: exactly the rung's version (a leading v allowed); with a DANGER change, the version and
 * the word `replace` (e.g. `1.26.9 replace`).
 */
export function confirmationMatches(typed: string, version: string, danger = false): boolean {
  const words = typed.trim().split(/\s+/);
  if (words[0]?.replace(/^v/i, '') !== version) return false;
  return danger ? words.length === 2 && words[1].toLowerCase() === DANGER_WORD : words.length === 1;
}

/**
 * --approve V1,V2: the rungs a script approves. Every entry must be a rung of this walk, and together they must be
 * the first rungs with no gap (the walk executes rungs in order and stops at the first one not approved).
 */
export function parseApprove(
  input: string | undefined,
  versions: readonly string[],
  /** The deployed version: an approval of it or below is for a rung already deployed (a resumed walk), not refused. */
  deployed?: string,
): {ok: true; approved: Set<string>; ignored: string[]} | {ok: false; message: string} {
  const approved = new Set<string>();
  const ignored: string[] = [];
  for (const raw of (input ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const v = parseVersion(entry);
    if (!v) return {ok: false, message: `--approve ${entry} is not a version (give full versions like 1.25.18, comma-separated).`};
    if (!versions.includes(v) && deployed && parseVersion(deployed) && semver.lte(v, parseVersion(deployed)!)) {
      ignored.push(v);
      continue;
    }
    if (!versions.includes(v)) {
      return {ok: false, message: `--approve ${entry} is not a rung of this upgrade (rungs: ${versions.join(', ') || 'none'}).`};
    }
    approved.add(v);
  }
  const gap = versions.findIndex(v => !approved.has(v));
  const beyond = gap < 0 ? undefined : versions.slice(gap + 1).find(v => approved.has(v));
  if (beyond !== undefined) {
    return {ok: false, message: `--approve ${beyond} skips ${versions[gap]}: approve the rungs in order from ${versions[0]}.`};
  }
  return {ok: true, approved, ignored};
}

/** Every DANGER change of a rung (both stacks), the worst first. */
export function rungDangers(r: RungRun): ReviewedChange[] {
  return r.summaries.flatMap(s => s.changeSet?.review.dangers ?? []);
}

/** Nested change sets of a rung that could not be read: what changes there is unknown. */
export function rungUnread(r: RungRun): string[] {
  return r.summaries.flatMap(s => s.changeSet?.review.unread ?? []);
}

/** What executing the rung takes beyond its version typed: a DANGER change, or a review that is not whole. */
export function rungNeedsWord(r: RungRun): boolean {
  return rungDangers(r).length > 0 || rungUnread(r).length > 0;
}

/** The rung's changes counted over both stacks' change sets. */
export function rungCounts(r: RungRun): ReviewCounts {
  return r.summaries.reduce((acc, s) => (s.changeSet ? addCounts(acc, s.changeSet.review.counts) : acc), {changes: 0, replacements: 0, removals: 0});
}

function rungReviewLine(r: RungRun): string {
  const dangers = rungDangers(r).length;
  return `  review ${r.version}: ${countsLine(rungCounts(r))}${dangers ? `, ${dangers} DANGER` : ''}`;
}

/** A summary as log lines: the change set and its counts, each DANGER, every change, the parameters' fates. */
function summaryLines(s: ChangeSummary): string[] {
  const label = TARGET_LABEL[s.target].padEnd(15);
  const params = parametersLine(s.parameters);
  if (!s.changeSet) return [`  ${label} ${s.stackName}: would create a change set: TemplateURL ${s.templateUrl}; parameters ${params}`];
  if (s.noChanges) return [`  ${label} ${s.stackName}: change set ${s.changeSet.name}: no changes (already there)`];
  const {review} = s.changeSet;
  const lines = [
    `  ${label} ${s.stackName}: change set ${s.changeSet.name}: ${countsLine(review.counts)}; TemplateURL ${s.templateUrl}; parameters ${params}`,
  ];
  if (s.changeSet.capabilities?.length)
    lines.push(`    capabilities ${s.changeSet.capabilities.join(', ')}${capabilityWhy(s.changeSet.capabilities)}`);
  if (isCreation(review)) {
    // A stack created from nothing: every resource is an Add; the counts by type say what it makes.
    const stacks = review.groups.length;
    lines.push(`    creates ${review.counts.changes} resources in ${stacks} stack${stacks === 1 ? '' : 's'}: ${typeCountsLine(review)}`);
    for (const u of review.unread) lines.push(`    NOT REVIEWED ${u}: what that nested stack creates is unknown`);
    return lines;
  }
  for (const d of review.dangers) lines.push(`    ${dangerLine(d)}`);
  for (const g of review.groups) for (const c of g.changes) lines.push(`    ${changeLine(c)}`);
  for (const u of review.unread) lines.push(`    NOT REVIEWED ${u}: what changes in that nested stack is unknown`);
  return lines;
}

/** What the IAM capabilities acknowledge, for the reader. */
function capabilityWhy(capabilities: readonly string[]): string {
  const why: string[] = [];
  if (capabilities.includes('CAPABILITY_NAMED_IAM')) why.push('IAM roles and policies with names');
  else if (capabilities.includes('CAPABILITY_IAM')) why.push('IAM roles and policies');
  if (capabilities.includes('CAPABILITY_AUTO_EXPAND')) why.push('macros and nested stacks');
  return why.length ? ` (it creates ${why.join(', ')})` : '';
}

/** The dry run's summary of one stack's update, from the plan. */
export function plannedSummary(input: {target: StepTarget; stackName: string; templateUrl: string; parameters: ParameterPlan[]}): ChangeSummary {
  return {...input, changeSet: null, noChanges: false};
}

export type UpdateProgress = {phase: 'not-started'} | {phase: 'running'; status: string} | {phase: 'succeeded' | 'failed'; status: string};

/**
 * How a stack's update is going, from its events (oldest first): only stack-level events after `sinceEventId`
 * (the newest event before the execution) count, so an older operation's end is never taken for this one's. When
 * that event is not among those held, nothing can be placed after it: the update has not been seen to start.
 */
export function updateProgress(events: readonly StackEvent[], stackId: string, sinceEventId: string | null): UpdateProgress {
  let from = 0;
  if (sinceEventId) {
    const i = events.findIndex(e => e.eventId === sinceEventId);
    if (i < 0) return {phase: 'not-started'};
    from = i + 1;
  }
  let latest: StackEvent | null = null;
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (e.stackId === stackId && isStackLevel(e)) latest = e;
  }
  if (!latest) return {phase: 'not-started'};
  return progressOfStatus(latest.status);
}

/** A stack status as the progress of an update. */
export function progressOfStatus(status: string): UpdateProgress {
  if (status.endsWith('_IN_PROGRESS')) return {phase: 'running', status};
  if (status === 'UPDATE_COMPLETE' || status === 'CREATE_COMPLETE' || status === 'IMPORT_COMPLETE') return {phase: 'succeeded', status};
  return {phase: 'failed', status};
}

/** The stack an executing rung is updating and its status (the root once it has started), or null before either. */
export function executingStatus(r: RungRun): {target: 'role' | 'root'; status: string} | null {
  if (r.status.root) return {target: 'root', status: r.status.root};
  if (r.status.role) return {target: 'role', status: r.status.role};
  return null;
}

/** Short words for a rung's state (the Details heading, the hint line; the Ladder pane fits them to its width). */
export function rungStateLabel(r: RungRun): string {
  switch (r.state) {
    case 'pending':
      return 'pending';
    case 'needs-input':
      return 'needs input';
    case 'preparing':
      return 'creating change sets';
    case 'planned':
      return 'planned (dry run)';
    case 'change-set-ready':
      return rungDangers(r).length ? 'review: DANGER' : 'change set ready';
    case 'executing': {
      const running = executingStatus(r);
      return running ? `executing · ${running.target} ${running.status}` : 'executing';
    }
    case 'building':
      return `panther-pulumi build: ${r.build?.status ?? 'IN_PROGRESS'}`;
    case 'verifying':
      return 'verifying';
    case 'done':
      return 'done';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'stopped':
      return 'stopped';
  }
}
