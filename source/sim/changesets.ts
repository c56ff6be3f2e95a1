// Change sets on the simulated account (CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet) and
// the updates they play on the clock. The world is generated up front; an executed change set appends the update's
// future events to the stacks it touches (they become visible as the clock passes them) and queues the changes of
// state that go with them (parameters at the start, PantherVersion tags as each stack completes), applied by
// applyDue() before every request. A scenario can make one version's update fail in a nested stack and roll back.
import {SimError, stackNotFound, validation} from './errors.js';
import type {QueryHandler, Result} from './cloudformation.js';
import type {QueryParams} from './params.js';
import {keyedFloat, Random} from './random.js';
import type {WorldView} from './view.js';
import {STACK_TYPE, stableSortBy, stackLevelEvent, type World, type WorldEvent, type WorldOperation, type WorldStack} from './world.js';
import {isoTime} from './xml.js';
import type {SimBuild} from './codebuild.js';

export interface UpgradeSimOptions {
  /** The version whose root-stack update fails in a nested stack and rolls back (e.g. '1.26.9'). */
  failRung?: string;
}

export interface SimChangeSet {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  description: string;
  createdAt: number;
  /** When its creation finishes (CREATE_COMPLETE or FAILED). */
  readyAt: number;
  templateUrl: string;
  /** As sent. */
  parameters: {key: string; value: string | null; usePrevious: boolean}[];
  /** Every parameter's value once applied. */
  resolved: Record<string, string>;
  capabilities: string[];
  includeNested: boolean;
  /** Tags as sent; null when the request carried no Tags (the stack keeps its own). */
  tags: Record<string, string> | null;
  /** Set for a change set that failed to create (e.g. nothing to change). */
  failedReason: string | null;
  changes: Result[];
  executedAt: number | null;
  deleted: boolean;
  run: {endAt: number; ok: boolean} | null;
}

interface Due {
  at: number;
  apply: () => void;
}

/** Per world: what the account remembers beyond the generated history. */
export interface AccountState {
  options: UpgradeSimOptions;
  random: Random;
  seed: number;
  changeSets: SimChangeSet[];
  /** The template URL each stack was last deployed from, when known. */
  templateUrls: Map<string, string>;
  due: Due[];
  /** CodeBuild projects that exist. */
  projects: Set<string>;
  builds: SimBuild[];
}

const states = new WeakMap<World, AccountState>();

export function accountState(world: World): AccountState {
  let st = states.get(world);
  if (!st) {
    const seed = Number(world.facts.seed ?? 7);
    st = {options: {}, random: new Random(seed + 4242), seed, changeSets: [], templateUrls: new Map(), due: [], projects: new Set(), builds: []};
    states.set(world, st);
  }
  return st;
}

/** Called by a scenario: the upgrade options, the stacks' current template URLs, the CodeBuild projects. */
export function configureAccount(
  world: World,
  config: {options?: UpgradeSimOptions; templateUrls?: Record<string, string>; projects?: string[]},
): void {
  const st = accountState(world);
  st.options = {...st.options, ...config.options};
  for (const [id, url] of Object.entries(config.templateUrls ?? {})) st.templateUrls.set(id, url);
  for (const p of config.projects ?? []) st.projects.add(p);
}

/** Every change set created so far (tests check what was sent). */
export function changeSetsOf(world: World): readonly SimChangeSet[] {
  return accountState(world).changeSets;
}

/** Applies the queued changes of state whose time has come. */
export function applyDue(view: WorldView, now: number): void {
  const st = states.get(view.world);
  if (!st || st.due.length === 0) return;
  const ready = st.due.filter(d => d.at <= now);
  if (ready.length === 0) return;
  st.due = st.due.filter(d => d.at > now);
  for (const d of stableSortBy(ready, d => d.at)) d.apply();
}

export const versionInUrl = (url: string): string | null => /\/v(\d+\.\d+\.\d+)\//.exec(url)?.[1] ?? null;

