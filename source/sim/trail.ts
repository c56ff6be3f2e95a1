// CloudTrail records: the calls CloudFormation made on the stacks' behalf, the denied ones, and background noise.
import {keyedFloat, type Random} from './random.js';
import {STACK_TYPE, type TrailRecord, type WorldStack} from './world.js';

export interface Principal {
  type: 'AssumedRole' | 'IAMUser';
  arn: string;
  principalId: string;
  accessKeyId: string;
  /** What LookupEvents shows as Username. */
  username: string;
  roleArn?: string;
}

export interface TrailCall {
  time: number;
  eventSource: string;
  eventName: string;
  region: string;
  principal: Principal;
  readOnly?: boolean;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  resources?: {ResourceType: string; ResourceName: string}[];
  /** Made by CloudFormation (invokedBy, sourceIPAddress and userAgent say so). */
  viaCloudFormation?: boolean;
  sourceIp?: string;
  userAgent?: string;
}

export const CFN_SERVICE = 'cloudformation.amazonaws.com';
/** CloudTrail delivers events about five minutes after they happen. */
export const TRAIL_DELAY_MS = 5 * 60_000;

export function rolePrincipal(account: string, role: string, session: string, random: Random): Principal {
  const roleId = `AROA${random.upperAlnum(17)}`;
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    principalId: `${roleId}:${session}`,
    accessKeyId: `ASIA${random.upperAlnum(16)}`,
    username: session,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
  };
}

export function userPrincipal(account: string, user: string, random: Random): Principal {
  return {
    type: 'IAMUser',
    arn: `arn:aws:iam::${account}:user/${user}`,
    principalId: `AIDA${random.upperAlnum(17)}`,
    accessKeyId: `AKIA${random.upperAlnum(16)}`,
    username: user,
  };
}

