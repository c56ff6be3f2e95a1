import {describe, expect, it} from 'vitest';
import {classifyReason} from '../../source/domain/classify.js';
import type {Category} from '../../source/domain/types.js';

const ROLE = 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole-us-east-1/AWSCloudFormation';
const SCP = 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-x1y2z3ab';
const TOKEN = 'RequestToken: 0c5c3f0a-1b6e-4e4b-9d6e-7f1f2f3f4f5f';

// Real message shapes, as CloudFormation reports them, with what a user should read: [category, reason, type, status, hint must contain].
const corpus: Array<[Category, string, string, string, string[]]> = [
  [
    'scp-deny',
    `Resource handler returned message: "User: ${ROLE} is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::panther-bootstrap-auditlogs-1\\" with an explicit deny in a service control policy: ${SCP} (Service: S3, Status Code: 403, Request ID: 8XYZ, Extended Request ID: q=)" (${TOKEN}, HandlerErrorCode: AccessDenied)`,
    'AWS::S3::Bucket',
    'CREATE_FAILED',
    ['service control policy', 's3:PutEncryptionConfiguration', 'p-x1y2z3ab', 'PantherDeploymentRole'],
  ],
  [
    'scp-deny',
    `API: iam:CreateRole User: ${ROLE} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/PantherAuditRole-us-east-1 with an explicit deny in a service control policy`,
    'AWS::IAM::Role',
    'CREATE_FAILED',
    ['iam:CreateRole'],
  ],
  [
    'scp-deny',
    `User: ${ROLE} is not authorized to perform: ec2:CreateVpc on resource: arn:aws:ec2:us-east-1:123456789012:vpc/* with an explicit deny in a service control policy (Service: AmazonEC2; Status Code: 403; Error Code: UnauthorizedOperation; Request ID: 1)`,
    'AWS::EC2::VPC',
    'CREATE_FAILED',
    ['ec2:CreateVpc'],
  ],
  [
    'permission-denied',
    `Resource handler returned message: "User: ${ROLE} is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:panther-alert-delivery because no identity-based policy allows the lambda:CreateFunction action (Service: Lambda, Status Code: 403, Request ID: 1)" (${TOKEN}, HandlerErrorCode: AccessDenied)`,
    'AWS::Lambda::Function',
    'CREATE_FAILED',
    ['lambda:CreateFunction', 'PantherDeploymentRole'],
  ],
  [
    'permission-denied',
    `User: ${ROLE} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/X with an explicit deny in a permissions boundary: arn:aws:iam::123456789012:policy/Boundary`,
    'AWS::IAM::Role',
    'CREATE_FAILED',
    ['permissions boundary'],
  ],
  [
    'permission-denied',
    `User: ${ROLE} is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/k with an explicit deny in a resource control policy: arn:aws:organizations::111111111111:policy/o-abc123/resource_control_policy/p-rcp1`,
    'AWS::S3::Bucket',
    'CREATE_FAILED',
    ['resource control policy', 'organisation admins'],
  ],
  ['permission-denied', 'API: s3:CreateBucket Access Denied', 'AWS::S3::Bucket', 'CREATE_FAILED', ['s3:CreateBucket', 'CloudTrail']],
  [
    'permission-denied',
    'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: 4B7; S3 Extended Request ID: x=; Proxy: null)',
    'AWS::S3::BucketPolicy',
    'CREATE_FAILED',
    ['CloudTrail'],
  ],
  [
    'permission-denied',
    'API: ec2:CreateSecurityGroup You are not authorized to perform this operation. Encoded authorization failure message: 3kQ9vX',
    'AWS::EC2::SecurityGroup',
    'CREATE_FAILED',
    ['ec2:CreateSecurityGroup'],
  ],
  [
    'already-exists',
    `Resource handler returned message: "panther-bootstrap-auditlogs-123456789012-us-east-1 already exists" (${TOKEN}, HandlerErrorCode: AlreadyExists)`,
    'AWS::S3::Bucket',
    'CREATE_FAILED',
    ['panther-bootstrap-auditlogs-123456789012-us-east-1', 'old Panther', 'import'],
  ],
  [
    'already-exists',
    'Role with name PantherAuditRole-us-east-1 already exists. (Service: AmazonIdentityManagement; Status Code: 409; Error Code: EntityAlreadyExists; Request ID: 5e; Proxy: null)',
    'AWS::IAM::Role',
    'CREATE_FAILED',
    ['PantherAuditRole-us-east-1'],
  ],
  [
    'already-exists',
    `Resource handler returned message: "Resource of type 'AWS::Logs::LogGroup' with identifier '/aws/lambda/panther-log-processor' already exists." (${TOKEN}, HandlerErrorCode: AlreadyExists)`,
    'AWS::Logs::LogGroup',
    'CREATE_FAILED',
    ['/aws/lambda/panther-log-processor'],
  ],
  [
    'already-exists',
    'panther-analysis already exists in stack arn:aws:cloudformation:us-east-1:123456789012:stack/panther-old/abc',
    'AWS::DynamoDB::Table',
    'CREATE_FAILED',
    ['panther-analysis'],
  ],
  [
    'already-exists',
    'Your previous request to create the named bucket succeeded and you already own it. (Service: Amazon S3; Status Code: 409; Error Code: BucketAlreadyOwnedByYou; Request ID: 1)',
    'AWS::S3::Bucket',
    'CREATE_FAILED',
    ['old Panther install', 'import'],
  ],
  [
    'limit-exceeded',
    `Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 7c)" (${TOKEN}, HandlerErrorCode: InvalidRequest)`,
    'AWS::Lambda::Function',
    'CREATE_FAILED',
    ['concurrency', 'Service Quotas'],
  ],
  [
    'limit-exceeded',
    'The maximum number of VPCs has been reached. (Service: AmazonEC2; Status Code: 400; Error Code: VpcLimitExceeded; Request ID: 2)',
    'AWS::EC2::VPC',
    'CREATE_FAILED',
    ['VpcLimitExceeded', 'Service Quotas'],
  ],
  [
    'limit-exceeded',
    'You have attempted to create more buckets than allowed (Service: Amazon S3; Status Code: 400; Error Code: TooManyBuckets; Request ID: 3)',
    'AWS::S3::Bucket',
    'CREATE_FAILED',
    ['TooManyBuckets'],
  ],
  [
    'limit-exceeded',
    'Cannot exceed quota for PoliciesPerRole: 10 (Service: AmazonIdentityManagement; Status Code: 409; Error Code: LimitExceeded; Request ID: 4)',
    'AWS::IAM::Policy',
    'CREATE_FAILED',
    ['PoliciesPerRole'],
  ],
  [
    'invalid-parameter',
    'Parameter validation failed: parameter value arn:aws:acm:us-east-1:123456789012:certificate/xyz for parameter name CertificateArn does not exist. Rollback requested by user.',
    'AWS::CloudFormation::Stack',
    'ROLLBACK_IN_PROGRESS',
    ['CertificateArn'],
  ],
  ['invalid-parameter', 'Parameters: [PulumiSecretArn] must have values', 'AWS::CloudFormation::Stack', 'ROLLBACK_IN_PROGRESS', ['PulumiSecretArn']],
  [
    'invalid-parameter',
    'Properties validation failed for resource Fn with message: #/MemorySize: failed validation constraint for keyword [maximum]',
    'AWS::Lambda::Function',
    'CREATE_FAILED',
    ['parameter'],
  ],
  [
    'invalid-parameter',
    `Resource handler returned message: "Invalid request provided: AWS::ECS::TaskDefinition" (${TOKEN}, HandlerErrorCode: InvalidRequest)`,
    'AWS::ECS::TaskDefinition',
    'CREATE_FAILED',
    [],
  ],
  [
    'kms-policy',
    `Resource handler returned message: "The provided execution role does not have permissions to call Decrypt on KMS (Service: Lambda, Status Code: 400, Request ID: 9)" (${TOKEN}, HandlerErrorCode: InvalidRequest)`,
    'AWS::Lambda::Function',
    'CREATE_FAILED',
    ['Decrypt', 'key policy'],
  ],
  [
    'kms-policy',
    `User: ${ROLE} is not authorized to perform: kms:CreateGrant on resource: arn:aws:kms:us-east-1:123456789012:key/abcd because no resource-based policy allows the kms:CreateGrant action`,
    'AWS::DynamoDB::Table',
    'CREATE_FAILED',
    ['kms:CreateGrant'],
  ],
  [
    'kms-policy',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
    'AWS::SecretsManager::Secret',
    'CREATE_FAILED',
    ['key policy'],
  ],
  [
    'timeout',
    'Stack creation time exceeded the specified timeout. Rollback requested by user.',
    'AWS::CloudFormation::Stack',
    'CREATE_FAILED',
    ['in progress when it stopped'],
  ],
  ['timeout', 'Failed to receive 1 resource signal(s) within the specified duration', 'AWS::AutoScaling::AutoScalingGroup', 'CREATE_FAILED', []],
  [
    'timeout',
    `Resource handler returned message: "Resource of type 'AWS::ECS::Service' with identifier 'panther-web' did not stabilize." (${TOKEN}, HandlerErrorCode: NotStabilized)`,
    'AWS::ECS::Service',
    'CREATE_FAILED',
    ['ECS'],
  ],
  [
    'dependency',
    'No export named panther-bootstrap-ProcessedDataBucket found. Rollback requested by user.',
    'AWS::CloudFormation::Stack',
    'UPDATE_ROLLBACK_IN_PROGRESS',
    ['export'],
  ],
  [
    'dependency',
    'Export panther-bootstrap-Vpc cannot be updated as it is in use by panther-web',
    'AWS::CloudFormation::Stack',
    'UPDATE_ROLLBACK_IN_PROGRESS',
    ['export'],
  ],
  [
    'dependency',
    "The vpc 'vpc-0abc' has dependencies and cannot be deleted. (Service: AmazonEC2; Status Code: 400; Error Code: DependencyViolation; Request ID: 1)",
    'AWS::EC2::VPC',
    'DELETE_IN_PROGRESS',
    [],
  ],
  [
    'dependency',
    `Resource handler returned message: "The specified bucket does not exist (Service: S3, Status Code: 404, Request ID: X)" (${TOKEN}, HandlerErrorCode: NotFound)`,
    'AWS::S3::BucketPolicy',
    'CREATE_FAILED',
    [],
  ],
  [
    'delete-failed',
    'The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: 1)',
    'AWS::S3::Bucket',
    'DELETE_FAILED',
    ['empty'],
  ],
  [
    'delete-failed',
    'The following resource(s) failed to delete: [ProcessedDataBucket]. ',
    'AWS::CloudFormation::Stack',
    'ROLLBACK_FAILED',
    ['RetainResources'],
  ],
  [
    'delete-failed',
    'Resource handler returned message: "null" (RequestToken: x, HandlerErrorCode: GeneralServiceException)',
    'AWS::Glue::Database',
    'DELETE_FAILED',
    [],
  ],
  ['internal', 'Internal Failure', 'AWS::AppSync::GraphQLApi', 'CREATE_FAILED', ['transient']],
  [
    'internal',
    `Resource handler returned message: "null" (${TOKEN}, HandlerErrorCode: InternalFailure)`,
    'AWS::Athena::WorkGroup',
    'CREATE_FAILED',
    [],
  ],
  [
    'internal',
    'Service Unavailable (Service: AmazonSQS; Status Code: 503; Error Code: ServiceUnavailable; Request ID: 1)',
    'AWS::SQS::Queue',
    'CREATE_FAILED',
    [],
  ],
  [
    'internal',
    'Rate exceeded (Service: AWSLogs; Status Code: 400; Error Code: ThrottlingException; Request ID: 1)',
    'AWS::Logs::LogGroup',
    'CREATE_FAILED',
    [],
  ],
  ['unknown', 'Something nobody has seen before', 'AWS::Custom::Thing', 'CREATE_FAILED', []],
];

