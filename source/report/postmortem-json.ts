// The post-mortem as the JSON of docs/output-formats.md (a contract for scripts): exactly those keys, nothing more.
// Its type is the schema's (postmortem-json-schema.ts, docs/schemas/postmortem.schema.json).
import {sanitizeDeep} from '../text/sanitize.js';
import type {PostMortem} from '../domain/types.js';
import type {PostMortemJson} from './postmortem-json-schema.js';

export function postMortemJson(pm: PostMortem): PostMortemJson {
  const rc = pm.rootCause;
  const op = pm.operation;
  return sanitizeDeep({
    stack: {name: pm.stack.name, id: pm.stack.id, status: pm.stack.status, statusReason: pm.stack.statusReason},
    operation: op ? {id: op.id, type: op.type, startedAt: op.startedAt, endedAt: op.endedAt, outcome: op.outcome} : null,
    rootCause: rc
      ? {
          stackName: rc.stackName,
          stackId: rc.stackId,
          logicalResourceId: rc.logicalResourceId,
          physicalResourceId: rc.physicalResourceId,
          resourceType: rc.resourceType,
          status: rc.status,
          reason: rc.reason,
          timestamp: rc.timestamp,
          category: rc.category,
          hint: rc.hint,
          deleted: rc.deleted,
        }
      : null,
    chain: pm.chain.map(c => ({
      stackName: c.stackName,
      stackId: c.stackId,
      logicalResourceId: c.logicalResourceId,
      status: c.status,
      reason: c.reason,
    })),
    otherFailures: pm.otherFailures.map(f => ({
      stackName: f.stackName,
      logicalResourceId: f.logicalResourceId,
      status: f.status,
      reason: f.reason,
      timestamp: f.timestamp,
      category: f.category,
      hint: f.hint,
    })),
    deniedCalls: pm.deniedCalls.map(d => ({
      eventTime: d.eventTime,
      eventSource: d.eventSource,
      eventName: d.eventName,
      errorCode: d.errorCode,
      errorMessage: d.errorMessage,
      principal: d.principal,
      denial: d.denial,
      policyArn: d.policyArn,
    })),
    apiCalls: {cloudformation: pm.apiCalls.cloudformation, cloudtrail: pm.apiCalls.cloudtrail},
  });
}
