// How a failure reason is diagnosed, as one table: the first row whose pattern (and resource types, statuses) match
// gives the category and the hint. Patterns are tested on AWS's message without its wrappers, followed by its error
// codes (`HandlerErrorCode: X`, the service's error code, `Status Code: N`). Hints name facts read from the event
// (diagnosis-facts.ts): `{fact}`, `{fact|words when unknown}`, and `[ … ]` for words kept only when their facts are
// known. Each row carries an example a test classifies with that row and no other. Specific rows come first: who
// denied what, then limits and conflicts, then what the resource type says, then the generic wordings.
import {CUSTOM_RESOURCE_TYPE} from './resource-knowledge.js';
import type {Category} from './types.js';

export interface DiagnosisRule {
  id: string;
  category: Category;
  pattern: RegExp;
  /** Only for these resource types. */
  types?: RegExp;
  /** Only for events with these statuses. */
  statuses?: RegExp;
  /** Only when the event gives these facts (e.g. `otherPrincipal`: the denied caller is not the deploying role). */
  needs?: string[];
  hint: string;
  example: {reason: string; type?: string; status?: string; logical?: string; physical?: string};
}

const DELETE_STATUSES = /^(?:DELETE_FAILED|ROLLBACK_FAILED|UPDATE_ROLLBACK_FAILED|IMPORT_ROLLBACK_FAILED)$/;
const CUSTOM = CUSTOM_RESOURCE_TYPE;
const CUSTOM_LOGS = "{functionLogs|its Lambda function's log group (/aws/lambda/ and the function its ServiceToken names)}";
const ECS_STOPPED_TASKS =
  "See why in its stopped tasks ([`aws ecs list-tasks --cluster {ecsCluster} --service-name {ecsService} --desired-status STOPPED`, then ]`aws ecs describe-tasks`: stoppedReason; or the console: the service, Tasks, Stopped) and in its containers' logs.";
const ROLE = 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole-us-east-1/AWSCloudFormation';

