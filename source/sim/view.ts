// Time-filtered reads of the world: what the account looks like at scenario time `now`.
import {isStackLevel, type World, type WorldEvent, type WorldOperation, type WorldStack} from './world.js';

export interface StackState {
  status: string;
  reason: string;
  creationTime: number;
  lastUpdatedTime: number | null;
  deletionTime: number | null;
  deleted: boolean;
}

/** A resource's latest state: the fields of the event that set it. */
export type ResourceState = Pick<WorldEvent, 'logicalId' | 'physicalId' | 'resourceType' | 'status' | 'reason' | 'time'>;

export class WorldView {
  readonly byId = new Map<string, WorldStack>();
  /** Position of each stack in creation order: pagination tokens use it. */
  readonly order = new Map<string, number>();
  readonly operations = new Map<string, WorldOperation>();
  private readonly stackLevel = new Map<string, number[]>();

  constructor(readonly world: World) {
    world.stacks.forEach((stack, i) => {
      this.byId.set(stack.stackId, stack);
      this.order.set(stack.stackId, i);
      for (const op of stack.operations) this.operations.set(op.id, op);
      const positions: number[] = [];
      stack.events.forEach((e, j) => {
        if (isStackLevel(stack, e)) positions.push(j);
      });
      this.stackLevel.set(stack.stackId, positions);
    });
  }

  /** Indexes a stack added after the world was built (a stack a CREATE change set makes, or its nested stacks). */
  addStack(stack: WorldStack): void {
    this.world.stacks.push(stack);
    this.byId.set(stack.stackId, stack);
    this.order.set(stack.stackId, this.world.stacks.length - 1);
    this.reindex(stack);
  }

  /**
   * Re-indexes a stack after events or operations were appended to it (a change set executed on the clock). The
   * appended events must keep the order: times not before the stack's last event.
   */
  reindex(stack: WorldStack): void {
    for (const op of stack.operations) this.operations.set(op.id, op);
    const positions: number[] = [];
    stack.events.forEach((e, j) => {
      if (isStackLevel(stack, e)) positions.push(j);
    });
    this.stackLevel.set(stack.stackId, positions);
  }

  /** Number of the stack's events with time <= now (they are the first N, oldest first). */
  visibleCount(stack: WorldStack, now: number): number {
    return upperBound(stack.events, now);
  }

  visibleEvents(stack: WorldStack, now: number): WorldEvent[] {
    return stack.events.slice(0, this.visibleCount(stack, now));
  }

  state(stack: WorldStack, now: number): StackState | null {
    const count = this.visibleCount(stack, now);
    if (count === 0) return null;
    const positions = this.stackLevel.get(stack.stackId) ?? [];
    const latestPos = positions[upperBoundNumbers(positions, count - 1) - 1];
    const latest = latestPos === undefined ? stack.events[0] : stack.events[latestPos];
    const ops = this.visibleOperations(stack, now);
    const firstOp = ops[ops.length - 1];
    const lastChange = ops.find(o => o !== firstOp && o.type !== 'DELETE_STACK');
    const deleteOp = ops.find(o => o.type === 'DELETE_STACK');
    const deleting = latest.status.startsWith('DELETE_');
    return {
      status: latest.status,
      reason: latest.reason,
      creationTime: stack.events[0].time,
      lastUpdatedTime: lastChange ? lastChange.start : null,
      deletionTime: deleting ? (deleteOp ? deleteOp.start : latest.time) : null,
      deleted: latest.status === 'DELETE_COMPLETE',
    };
  }

  /** Newest first. */
  visibleOperations(stack: WorldStack, now: number): WorldOperation[] {
    return stack.operations.filter(o => o.start <= now).reverse();
  }

  /** Resources in order of first appearance, each with its latest visible event. */
  resources(stack: WorldStack, now: number): ResourceState[] {
    const byLogical = new Map<string, ResourceState>();
    const count = this.visibleCount(stack, now);
    for (let i = 0; i < count; i++) {
      const e = stack.events[i];
      if (isStackLevel(stack, e)) continue;
      const prior = byLogical.get(e.logicalId);
      // An update that replaced a resource deletes the old physical resource in its cleanup: the resource is the new one.
      const replacedOne = prior?.physicalId && e.physicalId && e.physicalId !== prior.physicalId;
      if (replacedOne && e.status.startsWith('DELETE_') && !prior.status.startsWith('DELETE_')) continue;
      byLogical.set(e.logicalId, {
        logicalId: e.logicalId,
        // The physical id stays once known (deletes keep reporting it).
        physicalId: e.physicalId || prior?.physicalId || '',
        resourceType: e.resourceType,
        status: e.status,
        reason: e.reason,
        time: e.time,
      });
    }
    return [...byLogical.values()];
  }

  /**
   * Finds a stack as AWS does: an ARN finds any stack (deleted ones too); a name finds only a live stack.
   * Returns null when nothing matches at `now`, or only stacks `accept` refuses (another account's or region's).
   */
  find(nameOrId: string, now: number, accept: (stack: WorldStack) => boolean = () => true): WorldStack | null {
    if (nameOrId.startsWith('arn:')) {
      const stack = this.byId.get(nameOrId);
      return stack && accept(stack) && this.visibleCount(stack, now) > 0 ? stack : null;
    }
    // Newest live stack with that name (a name can be reused after a delete).
    for (let i = this.world.stacks.length - 1; i >= 0; i--) {
      const stack = this.world.stacks[i];
      if (stack.name !== nameOrId || !accept(stack)) continue;
      const st = this.state(stack, now);
      if (st && !st.deleted) return stack;
    }
    return null;
  }

  /** Stacks that exist at `now` (deleted ones included), in creation order. */
  existing(now: number): WorldStack[] {
    return this.world.stacks.filter(s => s.events[0].time <= now);
  }
}

/** Index of the first event with time > t. */
function upperBound(events: readonly WorldEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBoundNumbers(values: readonly number[], v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