// ---------------------------------------------------------------------------------------------------------------
// Handlers

const NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

function liveStack(p: QueryParams, view: WorldView, now: number): WorldStack {
  const name = p.get('StackName');
  if (!name) throw validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  const stack = view.find(name, now);
  if (!stack) throw stackNotFound(name);
  return stack;
}

function assertSettled(view: WorldView, stack: WorldStack, now: number): void {
  const status = view.state(stack, now)?.status ?? '';
  if (status.endsWith('_IN_PROGRESS') || status === 'UPDATE_ROLLBACK_FAILED' || status === 'ROLLBACK_COMPLETE') {
    throw validation(`Stack:${stack.stackId} is in ${status} state and can not be updated.`);
  }
}

function structList(p: QueryParams, name: string, fields: string[]): Record<string, string | undefined>[] {
  const out: Record<string, string | undefined>[] = [];
  for (let i = 1; ; i++) {
    const entry: Record<string, string | undefined> = {};
    let any = false;
    for (const f of fields) {
      const v = p.get(`${name}.member.${i}.${f}`);
      entry[f] = v;
      if (v !== undefined) any = true;
    }
    if (!any) return out;
    out.push(entry);
  }
}

function findChangeSet(p: QueryParams, view: WorldView, now: number): SimChangeSet {
  const st = accountState(view.world);
  const ref = p.get('ChangeSetName');
  if (!ref) throw validation("1 validation error detected: Value null at 'changeSetName' failed to satisfy constraint: Member must not be null");
  let found: SimChangeSet | undefined;
  if (ref.startsWith('arn:')) {
    found = st.changeSets.find(c => c.id === ref && !c.deleted);
  } else {
    const stackName = p.get('StackName');
    if (!stackName) throw validation('StackName must be specified if ChangeSetName is not specified as an ARN.');
    const stack = view.find(stackName, now);
    found = stack ? st.changeSets.find(c => c.name === ref && c.stackId === stack.stackId && !c.deleted) : undefined;
  }
  if (!found) throw new SimError('ChangeSetNotFound', `ChangeSet [${ref}] does not exist`, 404);
  return found;
}