// Shapes a review found misdiagnosed: what each must not become, and what it is.
const regressions: Array<[string, string, string, string, Category, RegExp | null]> = [
  [
    'a missing subnet under the catch-all InvalidRequest code',
    `Resource handler returned message: "Subnet subnet-0abc does not exist" (${TOKEN}, HandlerErrorCode: InvalidRequest)`,
    'AWS::EC2::Instance',
    'CREATE_FAILED',
    'dependency',
    /\(InvalidRequest, InvalidRequest\)/,
  ],
  [
    'a log group conflict that names no log group',
    'The specified log group already exists (Service: AWSLogs; Status Code: 400; Error Code: ResourceAlreadyExistsException)',
    'AWS::Logs::LogGroup',
    'CREATE_FAILED',
    'already-exists',
    /--log-group-name group\b/,
  ],
  [
    'a 409 for an update in progress',
    'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:x (Service: Lambda, Status Code: 409, Request ID: 1)',
    'AWS::Lambda::Function',
    'UPDATE_FAILED',
    'unknown',
    /already exists/,
  ],
  [
    'retries exhausted, not a limit',
    `Resource handler returned message: "Exceeded maximum number of attempts" (${TOKEN}, HandlerErrorCode: NotStabilized)`,
    'AWS::RDS::DBCluster',
    'CREATE_FAILED',
    'timeout',
    /limit/,
  ],
  [
    'a bad workgroup name on create',
    'Invalid WorkGroup name: contains invalid characters (Service: Athena, Status Code: 400)',
    'AWS::Athena::WorkGroup',
    'CREATE_FAILED',
    'invalid-parameter',
    /not empty/,
  ],
  [
    "a denial of a function's own role, not the deploying role",
    'User: arn:aws:sts::123456789012:assumed-role/panther-log-processor-role/panther-log-processor is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/x because no identity-based policy allows the ssm:GetParameter action',
    'Custom::Settings',
    'CREATE_FAILED',
    'permission-denied',
    /deploying role's identity-based policy|PantherDeploymentRole at the same version/,
  ],
  [
    'throttling named by the service that throttled',
    'Your request has been throttled by EC2, please make sure you have enough API rate limit.',
    'AWS::Lambda::Function',
    'CREATE_FAILED',
    'internal',
    /^Lambda throttled/,
  ],
  [
    'a name no shell should run',
    'Role with name $(curl evil) already exists.',
    'AWS::IAM::Role',
    'CREATE_FAILED',
    'already-exists',
    /aws iam delete-role/,
  ],
];

