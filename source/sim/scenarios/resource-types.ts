// What each resource type costs to create and delete in CloudFormation (roughly what a real deploy shows), and how
// its physical id looks. Shared by every generated scenario.
import type {Random} from '../random.js';

interface TypeInfo {
  createMs: number;
  deleteMs: number;
}

const TYPES: Record<string, TypeInfo> = {
  'AWS::Lambda::Function': {createMs: 9000, deleteMs: 4000},
  'AWS::Lambda::Permission': {createMs: 2000, deleteMs: 1500},
  'AWS::Lambda::EventSourceMapping': {createMs: 5000, deleteMs: 12000},
  'AWS::Lambda::LayerVersion': {createMs: 9000, deleteMs: 2000},
  'AWS::IAM::Role': {createMs: 16000, deleteMs: 3000},
  'AWS::IAM::Policy': {createMs: 14000, deleteMs: 2500},
  'AWS::IAM::ManagedPolicy': {createMs: 11000, deleteMs: 2500},
  'AWS::Logs::LogGroup': {createMs: 2500, deleteMs: 1500},
  'AWS::Logs::MetricFilter': {createMs: 1800, deleteMs: 1200},
  'AWS::CloudWatch::Alarm': {createMs: 2200, deleteMs: 1500},
  'AWS::CloudWatch::Dashboard': {createMs: 2500, deleteMs: 1500},
  'AWS::DynamoDB::Table': {createMs: 13000, deleteMs: 8000},
  'AWS::SQS::Queue': {createMs: 61000, deleteMs: 2000},
  'AWS::SQS::QueuePolicy': {createMs: 10000, deleteMs: 3000},
  'AWS::SNS::Topic': {createMs: 6000, deleteMs: 3000},
  'AWS::SNS::Subscription': {createMs: 3000, deleteMs: 2000},
  'AWS::SNS::TopicPolicy': {createMs: 10000, deleteMs: 3000},
  'AWS::S3::Bucket': {createMs: 23000, deleteMs: 2500},
  'AWS::S3::BucketPolicy': {createMs: 2500, deleteMs: 1500},
  'AWS::KMS::Key': {createMs: 21000, deleteMs: 3000},
  'AWS::KMS::Alias': {createMs: 3000, deleteMs: 2000},
  'AWS::EC2::VPC': {createMs: 12000, deleteMs: 3000},
  'AWS::EC2::Subnet': {createMs: 6000, deleteMs: 3000},
  'AWS::EC2::InternetGateway': {createMs: 3000, deleteMs: 3000},
  'AWS::EC2::VPCGatewayAttachment': {createMs: 17000, deleteMs: 14000},
  'AWS::EC2::RouteTable': {createMs: 3000, deleteMs: 2000},
  'AWS::EC2::Route': {createMs: 3000, deleteMs: 2000},
  'AWS::EC2::SubnetRouteTableAssociation': {createMs: 2500, deleteMs: 2000},
  'AWS::EC2::EIP': {createMs: 4000, deleteMs: 3000},
  'AWS::EC2::NatGateway': {createMs: 105000, deleteMs: 55000},
  'AWS::EC2::SecurityGroup': {createMs: 6000, deleteMs: 18000},
  'AWS::EC2::VPCEndpoint': {createMs: 70000, deleteMs: 40000},
  'AWS::ECS::Cluster': {createMs: 8000, deleteMs: 3000},
  'AWS::ECS::TaskDefinition': {createMs: 3000, deleteMs: 2000},
  'AWS::ECS::Service': {createMs: 400000, deleteMs: 60000},
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {createMs: 170000, deleteMs: 15000},
  'AWS::ElasticLoadBalancingV2::TargetGroup': {createMs: 3000, deleteMs: 2000},
  'AWS::ElasticLoadBalancingV2::Listener': {createMs: 2000, deleteMs: 2000},
  'AWS::CloudFront::Distribution': {createMs: 230000, deleteMs: 90000},
  'AWS::Cognito::UserPool': {createMs: 3500, deleteMs: 2000},
  'AWS::Cognito::UserPoolClient': {createMs: 2000, deleteMs: 1500},
  'AWS::Cognito::UserPoolGroup': {createMs: 2000, deleteMs: 1500},
  'AWS::AppSync::GraphQLApi': {createMs: 6000, deleteMs: 3000},
  'AWS::AppSync::GraphQLSchema': {createMs: 26000, deleteMs: 2000},
  'AWS::AppSync::DataSource': {createMs: 3000, deleteMs: 2000},
  'AWS::AppSync::Resolver': {createMs: 2500, deleteMs: 1500},
  'AWS::ApiGateway::RestApi': {createMs: 4000, deleteMs: 3000},
  'AWS::ApiGateway::Resource': {createMs: 2000, deleteMs: 2000},
  'AWS::ApiGateway::Method': {createMs: 2000, deleteMs: 2000},
  'AWS::ApiGateway::Deployment': {createMs: 3000, deleteMs: 2000},
  'AWS::ApiGateway::Stage': {createMs: 3000, deleteMs: 2000},
  'AWS::Events::Rule': {createMs: 3500, deleteMs: 3000},
  'AWS::Glue::Database': {createMs: 2000, deleteMs: 1500},
  'AWS::Glue::Table': {createMs: 2000, deleteMs: 1500},
  'AWS::Athena::WorkGroup': {createMs: 2500, deleteMs: 2000},
  'AWS::SSM::Parameter': {createMs: 2000, deleteMs: 1500},
  'AWS::SecretsManager::Secret': {createMs: 3000, deleteMs: 2000},
  'AWS::CloudTrail::Trail': {createMs: 4000, deleteMs: 2000},
  'AWS::CloudFormation::Stack': {createMs: 60000, deleteMs: 30000},
};

