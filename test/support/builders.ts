// The domain Stack and StackEvent as the test fixtures build them: every field set, the usual defaults filled in.
import type {Stack, StackEvent} from '../../source/domain/types.js';

/** A top-level CREATE_COMPLETE stack with nothing in it; `over` replaces any field. */
export function buildStack(stackId: string, stackName: string, createdAt: string, over: Partial<Stack> = {}): Stack {
  return {
    stackId,
    stackName,
    status: 'CREATE_COMPLETE',
    statusReason: '',
    parentId: null,
    rootId: null,
    createdAt,
    updatedAt: null,
    deletedAt: null,
    deleted: false,
    description: '',
    tags: {},
    parameters: {},
    outputs: {},
    lastOperations: [],
    ...over,
  };
}

export interface EventFields {
  eventId: string;
  logicalId: string;
  type: string;
  status: string;
  timestamp: string;
  /** Default ''. */
  reason?: string;
  /** Default ''. */
  physicalId?: string;
  /** Default null. */
  operationId?: string | null;
}

/** An event of `stack` (only its id and name are read). */
export function buildEvent(stack: Pick<Stack, 'stackId' | 'stackName'>, e: EventFields): StackEvent {
  return {
    eventId: e.eventId,
    stackId: stack.stackId,
    stackName: stack.stackName,
    logicalResourceId: e.logicalId,
    physicalResourceId: e.physicalId ?? '',
    resourceType: e.type,
    status: e.status,
    reason: e.reason ?? '',
    timestamp: e.timestamp,
    operationId: e.operationId ?? null,
  };
}