describe('classifyReason', () => {
  it.each(regressions)('%s', (_what, reason, type, status, category, never) => {
    const c = classifyReason(reason, type, status);
    expect(c.category).toBe(category);
    if (never) expect(c.hint).not.toMatch(never);
  });

  it('names the role that was denied when it is not the deploying role', () => {
    expect(classifyReason(regressions.find(r => r[0].startsWith('a denial of a function'))![1], 'Custom::Settings').hint).toMatch(
      /^The role panther-log-processor-role \(not the deploying role/,
    );
  });

  it.each(corpus)('%s: %s', (category, reason, type, status, hintHas) => {
    const c = classifyReason(reason, type, status);
    expect(c.category).toBe(category);
    for (const s of hintHas) expect(c.hint).toContain(s);
    expect(c.hint.length).toBeGreaterThan(20);
  });

  it('carries the parsed denial for SCP denials', () => {
    const c = classifyReason(corpus[0]![1], 'AWS::S3::Bucket', 'CREATE_FAILED');
    expect(c.denial).toMatchObject({policyType: 'scp', action: 's3:PutEncryptionConfiguration', policyArn: SCP});
    expect(c.hint).toMatch(
      /^A service control policy \(p-x1y2z3ab\) denies s3:PutEncryptionConfiguration on arn:aws:s3:::panther-bootstrap-auditlogs-1: only your organisation admins can lift it\./,
    );
  });
});