const DEFAULT: TypeInfo = {createMs: 5000, deleteMs: 3000};

export function typeTiming(type: string): TypeInfo {
  if (type.startsWith('Custom::')) return {createMs: 28000, deleteMs: 9000};
  return TYPES[type] ?? DEFAULT;
}

export const KNOWN_TYPES = Object.keys(TYPES);

export interface IdContext {
  region: string;
  account: string;
  stackName: string;
  random: Random;
}

/** A physical id in the shape AWS gives that resource type. */
export function physicalIdFor(type: string, logicalId: string, ctx: IdContext): string {
  const {region, account, stackName, random} = ctx;
  const kebab = toKebab(logicalId);
  const generated = `${stackName}-${logicalId}-${random.upperAlnum(12)}`.slice(0, 64);
  switch (type) {
    case 'AWS::Lambda::Function':
      return `panther-${kebab.replace(/-function$/, '')}`.slice(0, 64);
    case 'AWS::IAM::Role':
    case 'AWS::IAM::Policy':
    case 'AWS::Logs::MetricFilter':
    case 'AWS::CloudWatch::Alarm':
      return generated;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${account}:policy/${generated}`;
    case 'AWS::Logs::LogGroup':
      return `/aws/lambda/panther-${kebab.replace(/-log-group$/, '')}`;
    case 'AWS::DynamoDB::Table':
      return `panther-${kebab.replace(/-table$/, '')}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${region}.amazonaws.com/${account}/panther-${kebab.replace(/-queue$/, '')}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${region}:${account}:panther-${kebab.replace(/-topic$/, '')}`;
    case 'AWS::SNS::Subscription':
      return `arn:aws:sns:${region}:${account}:panther-${kebab}:${random.uuid()}`;
    case 'AWS::S3::Bucket':
      return `${stackName}-${logicalId}-${random.lowerAlnum(12)}`.toLowerCase().slice(0, 63);
    case 'AWS::KMS::Key':
      return random.uuid();
    case 'AWS::KMS::Alias':
      return `alias/panther-${kebab.replace(/-alias$/, '')}`;
    case 'AWS::EC2::VPC':
      return `vpc-${random.hex(17)}`;
    case 'AWS::EC2::Subnet':
      return `subnet-${random.hex(17)}`;
    case 'AWS::EC2::InternetGateway':
      return `igw-${random.hex(17)}`;
    case 'AWS::EC2::RouteTable':
      return `rtb-${random.hex(17)}`;
    case 'AWS::EC2::SubnetRouteTableAssociation':
      return `rtbassoc-${random.hex(17)}`;
    case 'AWS::EC2::EIP':
      return `${random.int(3, 54)}.${random.int(1, 254)}.${random.int(1, 254)}.${random.int(1, 254)}`;
    case 'AWS::EC2::NatGateway':
      return `nat-${random.hex(17)}`;
    case 'AWS::EC2::SecurityGroup':
      return `sg-${random.hex(17)}`;
    case 'AWS::EC2::VPCEndpoint':
      return `vpce-${random.hex(17)}`;
    case 'AWS::ECS::Cluster':
      return `panther-${kebab.replace(/-cluster$/, '')}`;
    case 'AWS::ECS::Service':
      return `arn:aws:ecs:${region}:${account}:service/panther-web/${generated}`;
    case 'AWS::ECS::TaskDefinition':
      return `arn:aws:ecs:${region}:${account}:task-definition/panther-${kebab}:1`;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/panther-web/${random.hex(16)}`;
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/panther-web/${random.hex(16)}`;
    case 'AWS::ElasticLoadBalancingV2::Listener':
      return `arn:aws:elasticloadbalancing:${region}:${account}:listener/app/panther-web/${random.hex(16)}/${random.hex(16)}`;
    case 'AWS::CloudFront::Distribution':
      return `E${random.upperAlnum(13)}`;
    case 'AWS::Cognito::UserPool':
      return `${region}_${random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 9)}`;
    case 'AWS::AppSync::GraphQLApi':
      return `arn:aws:appsync:${region}:${account}:apis/${random.lowerAlnum(26)}`;
    case 'AWS::ApiGateway::RestApi':
      return random.lowerAlnum(10);
    case 'AWS::Events::Rule':
      return `panther-${kebab}`;
    case 'AWS::Glue::Database':
      return kebab.replace(/-/g, '_');
    case 'AWS::SSM::Parameter':
      return `/panther/${kebab}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${region}:${account}:secret:panther-${kebab}-${random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 6)}`;
    default:
      return generated;
  }
}

export function toKebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}
