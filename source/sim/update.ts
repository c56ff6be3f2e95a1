// The update engine: plays an executed change set's plan on the clock. The world is generated up front; an update
// appends its future events to the stacks it touches (they become visible as the clock passes them) and queues the
// changes of state that go with them (parameters and template at the start, nested stacks' PantherVersion tags as
// each completes), applied by applyDue() before every request. A scenario can make one version's update fail in a
// nested stack and roll back (parameters and template revert when the rollback ends).
import type {AccountState, PlannedChange, StackPlanned} from './changesets.js';
import {versionInUrl} from './changesets.js';
import {keyedFloat} from './random.js';
import {typeTiming} from './scenarios/resource-types.js';
import type {WorldView} from './view.js';
import {stableSortBy, stackLevelEvent, type TemplateDoc, type WorldEvent, type WorldOperation, type WorldStack} from './world.js';

export interface UpdateRun {
  endAt: number;
  ok: boolean;
}

export interface UpdateSpec {
  /** The top-level stack updated. */
  stack: WorldStack;
  plan: StackPlanned;
  templateUrl: string;
  /** The template the stack moves to; null keeps the current one (its Description takes the new version). */
  template: TemplateDoc | null;
  resolved: Record<string, string>;
  /** null: the stack keeps its own tags. */
  tags: Record<string, string> | null;
  /** Keys the timing jitter. */
  key: string;
}

interface Due {
  at: number;
  apply: () => void;
}

const DURATION: Record<string, [number, number]> = {
  'AWS::Lambda::Function': [15_000, 40_000],
  'AWS::ECS::Service': [90_000, 180_000],
  'AWS::ECS::TaskDefinition': [3_000, 8_000],
  'AWS::IAM::Role': [10_000, 25_000],
  'AWS::IAM::ManagedPolicy': [8_000, 15_000],
  'AWS::IAM::Policy': [8_000, 15_000],
  'AWS::DynamoDB::Table': [20_000, 45_000],
};
/** CloudFormation's reason when an update replaces a resource. */
const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';

interface Picked {
  logicalId: string;
  physicalId: string;
  resourceType: string;
}

interface Item extends Picked {
  start: number;
  end: number;
  /** A replacement: the new resource's physical id (the old one is deleted in the cleanup). */
  newPhysicalId?: string;
  child?: Run;
}

interface Run {
  stack: WorldStack;
  start: number;
  items: Item[];
  /** Resources the update removes: deleted in the cleanup, once everything else succeeded. */
  removals: Picked[];
  cleanupAt: number;
  end: number;
}

