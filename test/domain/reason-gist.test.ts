import {describe, expect, it} from 'vitest';
import {reasonGist} from '../../source/domain/reason-gist.js';

describe('the gist of a reason, for one-line views', () => {
  it.each([
    [
      'Resource handler returned message: "User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole-us-east-2/AWSCloudFormation is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::b\\" with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny4s3 (Service: S3, Status Code: 403, Request ID: X)" (RequestToken: t, HandlerErrorCode: AccessDenied)',
      's3:PutEncryptionConfiguration denied by an SCP',
    ],
    [
      'API: iam:CreateRole User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/x because no identity-based policy allows the iam:CreateRole action',
      'iam:CreateRole not allowed by an identity policy',
    ],
    [
      'Embedded stack arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod-Onboard-X/1 was not successfully created: The following resource(s) failed to create: [ComplianceRoles, LogProcessingRole].',
      'nested stack failed: ComplianceRoles, LogProcessingRole',
    ],
    ['The following resource(s) failed to create: [Core, Onboard]. Rollback requested by user..', 'failed: Core, Onboard'],
    [
      'Resource handler returned message: "Role with name PantherAuditRole-us-east-2 already exists. (Service: Iam, Status Code: 409, Request ID: r)" (RequestToken: t, HandlerErrorCode: AlreadyExists)',
      'Role with name PantherAuditRole-us-east-2 already exists.',
    ],
    ['Resource creation cancelled', 'Resource creation cancelled'],
  ])('%#', (reason, gist) => {
    expect(reasonGist(reason)).toBe(gist);
  });
});
