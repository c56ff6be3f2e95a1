// The story engine: plays a stack tree's create (and, on failure, its cancellations, rollback and the deletes) the way
// CloudFormation does, and returns every event with its time. Pure apart from id generation: timing jitter is keyed
// by (stack, resource, phase), so re-playing a nested stack with a cancellation draws the same durations.
import {keyedFloat, type Random} from './random.js';
import {stackLevelEvent, type WorldEvent, type WorldOperation, type WorldStack} from './world.js';

export interface ResourcePlan {
  logicalId: string;
  type: string;
  physicalId: string;
  /** Logical ids (earlier in the list) this one waits for. */
  deps: string[];
  createMs: number;
  deleteMs: number;
  /** Offset from the story start before which the resource does not start. */
  notBefore?: number;
  /** The create fails with this reason, at `at` (offset from the story start) or when its create time is up. */
  fail?: {at?: number; reason: string};
  child?: StackPlan;
  /** DeletionPolicy Retain: a rollback or stack delete skips it (DELETE_SKIPPED) and it stays in the account. */
  retain?: boolean;
}

export interface StackPlan {
  stack: WorldStack;
  resources: ResourcePlan[];
  isRoot: boolean;
}

interface ResourceRun {
  plan: ResourcePlan;
  start: number;
  end: number;
  failed: boolean;
  physicalId: string;
  child?: CreateRun;
}

interface CreateRun {
  plan: StackPlan;
  outcome: 'complete' | 'failed' | 'cancelled';
  /** When the stack reached CREATE_COMPLETE or ROLLBACK_COMPLETE: what its parent waits for. */
  reportAt: number;
  failedList: string[];
  /** Resources that exist after the create (all of them when complete, none after a rollback). */
  kept: ResourceRun[];
  events: WorldEvent[];
  operations: WorldOperation[];
}

export interface StoryResult {
  events: WorldEvent[];
  operations: WorldOperation[];
  endAt: number;
  outcome: CreateRun['outcome'];
}

export class StoryEngine {
  constructor(
    private readonly seed: number,
    private readonly random: Random,
    /** Epoch ms of the story start: plan offsets are relative to it. */
    private readonly t0: number,
  ) {}

  /** Plays the first deploy of a root stack starting at `offset` ms after the story start. */
  createRoot(plan: StackPlan, offset = 0): StoryResult {
    const run = this.create(plan, this.t0 + offset, null);
    return {events: run.events, operations: run.operations, endAt: run.reportAt, outcome: run.outcome};
  }

  private jitter(key: string, min: number, max: number): number {
    return Math.round(min + keyedFloat(this.seed, key) * (max - min));
  }

