import {describe, expect, it} from 'vitest';
import type {StackEvent} from '../../source/domain/types.js';
import {emptyPostMortemData, mergeOverSparse} from '../../source/store/postmortem-loader.js';

const arn = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod-Core-1/1111';
const ev = (id: string, second: number): StackEvent => ({
  eventId: id,
  stackId: arn,
  stackName: 'panther-prod-Core-1',
  logicalResourceId: 'Bucket',
  physicalResourceId: '',
  resourceType: 'AWS::S3::Bucket',
  status: id.startsWith('f') ? 'CREATE_FAILED' : 'CREATE_IN_PROGRESS',
  reason: '',
  timestamp: new Date(Date.UTC(2026, 10, 2, 14, 0, second)).toISOString(),
  operationId: null,
});
// The history, oldest first: a1..a6, with f4 (a failure) between a3 and a5.
const a1 = ev('a1', 1),
  a2 = ev('a2', 2),
  a3 = ev('a3', 3),
  f4 = ev('f4', 4),
  a5 = ev('a5', 5),
  a6 = ev('a6', 6);

function held(events: StackEvent[]) {
  const data = emptyPostMortemData();
  data.events.set(arn, events);
  return data;
}
const ids = (data: ReturnType<typeof held>) => data.events.get(arn)!.map(e => e.eventId);

describe('merging reads over failed events read sparsely', () => {
  it('a first full read covers the sparse event: the read order, only the others told', () => {
    const data = held([f4]);
    const sparse = new Set(['f4']);
    const added = mergeOverSparse(data, arn, [a1, a2, a3, f4, a5, a6], sparse);
    expect(ids(data)).toEqual(['a1', 'a2', 'a3', 'f4', 'a5', 'a6']);
    expect(added.map(e => e.eventId)).toEqual(['a1', 'a2', 'a3', 'a5', 'a6']);
    expect(sparse.size).toBe(0);
  });

  it('a read that stops short of it keeps it, in its place by time, still sparse', () => {
    const data = held([f4]);
    const sparse = new Set(['f4']);
    const added = mergeOverSparse(data, arn, [a1, a2], sparse);
    expect(ids(data)).toEqual(['a1', 'a2', 'f4']);
    expect(added.map(e => e.eventId)).toEqual(['a1', 'a2']);
    expect([...sparse]).toEqual(['f4']);
    // The next read from the top goes down to a2 (f4 does not stop it), and fills the gap.
    const more = mergeOverSparse(data, arn, [a3, f4, a5, a6], sparse);
    expect(ids(data)).toEqual(['a1', 'a2', 'a3', 'f4', 'a5', 'a6']);
    expect(more.map(e => e.eventId)).toEqual(['a3', 'a5', 'a6']);
    expect(sparse.size).toBe(0);
  });

  it('without sparse events it appends, as mergeEvents does', () => {
    const data = held([a1, a2]);
    const added = mergeOverSparse(data, arn, [a2, a3], new Set());
    expect(ids(data)).toEqual(['a1', 'a2', 'a3']);
    expect(added.map(e => e.eventId)).toEqual(['a3']);
  });
});
