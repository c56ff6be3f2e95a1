// Whether a stack is what `cleanup` removes: a root whose only operation was its first deploy (a CREATE), which
// failed and rolled back to ROLLBACK_COMPLETE. Such a stack holds nothing but its name (CloudFormation keeps it so the
// failure can be read) and must be deleted before a new deploy can reuse the name. Anything else is refused, saying
// why and what to do instead. Generic CloudFormation: pure.
import {splitOperations} from './operations.js';
import {latestResourceEvents, type Removal, type RetainedResource, type RetainedState} from './retained.js';
import {stackNameFromArn} from './stack-from-events.js';
import type {Stack, StackEvent} from './types.js';

/** A retained resource, where it was (the nested stacks from the root down: '' for the root), what its read found. */
export interface PlannedRemoval extends RetainedResource {
  path: string;
  state: RetainedState;
  removal: Removal;
}

/** What `cleanup` found: the root, whether it may be deleted, the command that deletes it, what its rollback retained. */
export interface CleanupPlan {
  stack: Stack;
  region: string;
  /** Why the stack is not a failed first deploy to delete; null when it is one. */
  refusal: string | null;
  /** The command that deletes the root (by ARN). */
  rootCommand: string;
  /** Not read when the stack is refused. */
  retained: PlannedRemoval[];
}

/** What the plan's retained resources add up to. */
export function retainedSummary(plan: Pick<CleanupPlan, 'retained'>): {
  total: number;
  present: number;
  notEmpty: number;
  unchecked: number;
  stacks: number;
} {
  const r = plan.retained;
  return {
    total: r.length,
    present: r.filter(x => x.state.exists === true).length,
    notEmpty: r.filter(x => x.state.empty === false).length,
    unchecked: r.filter(x => x.state.exists === null).length,
    stacks: new Set(r.map(x => x.stackId)).size,
  };
}

/** The command that deletes the stack, by its ARN: a name could find another stack by the time it runs. */
export function deleteStackCommand(stack: Pick<Stack, 'stackId'>, region: string): string {
  return `aws cloudformation delete-stack --stack-name ${stack.stackId} --region ${region}`;
}

const IN_SERVICE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/**
 * Why `stack` is not a failed first deploy to delete, in one line; null when it is one. `events` are the stack's
 * own events (either order).
 */
export function cleanupRefusal(stack: Stack, events: readonly StackEvent[], region: string): string | null {
  const name = stack.stackName;
  const firstDeployOnly = 'cleanup deletes only a root stack whose first deploy failed and rolled back (ROLLBACK_COMPLETE)';
  if (stack.parentId) {
    const root = stackNameFromArn(stack.rootId ?? stack.parentId);
    return `${name} is a nested stack of ${root}: ${firstDeployOnly}; run it on the root (--stack ${root}).`;
  }
  if (stack.status === 'DELETE_COMPLETE') {
    return (
      `${name} is already deleted (DELETE_COMPLETE${stack.deletedAt ? `, ${stack.deletedAt}` : ''}): there is nothing left to delete. ` +
      `What it retained and still exists: panther-console preflight --stack-name ${name}.`
    );
  }
  if (stack.status === 'REVIEW_IN_PROGRESS') {
    // Never ends by itself: a create change set that was made and not executed (a deploy open now, or left behind).
    return (
      `${name} is REVIEW_IN_PROGRESS: a create change set was made on it and never executed; it holds the name and no ` +
      `resource. If no deploy of it is open, delete it by its ARN: aws cloudformation delete-stack --stack-name ${stack.stackId}`
    );
  }
  if (stack.status.endsWith('_IN_PROGRESS')) {
    return `${name} is ${stack.status}: an operation is running. Wait for it to end (panther-console watch --stack ${name}), then run cleanup again.`;
  }
  const oldestFirst = [...events].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  const operations = splitOperations(oldestFirst, stack);
  const later = operations.filter(o => o.type !== 'CREATE');
  if (stack.status === 'ROLLBACK_FAILED') {
    const stuck = latestResourceEvents(events)
      .filter(e => e.status === 'DELETE_FAILED')
      .map(e => e.logicalResourceId);
    const named = stuck.length ? ` (${stuck.join(', ')})` : '';
    return (
      `${name}'s first deploy failed and its rollback failed too (ROLLBACK_FAILED): resources it could not delete${named} are still there, ` +
      `so cleanup will not delete it. Fix or remove them by hand, then: ${deleteStackCommand(stack, region)}` +
      (stuck.length ? ` (if that ends DELETE_FAILED, add --retain-resources ${stuck.join(' ')} and delete those yourself).` : '.')
    );
  }
  if (stack.status === 'DELETE_FAILED') {
    return (
      `${name} is DELETE_FAILED${stack.statusReason ? ` (${stack.statusReason})` : ''}: an earlier delete could not finish. ` +
      `Remove what blocks it, then: ${deleteStackCommand(stack, region)} (--retain-resources LOGICAL_ID ... keeps what will not delete).`
    );
  }
  if (IN_SERVICE.has(stack.status)) {
    const history = later.some(o => o.type === 'UPDATE') ? ', updated since its first deploy' : '';
    return `${name} is ${stack.status}${history}: a deployed stack, not a failed first deploy. ${firstDeployOnly}; a deployed stack is not the console's to delete.`;
  }
  if (stack.status !== 'ROLLBACK_COMPLETE') return `${name} is ${stack.status}: ${firstDeployOnly}.`;
  if (later.length > 0 || operations.length === 0) {
    const what = later.length ? `its history has another operation (${later[0]!.type}) after its first deploy` : 'its events show no first deploy';
    return `${name} is ROLLBACK_COMPLETE but ${what}: ${firstDeployOnly}.`;
  }
  return null;
}
