// Watching one stack's update to its end, whatever the endpoint reports. Two sources: the live store's events
// (full screen: its polls also feed the Stacks and Timeline panes) or DescribeStacks alone (one call a poll). Either
// way a change of status, of LastUpdatedTime or of the latest operation counts as movement, and when the stack
// shows none, the executed change set's own ExecutionStatus decides (endpoints that finish an update at once, or
// omit LastUpdatedTime / LastOperations, never leave the walk waiting for a start it already missed).
import {describeChangeSet} from '../aws/changesets.js';
import {describeAwsError} from '../aws/errors.js';
import type {Gateway} from '../aws/gateway.js';
import type {AwsClients} from '../aws/clients.js';
import type {PostMortem, Stack} from '../domain/types.js';
import {progressOfStatus, updateProgress, type UpdateProgress} from '../panther/upgrade-walk.js';
import type {ConsoleStore} from '../store/store.js';

export interface UpdateWatcher {
  /** Notes where the stack is before the execution. */
  mark(): Promise<void>;
  poll(): Promise<UpdateProgress>;
  postMortem(): Promise<PostMortem | null>;
}

/** Through the live store (full screen). */
export function storeWatcher(store: ConsoleStore, stackId: string): UpdateWatcher {
  let since: string | null = null;
  let before: string | null = null;
  const events = () => store.getSnapshot().events.get(stackId) ?? [];
  return {
    async mark() {
      await store.pollOnce();
      const held = events();
      since = held.length ? held[held.length - 1].eventId : null;
      before = store.getSnapshot().stacks.get(stackId)?.status ?? null;
    },
    async poll() {
      await store.pollOnce();
      const progress = updateProgress(events(), stackId, since);
      if (progress.phase !== 'not-started') return progress;
      // No event after the mark yet: a status that moved still says the update started (and maybe ended).
      const status = store.getSnapshot().stacks.get(stackId)?.status ?? null;
      return status && status !== before ? progressOfStatus(status) : progress;
    },
    async postMortem() {
      for (let i = 0; i < 3 && !store.getSnapshot().postMortem; i++) await store.pollOnce();
      return store.getSnapshot().postMortem;
    },
  };
}

/** With DescribeStacks only (no terminal). */
export function describeWatcher(gateway: Gateway, stackId: string, postMortem: () => Promise<PostMortem | null>): UpdateWatcher {
  let before: Stack | null = null;
  let seenRunning = false;
  return {
    async mark() {
      before = await gateway.describeStack(stackId);
    },
    async poll() {
      const s = await gateway.describeStack(stackId);
      if (!s) return {phase: 'failed', status: 'DELETED'};
      const running = s.status.endsWith('_IN_PROGRESS');
      const moved = s.status !== before?.status || s.updatedAt !== before?.updatedAt || s.lastOperations[0]?.id !== before?.lastOperations[0]?.id;
      if (running) seenRunning = true;
      if (!running && !seenRunning && !moved) return {phase: 'not-started'};
      return progressOfStatus(s.status);
    },
    postMortem,
  };
}

/**
 * When the stack shows no movement: the change set's ExecutionStatus (EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE,
 * EXECUTE_FAILED) says whether the update started and how it ended; null when it says nothing yet (AVAILABLE) or
 * the change set is gone.
 */
export async function progressFromChangeSet(
  clients: AwsClients,
  changeSetId: string,
  stackStatus: () => Promise<string | null>,
): Promise<UpdateProgress | null> {
  let execution: string;
  try {
    execution = (await describeChangeSet(clients, changeSetId)).executionStatus;
  } catch (error) {
    if (describeAwsError(error).code === 'ChangeSetNotFound') return null;
    throw error;
  }
  if (execution === 'EXECUTE_IN_PROGRESS') return {phase: 'running', status: (await stackStatus()) ?? 'UPDATE_IN_PROGRESS'};
  if (execution === 'EXECUTE_COMPLETE') {
    const status = (await stackStatus()) ?? 'UPDATE_COMPLETE';
    return status.endsWith('_IN_PROGRESS') ? {phase: 'running', status} : progressOfStatus(status);
  }
  if (execution === 'EXECUTE_FAILED') {
    const status = (await stackStatus()) ?? 'UPDATE_ROLLBACK_COMPLETE';
    return status.endsWith('_IN_PROGRESS') ? {phase: 'running', status} : {phase: 'failed', status};
  }
  return null;
}
