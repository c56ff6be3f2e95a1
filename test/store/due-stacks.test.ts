import {describe, expect, it} from 'vitest';
import type {Stack, StackEvent} from '../../source/domain/types.js';
import {dueStacks, parentRead, type HeldReads} from '../../source/store/due-stacks.js';

const ROOT = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p/1';
const CORE = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p-Core-1/2';
const WEB = 'arn:aws:cloudformation:us-east-2:123456789012:stack/p-Web-1/3';
const stack = (stackId: string, status: string, parentId: string | null = ROOT): Stack =>
  ({stackId, stackName: stackId.split('/')[1]!, status, parentId}) as unknown as Stack;
const report = (eventId: string, child: string, status: string): StackEvent =>
  ({eventId, stackId: ROOT, physicalResourceId: child, resourceType: 'AWS::CloudFormation::Stack', status}) as unknown as StackEvent;

function held(o: {core?: string; coreFetched?: boolean; coreReadAfter?: string; reports?: readonly StackEvent[]; rootFetched?: boolean}): HeldReads {
  return {
    stacks: new Map([
      [ROOT, stack(ROOT, 'UPDATE_COMPLETE', null)],
      [CORE, stack(CORE, o.core ?? 'UPDATE_COMPLETE')],
    ]),
    events: new Map([[ROOT, [...(o.reports ?? [])]]]),
    fetched: new Set([...(o.rootFetched === false ? [] : [ROOT]), ...(o.coreFetched === false ? [] : [CORE])]),
    readAfterReport: new Map(o.coreReadAfter ? [[CORE, o.coreReadAfter]] : []),
  };
}

describe('which stacks a poll reads', () => {
  it.each([
    ['everything settled and read after its parent’s last report', {reports: [report('r1', CORE, 'UPDATE_COMPLETE')], coreReadAfter: 'r1'}, []],
    ['a stack never read', {coreFetched: false}, [CORE]],
    ['a stack in progress', {core: 'UPDATE_IN_PROGRESS'}, [CORE]],
    [
      'a parent report the stack was not read after (a DELETE seen late)',
      {reports: [report('r1', CORE, 'UPDATE_COMPLETE'), report('r2', CORE, 'DELETE_COMPLETE')], coreReadAfter: 'r1'},
      [CORE],
    ],
    ['a parent report in progress', {reports: [report('r1', CORE, 'DELETE_IN_PROGRESS')], coreReadAfter: 'r1'}, [CORE]],
    ['the root never read', {rootFetched: false, reports: [report('r1', CORE, 'UPDATE_COMPLETE')], coreReadAfter: 'r1'}, [ROOT]],
  ] as const)('%s', (_what, o, due) => {
    expect(dueStacks(held(o))).toEqual(due);
  });

  it.each([
    ['the root (no parent)', ROOT, {}, true],
    ['a child whose parent was read', CORE, {}, true],
    ['a child whose parent was not read yet: after it', CORE, {rootFetched: false}, false],
    ['a stack not known', WEB, {rootFetched: false}, false],
  ] as const)('parent first: %s', (_what, id, o, ok) => {
    const h = held(o);
    if (id === WEB) (h.stacks as Map<string, Stack>).set(WEB, stack(WEB, 'CREATE_COMPLETE'));
    expect(parentRead(h, id)).toBe(ok);
  });
});
