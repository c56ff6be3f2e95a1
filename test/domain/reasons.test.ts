import {describe, expect, it} from 'vitest';
import {embeddedStackArn, failedResourceList, isNoise, isSummary, unwrap} from '../../source/domain/reasons.js';

const ARN = 'arn:aws:cloudformation:us-east-1:123456789012:stack/panther-Core-1ABC/0a1b2c3d-1111-2222-3333-444455556666';

describe('reasons', () => {
  it.each([
    [`Embedded stack ${ARN} was not successfully created: The following resource(s) failed to create: [Bucket, Role]. `],
    [
      `Embedded stack ${ARN} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [Fn].`,
    ],
    [`Embedded stack ${ARN} was not successfully deleted: The following resource(s) failed to delete: [Bucket]. `],
  ])('finds the child ARN of an embedded-stack summary: %s', reason => {
    expect(embeddedStackArn(reason)).toBe(ARN);
    expect(isSummary(reason)).toBe(true);
    expect(isNoise(reason)).toBe(false);
  });

  it('recognises the failed-resources summaries, doubled period and rollback note included', () => {
    const r = 'The following resource(s) failed to create: [AlertsBucket, ProcessorRole]. . Rollback requested by user.';
    expect(isSummary(r)).toBe(true);
    expect(failedResourceList(r)).toEqual(['AlertsBucket', 'ProcessorRole']);
    expect(isSummary('The following resource(s) failed to update: [Fn].')).toBe(true);
    expect(isSummary('The following resource(s) failed to delete: [Bucket].')).toBe(true);
    expect(embeddedStackArn(r)).toBeNull();
  });

  it.each(['Resource creation cancelled', 'Resource update cancelled', 'Resource deletion cancelled', 'Resource creation cancelled.'])(
    'treats %s as noise',
    r => {
      expect(isNoise(r)).toBe(true);
      expect(isSummary(r)).toBe(false);
    },
  );

  it('does not treat a real failure as noise or summary', () => {
    const r = 'Role with name PantherAuditRole-us-east-1 already exists.';
    expect(isNoise(r)).toBe(false);
    expect(isSummary(r)).toBe(false);
  });

  it('unwraps the registry form into the inner message and handler code', () => {
    const u = unwrap(
      'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 9f1c-aa)" (RequestToken: 5b2f7c1e-7d0b-4c43-9b9a-000000000000, HandlerErrorCode: InvalidRequest)',
    );
    expect(u.handlerErrorCode).toBe('InvalidRequest');
    expect(u.service).toBe('Lambda');
    expect(u.statusCode).toBe(400);
    expect(u.message).toBe(
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].",
    );
  });

  it('unwraps the legacy service suffix', () => {
    const u = unwrap(
      'Role with name PantherAuditRole-us-east-1 already exists. (Service: AmazonIdentityManagement; Status Code: 409; Error Code: EntityAlreadyExists; Request ID: 1b2c; Proxy: null)',
    );
    expect(u).toMatchObject({
      message: 'Role with name PantherAuditRole-us-east-1 already exists.',
      service: 'AmazonIdentityManagement',
      statusCode: 409,
      errorCode: 'EntityAlreadyExists',
      handlerErrorCode: null,
    });
  });

  it('unwraps the API: prefix', () => {
    const u = unwrap('API: s3:CreateBucket Access Denied');
    expect(u.apiAction).toBe('s3:CreateBucket');
    expect(u.message).toBe('Access Denied');
  });

  it('unescapes quotes inside registry messages', () => {
    const u = unwrap(
      'Resource handler returned message: "User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::b\\" with an explicit deny in a service control policy (Service: S3, Status Code: 403, Request ID: X)" (RequestToken: abc, HandlerErrorCode: AccessDenied)',
    );
    expect(u.handlerErrorCode).toBe('AccessDenied');
    expect(u.message).toContain('on resource: "arn:aws:s3:::b"');
  });
});