export function makeRecord(call: TrailCall, account: string, random: Random, seed: number): TrailRecord {
  const eventId = random.uuid();
  const p = call.principal;
  const userIdentity: Record<string, unknown> = {
    type: p.type,
    principalId: p.principalId,
    arn: p.arn,
    accountId: account,
    accessKeyId: p.accessKeyId,
  };
  if (p.type === 'IAMUser') userIdentity.userName = p.username;
  if (p.roleArn) {
    const roleName = p.roleArn.split('/').pop();
    userIdentity.sessionContext = {
      sessionIssuer: {type: 'Role', principalId: p.principalId.split(':')[0], arn: p.roleArn, accountId: account, userName: roleName},
      attributes: {creationDate: new Date(call.time - 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false'},
    };
  }
  if (call.viaCloudFormation) userIdentity.invokedBy = CFN_SERVICE;
  const readOnly = call.readOnly ?? false;
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: new Date(call.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: call.viaCloudFormation ? CFN_SERVICE : (call.sourceIp ?? '203.0.113.24'),
    userAgent: call.viaCloudFormation ? CFN_SERVICE : (call.userAgent ?? 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5 exe/x86_64'),
    ...(call.errorCode ? {errorCode: call.errorCode, errorMessage: call.errorMessage ?? ''} : {}),
    requestParameters: call.requestParameters ?? null,
    responseElements: null,
    requestID: random.uuid(),
    eventID: eventId,
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  // Deliveries arrive 5 minutes late, give or take a minute.
  const delay = TRAIL_DELAY_MS + Math.round((keyedFloat(seed, eventId) - 0.3) * 90_000);
  return {
    eventId,
    eventTime: Math.floor(call.time / 1000) * 1000, // CloudTrail times have second precision
    availableAt: call.time + delay,
    eventName: call.eventName,
    eventSource: call.eventSource,
    readOnly,
    accessKeyId: p.accessKeyId,
    username: p.username,
    awsRegion: call.region,
    resources: call.resources ?? [],
    record,
  };
}

/** The API call CloudFormation makes to create a resource of each type (global services log in us-east-1). */
const CREATE_CALLS: Record<string, {source: string; name: string; global?: boolean; trailType?: string}> = {
  'AWS::Lambda::Function': {source: 'lambda.amazonaws.com', name: 'CreateFunction20150331', trailType: 'AWS::Lambda::Function'},
  'AWS::IAM::Role': {source: 'iam.amazonaws.com', name: 'CreateRole', global: true, trailType: 'AWS::IAM::Role'},
  'AWS::IAM::Policy': {source: 'iam.amazonaws.com', name: 'PutRolePolicy', global: true},
  'AWS::IAM::ManagedPolicy': {source: 'iam.amazonaws.com', name: 'CreatePolicy', global: true, trailType: 'AWS::IAM::Policy'},
  'AWS::Logs::LogGroup': {source: 'logs.amazonaws.com', name: 'CreateLogGroup'},
  'AWS::CloudWatch::Alarm': {source: 'monitoring.amazonaws.com', name: 'PutMetricAlarm'},
  'AWS::DynamoDB::Table': {source: 'dynamodb.amazonaws.com', name: 'CreateTable', trailType: 'AWS::DynamoDB::Table'},
  'AWS::SQS::Queue': {source: 'sqs.amazonaws.com', name: 'CreateQueue'},
  'AWS::SNS::Topic': {source: 'sns.amazonaws.com', name: 'CreateTopic', trailType: 'AWS::SNS::Topic'},
  'AWS::S3::Bucket': {source: 's3.amazonaws.com', name: 'CreateBucket', trailType: 'AWS::S3::Bucket'},
  'AWS::KMS::Key': {source: 'kms.amazonaws.com', name: 'CreateKey', trailType: 'AWS::KMS::Key'},
  'AWS::EC2::VPC': {source: 'ec2.amazonaws.com', name: 'CreateVpc', trailType: 'AWS::EC2::VPC'},
  'AWS::EC2::Subnet': {source: 'ec2.amazonaws.com', name: 'CreateSubnet', trailType: 'AWS::EC2::Subnet'},
  'AWS::EC2::SecurityGroup': {source: 'ec2.amazonaws.com', name: 'CreateSecurityGroup', trailType: 'AWS::EC2::SecurityGroup'},
  'AWS::EC2::NatGateway': {source: 'ec2.amazonaws.com', name: 'CreateNatGateway'},
  'AWS::ECS::Cluster': {source: 'ecs.amazonaws.com', name: 'CreateCluster'},
  'AWS::ECS::Service': {source: 'ecs.amazonaws.com', name: 'CreateService'},
  'AWS::CloudFront::Distribution': {source: 'cloudfront.amazonaws.com', name: 'CreateDistribution2020_05_31', global: true},
  'AWS::AppSync::GraphQLApi': {source: 'appsync.amazonaws.com', name: 'CreateGraphqlApi'},
  'AWS::CloudFormation::Stack': {source: 'cloudformation.amazonaws.com', name: 'CreateStack', trailType: 'AWS::CloudFormation::Stack'},
};

/** One record per resource CloudFormation started creating (at its "Resource creation Initiated" event). */
export function creationCalls(stacks: WorldStack[], region: string, principal: Principal): TrailCall[] {
  const calls: TrailCall[] = [];
  for (const stack of stacks) {
    for (const e of stack.events) {
      if (e.reason !== 'Resource creation Initiated') continue;
      const api = CREATE_CALLS[e.resourceType];
      if (!api) continue;
      const isStack = e.resourceType === STACK_TYPE;
      calls.push({
        time: e.time - 300,
        eventSource: api.source,
        eventName: api.name,
        region: api.global ? 'us-east-1' : region,
        principal,
        viaCloudFormation: true,
        requestParameters: isStack ? {stackName: e.physicalId.split('/')[1]} : {name: e.physicalId},
        resources: api.trailType ? [{ResourceType: api.trailType, ResourceName: e.physicalId}] : [],
      });
    }
  }
  return calls;
}

interface NoiseCall {
  source: string;
  name: string;
  readOnly: boolean;
  global?: boolean;
}

const NOISE: NoiseCall[] = [
  {source: 'ec2.amazonaws.com', name: 'DescribeInstances', readOnly: true},
  {source: 's3.amazonaws.com', name: 'ListBuckets', readOnly: true},
  {source: 'cloudformation.amazonaws.com', name: 'DescribeStacks', readOnly: true},
  {source: 'cloudformation.amazonaws.com', name: 'DescribeStackEvents', readOnly: true},
  {source: 'monitoring.amazonaws.com', name: 'GetMetricData', readOnly: true},
  {source: 'kms.amazonaws.com', name: 'Decrypt', readOnly: true},
  {source: 'sts.amazonaws.com', name: 'GetCallerIdentity', readOnly: true},
  {source: 'logs.amazonaws.com', name: 'FilterLogEvents', readOnly: true},
  {source: 'ssm.amazonaws.com', name: 'GetParameter', readOnly: true},
  {source: 'ec2.amazonaws.com', name: 'CreateTags', readOnly: false},
  {source: 'signin.amazonaws.com', name: 'ConsoleLogin', readOnly: false, global: true},
];

/** Successful background calls from other people and services, one every few minutes over [from, to]. */
export function noiseCalls(from: number, to: number, region: string, principals: Principal[], random: Random): TrailCall[] {
  const calls: TrailCall[] = [];
  for (let t = from + random.int(20_000, 120_000); t < to; t += random.int(60_000, 240_000)) {
    const api = random.pick(NOISE);
    calls.push({
      time: t,
      eventSource: api.source,
      eventName: api.name,
      region: api.global ? 'us-east-1' : region,
      principal: random.pick(principals),
      readOnly: api.readOnly,
      requestParameters: api.readOnly ? {maxResults: 50} : null,
      sourceIp: `198.51.100.${random.int(2, 250)}`,
    });
  }
  return calls;
}
