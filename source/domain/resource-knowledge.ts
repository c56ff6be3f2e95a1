// What the console knows of AWS resource types, for hints: the service's name, the CLI command that removes a named
// leftover, the Service Quotas name of a limit, and the service principal of a service-linked role.

const SERVICES: ReadonlyArray<[string, string]> = [
  ['AWS::S3::', 'S3'],
  ['AWS::IAM::', 'IAM'],
  ['AWS::Lambda::', 'Lambda'],
  ['AWS::EC2::', 'EC2'],
  ['AWS::ECS::', 'ECS'],
  ['AWS::ECR::', 'ECR'],
  ['AWS::KMS::', 'KMS'],
  ['AWS::DynamoDB::', 'DynamoDB'],
  ['AWS::SQS::', 'SQS'],
  ['AWS::SNS::', 'SNS'],
  ['AWS::Logs::', 'CloudWatch Logs'],
  ['AWS::CloudWatch::', 'CloudWatch'],
  ['AWS::Athena::', 'Athena'],
  ['AWS::Glue::', 'Glue'],
  ['AWS::AppSync::', 'AppSync'],
  ['AWS::Cognito::', 'Cognito'],
  ['AWS::CloudFront::', 'CloudFront'],
  ['AWS::ApiGateway::', 'API Gateway'],
  ['AWS::ApiGatewayV2::', 'API Gateway'],
  ['AWS::Kinesis::', 'Kinesis'],
  ['AWS::KinesisFirehose::', 'Firehose'],
  ['AWS::SecretsManager::', 'Secrets Manager'],
  ['AWS::ElasticLoadBalancingV2::', 'ELB'],
  ['AWS::ElasticLoadBalancing::', 'ELB'],
  ['AWS::Route53::', 'Route 53'],
  ['AWS::CertificateManager::', 'ACM'],
  ['AWS::CloudFormation::', 'CloudFormation'],
  ['AWS::Events::', 'EventBridge'],
  ['AWS::StepFunctions::', 'Step Functions'],
  ['AWS::OpenSearchService::', 'OpenSearch'],
  ['AWS::Elasticsearch::', 'OpenSearch'],
  ['AWS::RDS::', 'RDS'],
  ['AWS::AutoScaling::', 'Auto Scaling'],
  ['AWS::ApplicationAutoScaling::', 'Application Auto Scaling'],
  ['AWS::SSM::', 'SSM'],
  ['AWS::CodeBuild::', 'CodeBuild'],
  ['AWS::CloudTrail::', 'CloudTrail'],
  ['AWS::ElastiCache::', 'ElastiCache'],
  ['AWS::EKS::', 'EKS'],
  ['AWS::WAFv2::', 'WAF'],
  ['AWS::GuardDuty::', 'GuardDuty'],
  ['Custom::', 'custom resource'],
  ['AWS::CloudFormation::CustomResource', 'custom resource'],
];

export function serviceOf(resourceType: string): string | undefined {
  let best: [string, string] | undefined;
  for (const entry of SERVICES) if (resourceType.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1];
}

/** The types of custom resources: `Custom::Name`, or the generic one. */
export const CUSTOM_RESOURCE_TYPE = /^(?:Custom::|AWS::CloudFormation::CustomResource$)/;
export const isCustomResource = (resourceType: string) => CUSTOM_RESOURCE_TYPE.test(resourceType);

