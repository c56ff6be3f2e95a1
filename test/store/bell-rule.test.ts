import {describe, expect, it} from 'vitest';
import {isRealFailure} from '../../source/domain/reasons.js';

// The full-screen watch rings the terminal bell (--bell) for a poll's events when one is a real failure: a cause,
// not the summaries and cancellations CloudFormation writes as it rolls back around it.
const rings = (events: {status: string; reason: string}[]) => events.some(isRealFailure);

describe('the bell rule (isRealFailure)', () => {
  it.each([
    [
      'a resource that failed with its own reason',
      'CREATE_FAILED',
      'Resource handler returned message: "Access Denied" (RequestToken: 1, HandlerErrorCode: AccessDenied)',
      true,
    ],
    ['a delete that failed with its own reason', 'DELETE_FAILED', 'The bucket you tried to delete is not empty', true],
    ['a stack-level summary of a create', 'CREATE_FAILED', 'The following resource(s) failed to create: [ArchiveBucket, Alerts9Queue].', false],
    ['a stack-level summary of a delete', 'DELETE_FAILED', 'The following resource(s) failed to delete: [ArchiveBucket].', false],
    ['a stack-level summary of an update', 'UPDATE_FAILED', 'The following resource(s) failed to update: [Api].', false],
    [
      'a nested stack reported by its parent',
      'CREATE_FAILED',
      'Embedded stack arn:aws:cloudformation:us-east-2:123456789012:stack/p-Core-1/abc was not successfully created: The following resource(s) failed to create: [Bucket].',
      false,
    ],
    ['a cancellation', 'CREATE_FAILED', 'Resource creation cancelled', false],
    ['a failure without a reason', 'CREATE_FAILED', '', false],
    [
      'a rollback starting with the summary',
      'ROLLBACK_IN_PROGRESS',
      'The following resource(s) failed to create: [Bucket]. Rollback requested by user.',
      false,
    ],
    ['a success', 'CREATE_COMPLETE', '', false],
  ])('%s: rings %s', (_what, status, reason, ring) => {
    expect(rings([{status, reason}])).toBe(ring);
  });

  it('rings for a poll whose events hold one cause among the summaries', () => {
    expect(
      rings([
        {status: 'CREATE_FAILED', reason: 'The following resource(s) failed to create: [Bucket].'},
        {status: 'CREATE_FAILED', reason: 'Bucket already exists'},
      ]),
    ).toBe(true);
  });
});