function changeSetStatus(st: AccountState, cs: SimChangeSet, now: number): {status: string; execution: string; reason?: string} {
  if (now < cs.readyAt) return {status: 'CREATE_IN_PROGRESS', execution: 'UNAVAILABLE'};
  if (cs.failedReason) return {status: 'FAILED', execution: 'UNAVAILABLE', reason: cs.failedReason};
  if (cs.executedAt !== null && cs.run) {
    if (now < cs.run.endAt) return {status: 'CREATE_COMPLETE', execution: 'EXECUTE_IN_PROGRESS'};
    return {status: 'CREATE_COMPLETE', execution: cs.run.ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED'};
  }
  const superseded = st.changeSets.some(o => o !== cs && o.stackId === cs.stackId && o.executedAt !== null && o.executedAt >= cs.createdAt);
  return {status: 'CREATE_COMPLETE', execution: superseded ? 'OBSOLETE' : 'AVAILABLE'};
}

const CreateChangeSet: QueryHandler = (p, ctx) => {
  const {view, now} = ctx;
  const st = accountState(view.world);
  const stack = liveStack(p, view, now);
  const name = p.get('ChangeSetName') ?? '';
  if (!NAME.test(name)) {
    throw validation(`1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
  const type = p.get('ChangeSetType') ?? 'UPDATE';
  if (type !== 'UPDATE') throw validation(`ChangeSetType ${type} is not supported by the simulated account (UPDATE only)`);
  assertSettled(view, stack, now);
  if (st.changeSets.some(c => c.stackId === stack.stackId && c.name === name && !c.deleted)) {
    throw new SimError('AlreadyExistsException', `ChangeSet ${name} already exists`);
  }
  const current = st.templateUrls.get(stack.stackId) ?? '';
  const templateUrl = p.bool('UsePreviousTemplate') ? current : (p.get('TemplateURL') ?? '');
  if (!templateUrl && !p.get('TemplateBody')) throw validation('Either Template URL or Template Body must be specified.');
  const capabilities = p.list('Capabilities');
  const missing = stack.capabilities.filter(c => !capabilities.includes(c));
  if (missing.length > 0) {
    throw new SimError('InsufficientCapabilitiesException', `Requires capabilities : [${missing.join(', ')}]`);
  }

  const parameters = structList(p, 'Parameters', ['ParameterKey', 'ParameterValue', 'UsePreviousValue']).map(e => ({
    key: e.ParameterKey ?? '',
    value: e.ParameterValue ?? null,
    usePrevious: (e.UsePreviousValue ?? '').toLowerCase() === 'true',
  }));
  const resolved: Record<string, string> = {};
  for (const [key, decl] of Object.entries(stack.template.Parameters)) resolved[key] = decl.Default ?? '';
  for (const param of parameters) {
    if (param.usePrevious && param.value !== null) {
      throw validation(`Invalid input for parameter key ${param.key}. Cannot specify usePreviousValue as true and non empty value for a parameter`);
    }
    if (param.usePrevious) {
      if (!(param.key in stack.parameters)) {
        throw validation(`Invalid input for parameter key ${param.key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      }
      resolved[param.key] = stack.parameters[param.key];
    } else {
      resolved[param.key] = param.value ?? '';
    }
  }
  const tagEntries = structList(p, 'Tags', ['Key', 'Value']);
  // An empty list travels as `Tags=`: it is still a list, and replaces every tag the stack has.
  const tags = tagEntries.length > 0 || p.get('Tags') !== undefined
    ? Object.fromEntries(tagEntries.map(t => [t.Key ?? '', t.Value ?? '']))
    : null;

  const sameTemplate = templateUrl === current;
  const sameParameters = Object.entries(resolved).every(([k, v]) => stack.parameters[k] === v) &&
    Object.keys(stack.parameters).every(k => k in resolved);
  const noChanges = sameTemplate && sameParameters && tags === null;
  const uuid = st.random.uuid();
  const id = `arn:aws:cloudformation:${view.world.region}:${view.world.account}:changeSet/${name}/${uuid}`;
  const cs: SimChangeSet = {
    id,
    name,
    stackId: stack.stackId,
    stackName: stack.name,
    description: p.get('Description') ?? '',
    createdAt: now,
    readyAt: now + 2000 + Math.round(keyedFloat(st.seed, uuid) * 3000),
    templateUrl,
    parameters,
    resolved,
    capabilities,
    includeNested: p.bool('IncludeNestedStacks'),
    tags,
    failedReason: noChanges ? NO_CHANGES : null,
    changes: noChanges ? [] : plannedChanges(view, stack, now),
    executedAt: null,
    deleted: false,
    run: null,
  };
  st.changeSets.push(cs);
  return {Id: id, StackId: stack.stackId};
};

/** The resource changes a new template makes: every nested stack (its TemplateURL), or the resources updated. */
function plannedChanges(view: WorldView, stack: WorldStack, now: number): Result[] {
  const resources = view.resources(stack, now).filter(r => r.status !== 'DELETE_COMPLETE');
  const nested = resources.filter(r => r.resourceType === STACK_TYPE);
  const touched = nested.length > 0 ? nested : pickPlain(resources);
  return touched.map(r => ({
    Type: 'Resource',
    ResourceChange: {
      Action: 'Modify',
      LogicalResourceId: r.logicalId,
      PhysicalResourceId: r.physicalId,
      ResourceType: r.resourceType,
      Replacement: 'False',
      Scope: ['Properties'],
      Details: [
        {
          Target: {Attribute: 'Properties', Name: r.resourceType === STACK_TYPE ? 'TemplateURL' : 'Code', RequiresRecreation: 'Never'},
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ],
    },
  }));
}

const DescribeChangeSet: QueryHandler = (p, ctx) => {
  const st = accountState(ctx.view.world);
  const cs = findChangeSet(p, ctx.view, ctx.now);
  const s = changeSetStatus(st, cs, ctx.now);
  const ready = ctx.now >= cs.readyAt;
  return {
    ChangeSetName: cs.name,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: cs.stackName,
    Description: cs.description || undefined,
    Parameters: Object.entries(cs.resolved).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue})),
    CreationTime: isoTime(cs.createdAt),
    ExecutionStatus: s.execution,
    Status: s.status,
    StatusReason: s.reason,
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: cs.capabilities,
    Tags: cs.tags ? Object.entries(cs.tags).map(([Key, Value]) => ({Key, Value})) : undefined,
    Changes: ready ? cs.changes : [],
    IncludeNestedStacks: cs.includeNested,
  };
};