  private create(plan: StackPlan, start: number, cancelAt: number | null): CreateRun {
    const stack = plan.stack;
    const k = (phase: string) => `${stack.name}/${phase}`;
    const events: WorldEvent[] = [];
    const operations: WorldOperation[] = [];
    const createOp: WorldOperation = {id: this.random.uuid(), type: 'CREATE_STACK', stackId: stack.stackId, start};
    operations.push(createOp);
    events.push(this.stackEvent(stack, 'CREATE_IN_PROGRESS', 'User Initiated', start, createOp.id));

    // 1. The natural schedule, as if nothing failed or was cancelled.
    const runs = new Map<string, ResourceRun & {natural?: CreateRun}>();
    for (const r of plan.resources) {
      let s = start + this.jitter(k(`${r.logicalId}/start`), 800, 3000);
      for (const d of r.deps) {
        const dep = runs.get(d);
        if (dep) s = Math.max(s, dep.end + this.jitter(k(`${r.logicalId}/dep/${d}`), 300, 2000));
      }
      // Planted times get a little jitter so they do not fall on round seconds.
      if (r.notBefore !== undefined) s = Math.max(s, this.t0 + r.notBefore + this.jitter(k(`${r.logicalId}/nb`), 0, 900));
      if (r.child) {
        const childStart = s + this.jitter(k(`${r.logicalId}/child`), 400, 1500);
        const natural = this.create(r.child, childStart, null);
        const end = natural.reportAt + this.jitter(k(`${r.logicalId}/report`), 500, 2500);
        runs.set(r.logicalId, {plan: r, start: s, end, failed: natural.outcome !== 'complete', physicalId: r.child.stack.stackId, natural});
      } else {
        const duration = Math.round(r.createMs * (0.85 + 0.3 * keyedFloat(this.seed, k(`${r.logicalId}/dur`))));
        if (r.fail?.at !== undefined) s = Math.max(s, this.t0 + r.fail.at + this.jitter(k(`${r.logicalId}/at`), 0, 900) - duration);
        runs.set(r.logicalId, {plan: r, start: s, end: s + duration, failed: Boolean(r.fail), physicalId: r.physicalId});
      }
    }

    // 2. The first failure (or the parent's cancellation) stops everything still running.
    let firstFail = Infinity;
    for (const run of runs.values()) if (run.failed) firstFail = Math.min(firstFail, run.end);
    const stopAt = Math.min(firstFail, cancelAt ?? Infinity);
    const stopped = Number.isFinite(stopAt);

    const started: ResourceRun[] = [];
    const finals: {run: ResourceRun; status: string; reason: string; at: number}[] = [];
    for (const r of plan.resources) {
      const run = runs.get(r.logicalId)!;
      if (stopped && run.start >= stopAt) continue; // never started
      started.push(run);
      if (!stopped || run.end <= stopAt) {
        if (run.natural) run.child = run.natural;
        const reason = run.failed ? (r.child ? embeddedReason(run.child!) : r.fail!.reason) : '';
        finals.push({run, status: run.failed ? 'CREATE_FAILED' : 'CREATE_COMPLETE', reason, at: run.end});
      } else if (r.child) {
        // A running nested stack is told to cancel; the parent hears back once it has rolled back.
        const cancelChild = stopAt + this.jitter(k(`${r.logicalId}/cancel`), 300, 1500);
        const child = this.create(r.child, run.natural!.events[0].time, cancelChild);
        run.child = child;
        run.failed = true;
        run.end = child.reportAt + this.jitter(k(`${r.logicalId}/report`), 500, 2500);
        const reason = child.outcome === 'failed' ? embeddedReason(child) : 'Resource creation cancelled';
        finals.push({run, status: 'CREATE_FAILED', reason, at: run.end});
      } else {
        run.failed = true;
        run.end = stopAt + this.jitter(k(`${r.logicalId}/cancelled`), 200, 2500);
        finals.push({run, status: 'CREATE_FAILED', reason: 'Resource creation cancelled', at: run.end});
      }
    }

    for (const f of finals) {
      const {run} = f;
      const r = run.plan;
      events.push(this.resourceEvent(stack, r, '', 'CREATE_IN_PROGRESS', '', run.start, createOp.id));
      const initiatedAt = run.child ? run.child.events[0].time : run.start + this.jitter(k(`${r.logicalId}/initiated`), 200, 1200);
      if (initiatedAt < f.at) {
        events.push(this.resourceEvent(stack, r, run.physicalId, 'CREATE_IN_PROGRESS', 'Resource creation Initiated', initiatedAt, createOp.id));
      }
      events.push(this.resourceEvent(stack, r, run.physicalId, f.status, f.reason, f.at, createOp.id));
      if (run.child) {
        events.push(...run.child.events);
        operations.push(...run.child.operations);
      }
    }

    if (!stopped) {
      const doneAt = Math.max(start, ...finals.map(f => f.at)) + this.jitter(k('complete'), 500, 2500);
      events.push(this.stackEvent(stack, 'CREATE_COMPLETE', '', doneAt, createOp.id));
      return {plan, outcome: 'complete', reportAt: doneAt, failedList: [], kept: started, events, operations};
    }

    // 3. Rollback: once nothing is in flight, delete what was created, dependents first.
    const failedList = finals
      .filter(f => f.status === 'CREATE_FAILED')
      .map(f => f.run.plan.logicalId)
      .sort();
    const settle = Math.max(stopAt, ...finals.map(f => f.at));
    const rbStart = settle + this.jitter(k('rollback'), 500, 2000);
    const rbOp: WorldOperation = {id: this.random.uuid(), type: 'ROLLBACK', stackId: stack.stackId, start: rbStart};
    operations.push(rbOp);
    const summary = failedList.length
      ? `The following resource(s) failed to create: [${failedList.join(', ')}]. Rollback requested by user.${plan.isRoot ? '.' : ''}`
      : 'Resource creation cancelled';
    events.push(this.stackEvent(stack, 'ROLLBACK_IN_PROGRESS', summary, rbStart, rbOp.id));
    const rbEnd = this.deleteResources(stack, started, rbStart, rbOp.id, events, operations) + this.jitter(k('rbdone'), 500, 2000);
    events.push(this.stackEvent(stack, 'ROLLBACK_COMPLETE', '', rbEnd, rbOp.id));
    const outcome = firstFail <= (cancelAt ?? Infinity) ? 'failed' : 'cancelled';
    return {plan, outcome, reportAt: rbEnd, failedList, kept: [], events, operations};
  }

