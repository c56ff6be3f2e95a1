import {describe, expect, it} from 'vitest';
import {displayNow, formatDuration, operationElapsed, resourceProgress} from '../../source/domain/progress.js';
import {at, failedDeployFixture, makeEvent, makeStack} from '../ui/fixtures.js';

const stack = makeStack('s');
const self = (status: string, t: number, reason = '') => makeEvent(stack, 's', 'AWS::CloudFormation::Stack', status, t, reason, stack.stackId);
const res = (id: string, status: string, t: number) => makeEvent(stack, id, 'AWS::S3::Bucket', status, t);

describe('resourceProgress', () => {
  it('counts the latest state of each resource in the latest operation only', () => {
    const events = [
      self('CREATE_IN_PROGRESS', 0, 'User Initiated'),
      res('A', 'CREATE_IN_PROGRESS', 1),
      res('A', 'CREATE_COMPLETE', 2),
      self('CREATE_COMPLETE', 3),
      self('UPDATE_IN_PROGRESS', 10, 'User Initiated'),
      res('A', 'UPDATE_IN_PROGRESS', 11),
      res('B', 'CREATE_IN_PROGRESS', 11),
      res('B', 'CREATE_COMPLETE', 12),
      res('C', 'CREATE_IN_PROGRESS', 12),
      res('C', 'CREATE_FAILED', 13),
    ];
    expect(resourceProgress(events)).toEqual({done: 1, total: 3, failed: 1, inProgress: 1});
    // An update touches only some resources: the template's 40 is not its total.
    expect(resourceProgress(events, 40)).toEqual({done: 1, total: 3, failed: 1, inProgress: 1});
  });

  it('measures a create against the template total, an update or import against the resources it touched', () => {
    const create = [self('CREATE_IN_PROGRESS', 0, 'User Initiated'), res('A', 'CREATE_IN_PROGRESS', 1), res('A', 'CREATE_COMPLETE', 2)];
    expect(resourceProgress(create, 58)).toEqual({done: 1, total: 58, failed: 0, inProgress: 0});
    const update = [
      ...create,
      self('CREATE_COMPLETE', 3),
      self('UPDATE_IN_PROGRESS', 10),
      res('A', 'UPDATE_IN_PROGRESS', 11),
      res('B', 'UPDATE_IN_PROGRESS', 11),
      res('A', 'UPDATE_COMPLETE', 12),
      res('B', 'UPDATE_COMPLETE', 13),
      self('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 14),
      self('UPDATE_COMPLETE', 15),
    ];
    // A completed update of 2 of the template's 58 resources is complete: 2/2, not 2/58.
    expect(resourceProgress(update, 58)).toEqual({done: 2, total: 2, failed: 0, inProgress: 0});
    const imported = [self('IMPORT_IN_PROGRESS', 0), res('A', 'IMPORT_IN_PROGRESS', 1), res('A', 'IMPORT_COMPLETE', 2)];
    expect(resourceProgress(imported, 58)).toEqual({done: 1, total: 1, failed: 0, inProgress: 0});
  });

  it('excludes the stack-level events and copes with no events', () => {
    expect(resourceProgress([self('CREATE_IN_PROGRESS', 0)])).toEqual({done: 0, total: 0, failed: 0, inProgress: 0});
    expect(resourceProgress([])).toEqual({done: 0, total: 0, failed: 0, inProgress: 0});
  });

  it('sees the Bootstrap stack of the fixture as done', () => {
    const {snapshot, nested} = failedDeployFixture();
    // Its latest operation is the delete: nothing but the stack's own events.
    expect(resourceProgress(snapshot.events.get(nested.Bootstrap.stackId)!, 4).total).toBe(4);
  });
});

describe('operationElapsed', () => {
  it('measures a finished operation from its start to its terminal status', () => {
    const events = [self('CREATE_IN_PROGRESS', 0), res('A', 'CREATE_COMPLETE', 5), self('CREATE_COMPLETE', 65)];
    expect(operationElapsed(events, Date.parse(at(1000)))).toEqual({startedAt: at(0), endedAt: at(65), elapsedMs: 65_000});
  });

  it('measures a running operation up to now', () => {
    const events = [self('UPDATE_IN_PROGRESS', 0), res('A', 'UPDATE_IN_PROGRESS', 5)];
    expect(operationElapsed(events, Date.parse(at(90)))!.elapsedMs).toBe(90_000);
    expect(operationElapsed(events, Date.parse(at(90)))!.endedAt).toBeNull();
    expect(operationElapsed([], 0)).toBeNull();
  });

  it('times a change-set create as one operation, from its REVIEW_IN_PROGRESS', () => {
    const events = [
      self('REVIEW_IN_PROGRESS', 0, 'User Initiated'),
      self('CREATE_IN_PROGRESS', 30, 'User Initiated'),
      res('A', 'CREATE_COMPLETE', 40),
      self('CREATE_COMPLETE', 90),
    ];
    expect(operationElapsed(events, Date.parse(at(1000)))).toEqual({startedAt: at(0), endedAt: at(90), elapsedMs: 90_000});
  });

  it("gives no time until the events reach back to the operation's start, but still counts what it has", () => {
    const partial = [res('A', 'UPDATE_COMPLETE', 5), self('UPDATE_COMPLETE', 6)];
    expect(operationElapsed(partial, Date.parse(at(10)))).toBeNull();
    expect(resourceProgress(partial)).toEqual({done: 1, total: 1, failed: 0, inProgress: 0});
  });

  it('formats durations briefly', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(724_000)).toBe('12m04s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
  });
});

describe('displayNow: the clock elapsed times are measured against', () => {
  const ev = (timestamp: string) => ({
    eventId: timestamp,
    stackId: 's',
    stackName: 's',
    logicalResourceId: 'r',
    physicalResourceId: '',
    resourceType: 'AWS::S3::Bucket',
    status: 'CREATE_IN_PROGRESS',
    reason: '',
    timestamp,
    operationId: null,
  });
  it('is the local clock, unless an event is newer (an endpoint clock running ahead)', () => {
    const local = Date.parse('2026-01-01T00:00:10.000Z');
    expect(displayNow(new Map([['s', [ev('2026-01-01T00:00:05.000Z')]]]), local)).toBe(local);
    expect(
      displayNow(
        new Map([
          ['s', [ev('2026-01-01T00:05:00.000Z')]],
          ['t', []],
        ]),
        local,
      ),
    ).toBe(Date.parse('2026-01-01T00:05:00.000Z'));
  });
});
