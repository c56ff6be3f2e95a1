import {describe, expect, it} from 'vitest';
import type {StackEvent} from '../../source/domain/types.js';
import {emptyPostMortemData, mergeEvents} from '../../source/store/postmortem-loader.js';
import {stackFromEvents} from '../../source/domain/stack-from-events.js';

const arn = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod/1111';
const stackEvent = (id: string, status: string, timestamp: string): StackEvent => ({
  eventId: id,
  stackId: arn,
  stackName: 'panther-prod',
  logicalResourceId: 'panther-prod',
  physicalResourceId: arn,
  resourceType: 'AWS::CloudFormation::Stack',
  status,
  reason: '',
  timestamp,
  operationId: null,
});

describe('merging newly polled events', () => {
  it('keeps a new event that shares its millisecond with the newest held one after it, so the status is current', () => {
    const data = emptyPostMortemData();
    mergeEvents(data, arn, [stackEvent('a', 'UPDATE_IN_PROGRESS', '2026-01-01T00:00:00.123Z')]);
    mergeEvents(data, arn, [stackEvent('b', 'UPDATE_COMPLETE', '2026-01-01T00:00:00.123Z')]);
    const events = data.events.get(arn)!;
    expect(events.map(e => e.status)).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);
    expect(stackFromEvents(arn, events).status).toBe('UPDATE_COMPLETE');
  });

  it('never holds the same event twice', () => {
    const data = emptyPostMortemData();
    const e = stackEvent('a', 'CREATE_IN_PROGRESS', '2026-01-01T00:00:00.000Z');
    mergeEvents(data, arn, [e]);
    mergeEvents(data, arn, [e, stackEvent('b', 'CREATE_COMPLETE', '2026-01-01T00:00:01.000Z')]);
    expect(data.events.get(arn)!.map(x => x.eventId)).toEqual(['a', 'b']);
  });
});