const ExecuteChangeSet: QueryHandler = (p, ctx) => {
  const {view, now} = ctx;
  const st = accountState(view.world);
  const cs = findChangeSet(p, view, now);
  const s = changeSetStatus(st, cs, now);
  if (s.status !== 'CREATE_COMPLETE' || s.execution !== 'AVAILABLE') {
    const what = s.status === 'CREATE_COMPLETE' ? s.execution : s.status;
    throw new SimError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${what}]`);
  }
  const stack = view.byId.get(cs.stackId)!;
  assertSettled(view, stack, now);
  cs.executedAt = now;
  cs.run = playUpdate(view, st, stack, cs, now);
  return {};
};

const DeleteChangeSet: QueryHandler = (p, ctx) => {
  const cs = findChangeSet(p, ctx.view, ctx.now);
  if (cs.executedAt !== null && cs.run && ctx.now < cs.run.endAt) {
    throw new SimError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be deleted in its current status of [EXECUTE_IN_PROGRESS]`);
  }
  cs.deleted = true;
  return {};
};

export const changeSetActions: Record<string, QueryHandler> = {CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet};

// ---------------------------------------------------------------------------------------------------------------
// The update engine

const PREFERRED = [
  'AWS::Lambda::Function',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::IAM::Role',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::StepFunctions::StateMachine',
];
const DURATION: Record<string, [number, number]> = {
  'AWS::Lambda::Function': [15_000, 40_000],
  'AWS::ECS::Service': [90_000, 180_000],
  'AWS::ECS::TaskDefinition': [3_000, 8_000],
  'AWS::IAM::Role': [10_000, 25_000],
  'AWS::IAM::ManagedPolicy': [8_000, 15_000],
  'AWS::IAM::Policy': [8_000, 15_000],
};

interface Picked {
  logicalId: string;
  physicalId: string;
  resourceType: string;
}

