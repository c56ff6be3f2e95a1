import {describe, expect, it} from 'vitest';
import {postMortemJson} from '../../source/report/postmortem-json.js';
import {failedPostMortem, okPostMortem} from './fixtures.js';

const keys = (o: unknown) => Object.keys(o as object);

describe('postMortemJson', () => {
  it('has exactly the contract keys of docs/output-formats.md', () => {
    const j = postMortemJson(failedPostMortem()) as Record<string, any>;
    expect(keys(j)).toEqual(['stack', 'operation', 'rootCause', 'chain', 'otherFailures', 'deniedCalls', 'apiCalls']);
    expect(keys(j.stack)).toEqual(['name', 'id', 'status', 'statusReason']);
    expect(keys(j.operation)).toEqual(['id', 'type', 'startedAt', 'endedAt', 'outcome']);
    expect(keys(j.rootCause)).toEqual([
      'stackName',
      'stackId',
      'logicalResourceId',
      'physicalResourceId',
      'resourceType',
      'status',
      'reason',
      'timestamp',
      'category',
      'hint',
      'deleted',
    ]);
    expect(keys(j.chain[0])).toEqual(['stackName', 'stackId', 'logicalResourceId', 'status', 'reason']);
    expect(keys(j.otherFailures[0])).toEqual(['stackName', 'logicalResourceId', 'status', 'reason', 'timestamp', 'category', 'hint']);
    expect(keys(j.deniedCalls[0])).toEqual([
      'eventTime',
      'eventSource',
      'eventName',
      'errorCode',
      'errorMessage',
      'principal',
      'denial',
      'policyArn',
    ]);
    expect(keys(j.apiCalls)).toEqual(['cloudformation', 'cloudtrail']);
    expect(j.rootCause.deleted).toBe(true);
    expect(j.operation.id).toBe('op-1');
  });

  it('gives a null rootCause and empty lists when nothing failed', () => {
    const j = postMortemJson(okPostMortem()) as Record<string, any>;
    expect(j.rootCause).toBeNull();
    expect(j.chain).toEqual([]);
    expect(j.operation).toEqual({
      id: null,
      type: 'UPDATE',
      startedAt: '2024-05-01T10:00:00.000Z',
      endedAt: '2024-05-01T10:30:00.000Z',
      outcome: 'SUCCEEDED',
    });
  });

  it('strips terminal sequences from the values', () => {
    const text = JSON.stringify(postMortemJson(failedPostMortem()));
    expect(text).not.toContain('\\u001b');
    expect(text).not.toContain('\\u0007');
  });
});