// The command that removes a named leftover, for types whose name is all the CLI needs.
const DELETE_COMMANDS: Readonly<Record<string, (name: string) => string>> = {
  'AWS::S3::Bucket': n => `aws s3 rb s3://${n} --force`,
  'AWS::Logs::LogGroup': n => `aws logs delete-log-group --log-group-name ${n}`,
  'AWS::IAM::Role': n => `aws iam delete-role --role-name ${n}`,
  'AWS::IAM::User': n => `aws iam delete-user --user-name ${n}`,
  'AWS::IAM::InstanceProfile': n => `aws iam delete-instance-profile --instance-profile-name ${n}`,
  'AWS::DynamoDB::Table': n => `aws dynamodb delete-table --table-name ${n}`,
  'AWS::Lambda::Function': n => `aws lambda delete-function --function-name ${n}`,
  'AWS::KMS::Alias': n => `aws kms delete-alias --alias-name ${n}`,
  'AWS::SecretsManager::Secret': n => `aws secretsmanager delete-secret --secret-id ${n} --force-delete-without-recovery`,
  'AWS::ECR::Repository': n => `aws ecr delete-repository --repository-name ${n} --force`,
  'AWS::Glue::Database': n => `aws glue delete-database --name ${n}`,
  'AWS::Athena::WorkGroup': n => `aws athena delete-work-group --work-group ${n} --recursive-delete-option`,
  'AWS::Kinesis::Stream': n => `aws kinesis delete-stream --stream-name ${n}`,
  'AWS::KinesisFirehose::DeliveryStream': n => `aws firehose delete-delivery-stream --delivery-stream-name ${n}`,
  'AWS::Events::Rule': n => `aws events delete-rule --name ${n}`,
  'AWS::CloudWatch::Alarm': n => `aws cloudwatch delete-alarms --alarm-names ${n}`,
  'AWS::SSM::Parameter': n => `aws ssm delete-parameter --name ${n}`,
  'AWS::ECS::Cluster': n => `aws ecs delete-cluster --cluster ${n}`,
  'AWS::CodeBuild::Project': n => `aws codebuild delete-project --name ${n}`,
  'AWS::SQS::Queue': n => `aws sqs delete-queue --queue-url "$(aws sqs get-queue-url --queue-name ${n} --query QueueUrl --output text)"`,
};

/** The CLI command that deletes the named resource, when its type has one that needs only the name. */
export function deleteCommandFor(resourceType: string, name: string | undefined): string | undefined {
  // Only names safe to paste into a shell as they are: AWS text is untrusted (`$(...)` must never reach a command).
  if (!name || !/^[\w.+=@/:-]+$/.test(name)) return undefined;
  const make = DELETE_COMMANDS[resourceType];
  if (!make) return undefined;
  // A bucket or queue is named by its ARN in some messages; the CLI takes the name.
  const bare =
    resourceType === 'AWS::S3::Bucket'
      ? name.replace(/^arn:aws[\w-]*:s3:::/, '')
      : resourceType === 'AWS::KMS::Alias'
        ? name.replace(/^arn:aws[\w-]*:kms:[^:]*:\d*:/, '')
        : name;
  return make(bare);
}

// Service Quotas names of the limits CloudFormation reports, by the code or words in the message.
const QUOTAS: ReadonlyArray<[RegExp, string]> = [
  [/UnreservedConcurrentExecution|ConcurrentExecutions|concurrent executions/i, 'Lambda: Concurrent executions'],
  [/VpcLimitExceeded|maximum number of VPCs/i, 'Amazon VPC: VPCs per Region'],
  [/AddressLimitExceeded|maximum number of addresses|Elastic IP/i, 'Amazon EC2: EC2-VPC Elastic IPs'],
  [/InternetGatewayLimitExceeded|internet gateways/i, 'Amazon VPC: Internet gateways per Region'],
  [/NatGatewayLimitExceeded|NAT gateways/i, 'Amazon VPC: NAT gateways per Availability Zone'],
  [/VcpuLimitExceeded|vCPU/i, 'Amazon EC2: Running On-Demand instances (vCPUs)'],
  [/SecurityGroupLimitExceeded|security groups per/i, 'Amazon VPC: VPC security groups per Region'],
  [/RulesPerSecurityGroup|rules per security group/i, 'Amazon VPC: Inbound or outbound rules per security group'],
  [/NetworkInterfaceLimitExceeded|network interfaces/i, 'Amazon VPC: Network interfaces per Region'],
  [/TooManyBuckets|more buckets than allowed/i, 'Amazon S3: General purpose buckets'],
  [/PoliciesPerRole|managed policies per role/i, 'IAM: Managed policies per role'],
  [/RolesPerAccount|roles per account/i, 'IAM: Roles per account'],
  [/InstanceProfilesPerAccount/i, 'IAM: Instance profiles per account'],
  [/PolicySize|policy size|ACLSizePerRole|PolicyVersionsPerPolicy/i, 'IAM: Role trust policy length / managed policy size'],
  [/log groups?/i, 'CloudWatch Logs: Log groups'],
  [/resource polic(?:y|ies).*(?:Logs|log group)|Resource limit exceeded.*logs/i, 'CloudWatch Logs: Resource policies'],
  [/\bstacks?\b.*limit|limit.*\bstacks?\b|StackLimitExceeded/i, 'CloudFormation: Stack count'],
  [/\boutputs?\b/i, 'CloudFormation: Outputs per template'],
  [/shard/i, 'Kinesis Data Streams: Shards per Region'],
  [/\btables?\b|TableLimit/i, 'DynamoDB: Maximum number of tables'],
  [/REST APIs?|RestApi/i, 'API Gateway: Regional APIs per Region'],
  [/target groups?/i, 'Elastic Load Balancing: Target groups per Region'],
  [/load balancers?/i, 'Elastic Load Balancing: Application Load Balancers per Region'],
  [/user pools?/i, 'Amazon Cognito: User pools'],
  [/event buses|rules per event bus|\brules?\b.*EventBridge/i, 'EventBridge: Rules per event bus'],
  [/clusters?/i, 'Amazon ECS: Clusters per account'],
  [/functions? and layer storage|code storage|CodeStorageExceeded/i, 'Lambda: Function and layer storage'],
  [/Cache (?:nodes|clusters)|ElastiCache/i, 'ElastiCache: Nodes per Region'],
  [/DB instances?|DBInstanceQuota/i, 'Amazon RDS: DB instances'],
  [/secrets?/i, 'Secrets Manager: Secrets'],
  [/Firehose|delivery streams?/i, 'Amazon Data Firehose: Delivery streams'],
];

