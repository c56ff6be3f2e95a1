// What a stack's rollback or delete left in the account: resources whose latest state is DELETE_SKIPPED
// (DeletionPolicy Retain), read from the stack's events, and the AWS CLI command that removes each one, told by what
// a read of it found (gone, empty, versioned, already scheduled for deletion). Generic CloudFormation: pure.
import {isStackLevel} from './operations.js';
import {deleteCommandFor} from './resource-knowledge.js';
import type {Iso, StackEvent} from './types.js';

export interface RetainedResource {
  stackName: string;
  stackId: string;
  logicalResourceId: string;
  physicalResourceId: string;
  resourceType: string;
  /** When CloudFormation skipped it. */
  skippedAt: Iso;
}

const byTime = (a: StackEvent, b: StackEvent) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0);

/**
 * Each resource's latest event (events in either order; equal times keep the oldest-first order), with the physical
 * ID it was last known by: a delete's events keep reporting it, but not every event carries it.
 */
export function latestResourceEvents(events: readonly StackEvent[]): StackEvent[] {
  const oldestFirst = [...events].sort(byTime);
  const latest = new Map<string, StackEvent>();
  for (const e of oldestFirst) {
    if (isStackLevel(e)) continue;
    const prior = latest.get(e.logicalResourceId);
    latest.set(e.logicalResourceId, {...e, physicalResourceId: e.physicalResourceId || prior?.physicalResourceId || ''});
  }
  return [...latest.values()];
}

/** Resources of one stack whose latest state is DELETE_SKIPPED, oldest skip first. */
export function retainedInEvents(events: readonly StackEvent[]): RetainedResource[] {
  return latestResourceEvents(events)
    .filter(e => e.status === 'DELETE_SKIPPED' && e.physicalResourceId)
    .sort(byTime)
    .map(e => ({
      stackName: e.stackName,
      stackId: e.stackId,
      logicalResourceId: e.logicalResourceId,
      physicalResourceId: e.physicalResourceId,
      resourceType: e.resourceType,
      skippedAt: e.timestamp,
    }));
}

/** What a read of a retained resource found. null: not known (no read for its type, or the read was refused). */
export interface RetainedState {
  exists: boolean | null;
  empty: boolean | null;
  /** What the read found, one line ('' when nothing was read). */
  found: string;
  /** S3: it holds object versions or delete markers, which `aws s3 rb --force` does not remove. */
  versioned?: boolean;
  /** KMS: already scheduled for deletion. */
  pendingDeletion?: boolean;
}

export const NOT_READ: RetainedState = {exists: null, empty: null, found: ''};

export interface Removal {
  /** The AWS CLI command that removes it; '' when there is nothing to run (gone, already going, no safe command). */
  command: string;
  /** What to do before it, or why there is no command; '' when nothing. */
  note: string;
}

/** Names a shell takes as they are: AWS text is untrusted, and `$(...)` must never reach a command to paste. */
const SHELL_SAFE = /^[\w.+=@/:,-]+$/;

/** The command that removes a retained resource, told by what its read found. */
export function removal(r: Pick<RetainedResource, 'resourceType' | 'physicalResourceId'>, state: RetainedState, region: string): Removal {
  const id = r.physicalResourceId;
  if (state.exists === false) return {command: '', note: 'gone (deleted since): nothing to do'};
  if (state.pendingDeletion) return {command: '', note: 'already scheduled for deletion: nothing to do'};
  if (!SHELL_SAFE.test(id)) return {command: '', note: 'its name has characters a shell would interpret: delete it in the AWS console'};
  const at = `--region ${region}`;
  switch (r.resourceType) {
    case 'AWS::S3::Bucket':
      if (state.versioned) {
        return {
          command: `aws s3 rb s3://${id} ${at}`,
          note: "empty it of every object version and delete marker first (the S3 console's Empty does it); rb --force removes only current objects",
        };
      }
      return {
        command: `aws s3 rb s3://${id} --force ${at}`,
        note:
          state.empty === false
            ? '--force deletes its objects: keep what you need first'
            : state.empty === null
              ? 'a versioned bucket needs its object versions deleted first'
              : '',
      };
    case 'AWS::IAM::Role':
      return {
        command: `aws iam delete-role --role-name ${id}`,
        note: `detach its policies first (aws iam list-attached-role-policies --role-name ${id}; aws iam list-role-policies --role-name ${id})`,
      };
    case 'AWS::KMS::Key':
      return {
        command: `aws kms schedule-key-deletion --key-id ${id} --pending-window-in-days 7 ${at}`,
        note: 'what it encrypted becomes unreadable once it is deleted (cancel-key-deletion undoes it within the 7 days)',
      };
    case 'AWS::SQS::Queue':
      return {command: `aws sqs delete-queue --queue-url ${id} ${at}`, note: ''};
    case 'AWS::SNS::Topic':
      return {command: `aws sns delete-topic --topic-arn ${id} ${at}`, note: ''};
    default: {
      const command = deleteCommandFor(r.resourceType, id);
      if (!command) return {command: '', note: `delete ${r.resourceType} ${id} by hand (it is no longer managed by CloudFormation)`};
      return {command: r.resourceType.startsWith('AWS::IAM::') ? command : `${command} ${at}`, note: ''};
    }
  }
}

/** The removal as one line: the command, with what to do first in parentheses. */
export function removalLine(removed: Removal): string {
  if (!removed.command) return removed.note;
  return removed.note ? `${removed.command} (${removed.note})` : removed.command;
}