interface Ctx {
  view: WorldView;
  st: AccountState;
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
function plan(c: Ctx, planned: StackPlanned, start: number): Run {
  const {stack} = planned;
  const order = Object.keys(stack.template.Resources);
  const changes = stableSortBy(planned.changes, ch => order.indexOf(ch.logicalId));
  const items: Item[] = [];
  const removals: Picked[] = [];
  const k = (s: string) => `${stack.name}/${s}`;
  for (const r of changes) {
    const picked: Picked = {logicalId: r.logicalId, physicalId: r.physicalId, resourceType: r.resourceType};
    if (r.action === 'Remove') {
      removals.push(picked);
      continue;
    }
    let s = start + jitter(c, k(`${r.logicalId}/start`), 1000, 3000);
    for (const dep of stack.template.Resources[r.logicalId]?.DependsOn ?? []) {
      const d = items.find(i => i.logicalId === dep);
      if (d) s = Math.max(s, d.end + jitter(c, k(`${r.logicalId}/dep/${dep}`), 500, 1500));
    }
    if (r.child) {
      const child = plan(c, r.child, s + jitter(c, k(`${r.logicalId}/child`), 400, 1200));
      items.push({...picked, start: s, end: child.end + jitter(c, k(`${r.logicalId}/report`), 800, 2000), child});
    } else {
      const [lo, hi] = DURATION[r.resourceType] ?? [10_000, 30_000];
      items.push({...picked, start: s, end: s + jitter(c, k(`${r.logicalId}/dur`), lo, hi), ...replaced(r)});
    }
  }
  const last = Math.max(start, ...items.map(i => i.end));
  const cleanupAt = last + jitter(c, k('cleanup'), 500, 1500);
  let cleaned = cleanupAt;
  for (const r of [...removals, ...items.filter(i => i.newPhysicalId)]) {
    cleaned = Math.max(cleaned, cleanupAt + jitter(c, k(`${r.logicalId}/delete`), 300, 900) + typeTiming(r.resourceType).deleteMs);
  }
  return {stack, start, items, removals, cleanupAt, end: cleaned + jitter(c, k('complete'), 1000, 3000)};
}

function replaced(r: PlannedChange): {newPhysicalId?: string} {
  return r.newPhysicalId ? {newPhysicalId: r.newPhysicalId} : {};
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

/** A resource's update going through: in place, or by replacement (a new physical resource). */
function forward(c: Ctx, stack: WorldStack, item: Item, o: WorldOperation): void {
  if (item.newPhysicalId) {
    resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', REPLACING, item.start, o);
    const fresh = {...item, physicalId: item.newPhysicalId};
    resourceEvent(c, stack, fresh, 'UPDATE_IN_PROGRESS', 'Resource creation Initiated', item.start + 1000, o);
    resourceEvent(c, stack, fresh, 'UPDATE_COMPLETE', '', item.end, o);
    return;
  }
  resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
  resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', item.end, o);
}

/** Nested stacks carry a PantherVersion tag their parent's template sets: it moves when each completes. */
function moveTag(c: Ctx, stack: WorldStack, at: number): void {
  const version = c.version;
  if (!version || stack.parentId === null || stack.tags.PantherVersion === undefined) return;
  c.mutations.push({at, apply: () => (stack.tags = {...stack.tags, PantherVersion: version})});
}

/**
 * A successful update, nested stacks included. `cleanup`: the removed and replaced resources are deleted (only
 * when the whole update succeeds: inside a failing update nothing is deleted, so the rollback can restore it).
 */
function renderOk(c: Ctx, run: Run, cleanup: boolean): void {
  const o = op(c, run.stack, 'UPDATE_STACK', run.start);
  stackEvent(c, run.stack, 'UPDATE_IN_PROGRESS', 'User Initiated', run.start, o);
  for (const item of run.items) {
    if (item.child) {
      resourceEvent(c, run.stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
      renderOk(c, item.child, cleanup);
      resourceEvent(c, run.stack, item, 'UPDATE_COMPLETE', '', item.end, o);
    } else {
      forward(c, run.stack, item, o);
    }
  }
  stackEvent(c, run.stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '', run.cleanupAt, o);
  if (cleanup) {
    for (const r of [...run.removals, ...run.items.filter(i => i.newPhysicalId)]) {
      const s = run.cleanupAt + jitter(c, `${run.stack.name}/${r.logicalId}/delete`, 300, 900);
      resourceEvent(c, run.stack, r, 'DELETE_IN_PROGRESS', '', s, o);
      resourceEvent(c, run.stack, r, 'DELETE_COMPLETE', '', s + typeTiming(r.resourceType).deleteMs, o);
    }
  }
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
    if (failing && item.logicalId === failing.logicalId) {
      resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', failing.reason, stopAt, o);
      failed.push(item.logicalId);
    } else if (item.end <= stopAt) {
      if (item.child) {
        resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
        renderOk(c, item.child, false);
        resourceEvent(c, stack, item, 'UPDATE_COMPLETE', '', item.end, o);
      } else {
        forward(c, stack, item, o);
      }
    } else if (item.child) {
      resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
      const child = renderStopped(c, item.child, stopAt + jitter(c, `${stack.name}/${item.logicalId}/cancel`, 300, 1000), null);
      const at = child.rollbackAt + jitter(c, `${stack.name}/${item.logicalId}/cancelreport`, 300, 1000);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', 'Resource update cancelled', at, o);
      failed.push(item.logicalId);
      settled = Math.max(settled, at);
      // Its own rollback is done; the parent only waits for it below.
      item.end = child.end;
    } else {
      resourceEvent(c, stack, item, 'UPDATE_IN_PROGRESS', '', item.start, o);
      const at = stopAt + jitter(c, `${stack.name}/${item.logicalId}/cancelled`, 300, 1500);
      resourceEvent(c, stack, item, 'UPDATE_FAILED', 'Resource update cancelled', at, o);
      failed.push(item.logicalId);
      settled = Math.max(settled, at);
    }
  }
  const rollbackAt = settled + jitter(c, `${stack.name}/rollback`, 800, 2000);
  const rb = op(c, stack, 'ROLLBACK', rollbackAt);
  const summary = failing ? `The following resource(s) failed to update: [${failed.sort().join(', ')}]. ` : 'Resource update cancelled';
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
      if (item.child) renderOk(c, item.child, false);
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
  const nested = run.items.filter(i => i.child?.items.some(x => !x.child));
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

/** Plays an update from `now`: appends its events and queues its changes of state. */
export function playUpdate(view: WorldView, st: AccountState, spec: UpdateSpec, now: number): UpdateRun {
  const {stack} = spec;
  const tree = treeOf(view, stack);
  const latest = Math.max(...tree.map(s => s.events[s.events.length - 1]?.time ?? 0));
  const start = Math.max(now, latest + 1);
  const version = versionInUrl(spec.templateUrl);
  const c: Ctx = {view, st, key: spec.key, version, events: [], ops: [], mutations: []};
  const run = plan(c, spec.plan, start);
  const fail = st.options.failRung && version === st.options.failRung && stack.parentId === null ? failurePoint(run) : null;
  const previous = {
    parameters: stack.parameters,
    template: stack.template,
    description: stack.description,
    url: st.templateUrls.get(stack.stackId),
  };
  const queue = (at: number, apply: () => void) => st.due.push({at, apply});
  // The stack takes the new parameters and template when its update starts; a rollback puts them back at its end.
  queue(start, () => {
    stack.parameters = {...spec.resolved};
    if (spec.tags) stack.tags = {...spec.tags};
    if (spec.template) {
      stack.template = spec.template;
      stack.description = spec.template.Description;
    }
    st.templateUrls.set(stack.stackId, spec.templateUrl);
  });
  let end: number;
  if (fail) {
    end = renderFailedRoot(c, run, fail.target, fail.failing, failureReason(c));
    queue(end, () => {
      stack.parameters = previous.parameters;
      stack.template = previous.template;
      stack.description = previous.description;
      if (previous.url === undefined) st.templateUrls.delete(stack.stackId);
      else st.templateUrls.set(stack.stackId, previous.url);
    });
  } else {
    renderOk(c, run, true);
    end = run.end;
    st.due.push(...c.mutations);
    if (!spec.template && version) {
      // Without a catalogue the template stays; its Description names the new version once the update is done.
      queue(end, () => (stack.template.Description = previous.template.Description.replace(/v\d+\.\d+\.\d+/, `v${version}`)));
    }
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