// The service a quota is raised in, by resource type, when the message gives no limit the table knows.
const QUOTA_SERVICE_BY_TYPE: ReadonlyArray<[string, string]> = [
  ['AWS::Lambda::', 'Lambda'],
  ['AWS::EC2::', 'Amazon EC2 / Amazon VPC'],
  ['AWS::IAM::', 'IAM'],
  ['AWS::S3::', 'Amazon S3'],
  ['AWS::Logs::', 'CloudWatch Logs'],
  ['AWS::DynamoDB::', 'DynamoDB'],
];

/** The Service Quotas name (service: quota) of the limit a message reports; the service alone when the limit is unnamed. */
export function quotaNameFor(text: string, resourceType: string): string | undefined {
  for (const [re, name] of QUOTAS) if (re.test(text)) return name;
  const service = QUOTA_SERVICE_BY_TYPE.find(([prefix]) => resourceType.startsWith(prefix))?.[1];
  return service ? `${service} quotas` : undefined;
}

// Service principals of service-linked roles, by the words of the message or the failing resource's type.
const SLR_SERVICES: ReadonlyArray<[RegExp, string]> = [
  [/AWSServiceRoleForECS\b|\bECS\b|^AWS::ECS::/i, 'ecs.amazonaws.com'],
  [
    /OpenSearch|Elasticsearch|AWSServiceRoleForAmazonOpenSearchService|AWSServiceRoleForAmazonElasticsearchService|^AWS::(?:OpenSearchService|Elasticsearch)::/i,
    'opensearchservice.amazonaws.com',
  ],
  [/AWSServiceRoleForAutoScaling|^AWS::AutoScaling::/i, 'autoscaling.amazonaws.com'],
  [/ElastiCache|^AWS::ElastiCache::/i, 'elasticache.amazonaws.com'],
  [/Elastic Load Balancing|AWSServiceRoleForElasticLoadBalancing|^AWS::ElasticLoadBalancing/i, 'elasticloadbalancing.amazonaws.com'],
  [/AWSServiceRoleForRDS|^AWS::RDS::/i, 'rds.amazonaws.com'],
  [/AWSServiceRoleForAmazonEKS|^AWS::EKS::/i, 'eks.amazonaws.com'],
  [/Spot|AWSServiceRoleForEC2Spot/i, 'spot.amazonaws.com'],
  [/GuardDuty|^AWS::GuardDuty::/i, 'guardduty.amazonaws.com'],
  [/Lex|^AWS::Lex::/i, 'lex.amazonaws.com'],
  [/Config|^AWS::Config::/i, 'config.amazonaws.com'],
];

/** The service principal whose service-linked role a message (or the resource's type) is about. */
export function serviceLinkedRoleServiceFor(text: string, resourceType: string): string | undefined {
  for (const [re, service] of SLR_SERVICES) if (re.test(text)) return service;
  for (const [re, service] of SLR_SERVICES) if (re.test(resourceType)) return service;
  return undefined;
}
