import {describe, expect, it} from 'vitest';
import {parseAccessDenial} from '../../source/domain/access-denial.js';
import type {PolicyType} from '../../source/domain/types.js';

const USER = 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation';
const RES = 'arn:aws:s3:::panther-bootstrap-processeddata-abc';
const ARNS: Record<string, string> = {
  'service control policy': 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-x1y2z3ab',
  'resource control policy': 'arn:aws:organizations::111111111111:policy/o-abc123/resource_control_policy/p-rcp12345',
  'permissions boundary': 'arn:aws:iam::123456789012:policy/DeveloperBoundary',
  'session policy': 'arn:aws:iam::123456789012:policy/SessionPolicy',
  'resource-based policy': 'arn:aws:s3:::panther-bootstrap-processeddata-abc',
  'identity-based policy': 'arn:aws:iam::123456789012:policy/PantherDeploy',
  'VPC endpoint policy': 'arn:aws:ec2:us-east-1:123456789012:vpc-endpoint/vpce-0abc',
};
const TYPES: Array<[string, PolicyType, string]> = [
  ['service control policy', 'scp', 'a'],
  ['resource control policy', 'rcp', 'a'],
  ['permissions boundary', 'boundary', 'a'],
  ['session policy', 'session', 'a'],
  ['resource-based policy', 'resource', 'a'],
  ['identity-based policy', 'identity', 'an'],
  ['VPC endpoint policy', 'vpce', 'a'],
];

const rows: Array<[string, string, PolicyType, boolean, string | null, string | null]> = [];
for (const [phrase, type, article] of TYPES) {
  rows.push([
    `explicit ${phrase}`,
    `User: ${USER} is not authorized to perform: s3:PutEncryptionConfiguration on resource: ${RES} with an explicit deny in ${article} ${phrase}`,
    type,
    true,
    RES,
    null,
  ]);
  rows.push([
    `explicit ${phrase} + ARN`,
    `User: ${USER} is not authorized to perform: s3:PutEncryptionConfiguration on resource: ${RES} with an explicit deny in ${article} ${phrase}: ${ARNS[phrase]}`,
    type,
    true,
    RES,
    ARNS[phrase]!,
  ]);
  rows.push([
    `implicit ${phrase} no resource`,
    `User: ${USER} is not authorized to perform: s3:PutEncryptionConfiguration because no ${phrase} allows the s3:PutEncryptionConfiguration action`,
    type,
    false,
    null,
    null,
  ]);
  rows.push([
    `implicit ${phrase} + ARN`,
    `User: ${USER} is not authorized to perform: s3:PutEncryptionConfiguration on resource: ${RES} because no ${phrase} allows the s3:PutEncryptionConfiguration action: ${ARNS[phrase]}`,
    type,
    false,
    RES,
    ARNS[phrase]!,
  ]);
}

describe('parseAccessDenial', () => {
  it.each(rows)('%s', (_name, message, policyType, explicit, resource, policyArn) => {
    expect(parseAccessDenial(message)).toEqual({principal: USER, action: 's3:PutEncryptionConfiguration', resource, policyType, explicit, policyArn});
  });

  it('reads the quoted resource ARN of registry messages and ignores the service suffix', () => {
    const msg = `Resource handler returned message: "User: ${USER} is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"${RES}\\" with an explicit deny in a service control policy (Service: S3, Status Code: 403, Request ID: R1)" (RequestToken: t, HandlerErrorCode: AccessDenied)`;
    expect(parseAccessDenial(msg)).toMatchObject({resource: RES, policyType: 'scp', explicit: true, action: 's3:PutEncryptionConfiguration'});
  });

  it('reads the API: form CloudFormation uses for IAM', () => {
    const msg = `API: iam:CreateRole User: ${USER} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/PantherAuditRole-us-east-1 with an explicit deny in a service control policy: ${ARNS['service control policy']}`;
    expect(parseAccessDenial(msg)).toMatchObject({
      action: 'iam:CreateRole',
      resource: 'arn:aws:iam::123456789012:role/PantherAuditRole-us-east-1',
      policyType: 'scp',
      policyArn: ARNS['service control policy'],
    });
  });

  it('says what it can of an EC2 UnauthorizedOperation with an encoded message', () => {
    const msg = 'API: ec2:CreateVpc You are not authorized to perform this operation. Encoded authorization failure message: AbCdEf123';
    expect(parseAccessDenial(msg)).toEqual({
      principal: '',
      action: 'ec2:CreateVpc',
      resource: null,
      policyType: 'unknown',
      explicit: false,
      policyArn: null,
    });
  });

  it('says what it can of an old S3 Access Denied', () => {
    const msg =
      'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: ABC; S3 Extended Request ID: xyz=; Proxy: null)';
    expect(parseAccessDenial(msg)).toMatchObject({policyType: 'unknown', action: '', resource: null});
  });

  it('reads a resource IAM names by kind and name, with the policy clause after it', () => {
    const msg = `User: ${USER} is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: role cdk-hnb659fds-image-publishing-role-1 because no identity-based policy allows the iam:UpdateAssumeRolePolicy action`;
    expect(parseAccessDenial(msg)).toEqual({
      principal: USER,
      action: 'iam:UpdateAssumeRolePolicy',
      resource: 'cdk-hnb659fds-image-publishing-role-1',
      policyType: 'identity',
      explicit: false,
      policyArn: null,
    });
  });

  it('keeps the action and resource of a denial that names no policy', () => {
    const msg = `User: ${USER} is not authorized to perform: codebuild:CreateProject on resource: arn:aws:codebuild:us-west-2:123456789012:project/x (Service: AWSCodeBuild; Status Code: 400; Error Code: AccessDeniedException)`;
    expect(parseAccessDenial(msg)).toEqual({
      principal: USER,
      action: 'codebuild:CreateProject',
      resource: 'arn:aws:codebuild:us-west-2:123456789012:project/x',
      policyType: 'unknown',
      explicit: false,
      policyArn: null,
    });
  });

  it('returns null for a message that is not a denial', () => {
    expect(parseAccessDenial('Role with name PantherAuditRole-us-east-1 already exists.')).toBeNull();
  });
});
