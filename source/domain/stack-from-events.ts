import {isStackLevel} from './operations.js';
import type {Stack, StackEvent} from './types.js';

/**
 * A Stack record derived from its own events, so nested stacks need no DescribeStacks call: their status is the
 * latest stack-level event. `base` (from DescribeStacks, if any) supplies what events cannot (tags, parameters).
 */
export function stackFromEvents(stackId: string, events: readonly StackEvent[], base?: Stack, parentId?: string | null): Stack {
  let latest: StackEvent | undefined;
  let first: StackEvent | undefined;
  for (const e of events) {
    if (!isStackLevel(e)) continue;
    first ??= e;
    latest = e;
  }
  const name = base?.stackName || events[0]?.stackName || stackNameFromArn(stackId);
  const status = latest ? latest.status : (base?.status ?? 'UNKNOWN');
  const statusFromBaseIsNewer = base && latest && base.updatedAt && base.updatedAt > latest.timestamp;
  return {
    stackId,
    stackName: name,
    status: statusFromBaseIsNewer ? base.status : status,
    statusReason: statusFromBaseIsNewer ? base.statusReason : (latest?.reason ?? base?.statusReason ?? ''),
    parentId: base?.parentId ?? parentId ?? null,
    rootId: base?.rootId ?? null,
    createdAt: base?.createdAt || first?.timestamp || events[0]?.timestamp || '',
    updatedAt: base?.updatedAt ?? null,
    deletedAt: status === 'DELETE_COMPLETE' ? (latest?.timestamp ?? null) : (base?.deletedAt ?? null),
    deleted: (statusFromBaseIsNewer ? base.status : status) === 'DELETE_COMPLETE',
    description: base?.description ?? '',
    tags: base?.tags ?? {},
    parameters: base?.parameters ?? {},
    outputs: base?.outputs ?? {},
    lastOperations: base?.lastOperations ?? [],
  };
}

/** `arn:aws:cloudformation:us-east-2:123:stack/NAME/uuid` -> NAME. */
export function stackNameFromArn(arn: string): string {
  const m = /:stack\/([^/]+)\//.exec(arn);
  return m ? m[1]! : arn;
}

export function isStackArn(s: string): boolean {
  return /^arn:aws[\w-]*:cloudformation:[\w-]+:\d{12}:stack\/[^/]+\/.+/.test(s);
}

/** Nested stacks a parent's events name: the physical ID of its AWS::CloudFormation::Stack resources. */
export function nestedStackIds(events: readonly StackEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (
      e.resourceType === 'AWS::CloudFormation::Stack' &&
      e.physicalResourceId &&
      isStackArn(e.physicalResourceId) &&
      e.physicalResourceId !== e.stackId
    ) {
      out.set(e.physicalResourceId, e.logicalResourceId);
    }
  }
  return out;
}

export const isInProgress = (status: string): boolean => status.endsWith('_IN_PROGRESS');
