import {describe, expect, it} from 'vitest';
import {eventsInWindow, hasReachedOperationStart, isOperationStart, latestFailedOperation, splitOperations} from '../../source/domain/operations.js';
import {Events, stack, t} from './builders.js';

const ROLLBACK_REASON = 'The following resource(s) failed to create: [Bucket]. . Rollback requested by user.';

function failedCreateThenDelete(): Events {
  return new Events('panther')
    .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
    .res(1, 'Bucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 'Access Denied')
    .self(1, 'ROLLBACK_IN_PROGRESS', ROLLBACK_REASON)
    .self(3, 'ROLLBACK_COMPLETE')
    .self(20, 'DELETE_IN_PROGRESS', 'User Initiated')
    .self(21, 'DELETE_COMPLETE');
}

describe('operations', () => {
  it('recognises the stack-level start events only', () => {
    const e = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(1, 'Bucket', 'AWS::S3::Bucket', 'CREATE_IN_PROGRESS')
      .nested(1, 'Core', 'arn:aws:cloudformation:us-east-1:1:stack/panther-Core-X/1', 'UPDATE_IN_PROGRESS')
      .self(2, 'ROLLBACK_IN_PROGRESS', 'User Initiated')
      .self(3, 'UPDATE_IN_PROGRESS', '');
    expect(e.list.map(isOperationStart)).toEqual([true, false, false, false, true]);
  });

  it('splits history into operations with the rollback kept in the operation it rolls back', () => {
    const e = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(5, 'CREATE_COMPLETE')
      .self(10, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .res(11, 'Fn', 'AWS::Lambda::Function', 'UPDATE_FAILED', 'boom')
      .self(11, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Fn].')
      .self(12, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS')
      .self(13, 'UPDATE_ROLLBACK_COMPLETE')
      .self(20, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .res(21, 'Fn', 'AWS::Lambda::Function', 'UPDATE_COMPLETE');
    const ops = splitOperations(e.list, stack('panther'));
    expect(ops.map(o => [o.type, o.outcome, o.startedAt, o.endedAt])).toEqual([
      ['CREATE', 'SUCCEEDED', t(0), t(5)],
      ['UPDATE', 'ROLLED_BACK', t(10), t(13)],
      ['UPDATE', 'IN_PROGRESS', t(20), null],
    ]);
    expect(ops[1]!.startEventId).toBe(e.list[2]!.eventId);
  });

  it('ends in FAILED on terminal failures and when rollback is disabled', () => {
    const e = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(1, 'Bucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 'x')
      .self(1, 'CREATE_FAILED', 'The following resource(s) failed to create: [Bucket].');
    expect(splitOperations(e.list)[0]!.outcome).toBe('FAILED');
    e.self(5, 'ROLLBACK_IN_PROGRESS', 'User Initiated').self(6, 'ROLLBACK_FAILED', 'The following resource(s) failed to delete: [B].');
    expect(splitOperations(e.list).map(o => o.outcome)).toEqual(['FAILED']);
  });

  it('merges a change-set create (REVIEW_IN_PROGRESS then CREATE_IN_PROGRESS) into one CREATE', () => {
    const e = new Events('panther')
      .self(0, 'REVIEW_IN_PROGRESS', 'User Initiated')
      .self(2, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(4, 'CREATE_COMPLETE');
    expect(splitOperations(e.list).map(o => [o.type, o.outcome, o.startedAt])).toEqual([['CREATE', 'SUCCEEDED', t(0)]]);
  });

  it('takes ids from the events, else from LastOperations (rollbacks skipped)', () => {
    const e = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(1, 'CREATE_COMPLETE')
      .self(5, 'UPDATE_IN_PROGRESS', 'User Initiated', 'op-upd')
      .self(6, 'UPDATE_ROLLBACK_COMPLETE');
    const s = stack('panther', {
      lastOperations: [
        {id: 'op-rb', type: 'ROLLBACK'},
        {id: 'op-upd', type: 'UPDATE_STACK'},
        {id: 'op-create', type: 'CREATE_STACK'},
      ],
    });
    expect(splitOperations(e.list, s).map(o => o.id)).toEqual(['op-create', 'op-upd']);
    expect(splitOperations(e.list).map(o => o.id)).toEqual([null, 'op-upd']);
  });

  it('stops guessing ids when LastOperations and the events disagree on the type', () => {
    const e = new Events('panther').self(0, 'CREATE_IN_PROGRESS', 'User Initiated').self(1, 'CREATE_COMPLETE');
    const s = stack('panther', {lastOperations: [{id: 'op-upd', type: 'UPDATE_STACK'}]});
    expect(splitOperations(e.list, s)[0]!.id).toBeNull();
  });

  it('latestFailedOperation: the failed create behind a root deleted afterwards', () => {
    const op = latestFailedOperation(stack('panther'), failedCreateThenDelete().list);
    expect(op).toMatchObject({type: 'CREATE', outcome: 'ROLLED_BACK', startedAt: t(0), endedAt: t(3)});
  });

  it('latestFailedOperation: null when the latest succeeded, even with an older failure', () => {
    const e = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(1, 'CREATE_COMPLETE')
      .self(2, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .self(3, 'UPDATE_ROLLBACK_COMPLETE')
      .self(4, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .self(5, 'UPDATE_COMPLETE');
    expect(latestFailedOperation(stack('panther'), e.list)).toBeNull();
    expect(latestFailedOperation(stack('panther'), [])).toBeNull();
  });

  it('hasReachedOperationStart: stops once the latest (failed) operation start is paged in', () => {
    const all = failedCreateThenDelete().list;
    // Pages arrive newest first: simulate the loader holding the newest k events.
    const reached = all.map((_, k) => hasReachedOperationStart(all.slice(all.length - 1 - k)));
    // Holding only the DELETE is not enough (the failed CREATE before it is the one to analyse).
    expect(reached).toEqual([false, false, false, false, false, true]);
    const update = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(1, 'CREATE_COMPLETE')
      .self(5, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .res(6, 'Fn', 'AWS::Lambda::Function', 'UPDATE_FAILED', 'x')
      .self(7, 'UPDATE_ROLLBACK_COMPLETE').list;
    expect(hasReachedOperationStart(update.slice(3))).toBe(false);
    expect(hasReachedOperationStart(update.slice(2))).toBe(true);
  });

  it('eventsInWindow keeps events between start and end inclusive (open end allowed)', () => {
    const e = new Events('x').self(0, 'CREATE_IN_PROGRESS').self(5, 'CREATE_COMPLETE').self(9, 'UPDATE_IN_PROGRESS');
    expect(eventsInWindow(e.list, t(0), t(5)).length).toBe(2);
    expect(eventsInWindow(e.list, t(5), null).length).toBe(2);
  });
});