  /** Deletes resources in reverse dependency order from `from`; returns when the last one is gone. */
  private deleteResources(
    stack: WorldStack,
    resources: ResourceRun[],
    from: number,
    opId: string,
    events: WorldEvent[],
    operations: WorldOperation[],
  ): number {
    const k = (phase: string) => `${stack.name}/${phase}`;
    const present = new Set(resources.map(r => r.plan.logicalId));
    const doneAt = new Map<string, number>();
    let last = from;
    for (let i = resources.length - 1; i >= 0; i--) {
      const run = resources[i];
      const r = run.plan;
      let s = from + this.jitter(k(`${r.logicalId}/del`), 300, 1500);
      // Wait for every resource that depends on this one.
      for (let j = i + 1; j < resources.length; j++) {
        const other = resources[j].plan;
        if (other.deps.includes(r.logicalId) && present.has(other.logicalId)) {
          s = Math.max(s, (doneAt.get(other.logicalId) ?? s) + this.jitter(k(`${r.logicalId}/deldep`), 200, 1000));
        }
      }
      if (r.retain && !run.child) {
        // CloudFormation leaves it where it is: one DELETE_SKIPPED, nothing waits for it.
        events.push(this.resourceEvent(stack, r, run.physicalId, 'DELETE_SKIPPED', '', s, opId));
        doneAt.set(r.logicalId, s);
        last = Math.max(last, s);
        continue;
      }
      let end: number;
      events.push(this.resourceEvent(stack, r, run.physicalId, 'DELETE_IN_PROGRESS', '', s, opId));
      if (run.child) {
        const childDone = this.deleteStack(run.child, s + this.jitter(k(`${r.logicalId}/delchild`), 300, 1200));
        events.push(...childDone.events);
        operations.push(...childDone.operations);
        end = childDone.end + this.jitter(k(`${r.logicalId}/deldone`), 500, 2000);
      } else {
        const base = run.failed ? Math.min(r.deleteMs, 1500) : r.deleteMs;
        end = s + Math.round(base * (0.85 + 0.3 * keyedFloat(this.seed, k(`${r.logicalId}/deldur`))));
      }
      events.push(this.resourceEvent(stack, r, run.physicalId, 'DELETE_COMPLETE', '', end, opId));
      doneAt.set(r.logicalId, end);
      last = Math.max(last, end);
    }
    return last;
  }

  /** A parent deleting a nested stack it created (on rollback or stack delete). */
  private deleteStack(run: CreateRun, at: number): {events: WorldEvent[]; operations: WorldOperation[]; end: number} {
    const stack = run.plan.stack;
    const op: WorldOperation = {id: this.random.uuid(), type: 'DELETE_STACK', stackId: stack.stackId, start: at};
    const events: WorldEvent[] = [this.stackEvent(stack, 'DELETE_IN_PROGRESS', 'User Initiated', at, op.id)];
    const operations: WorldOperation[] = [op];
    const last = this.deleteResources(stack, run.kept, at, op.id, events, operations);
    const end = last + this.jitter(`${stack.name}/deleted`, 800, 3000);
    events.push(this.stackEvent(stack, 'DELETE_COMPLETE', '', end, op.id));
    return {events, operations, end};
  }

  private stackEvent(stack: WorldStack, status: string, reason: string, time: number, opId: string): WorldEvent {
    return stackLevelEvent(stack, this.random.uuid(), status, reason, time, opId);
  }

  private resourceEvent(
    stack: WorldStack,
    r: ResourcePlan,
    physicalId: string,
    status: string,
    reason: string,
    time: number,
    opId: string,
  ): WorldEvent {
    return {
      eventId: `${r.logicalId}-${status}-${new Date(time).toISOString()}`,
      stackId: stack.stackId,
      stackName: stack.name,
      logicalId: r.logicalId,
      physicalId,
      resourceType: r.type,
      status,
      reason,
      time,
      operationId: opId,
    };
  }
}

function embeddedReason(child: CreateRun): string {
  return `Embedded stack ${child.plan.stack.stackId} was not successfully created: The following resource(s) failed to create: [${child.failedList.join(', ')}].`;
}

/** Groups the story's events and operations onto their stacks. */
export function attachStory(stacks: WorldStack[], story: StoryResult): void {
  const byId = new Map(stacks.map(s => [s.stackId, s]));
  for (const e of story.events) byId.get(e.stackId)?.events.push(e);
  for (const o of story.operations) byId.get(o.stackId)?.operations.push(o);
}
