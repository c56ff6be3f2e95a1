import {describe, expect, it} from 'vitest';
import type {Stack, StackEvent} from '../../source/domain/types.js';
import {failedBranchesToRead, type HeldTree} from '../../source/store/failure-first.js';

const ROOT = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p/1';
const CORE = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p-Core-1/2';
const WEB = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p-Web-1/3';
const DEEP = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p-Core-1-Deep-1/4';
let n = 0;
function ev(stackId: string, logicalId: string, status: string, second: number, child?: string, reason = ''): StackEvent {
  return {
    eventId: `e${++n}`,
    stackId,
    stackName: stackId.split('/')[1]!,
    logicalResourceId: logicalId === 'self' ? stackId.split('/')[1]! : logicalId,
    physicalResourceId: child ?? (logicalId === 'self' ? stackId : ''),
    resourceType: child !== undefined || logicalId === 'self' ? 'AWS::CloudFormation::Stack' : 'AWS::S3::Bucket',
    status,
    reason,
    timestamp: new Date(Date.UTC(2026, 10, 2, 14, 0, second)).toISOString(),
    operationId: null,
  };
}
const stack = (stackId: string, status: string): Stack => ({stackId, status, parentId: null, lastOperations: []}) as unknown as Stack;
const embedded = (arn: string) => `Embedded stack ${arn} was not successfully created: The following resource(s) failed to create: [X].`;

function tree(rootStatus: string, events: Record<string, StackEvent[]>): HeldTree {
  return {rootStackId: ROOT, stacks: new Map([[ROOT, stack(ROOT, rootStatus)]]), events: new Map(Object.entries(events))};
}

const start = ev(ROOT, 'self', 'CREATE_IN_PROGRESS', 0);
const coreFailed = ev(ROOT, 'Core', 'CREATE_FAILED', 10, CORE, embedded(CORE));
const webOk = ev(ROOT, 'Web', 'CREATE_COMPLETE', 11, WEB);
const rollback = ev(ROOT, 'self', 'ROLLBACK_IN_PROGRESS', 12, undefined, 'The following resource(s) failed to create: [Core].');
const rolledBack = ev(ROOT, 'self', 'ROLLBACK_COMPLETE', 20);

describe('which stacks a first read takes first (failedBranchesToRead)', () => {
  it.each([
    ['the root not read yet: nothing', tree('CREATE_IN_PROGRESS', {}), []],
    ['an operation that succeeded: nothing', tree('CREATE_COMPLETE', {[ROOT]: [start, webOk, ev(ROOT, 'self', 'CREATE_COMPLETE', 12)]}), []],
    ['running, no failure yet: nothing', tree('CREATE_IN_PROGRESS', {[ROOT]: [start, webOk]}), []],
    ['running, a nested stack reported failed: it', tree('CREATE_IN_PROGRESS', {[ROOT]: [start, webOk, coreFailed]}), [CORE]],
    [
      'rolling back: the failed one, not the one that completed',
      tree('ROLLBACK_IN_PROGRESS', {[ROOT]: [start, coreFailed, webOk, rollback]}),
      [CORE],
    ],
    ['rolled back: what the post-mortem needs', tree('ROLLBACK_COMPLETE', {[ROOT]: [start, coreFailed, webOk, rollback, rolledBack]}), [CORE]],
    [
      'rolled back, the failed stack held: its own failed child next',
      tree('ROLLBACK_COMPLETE', {
        [ROOT]: [start, coreFailed, webOk, rollback, rolledBack],
        [CORE]: [ev(CORE, 'Deep', 'CREATE_FAILED', 9, DEEP, embedded(DEEP))],
      }),
      [DEEP],
    ],
    [
      'running, the failed stack held: its own failed child next',
      tree('CREATE_IN_PROGRESS', {[ROOT]: [start, coreFailed], [CORE]: [ev(CORE, 'Deep', 'CREATE_FAILED', 9, DEEP, embedded(DEEP))]}),
      [DEEP],
    ],
    [
      'running, a failed child named only in the reason',
      tree('CREATE_IN_PROGRESS', {[ROOT]: [start, ev(ROOT, 'Core', 'CREATE_FAILED', 10, '', embedded(CORE))]}),
      [CORE],
    ],
  ] as const)('%s', (_what, t, expected) => {
    expect(failedBranchesToRead(t).stackIds).toEqual(expected);
  });
});