export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  // Denials: the policy type says who can lift it.
  {
    id: 'scp-deny',
    category: 'scp-deny',
    pattern: /explicit deny in an? service control polic/i,
    hint:
      'A service control policy[ ({policy})] denies {action|the call}[ on {resource}]: only your organisation admins can lift it. ' +
      'Ask them to exempt the PantherDeploymentRole or this account.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: s3:PutEncryptionConfiguration on resource: arn:aws:s3:::b with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-a/service_control_policy/p-x1y2z3ab`,
      type: 'AWS::S3::Bucket',
    },
  },
  {
    id: 'rcp-deny',
    category: 'permission-denied',
    pattern: /explicit deny in an? resource control polic/i,
    hint: 'A resource control policy[ ({policy})] denies {action|the call}[ on {resource}]. Ask your organisation admins to exempt the PantherDeploymentRole or this account.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/k with an explicit deny in a resource control policy`,
      type: 'AWS::S3::Bucket',
    },
  },
  {
    id: 'kms-action-denied',
    category: 'kms-policy',
    pattern: /not authorized to perform:?\s*\\?"?kms:/i,
    hint:
      '{action} on the KMS key[ {resource}] is not allowed[ by the {policyType}][ ({policy})]. The key policy must allow the deploying role and the service using the key: ' +
      'check the key policy of the customer managed key given to the stack.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: kms:CreateGrant on resource: arn:aws:kms:us-east-1:123456789012:key/abcd because no resource-based policy allows the kms:CreateGrant action`,
      type: 'AWS::DynamoDB::Table',
    },
  },
  {
    id: 'kms-key-state',
    category: 'kms-policy',
    pattern:
      /KMSInvalidState|KMS\w*Disabled|\bkey\b[^.]*\b(?:is disabled|pending deletion|PendingDeletion)|(?:is disabled|pending deletion)[^.]*\bKMS\b/i,
    hint: 'The KMS key[ {key}] is disabled or pending deletion. Enable it (or cancel its deletion with `aws kms cancel-key-deletion`), or give the stack another key, then deploy again.',
    example: {
      reason:
        'arn:aws:kms:us-east-1:123456789012:key/abcd is pending deletion. (Service: AWSKMS; Status Code: 400; Error Code: KMSInvalidStateException; Request ID: 1)',
      type: 'AWS::Logs::LogGroup',
    },
  },
  {
    id: 'kms-key-missing',
    category: 'kms-policy',
    pattern:
      /customer master key that does not exist|KMSNotFound|\bKMS key\b[^.]*(?:not found|does not exist)|Invalid ?KmsKeyId|Key '?arn:aws[\w-]*:kms:\S+'? does not exist|NotFoundException[^.]*\bkey\b[^.]*\bKMS|\bKMS\b[^.]*NotFound/i,
    hint: 'The KMS key[ {key}] does not exist in this account and region, or may not be used[ with {arn}]: its key policy must allow the service using it. Check the key ARN given to the stack (same region and account) and its key policy.',
    example: {
      reason:
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
      type: 'AWS::SecretsManager::Secret',
    },
  },
  {
    id: 'kms-service-role',
    category: 'kms-policy',
    pattern:
      /permissions? to call \w+ on KMS|KMSAccessDenied|not authorized to use (?:the )?(?:KMS|CMK|key)|(?:unable|not able|cannot|could not) (?:to )?(?:use|access|decrypt)[^.]*\b(?:KMS|CMK)\b|\bKMS\b[^.]*(?:access ?denied|not authorized|not have permission|not allowed)|key policy|AWSKMS[^.]*AccessDenied/i,
    hint:
      "The KMS key[ {key}] cannot be used[ for {action}]: its key policy must allow the role the service runs as (e.g. a Lambda function's execution role) and the service using the key. " +
      'Add them to the key policy of the customer managed key given to the stack, then deploy again.',
    example: {
      reason: 'The provided execution role does not have permissions to call Decrypt on KMS (Service: Lambda, Status Code: 400, Request ID: 9)',
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'kms-resource-denied',
    category: 'kms-policy',
    types: /^AWS::KMS::/,
    pattern: /not authorized|Access ?denied|AccessDenied|not have permissions?/i,
    hint: '{action|The call} on the KMS key[ {key}] was denied ({matched}): the key policy must allow the deploying role to manage the key (a key policy that leaves it out locks it out). Check the key policy, then deploy again.[ {trailNote}]',
    example: {
      reason: `Resource handler returned message: "Access denied for operation 'EnableKeyRotation'." HandlerErrorCode: AccessDenied`,
      type: 'AWS::KMS::Key',
    },
  },
  {
    id: 'boundary-deny',
    category: 'permission-denied',
    pattern: /(?:explicit deny in an?|because no) permissions? boundar/i,
    hint: 'The permissions boundary[ ({policy})] on the deploying role {verb|does not allow} {action|the call}[ on {resource}]. Ask its owner to allow it, or deploy with a role without that boundary.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/X with an explicit deny in a permissions boundary: arn:aws:iam::123456789012:policy/Boundary`,
      type: 'AWS::IAM::Role',
    },
  },
  {
    id: 'session-policy-deny',
    category: 'permission-denied',
    pattern: /(?:explicit deny in an?|because no) session polic/i,
    hint: 'The session policy given when the deploying role was assumed {verb|does not allow} {action|the call}[ on {resource}]. Assume the role without it (or with one that allows the call) and deploy again.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: sqs:CreateQueue on resource: arn:aws:sqs:us-east-1:123456789012:q because no session policy allows the sqs:CreateQueue action`,
      type: 'AWS::SQS::Queue',
    },
  },
  {
    id: 'vpc-endpoint-policy-deny',
    category: 'permission-denied',
    pattern: /(?:explicit deny in an?|because no) VPC endpoint polic/i,
    hint: 'The VPC endpoint policy[ ({policy})] of the endpoint the call went through {verb|does not allow} {action|the call}[ on {resource}]. Allow it in that endpoint policy and deploy again.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k with an explicit deny in a VPC endpoint policy`,
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'resource-policy-deny',
    category: 'permission-denied',
    pattern: /(?:explicit deny in an?|because no) resource-based polic/i,
    hint: 'The resource-based policy of {resource|the resource}[ ({policy})] {verb|does not allow} {action|the call}. Allow the deploying role in that policy (a bucket, queue, topic or key policy) and deploy again.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: sns:Subscribe on resource: arn:aws:sns:us-east-1:123456789012:t because no resource-based policy allows the sns:Subscribe action`,
      type: 'AWS::SNS::Subscription',
    },
  },
  {
    id: 'pass-role-denied',
    category: 'permission-denied',
    pattern: /iam:PassRole/i,
    hint: 'The deploying role may not pass the role {resource|named in the message} to the service (iam:PassRole)[; the {policyType} does not allow it][ ({policy})]. Allow iam:PassRole on that role (the PantherDeploymentRole at the same version as Panther grants it) and deploy again.[ {trailNote}]',
    example: {
      reason: `API: iam:PassRole User: ${ROLE} is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/panther-fn because no identity-based policy allows the iam:PassRole action`,
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'other-role-deny',
    category: 'permission-denied',
    pattern: /no identity-based policy allows|explicit deny in an? identity-based polic/i,
    needs: ['otherPrincipal'],
    hint:
      "The role {otherPrincipal} (not the deploying role: a function's or a service's own role) may not call {action|it}[ on {resource}]: its identity-based policy {verb|does not allow} it[ ({policy})]. " +
      "Add {action|the action} to that role's policy (in the template or stack that defines the role), then deploy again.",
    example: {
      reason:
        'User: arn:aws:sts::123456789012:assumed-role/panther-log-processor-role/panther-log-processor is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/x because no identity-based policy allows the ssm:GetParameter action',
      type: 'Custom::Settings',
    },
  },
  {
    id: 'identity-policy-deny',
    category: 'permission-denied',
    pattern: /no identity-based policy allows|explicit deny in an? identity-based polic/i,
    hint:
      "The deploying role's identity-based policy[ {policy}] {verb|does not allow} {action|the call}[ on {resource}]. " +
      'Deploy with the PantherDeploymentRole at the same version as Panther (its template grants what the deploy needs), or add {action|the action} to the role.[ {trailNote}]',
    example: {
      reason: `User: ${ROLE} is not authorized to perform: iam:TagRole on resource: role panther-audit because no identity-based policy allows the iam:TagRole action`,
      type: 'AWS::IAM::Role',
    },
  },
  {
    id: 'execution-role-permission',
    category: 'permission-denied',
    pattern: /execution role does not have permissions? to call \w+ on \w+/i,
    hint: "The function's execution role[ ({logical})] lacks {action}, which the service calls on the function's behalf: add {action} to the execution role's policy (or attach the managed policy that grants it), then deploy again.",
    example: {
      reason:
        'The provided execution role does not have permissions to call SendMessage on SQS (Service: AWSLambda; Status Code: 400; Error Code: InvalidParameterValueException)',
      type: 'AWS::Lambda::EventSourceMapping',
    },
  },
  {
    id: 'ec2-encoded-denial',
    category: 'permission-denied',
    pattern: /Encoded authorization failure message/i,
    hint: 'EC2 denied {action|the call} and encoded why: decode the message with `aws sts decode-authorization-message --encoded-message <the encoded message>` (it names the policy and the statement that denied it).[ {trailNote}]',
    example: {
      reason: 'API: ec2:CreateSecurityGroup You are not authorized to perform this operation. Encoded authorization failure message: 3kQ9vX',
      type: 'AWS::EC2::SecurityGroup',
    },
  },
  {
    id: 'tag-permissions',
    category: 'permission-denied',
    pattern: /permissions? to process tags/i,
    hint: "The deploying role may not tag {type|this resource type}: allow the service's tagging actions (for an IAM role, iam:TagRole, iam:UntagRole and iam:ListRoleTags) and deploy again.[ {trailNote}]",
    example: {reason: 'Did not have IAM permissions to process tags on AWS::IAM::Role resource.', type: 'AWS::IAM::Role'},
  },
  {
    id: 'custom-resource-denied',
    category: 'permission-denied',
    types: CUSTOM,
    pattern: /not authorized|Access ?Denied\w*|Forbidden|(?:did not|does not|doesn't) have (?:the )?(?:IAM |required )?permissions?/i,
    hint: `The custom resource[ {logical}]'s Lambda function was denied {action|a call}[ on {resource}]: its execution role lacks it, or a policy denies it. Allow it in the function's role; the details are in ${CUSTOM_LOGS}.`,
    example: {
      reason: 'Received response status [FAILED] from custom resource. Message returned: Access Denied',
      type: 'Custom::PutPublicAccessBlock',
      logical: 'BlockPublicAccess',
    },
  },
  {
    id: 'denied-policy-unnamed',
    category: 'permission-denied',
    pattern:
      /not authorized|Access ?Denied\w*|Forbidden|UnauthorizedOperation|InvalidCredentials|insufficient (?:permissions|privileges)|(?:did not|does not|doesn't) have (?:the )?(?:IAM |required )?permissions?|Access denied for operation/i,
    hint: '{action|The call} was denied ({matched})[ on {resource}][, {code}] and the message does not say by which policy: the deploying role lacks it, or an organisation SCP denies it.[ {trailNote}]',
    example: {reason: 'API: s3:CreateBucket Access Denied', type: 'AWS::S3::Bucket'},
  },

  // A service's first use in the account: its service-linked role.
  {
    id: 'ebs-key-at-launch',
    category: 'kms-policy',
    pattern: /Client\.InternalError: Client error on launch/i,
    hint: 'Instance[ {instance}] was stopped as it launched (Client.InternalError): the usual cause is an EBS volume encrypted with a KMS key the launch may not use (default EBS encryption with a customer managed key whose key policy leaves out EC2 or the Auto Scaling service-linked role). Allow them in the key policy, then deploy again.',
    example: {
      reason: 'Instance i-002063fcc56a1fa19 failed to stabilize. Current state: shutting-down. Reason: Client.InternalError: Client error on launch',
      type: 'AWS::EC2::Instance',
    },
  },
  {
    id: 'attribute-unavailable',
    category: 'dependency',
    pattern: /Unable to retrieve \w+ attribute for [\w:]+/i,
    hint: 'CloudFormation could not read what this resource refers to ({matched}): that resource failed or is not there. Look at its own failure first, then deploy again.',
    example: {reason: 'Unable to retrieve Arn attribute for AWS::KinesisFirehose::DeliveryStream', type: 'AWS::Events::Rule'},
  },
  {
    id: 'service-linked-role',
    category: 'dependency',
    pattern:
      /Unable to assume the service[- ]linked role|service[- ]linked role (?:\S+ )?(?:exists|does not exist|is not ready|not found|could not be assumed)|enable a service[- ]linked role|role\/aws-service-role\/|AWSServiceRoleFor\w+ (?:does not exist|not found|is not)/i,
    hint: 'The service-linked role[ {slrName}][ of {slrService}] is missing (the first use of the service in this account) or not ready yet. Create it once with `aws iam create-service-linked-role --aws-service-name {slrService|SERVICE.amazonaws.com}` and deploy again.',
    example: {reason: 'Unable to assume the service linked role. Please verify that the ECS service linked role exists.', type: 'AWS::ECS::Service'},
  },

  // Throttling before limits: `Request limit exceeded` is a rate, not a quota.
  {
    id: 'throttled',
    category: 'internal',
    pattern:
      /Rate exceeded|Throttl\w*|security token included in the request is invalid|TooManyRequests\w*|Too Many Requests|SlowDown|Request ?limit ?exceeded|request rate/i,
    hint: "{throttledBy|service|AWS} throttled the deploy's calls ({matched}[, {code}]): transient, deploy again. If it keeps happening, raise the API's rate quota in Service Quotas[ ({service})] or deploy fewer stacks at once.",
    example: {
      reason: 'Rate exceeded (Service: AWSLogs; Status Code: 400; Error Code: ThrottlingException; Request ID: 1)',
      type: 'AWS::Logs::LogGroup',
    },
  },

  // Limits: the quota to raise.
  {
    id: 'lambda-concurrency',
    category: 'limit-exceeded',
    pattern: /UnreservedConcurrentExecution/i,
    hint: "The account's Lambda concurrency is too low: with Panther's reserved concurrency, UnreservedConcurrentExecution would drop below its minimum of 10. Request a higher quota in Service Quotas ({quota}) and deploy again.",
    example: {
      reason:
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 7c)",
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'limit-reached',
    category: 'limit-exceeded',
    pattern:
      /LimitExceeded|ServiceQuotaExceeded|ServiceLimitExceeded|TooManyBuckets|more buckets than allowed|Cannot exceed quota|maximum number of (?!attempts|retries)|\blimits? (?:of|on|for)\b[^.]*\b(?:exceeded|reached)|\blimit\b[^.]*\bexceeded|exceeded\b[^.]*\blimit|\bquota\b|too many \w+ (?:in|for|per)\b|\b\w+ limit of \d+|adjustment to this limit/i,
    hint: 'An account limit was reached: {limit|matched}[ in {service}]. Remove what is no longer used (leftovers of old installs), or request an increase in Service Quotas[ ({quota})], then deploy again.',
    example: {
      reason: 'The maximum number of VPCs has been reached. (Service: AmazonEC2; Status Code: 400; Error Code: VpcLimitExceeded; Request ID: 2)',
      type: 'AWS::EC2::VPC',
    },
  },

  // What cannot be deleted, by what holds it.
  {
    id: 'bucket-not-empty',
    category: 'delete-failed',
    pattern: /BucketNotEmpty|bucket you tried to delete is not empty|bucket is not empty/i,
    hint: 'The bucket[ {physical}] still holds objects (or object versions), so it cannot be deleted: empty it[ (`aws s3 rm s3://{physical} --recursive`, and its versions)] or retain it, then retry the delete.',
    example: {
      reason: 'The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: 1)',
      type: 'AWS::S3::Bucket',
      status: 'DELETE_FAILED',
      physical: 'panther-data-123',
    },
  },
  {
    id: 'athena-workgroup-not-empty',
    category: 'delete-failed',
    types: /^AWS::Athena::WorkGroup$/,
    statuses: DELETE_STATUSES,
    pattern: /not empty|contains|RecursiveDeleteOption/i,
    hint: 'The Athena workgroup[ {physical}] is not empty: it still holds named queries or prepared statements (it is not an S3 bucket). Delete it with its contents (`aws athena delete-work-group --work-group {physical|NAME} --recursive-delete-option`) or set RecursiveDeleteOption on it, then retry.',
    example: {
      reason: 'WorkGroup panther-wg is not empty (Service: Athena, Status Code: 400, Request ID: 1)',
      type: 'AWS::Athena::WorkGroup',
      status: 'DELETE_FAILED',
      physical: 'panther-wg',
    },
  },
  {
    id: 'ecr-repository-not-empty',
    category: 'delete-failed',
    pattern: /RepositoryNotEmpty|repository[^.]*(?:contains images|not empty|still contains)/i,
    hint: 'The ECR repository[ {physical}] still holds images: delete it with them (`aws ecr delete-repository --repository-name {physical|NAME} --force`) or set EmptyOnDelete, then retry.',
    example: {
      reason:
        "The repository with name 'panther-images' in registry with id '123456789012' cannot be deleted because it still contains images (Service: AmazonECR; Status Code: 400; Error Code: RepositoryNotEmptyException; Request ID: 1)",
      type: 'AWS::ECR::Repository',
      status: 'DELETE_FAILED',
      physical: 'panther-images',
    },
  },
  {
    id: 'iam-entity-attached',
    category: 'delete-failed',
    pattern:
      /must detach all policies first|must delete policies first|must remove roles from instance profile first|DeleteConflict|Cannot delete entity|Cannot delete a policy attached to entities/i,
    hint: 'The IAM entity[ {physical}] cannot be deleted ({matched}): it still has policies or instance profiles attached from outside the stack. List them (`aws iam list-attached-role-policies --role-name {physical|NAME}`, `aws iam list-role-policies`, `aws iam list-instance-profiles-for-role`), detach or delete them, then retry the delete.',
    example: {
      reason:
        'Cannot delete entity, must detach all policies first. (Service: AmazonIdentityManagement; Status Code: 409; Error Code: DeleteConflict; Request ID: 1)',
      type: 'AWS::IAM::Role',
      status: 'DELETE_FAILED',
      physical: 'panther-audit-role',
    },
  },
  {
    id: 'lambda-edge-replica',
    category: 'delete-failed',
    pattern: /replicated function/i,
    hint: 'The function[ {arn|physical}] is a Lambda@Edge replicated function whose replicas CloudFront removes hours after its association is gone: wait (up to a few hours) and retry the delete, or retain the function and delete it later.',
    example: {
      reason: 'Lambda was unable to delete arn:aws:lambda:us-east-1:123456789012:function:edge:1 because it is a replicated function.',
      type: 'AWS::Lambda::Function',
      status: 'DELETE_FAILED',
    },
  },
  {
    id: 'mapped-public-addresses',
    category: 'delete-failed',
    pattern: /mapped public address/i,
    hint: 'The VPC[ {awsId}] still has public addresses mapped (Elastic IPs, a NAT gateway, instances with public IPs), so its internet gateway cannot detach: release or delete them, then retry the delete.',
    example: {
      reason: 'Network vpc-xxxxxxxx has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.',
      type: 'AWS::EC2::VPCGatewayAttachment',
      status: 'DELETE_FAILED',
    },
  },
  {
    id: 'network-interfaces-hold',
    category: 'delete-failed',
    types: /^AWS::EC2::(?:SecurityGroup|Subnet|VPC|NetworkInterface|InternetGateway|VPCGatewayAttachment|RouteTable)$/,
    statuses: DELETE_STATUSES,
    pattern: /network interface|dependent object|has dependencies|DependencyViolation|\bin use\b|\beni-[0-9a-f]+/i,
    hint: '{awsId|physical|The resource} {matched|is still in use}[ ({eni})] — usually the network interfaces of a Lambda function in the VPC, which AWS releases up to ~40 minutes after the function is gone. Wait and retry the delete, or find what holds it: `aws ec2 describe-network-interfaces --filters Name={eniFilter|group-id},Values={physical|ID}`.',
    example: {
      reason: 'resource sg-0abc has a dependent object (Service: AmazonEC2; Status Code: 400; Error Code: DependencyViolation; Request ID: 1)',
      type: 'AWS::EC2::SecurityGroup',
      status: 'DELETE_FAILED',
      physical: 'sg-0abc',
    },
  },

  {
    id: 'in-use-delete',
    category: 'delete-failed',
    statuses: DELETE_STATUSES,
    pattern: /\bin use\b|dependent object|has dependencies|DependencyViolation|attached to/i,
    hint: '{arn|awsId|physical|The resource} cannot be deleted while it is still in use ({matched}): something outside the stack (a load balancer, a distribution, another stack) still uses it. Detach it there, then retry the delete.',
    example: {
      reason:
        'Certificate arn:aws:acm:us-east-1:123456789012:certificate/abc in use by arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/y',
      type: 'AWS::CertificateManager::Certificate',
      status: 'DELETE_FAILED',
    },
  },
  // A delete that failed for no reason above: cleanup after an earlier failure.
  {
    id: 'custom-resource-delete-failed',
    category: 'delete-failed',
    types: CUSTOM,
    statuses: DELETE_STATUSES,
    pattern: /[\s\S]*/,
    hint: `The custom resource[ {logical}] failed to delete what it made[ (waiting on {waiter})]; the details are in ${CUSTOM_LOGS}. Fix that (or retain the resource: DeleteStack with RetainResources) and retry the delete.`,
    example: {
      reason:
        'Received response status [FAILED] from custom resource. Message returned: Response from describeCertificate did not contain an empty InUseBy list after 10 attempts.',
      type: 'AWS::CloudFormation::CustomResource',
      status: 'DELETE_FAILED',
      logical: 'Certificate',
    },
  },
  {
    id: 'delete-failed',
    category: 'delete-failed',
    statuses: DELETE_STATUSES,
    pattern: /[\s\S]*/,
    hint: '{failedList|logical|The resource}[ ({physical})] could not be deleted[ ({code})]; this usually follows an earlier failure. Delete or keep it by hand, then retry (DeleteStack with RetainResources, or ContinueUpdateRollback with ResourcesToSkip).',
    example: {
      reason: 'The following resource(s) failed to delete: [ProcessedDataBucket]. ',
      type: 'AWS::CloudFormation::Stack',
      status: 'ROLLBACK_FAILED',
    },
  },

  {
    id: 'prerequisite-missing',
    category: 'dependency',
    pattern:
      /\b(?:\w+ ){0,4}must be set in (?:the )?account settings|does not have an associated(?: \w+){1,2}|No \w+ defined for(?: \w+)?|is not in (?:an? )?(?:ACTIVE|available|ready)\w* (?:status|state)|\b(?:\w+ ){0,2}was modified while(?: \w+){0,3}/i,
    hint: 'Something this resource needs is not in place yet ({matched})[; the message names {arn}]: create or finish it first (if it is in the same template, a DependsOn makes CloudFormation wait for it), then deploy again.',
    example: {
      reason: 'No integration defined for method (Service: AmazonApiGateway; Status Code: 400; Error Code: BadRequestException)',
      type: 'AWS::ApiGateway::Deployment',
    },
  }, // Names that are taken.
  {
    id: 'one-per-owner',
    category: 'already-exists',
    pattern: /Only one \w+ is allowed per \w+/i,
    hint: 'Something already holds that place ({matched}): another resource (a leftover, or one made outside CloudFormation) is attached there. Delete it or import it into the stack, then deploy again.',
    example: {
      reason: 'Only one resolver is allowed per field. (Service: AWSAppSync; Status Code: 400; Error Code: BadRequestException)',
      type: 'AWS::AppSync::Resolver',
    },
  },
  {
    id: 'owned-by-other-stack',
    category: 'already-exists',
    pattern: /already exists in stack arn:/i,
    hint: '{name|The resource} already exists in another stack[, {owner}]: two stacks cannot own one resource. Remove it from that stack (or delete that stack if it is a leftover), or rename it here; to move it, retain it there and import it into this stack.',
    example: {
      reason: 'test-function already exists in stack arn:aws:cloudformation:us-east-2:123456789012:stack/OldStack/ea9756b0',
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 's3-name-taken-elsewhere',
    category: 'already-exists',
    pattern: /BucketAlreadyExists|bucket name is not available|bucket namespace is shared/i,
    hint: 'The bucket name[ {target}] belongs to another AWS account (S3 names are global): give the bucket another name (or let CloudFormation name it) and deploy again.',
    example: {
      reason:
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again. (Service: Amazon S3; Status Code: 409; Error Code: BucketAlreadyExists; Request ID: 1)',
      type: 'AWS::S3::Bucket',
    },
  },
  {
    id: 's3-bucket-owned',
    category: 'already-exists',
    pattern: /BucketAlreadyOwnedByYou|you already own it/i,
    hint: 'The bucket[ {target}] already exists in this account, likely kept by an old Panther install (buckets are retained on delete). Empty and delete it[ (`{deleteCommand}`)], or import it into the stack, then deploy again.',
    example: {
      reason:
        'Your previous request to create the named bucket succeeded and you already own it. (Service: Amazon S3; Status Code: 409; Error Code: BucketAlreadyOwnedByYou; Request ID: 1)',
      type: 'AWS::S3::Bucket',
      physical: 'panther-data-123',
    },
  },
  {
    id: 'custom-name-replacement',
    category: 'already-exists',
    pattern: /custom-named resource requires replacing/i,
    hint: 'This update replaces {name|a resource} that has a fixed name, and the new one cannot take the name while the old one holds it. Give it a new name (or revert the change that forces the replacement) and update again; for a leftover of the same name, delete or import it.',
    example: {
      reason:
        'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename panther-alerts and update the stack again.',
      type: 'AWS::DynamoDB::Table',
    },
  },
  {
    id: 'already-associated',
    category: 'already-exists',
    pattern: /already (?:been )?associated(?: with (?:another|a different) [\w ]+)?|is already attached|already has an? \w+ associated/i,
    hint: '{name|The resource} is {matched|already associated with something else} (from an old install or another stack). Disassociate it there, or import what holds it into the stack, then deploy again.',
    example: {
      reason:
        'The web ACL arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x is already associated with a resource (Service: WAFV2; Status Code: 400)',
      type: 'AWS::WAFv2::WebACLAssociation',
    },
  },
  {
    id: 's3-bucket-exists',
    category: 'already-exists',
    types: /^AWS::S3::Bucket$/,
    pattern: /already exists|AlreadyExists/i,
    hint: 'The bucket name[ {target}] is taken: by a leftover in this account (an old Panther install: empty and delete it[ with `{deleteCommand}`], or import it) or by another account (S3 names are global: choose another name). Then deploy again.',
    example: {reason: 'panther-bootstrap-auditlogs-123456789012-us-east-1 already exists', type: 'AWS::S3::Bucket'},
  },
  {
    id: 'name-taken',
    category: 'already-exists',
    pattern:
      /\b\w*AlreadyExists\w*|already exists|ResourceExistsException|ResourceInUseException[^.]*exist|name (?:is )?already (?:taken|in use)|already in use/i,
    hint: '{target|A resource with the same name} already exists outside this stack[ ({conflictCode})], likely a leftover of an old Panther install (retained buckets, roles, log groups). Delete it[ (`{deleteCommand}`)] or import it into the stack, then deploy again.',
    example: {
      reason: "Resource of type 'AWS::Logs::LogGroup' with identifier '/aws/lambda/panther-log-processor' already exists.",
      type: 'AWS::Logs::LogGroup',
    },
  },

  // Exports and what a resource refers to.
  {
    id: 'export-in-use',
    category: 'dependency',
    pattern: /Export \S+ cannot be (?:updated|deleted) as it is in use by|Cannot (?:update|delete) export \S+ as it is in use by/i,
    hint: 'The export {export} is still imported by {importer}, so CloudFormation will not change or delete it. Update {importer} to stop importing it first (or deploy in the order the exports need), then retry.',
    example: {
      reason: 'Export panther-bootstrap-Vpc cannot be updated as it is in use by panther-web',
      type: 'AWS::CloudFormation::Stack',
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
    },
  },
  {
    id: 'export-missing',
    category: 'dependency',
    pattern: /No export named/i,
    hint: 'The stack imports {export|an export} that no stack exports (the stack providing it is missing, failed, or in another region). Deploy the stack that exports it first, then deploy again.',
    example: {
      reason: 'No export named panther-bootstrap-ProcessedDataBucket found. Rollback requested by user.',
      type: 'AWS::CloudFormation::Stack',
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
    },
  },

  // Waits that never ended, by what was waited for.
  {
    id: 'nodes-did-not-join',
    category: 'timeout',
    pattern: /NodeCreationFailure|failed to join the kubernetes cluster/i,
    hint: "The node group's instances[ ({instance})] never joined the cluster ({matched}): usually the node role is missing from the cluster's access (aws-auth or access entries), or the nodes cannot reach the cluster endpoint. Read the instances' system logs, then deploy again.",
    example: {
      reason: '[Issue(Code=NodeCreationFailure, Message=Instances failed to join the kubernetes cluster, ResourceIds=[i-00521e6fb963853bf])]',
      type: 'AWS::EKS::Nodegroup',
    },
  },
  {
    id: 'ecs-circuit-breaker',
    category: 'timeout',
    pattern: /ECS Deployment Circuit Breaker|circuit breaker/i,
    hint: `The ECS service[ {ecsService|subject|physical}] did not stabilise: its deployment circuit breaker ({matched}) stopped the rollout because tasks kept failing to start or failing health checks. ${ECS_STOPPED_TASKS}`,
    example: {
      reason:
        'Resource handler returned message: "Error occurred during operation \'ECS Deployment Circuit Breaker was triggered\'." (RequestToken: t, HandlerErrorCode: GeneralServiceException)',
      type: 'AWS::ECS::Service',
      physical: 'arn:aws:ecs:us-east-1:123456789012:service/panther/panther-web',
    },
  },
  {
    id: 'ecs-service-unstable',
    category: 'timeout',
    types: /^AWS::ECS::Service$/,
    pattern: /did not stabilize|NotStabilized|timed out|Exceeded attempts to wait|stabiliz/i,
    hint: `The ECS service[ {ecsService|subject|physical}] did not stabilise: its tasks never reached a steady running state (failing to start, failing health checks, or no capacity). ${ECS_STOPPED_TASKS}`,
    example: {reason: 'Service arn:aws:ecs:us-east-1:123456789012:service/panther/panther-web did not stabilize.', type: 'AWS::ECS::Service'},
  },
  {
    id: 'failure-signal',
    category: 'timeout',
    pattern: /FAILURE signal|received failed message/i,
    hint: 'Instance {instance|named in the message} sent a FAILURE signal: its bootstrap (user data, cfn-init) failed and cfn-signal reported it. Read /var/log/cloud-init-output.log and /var/log/cfn-init.log on it (or its console output) for the failing step.',
    example: {reason: 'Received FAILURE signal with UniqueId i-0abc123def4567890', type: 'AWS::EC2::Instance'},
  },
  {
    id: 'signals-missing',
    category: 'timeout',
    pattern: /SUCCESS signal|resource signal|WaitCondition|wait condition|Received \d+ conditions/i,
    hint: "Not enough success signals arrived in time[ ({signals})][ from {instance}]: the instances never ran cfn-signal (their user data failed, they could not reach CloudFormation's endpoint, or they start slower than the CreationPolicy allows). Read /var/log/cloud-init-output.log and /var/log/cfn-init.log on an instance.",
    example: {reason: 'Failed to receive 1 resource signal(s) within the specified duration', type: 'AWS::AutoScaling::AutoScalingGroup'},
  },
  {
    id: 'custom-resource-no-answer',
    category: 'timeout',
    pattern:
      /did not receive a response from your Custom Resource|Custom Resource failed to stabilize|custom resource[^.]*(?:timed out|did not respond|no response)/i,
    hint: `The custom resource[ {logical}] never answered: its Lambda function did not send CloudFormation a response (it crashed, timed out, or could not reach the response URL). Read ${CUSTOM_LOGS}.`,
    example: {
      reason: 'CloudFormation did not receive a response from your Custom Resource. Please check your logs for requestId [abc-123].',
      type: 'Custom::InitialUser',
      logical: 'CustomInitialUser',
    },
  },
  {
    id: 'custom-resource-timeout',
    category: 'timeout',
    types: CUSTOM,
    pattern: /timed out|timeout|stabiliz/i,
    hint: `The custom resource[ {logical}] never answered in time: its Lambda function did not send CloudFormation a response. Read ${CUSTOM_LOGS}.`,
    example: {reason: 'The operation timed out', type: 'Custom::PolicyPacks', logical: 'CustomPolicyPacks'},
  },
  {
    id: 'custom-resource-wait-exhausted',
    category: 'timeout',
    types: CUSTOM,
    pattern: /Max attempts exceeded|after \d+ attempts|is not in the state|Waiter \w+ failed|did not (?:reach|become)|still (?:pending|in progress)/i,
    hint: `The custom resource[ {logical}] gave up waiting[ for {waiter}]: what it waited on (a certificate's validation, a CloudFront invalidation...) did not finish in time. Check that service, then retry; the details are in ${CUSTOM_LOGS}.`,
    example: {
      reason: 'Received response status [FAILED] from custom resource. Message returned: Waiter InvalidationCompleted failed: Max attempts exceeded',
      type: 'Custom::CDKBucketDeployment',
      logical: 'Deploy',
    },
  },
  {
    id: 'stack-timeout',
    category: 'timeout',
    pattern: /Stack (?:creation|update|deletion) time exceeded(?: the specified timeout)?/i,
    hint: 'The stack ran past its timeout ({matched}), so CloudFormation cancelled it. Look at the resource still in progress when it stopped: usually a slow or stuck service (an ECS service, a CloudFront distribution) rather than the timeout itself.',
    example: {
      reason: 'Stack creation time exceeded the specified timeout. Rollback requested by user.',
      type: 'AWS::CloudFormation::Stack',
      status: 'CREATE_FAILED',
    },
  },
  {
    id: 'not-stabilized',
    category: 'timeout',
    pattern:
      /did not stabilize|NotStabilized|exceeded the specified timeout|timed out(?: waiting for(?: \w+){1,3})?|within the specified duration|Exceeded attempts to wait|failed to stabilize/i,
    hint: '{subject|logical|The resource}[ ({physical})] did not become ready in time ({matched})[; the message names {arn}]. Look at the service behind it (its own events, status or logs: an instance failing health checks, a distribution still deploying), then deploy again.',
    example: {
      reason: "Resource of type 'AWS::CloudFront::Distribution' with identifier 'E2X' did not stabilize.",
      type: 'AWS::CloudFront::Distribution',
      logical: 'Distribution',
    },
  },

  // Custom resources that failed and say where, not why.
  {
    id: 'custom-resource-log-stream',
    category: 'unknown',
    pattern: /CloudWatch Log Stream/i,
    hint: `The custom resource[ {logical}] failed inside its Lambda function, which gives no reason here: read log stream {logStream|named in the message} in ${CUSTOM_LOGS}.`,
    example: {
      reason: 'Failed to create resource. See the details in CloudWatch Log Stream: 2024/01/02/[$LATEST]0123456789abcdef',
      type: 'Custom::GeneralSettings',
      logical: 'CustomGeneralSettings',
    },
  },

  // Bad values, by the shape of the complaint.

  {
    id: 'parameter-needs-value',
    category: 'invalid-parameter',
    pattern: /Parameters?: \[[^\]]*\] must have values/i,
    hint: 'The stack needs a value for {parameter}: give it in the stack parameters (the template has no default), then deploy again.',
    example: {reason: 'Parameters: [PulumiSecretArn] must have values', type: 'AWS::CloudFormation::Stack', status: 'ROLLBACK_IN_PROGRESS'},
  },
  {
    id: 'parameter-value-missing',
    category: 'invalid-parameter',
    pattern: /Parameter validation failed/i,
    hint: 'The value given for {parameter|a parameter}[ ({value})] is not accepted: it must exist in this account and region. Check the stack parameters and deploy again.',
    example: {
      reason:
        'Parameter validation failed: parameter value arn:aws:acm:us-east-1:123456789012:certificate/xyz for parameter name CertificateArn does not exist. Rollback requested by user.',
      type: 'AWS::CloudFormation::Stack',
      status: 'ROLLBACK_IN_PROGRESS',
    },
  },
  {
    id: 'runtime-unsupported',
    category: 'invalid-parameter',
    pattern: /runtime parameter of \S+ is no longer supported|runtime[^.]*(?:no longer supported|deprecated)/i,
    hint: 'The Lambda runtime[ {value}] is no longer supported for new or updated functions: deploy a version whose functions use a supported runtime.',
    example: {
      reason: 'The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions.',
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'unsupported-property',
    category: 'invalid-parameter',
    pattern: /Encountered unsupported property/i,
    hint: 'The template gives the resource a property its type does not have: {parameter}. Remove or rename it (a template for another version?), then deploy again.',
    example: {reason: 'Encountered unsupported property ReservedConcurrency', type: 'AWS::Lambda::Function'},
  },
  {
    id: 'value-pattern',
    category: 'invalid-parameter',
    pattern:
      /does not match pattern|Property validation failure|failed to satisfy constraint|failed validation constraint|Properties validation failed|expected type/i,
    hint: '{parameter|A property}[ ({value})] has a value the resource type does not accept. Fix the value (or the stack parameter feeding it) and deploy again.',
    example: {
      reason: 'Properties validation failed for resource Fn with message: #/MemorySize: failed validation constraint for keyword [maximum]',
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'value-required',
    category: 'invalid-parameter',
    pattern:
      /MissingParameter|must specify|must contain the parameter|must be specified|is required|required (?:key|property|parameter|field)|missing required|Missing (?:the )?(?:required )?\w+/i,
    hint: "A required value is missing[: {parameter}]. Set it in the template's properties or the stack parameters and deploy again.",
    example: {
      reason: 'The request must contain the parameter FunctionName (Service: Lambda, Status Code: 400, Error Code: MissingParameter)',
      type: 'AWS::Lambda::Permission',
    },
  },
  {
    id: 'cannot-update',
    category: 'invalid-parameter',
    pattern:
      /Cannot update|Cannot perform more than one|cannot be updated|NotUpdatable|can't be updated|cannot be (?:modified|changed)|not updatable|Update (?:of|to) [^.]* (?:is )?not (?:supported|allowed)/i,
    hint: '[The {property} of ]{logical|the resource} cannot change in place. Revert that change, or replace the resource (a new logical ID or name), then update again.',
    example: {reason: 'Cannot update stream mode while updating shard count', type: 'AWS::Kinesis::Stream', logical: 'EventsStream'},
  },
  {
    id: 'malformed-policy',
    category: 'invalid-parameter',
    pattern: /MalformedPolicyDocument|Policy document should|policy document|Invalid principal|prohibited field|Syntax errors in policy/i,
    hint: 'An IAM policy document in the template is malformed[ ({code|matched})][: principal {badPrincipal} is not valid (no such account, role or user, or a typo in its ARN)]. Fix the statement the message names (its principal, resource or action) and deploy again.',
    example: {
      reason:
        'Has prohibited field Resource (Service: AmazonIdentityManagement; Status Code: 400; Error Code: MalformedPolicyDocument; Request ID: 1)',
      type: 'AWS::IAM::Role',
    },
  },
  {
    id: 'template-invalid',
    category: 'invalid-parameter',
    pattern: /Template format error|Template error|Unresolved resource dependencies|Invalid template|TemplateURL must/i,
    hint: 'The template itself is invalid[: {parameter} cannot be resolved]. Fix it (or the nested template its URL points at) as the message says, then deploy again.',
    example: {
      reason: 'Template format error: Unresolved resource dependencies [ExistingBucket] in the Resources block of the template',
      type: 'AWS::CloudFormation::Stack',
    },
  },

  {
    id: 'ami-invalid',
    category: 'invalid-parameter',
    pattern: /image id '\[?ami-|InvalidAMIID|\bAMI \S+ is invalid/i,
    hint: 'The AMI {value|given} does not exist in this region (AMI IDs differ by region) or is not shared with this account: give an AMI ID valid here, then deploy again.',
    example: {
      reason: "The image id '[ami-0c02fb55956c7d316]' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidAMIID.NotFound)",
      type: 'AWS::EC2::Instance',
    },
  },
  {
    id: 'code-object-missing',
    category: 'dependency',
    pattern: /NoSuchBucket|NoSuchKey|S3 Error Code: NoSuch/,
    hint: "The function's code is not where the template points: S3 answered {s3code|that it does not exist}. Upload the code package (or fix Code.S3Bucket and S3Key; the bucket must be in the stack's region), then deploy again.",
    example: {
      reason: 'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
      type: 'AWS::Lambda::Function',
    },
  },
  {
    id: 'rds-cluster-member',
    category: 'invalid-parameter',
    pattern: /is a member of a (?:DB )?cluster/i,
    hint: "The DB instance belongs to a cluster, so that setting (e.g. the DB engine version) is the cluster's: change it on the AWS::RDS::DBCluster, not the instance, then update again.",
    example: {
      reason: 'The specified DB Instance is a member of a cluster. Modify the DB engine version for the DB Cluster using the ModifyDbCluster API',
      type: 'AWS::RDS::DBInstance',
      status: 'UPDATE_FAILED',
    },
  },
  {
    id: 'empty-code-package',
    category: 'invalid-parameter',
    pattern: /must be a non-empty zip|non-empty zip|Could not unzip|not a valid zip/i,
    hint: 'The code package of {logical|the function} is empty or not a zip ({matched}): the template points at a file that is missing, empty or not zipped (a packaging step that did not run?). Package and upload the code, then deploy again.',
    example: {
      reason: 'Uploaded file must be a non-empty zip (Service: AWSLambdaInternal; Status Code: 400; Error Code: InvalidParameterValueException)',
      type: 'AWS::Lambda::Function',
      logical: 'ApiFunction',
    },
  },
  {
    id: 'rejected-value',
    category: 'invalid-parameter',
    pattern:
      /\b(?:\w+ ){0,2}should (?:not )?(?:contain|be|have|specify)(?: \w+){0,3}|\b(?:\w+ ){0,2}doesn't support(?: \w+){0,4}|(?:doesn't|does not) meet(?: \w+){0,4}|\bunsupported(?: \w+){1,2}|\b(?:\w+ ){0,2}cannot be empty|\b(?:\w+ ){0,3}cannot be created using \w+|\b(?:\w+ ){0,1}cannot have(?: \w+){0,2}|\b(?:\w+ ){0,3}\w+: \d+ \w+ is (?:less|greater|more) than \b(?:\w+ ){0,2}\w+|do(?:es)? not exist in the template|Failed to parse(?: \w+){0,2}|not permitted in(?: \w+)?|You cannot specify(?: \w+){0,3}|is not allowed|not a valid \w+|extraneous key|following combination|\bInvalid(?!Request\b)[A-Z]\w*|ClientException/,
    hint: '{parameter|missing|A value in the template or its parameters}[ ({value})] is not accepted[ by {type}] ({matched}[, {code}]). Fix it (the stack parameter or the property feeding it), then deploy again.',
    example: {
      reason: 'Container list cannot be empty. (Service: AmazonECS; Status Code: 400; Error Code: ClientException; Request ID: 1)',
      type: 'AWS::ECS::TaskDefinition',
    },
  },

  // What a resource refers to and what still uses it.
  {
    id: 'not-found',
    category: 'dependency',
    pattern: /does not exist|not found|NotFound|cannot be found|could not be found|Unable to find|No such|doesn't exist|does not refer to/i,
    hint: '{missing|Something it refers to}[ ({code})] does not exist (or is not visible from this account and region). Create it first or fix the reference (a parameter or property), then deploy again.',
    example: {reason: 'The specified bucket does not exist (Service: S3, Status Code: 404, Request ID: X)', type: 'AWS::S3::BucketPolicy'},
  },
  {
    id: 'still-in-use',
    category: 'dependency',
    pattern: /DependencyViolation|has dependencies|is in use|in use by|depends on|ResourceConflict|ResourceInUse/i,
    hint: '{target|The resource} is still used by something else[ ({code})] (another stack, or a resource made outside CloudFormation), so it cannot change now. Release it there, then retry.',
    example: {
      reason:
        "The vpc 'vpc-0abc' has dependencies and cannot be deleted. (Service: AmazonEC2; Status Code: 400; Error Code: DependencyViolation; Request ID: 1)",
      type: 'AWS::EC2::VPC',
      status: 'UPDATE_FAILED',
    },
  },
  {
    id: 'invalid-value',
    category: 'invalid-parameter',
    pattern:
      /ValidationError|ValidationException|InvalidParameter|InvalidRequest|Invalid (?:parameter|request|value|input)|is not (?:a )?valid|invalid|must (?:be|have|match|contain)|Malformed|not supported|unsupported|BadRequest|validation error/i,
    hint: '{parameter|A parameter or property value}[ ({value})] is not accepted[ by {type}] ({matched}). Check the stack parameters and the properties they feed (format, and that it exists in this region and account), then deploy again.',
    example: {
      reason: 'The value of MaxSize is not valid for this account (Service: AutoScaling; Status Code: 400)',
      type: 'AWS::AutoScaling::AutoScalingGroup',
    },
  },

  // AWS's side.
  {
    id: 'aws-internal',
    category: 'internal',
    pattern:
      /InternalFailure|Internal Failure|InternalError|internal error|ServiceUnavailable|Service Unavailable|ServiceInternalError|GeneralServiceException|NetworkFailure|HandlerInternalFailure|issue with the server|Try again later/i,
    hint: "An error on AWS's side ({matched}[, {code}]), usually transient: deploy again. If it repeats on the same resource, open a case with AWS support quoting the request ID.",
    example: {
      reason: 'Resource handler returned message: "null" (RequestToken: t, HandlerErrorCode: InternalFailure)',
      type: 'AWS::Athena::WorkGroup',
    },
  },
  // A custom resource that answered FAILED with words none of the rows above know.
  {
    id: 'failed-resources-list',
    category: 'unknown',
    pattern: /The following resource\(s\) failed to \w+: \[/,
    hint: 'This reason only points at other resources ({failedList}): their own events hold the cause (the post-mortem follows them when it can read them).',
    example: {
      reason: 'The following resource(s) failed to update: [UserPoolDomain5479B217].',
      type: 'AWS::CloudFormation::Stack',
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
    },
  },
  {
    id: 'custom-resource-failed',
    category: 'unknown',
    types: CUSTOM,
    pattern: /[\s\S]*/,
    hint: `The custom resource[ {logical}] answered FAILED with this reason; the details are in ${CUSTOM_LOGS}.`,
    example: {reason: 'Failed to create the initial user', type: 'Custom::InitialUser', logical: 'CustomInitialUser'},
  },
];

export const UNKNOWN_HINT =
  'No known pattern: read the full reason, the resource type and the CloudTrail calls around the failure; Panther support can help with a report (--format markdown).';
export const UNKNOWN_HINT_NO_TRAIL =
  'No known pattern: read the full reason and the resource type; Panther support can help with a report (--format markdown).';