/** The resources a new version changes in a stack without nested stacks: a few functions, services, roles. */
function pickPlain<T extends Picked>(resources: readonly T[]): T[] {
  const plain = resources.filter(r => r.resourceType !== STACK_TYPE);
  const out: T[] = [];
  const count = new Map<string, number>();
  for (const r of plain) {
    if (!PREFERRED.includes(r.resourceType)) continue;
    const n = count.get(r.resourceType) ?? 0;
    if (n >= (r.resourceType === 'AWS::Lambda::Function' ? 3 : 1)) continue;
    count.set(r.resourceType, n + 1);
    out.push(r);
  }
  for (const r of plain) {
    if (out.length >= 2) break;
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

interface Item extends Picked {
  start: number;
  end: number;
  child?: Run;
}

interface Run {
  stack: WorldStack;
  start: number;
  items: Item[];
  cleanupAt: number;
  end: number;
}

interface Ctx {
  view: WorldView;
  st: AccountState;
  now: number;
  key: string;
  version: string | null;
  events: WorldEvent[];
  ops: WorldOperation[];
  /** Nested stacks whose PantherVersion tag moves when their update completes. */
  mutations: Due[];
}

function jitter(c: Ctx, key: string, min: number, max: number): number {
  return Math.round(min + keyedFloat(c.st.seed, `${c.key}/${key}`) * (max - min));
}

/** The natural schedule of a stack's update and its nested stacks', as if nothing failed. */
function plan(c: Ctx, stack: WorldStack, start: number): Run {
  const resources = c.view.resources(stack, c.now).filter(r => r.status !== 'DELETE_COMPLETE');
  const nested = resources.filter(r => r.resourceType === STACK_TYPE && c.view.byId.has(r.physicalId));
  const chosen: Picked[] = [...nested, ...pickPlain(resources)];
  const order = Object.keys(stack.template.Resources);
  chosen.sort((a, b) => order.indexOf(a.logicalId) - order.indexOf(b.logicalId));
  const items: Item[] = [];
  const k = (s: string) => `${stack.name}/${s}`;
  for (const r of chosen) {
    let s = start + jitter(c, k(`${r.logicalId}/start`), 1000, 3000);
    for (const dep of stack.template.Resources[r.logicalId]?.DependsOn ?? []) {
      const d = items.find(i => i.logicalId === dep);
      if (d) s = Math.max(s, d.end + jitter(c, k(`${r.logicalId}/dep/${dep}`), 500, 1500));
    }
    if (r.resourceType === STACK_TYPE) {
      const child = plan(c, c.view.byId.get(r.physicalId)!, s + jitter(c, k(`${r.logicalId}/child`), 400, 1200));
      items.push({...r, start: s, end: child.end + jitter(c, k(`${r.logicalId}/report`), 800, 2000), child});
    } else {
      const [lo, hi] = DURATION[r.resourceType] ?? [10_000, 30_000];
      items.push({...r, start: s, end: s + jitter(c, k(`${r.logicalId}/dur`), lo, hi)});
    }
  }
  const last = Math.max(start, ...items.map(i => i.end));
  const cleanupAt = last + jitter(c, k('cleanup'), 500, 1500);
  return {stack, start, items, cleanupAt, end: cleanupAt + jitter(c, k('complete'), 1000, 3000)};
}

function op(c: Ctx, stack: WorldStack, type: string, start: number): WorldOperation {
  const o = {id: c.st.random.uuid(), type, stackId: stack.stackId, start};
  c.ops.push(o);
  return o;
}

function stackEvent(c: Ctx, stack: WorldStack, status: string, reason: string, time: number, o: WorldOperation): void {
  c.events.push(stackLevelEvent(stack, c.st.random.uuid(), status, reason, time, o.id));
}

function resourceEvent(c: Ctx, stack: WorldStack, item: Picked, status: string, reason: string, time: number, o: WorldOperation): void {
  c.events.push({
    eventId: c.st.random.uuid(),
    stackId: stack.stackId,
    stackName: stack.name,
    logicalId: item.logicalId,
    physicalId: item.physicalId,
    resourceType: item.resourceType,
    status,
    reason,
    time,
    operationId: o.id,
  });
}

function moveTag(c: Ctx, stack: WorldStack, at: number): void {
  const version = c.version;
  if (!version || stack.tags.PantherVersion === undefined) return;
  c.mutations.push({at, apply: () => (stack.tags = {...stack.tags, PantherVersion: version})});
}

/** A successful update, nested stacks included. */
function renderOk(c: Ctx, run: Run): void {
  const o = op(c, run.stack, 'UPDATE_STACK', run.start);
  stackEvent(c, run.stack, 'UPDATE_IN_PROGRESS', 'User Initiated', run.start, o);
  for (const item of run.items) {
    resourceEvent(c, run.stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
    if (item.child) renderOk(c, item.child);
    resourceEvent(c, run.stack, item, 'UPDATE_COMPLETE', '', item.end, o);
  }
  stackEvent(c, run.stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '', run.cleanupAt, o);
  stackEvent(c, run.stack, 'UPDATE_COMPLETE', '', run.end, o);
  moveTag(c, run.stack, run.end);
}

/** Reverting what an update changed, once the stack's rollback started at `from`; returns when it is done. */
function revert(c: Ctx, stack: WorldStack, items: readonly Item[], from: number, o: WorldOperation): number {
  let last = from;
  for (const item of items) {
    const s = from + jitter(c, `${stack.name}/${item.logicalId}/revert`, 500, 2500);
    resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', s, o);
    let end: number;
    if (item.child) {
      const child = rollBackCompleted(c, item.child, s + jitter(c, `${stack.name}/${item.logicalId}/revertchild`, 300, 1000));
      end = child + jitter(c, `${stack.name}/${item.logicalId}/revertreport`, 800, 2000);
    } else {
      end = s + jitter(c, `${stack.name}/${item.logicalId}/revertdur`, 8_000, 25_000);
    }
    resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', end, o);
    last = Math.max(last, end);
  }
  return last;
}

/** A nested stack whose update had completed, rolled back with its parent from `at`. */
function rollBackCompleted(c: Ctx, run: Run, at: number): number {
  const o = op(c, run.stack, 'ROLLBACK', at);
  stackEvent(c, run.stack, 'UPDATE_ROLLBACK_IN_PROGRESS', '', at, o);
  const done = revert(c, run.stack, run.items, at, o);
  const cleanup = done + jitter(c, `${run.stack.name}/rbcleanup`, 500, 1500);
  stackEvent(c, run.stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', cleanup, o);
  const end = cleanup + jitter(c, `${run.stack.name}/rbdone`, 1000, 2500);
  stackEvent(c, run.stack, 'UPDATE_ROLLBACK_COMPLETE', '', end, o);
  return end;
}

interface Stopped {
  /** When the stack entered UPDATE_ROLLBACK_IN_PROGRESS (its parent hears of it just after). */
  rollbackAt: number;
  end: number;
}

/**
 * An update stopped at `stopAt`: by a failure of `failing` in this stack, or by its parent's cancellation. What
 * finished before is kept, what was running is cancelled, nothing else starts; then the stack rolls back.
 */
function renderStopped(c: Ctx, run: Run, stopAt: number, failing: {logicalId: string; reason: string} | null): Stopped {
  const {stack} = run;
  const o = op(c, stack, 'UPDATE_STACK', run.start);
  stackEvent(c, stack, 'UPDATE_IN_PROGRESS', 'User Initiated', run.start, o);
  const touched: Item[] = [];
  const failed: string[] = [];
  let settled = stopAt;
  for (const item of run.items) {
    if (item.start >= stopAt) continue;
    touched.push(item);
    resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
    if (failing && item.logicalId === failing.logicalId) {
      resourceEvent(c, stack, item, 'UPDATE_FAILED', failing.reason, stopAt, o);
      failed.push(item.logicalId);
    } else if (item.end <= stopAt) {
      if (item.child) renderOk(c, item.child);
      resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', item.end, o);
    } else if (item.child) {
      const child = renderStopped(c, item.child, stopAt + jitter(c, `${stack.name}/${item.logicalId}/cancel`, 300, 1000), null);
      const at = child.rollbackAt + jitter(c, `${stack.name}/${item.logicalId}/cancelreport`, 300, 1000);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', 'Resource update cancelled', at, o);
      failed.push(item.logicalId);
      settled = Math.max(settled, at);
      // Its own rollback is done; the parent only waits for it below.
      item.end = child.end;
    } else {
      const at = stopAt + jitter(c, `${stack.name}/${item.logicalId}/cancelled`, 300, 1500);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', 'Resource update cancelled', at, o);
      failed.push(item.logicalId);
      settled = Math.max(settled, at);
    }
  }
  const rollbackAt = settled + jitter(c, `${stack.name}/rollback`, 800, 2000);
  const rb = op(c, stack, 'ROLLBACK', rollbackAt);
  const summary = failing
    ? `The following resource(s) failed to update: [${failed.sort().join(', ')}]. `
    : 'Resource update cancelled';
  stackEvent(c, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', summary, rollbackAt, rb);
  let done = rollbackAt;
  for (const item of touched) {
    if (item.child && item.end > stopAt && !(failing && item.logicalId === failing.logicalId) && failed.includes(item.logicalId)) {
      // A cancelled nested stack rolled itself back: the parent records it as restored.
      const s = Math.max(rollbackAt, item.end) + jitter(c, `${stack.name}/${item.logicalId}/restored`, 300, 1000);
      resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', s, rb);
      const e = s + jitter(c, `${stack.name}/${item.logicalId}/restoreddone`, 500, 1500);
      resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', e, rb);
      done = Math.max(done, e);
    } else {
      done = Math.max(done, revert(c, stack, [item], rollbackAt, rb));
    }
  }
  const cleanup = done + jitter(c, `${stack.name}/rbcleanup`, 500, 1500);
  stackEvent(c, stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', cleanup, rb);
  const end = cleanup + jitter(c, `${stack.name}/rbdone`, 1000, 2500);
  stackEvent(c, stack, 'UPDATE_ROLLBACK_COMPLETE', '', end, rb);
  return {rollbackAt, end};
}

/** A root update whose nested stack `target` fails on its resource `failing`, and everything rolls back. */
function renderFailedRoot(c: Ctx, run: Run, target: Item, failing: Item, reason: string): number {
  const {stack} = run;
  const o = op(c, stack, 'UPDATE_STACK', run.start);
  stackEvent(c, stack, 'UPDATE_IN_PROGRESS', 'User Initiated', run.start, o);
  const childRun = target.child!;
  const failAt = failing.end;
  const child = renderStopped(c, childRun, failAt, {logicalId: failing.logicalId, reason});
  const stopAt = child.rollbackAt + jitter(c, 'root/hears', 800, 2000);
  const completed: Item[] = [];
  const failed: string[] = [];
  const restore: {item: Item; readyAt: number}[] = [];
  let settled = stopAt;
  for (const item of run.items) {
    if (item.start >= stopAt) continue;
    resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
    if (item === target) {
      const summary = `The following resource(s) failed to update: [${failing.logicalId}]. `;
      resourceEvent(
        c,
        stack,
        item,
        'UPDATE_FAILED',
        `Embedded stack ${item.physicalId} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: ${summary}`,
        stopAt,
        o,
      );
      failed.push(item.logicalId);
      restore.push({item, readyAt: child.end});
    } else if (item.end <= stopAt) {
      if (item.child) renderOk(c, item.child);
      resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', item.end, o);
      completed.push(item);
    } else if (item.child) {
      const cancelled = renderStopped(c, item.child, stopAt + jitter(c, `root/${item.logicalId}/cancel`, 300, 1000), null);
      const at = cancelled.rollbackAt + jitter(c, `root/${item.logicalId}/cancelreport`, 300, 1000);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', 'Resource update cancelled', at, o);
      failed.push(item.logicalId);
      restore.push({item, readyAt: cancelled.end});
      settled = Math.max(settled, at);
    } else {
      const at = stopAt + jitter(c, `root/${item.logicalId}/cancelled`, 300, 1500);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', 'Resource update cancelled', at, o);
      failed.push(item.logicalId);
      completed.push(item);
      settled = Math.max(settled, at);
    }
  }
  const rollbackAt = settled + jitter(c, 'root/rollback', 1000, 2000);
  const rb = op(c, stack, 'ROLLBACK', rollbackAt);
  stackEvent(c, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to update: [${failed.sort().join(', ')}]. `, rollbackAt, rb);
  let done = revert(c, stack, completed, rollbackAt, rb);
  for (const {item, readyAt} of restore) {
    const s = Math.max(rollbackAt, readyAt) + jitter(c, `root/${item.logicalId}/restored`, 300, 1000);
    resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', s, rb);
    const e = s + jitter(c, `root/${item.logicalId}/restoreddone`, 500, 1500);
    resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', e, rb);
    done = Math.max(done, e);
  }
  const cleanup = done + jitter(c, 'root/rbcleanup', 500, 1500);
  stackEvent(c, stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', cleanup, rb);
  const end = cleanup + jitter(c, 'root/rbdone', 1000, 2500);
  stackEvent(c, stack, 'UPDATE_ROLLBACK_COMPLETE', '', end, rb);
  return end;
}

/** Where a failing rung fails: Core's first function (or the nested stack with the most resources updated). */
function failurePoint(run: Run): {target: Item; failing: Item} | null {
  const nested = run.items.filter(i => i.child && i.child.items.some(x => !x.child));
  const target = nested.find(i => i.logicalId === 'Core') ?? [...nested].sort((a, b) => b.child!.items.length - a.child!.items.length)[0];
  if (!target) return null;
  const plain = target.child!.items.filter(x => !x.child);
  const failing = plain.find(x => x.resourceType === 'AWS::Lambda::Function') ?? plain[0];
  return failing ? {target, failing} : null;
}

function failureReason(c: Ctx): string {
  return (
    'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s ' +
    'UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: ' +
    `${c.st.random.uuid()})" (RequestToken: ${c.st.random.uuid()}, HandlerErrorCode: InvalidRequest)`
  );
}

function treeOf(view: WorldView, root: WorldStack): WorldStack[] {
  return view.world.stacks.filter(s => s === root || s.rootId === root.stackId || s.parentId === root.stackId);
}

/** Plays an executed change set: appends the update's events and queues its changes of state. */
function playUpdate(view: WorldView, st: AccountState, stack: WorldStack, cs: SimChangeSet, now: number): {endAt: number; ok: boolean} {
  const tree = treeOf(view, stack);
  const latest = Math.max(...tree.map(s => s.events[s.events.length - 1]?.time ?? 0));
  const start = Math.max(now, latest + 1);
  const version = versionInUrl(cs.templateUrl);
  // Timings are keyed by what is executed, not by the change set's name (which carries the caller's clock).
  const c: Ctx = {view, st, now, key: `${stack.stackId}/${cs.templateUrl}/${st.changeSets.indexOf(cs)}`, version, events: [], ops: [], mutations: []};
  const run = plan(c, stack, start);
  const fail = st.options.failRung && version === st.options.failRung && stack.parentId === null ? failurePoint(run) : null;
  const previous = {parameters: stack.parameters, description: stack.template.Description};
  const queue = (at: number, apply: () => void) => st.due.push({at, apply});
  queue(start, () => {
    stack.parameters = {...cs.resolved};
    if (cs.tags) stack.tags = {...cs.tags};
  });
  let end: number;
  if (fail) {
    end = renderFailedRoot(c, run, fail.target, fail.failing, failureReason(c));
    queue(end, () => (stack.parameters = previous.parameters));
  } else {
    renderOk(c, run);
    end = run.end;
    st.due.push(...c.mutations);
    queue(end, () => {
      st.templateUrls.set(stack.stackId, cs.templateUrl);
      if (version) stack.template.Description = previous.description.replace(/v\d+\.\d+\.\d+/, `v${version}`);
    });
  }
  // Append in time order; every new event is after the stack's last one, so the binary searches stay valid.
  const byStack = new Map<string, WorldEvent[]>();
  for (const e of stableSortBy(c.events, e => e.time)) byStack.set(e.stackId, [...(byStack.get(e.stackId) ?? []), e]);
  for (const s of tree) {
    const added = byStack.get(s.stackId);
    const ops = c.ops.filter(o => o.stackId === s.stackId);
    if (!added && ops.length === 0) continue;
    s.events.push(...(added ?? []));
    s.operations.push(...stableSortBy(ops, o => o.start));
    view.reindex(s);
  }
  return {endAt: end, ok: !fail};
}
