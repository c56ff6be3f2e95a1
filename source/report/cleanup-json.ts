// `cleanup --format json`: the plan (and what --execute did) as one object, for scripts. Its type is the schema's
// (cleanup-json-schema.ts, docs/schemas/cleanup.schema.json).
import type {CleanupPlan} from '../domain/failed-first-deploy.js';
import {sanitizeDeep} from '../text/sanitize.js';
import {retainedDetail} from './cleanup-common.js';
import type {CleanupJson, CleanupOutcome} from './cleanup-json-schema.js';

export function cleanupJson(
  plan: CleanupPlan,
  executed: {status: CleanupOutcome; reason: string} | null,
  apiCalls: CleanupJson['apiCalls'],
): CleanupJson {
  return sanitizeDeep({
    stack: {name: plan.stack.stackName, id: plan.stack.stackId, status: plan.stack.status},
    deletable: plan.refusal === null,
    refusal: plan.refusal,
    rootCommand: plan.rootCommand,
    retained: plan.retained.map(r => ({
      stackName: r.stackName,
      stackId: r.stackId,
      logicalResourceId: r.logicalResourceId,
      physicalResourceId: r.physicalResourceId,
      resourceType: r.resourceType,
      exists: r.state.exists,
      empty: r.state.empty,
      detail: retainedDetail(r),
      command: r.removal.command,
    })),
    executed,
    apiCalls,
  });
}
