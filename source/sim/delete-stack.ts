// DeleteStack on the simulated account: the stack's delete played on the clock, as CloudFormation does it. The stack
// goes DELETE_IN_PROGRESS ("User Initiated") at once; every resource it still holds is deleted (a nested stack by its
// own delete, a resource whose template says DeletionPolicy Retain skipped: DELETE_SKIPPED), then DELETE_COMPLETE.
// A root that rolled back holds nothing any more: its delete is those two events, a few seconds apart.
import {accountState} from './changesets.js';
import type {QueryHandler} from './cloudformation.js';
import {validation} from './errors.js';
import {keyedFloat} from './random.js';
import {typeTiming} from './scenarios/resource-types.js';
import type {WorldView} from './view.js';
import {STACK_TYPE, stableSortBy, stackIsIn, stackLevelEvent, type WorldEvent, type WorldOperation, type WorldStack} from './world.js';

/** Statuses in which a resource is gone from the stack: nothing left to delete. */
const GONE = new Set(['DELETE_COMPLETE', 'DELETE_SKIPPED']);

export const DeleteStack: QueryHandler = (p, ctx) => {
  const name = p.get('StackName');
  if (!name) throw validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  const stack = ctx.view.find(name, ctx.now, s => stackIsIn(s.stackId, ctx.scope ?? null));
  // As AWS: deleting a stack that does not exist (or no longer does) succeeds and does nothing.
  if (!stack) return {};
  const status = ctx.view.state(stack, ctx.now)?.status ?? '';
  if (status === 'DELETE_COMPLETE' || status === 'DELETE_IN_PROGRESS') return {};
  // The sim does not cancel a running operation (AWS cancels a create; it refuses the others like this). A stack
  // only reviewed (a CREATE change set never executed) holds nothing: it goes like a rolled-back one.
  if (status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS') {
    throw validation(`Stack [${stack.name}] cannot be deleted while in status ${status}`);
  }
  if (pendingAfter(ctx.view, stack, ctx.now)) throw validation(`Stack [${stack.name}] cannot be deleted while an operation is in progress`);
  playDelete(ctx.view, stack, ctx.now, new Set(p.list('RetainResources')));
  ctx.wake?.();
  return {};
};

/** The stack and every stack under it, in creation order. */
function subtree(view: WorldView, root: WorldStack): WorldStack[] {
  const ids = new Set([root.stackId]);
  const out = [root];
  for (const s of view.world.stacks) {
    if (s.parentId !== null && ids.has(s.parentId) && !ids.has(s.stackId)) {
      ids.add(s.stackId);
      out.push(s);
    }
  }
  return out;
}

/** Events of the tree still to come (an update queued on the clock): the stack is busy even if it does not show yet. */
function pendingAfter(view: WorldView, stack: WorldStack, now: number): boolean {
  return subtree(view, stack).some(s => (s.events.at(-1)?.time ?? 0) > now);
}

/** Plays the delete of `stack` (and its nested stacks) from `now`: appends the events, returns when it ends. */
export function playDelete(view: WorldView, stack: WorldStack, now: number, retainResources: ReadonlySet<string> = new Set()): number {
  const st = accountState(view.world);
  const tree = subtree(view, stack);
  const start = Math.max(now, ...tree.map(s => (s.events.at(-1)?.time ?? 0) + 1));
  const events: WorldEvent[] = [];
  const operations: WorldOperation[] = [];
  const key = `${stack.stackId}/delete/${stack.operations.length}`;
  const jitter = (k: string, min: number, max: number) => Math.round(min + keyedFloat(st.seed, `${key}/${k}`) * (max - min));

  const deleteOne = (s: WorldStack, at: number, reason: string): number => {
    const op: WorldOperation = {id: st.random.uuid(), type: 'DELETE_STACK', stackId: s.stackId, start: at};
    operations.push(op);
    events.push(stackLevelEvent(s, st.random.uuid(), 'DELETE_IN_PROGRESS', reason, at, op.id));
    let last = at;
    // Resources go in parallel (the sim does not order them by dependency); nested stacks by their own delete.
    for (const r of view.resources(s, now).filter(x => !GONE.has(x.status))) {
      const rk = `${s.name}/${r.logicalId}`;
      const begin = at + jitter(`${rk}/start`, 300, 2500);
      const event = (status: string, time: number): WorldEvent => ({
        eventId: st.random.uuid(),
        stackId: s.stackId,
        stackName: s.name,
        logicalId: r.logicalId,
        physicalId: r.physicalId,
        resourceType: r.resourceType,
        status,
        reason: '',
        time,
        operationId: op.id,
      });
      const retained = s.template.Resources[r.logicalId]?.DeletionPolicy === 'Retain' || (s === stack && retainResources.has(r.logicalId));
      if (retained) {
        events.push(event('DELETE_SKIPPED', begin));
        last = Math.max(last, begin);
        continue;
      }
      events.push(event('DELETE_IN_PROGRESS', begin));
      const child = r.resourceType === STACK_TYPE ? view.byId.get(r.physicalId) : undefined;
      const end = child
        ? deleteOne(child, begin + jitter(`${rk}/child`, 300, 1200), '') + jitter(`${rk}/report`, 500, 2000)
        : begin + Math.round(typeTiming(r.resourceType).deleteMs * (0.85 + 0.3 * keyedFloat(st.seed, `${key}/${rk}/dur`)));
      events.push(event('DELETE_COMPLETE', end));
      last = Math.max(last, end);
    }
    const done = last + jitter(`${s.name}/done`, 1500, 3500);
    const failure = view.world.deleteFailures?.[s.name];
    events.push(stackLevelEvent(s, st.random.uuid(), failure ? 'DELETE_FAILED' : 'DELETE_COMPLETE', failure ?? '', done, op.id));
    return done;
  };

  const end = deleteOne(stack, start, 'User Initiated');
  // Every new event is after its stack's last one: appended in time order, the view's binary searches stay valid.
  for (const s of tree) {
    const added = stableSortBy(
      events.filter(e => e.stackId === s.stackId),
      e => e.time,
    );
    const ops = operations.filter(o => o.stackId === s.stackId);
    if (added.length === 0 && ops.length === 0) continue;
    s.events.push(...added);
    s.operations.push(...ops);
    view.reindex(s);
  }
  return end;
}
