// The Panther deployment as blueprints: the nested stacks of docs/architecture.md with realistic resources.
// `failures` injects the rolled-back story: an SCP-denied S3 bucket deep in Onboard -> LogProcessingRole (the root
// cause), a later AlreadyExists in its sibling ComplianceRoles (which reports to Onboard first) and a later Lambda
// limit failure in Core (which reports to the root before Onboard does).
import type {Random} from '../random.js';
import {Blueprint, type StackBlueprint} from './blueprint.js';
import {buildTree, type BuiltTree} from './build.js';

export const MIN = 60_000;

export interface PantherFailures {
  /** Offset of the root-cause failure (the SCP-denied bucket). */
  rootCauseAt: number;
  rootCauseReason: string;
  /** The failing bucket's name (also in the reason and in CloudTrail). */
  rootCauseBucket: string;
  alreadyExistsAt: number;
  alreadyExistsReason: string;
  limitAt: number;
  limitReason: string;
}

export interface PantherPlanOptions {
  region: string;
  account: string;
  failures: PantherFailures | null;
  /** BootstrapGateway's `PythonLayer` (Panther dropped it in 1.25); present unless false. */
  pythonLayer?: boolean;
  /**
   * Panther's stateful resources carry DeletionPolicy Retain (RETAINED_TYPES): a rollback leaves them behind
   * (DELETE_SKIPPED). Off by default: the older scenarios' events stay exactly as they were.
   */
  retain?: boolean;
}

/** The types Panther's templates retain on delete: its data (buckets, tables), its logs and its keys. */
export const RETAINED_TYPES: readonly string[] = ['AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::DynamoDB::Table'];

export const ROOT_CAUSE = {stack: 'LogProcessingRole', resource: 'AuditLogsBucket'} as const;
export const ALREADY_EXISTS = {stack: 'ComplianceRoles', resource: 'PantherAuditRole'} as const;
export const LIMIT = {stack: 'Core', resource: 'AlertDeliveryFunction'} as const;

export interface PantherRootTreeOptions extends PantherPlanOptions {
  rootName: string;
  version: string;
  random: Random;
  /** The role CloudFormation deploys with (the root's RoleARN). */
  roleName: string;
  /** A first deploy names its version in a PantherVersion parameter. */
  versionParameter?: boolean;
  /** The API's custom domain and its ACM certificate, as an installation configured with one passes them. */
  customDomain?: {name: string; certificateArn: string};
}

/** The Panther root stack tree of a version: tags, nested template URLs, deployment role and root parameters. */
export function pantherRootTree(opts: PantherRootTreeOptions): BuiltTree {
  const {region, account, random, version} = opts;
  const tree = buildTree(
    pantherRootBlueprint(opts),
    opts.rootName,
    {
      region,
      account,
      random,
      tags: {Application: 'Panther', PantherVersion: version},
      templateBase: `https://panther-enterprise-${region}.s3.amazonaws.com/v${version}`,
      roleArn: `arn:aws:iam::${account}:role/${opts.roleName}`,
    },
    {
      FirstUserEmail: 'secops@example.com',
      CompanyDisplayName: 'Example Corp',
      ...(opts.versionParameter ? {PantherVersion: version} : {}),
      OnboardSelf: 'true',
      ...(opts.customDomain ? {CustomDomain: opts.customDomain.name, ApiCertificateArn: opts.customDomain.certificateArn} : {}),
      PulumiSecretArn: `arn:aws:secretsmanager:${region}:${account}:secret:panther-pulumi-${random.lowerAlnum(6)}`,
      PulumiSecretKeyArn: `arn:aws:secretsmanager:${region}:${account}:secret:panther-pulumi-key-${random.lowerAlnum(6)}`,
      SentryEnvironment: 'prod',
      SupportRoleIdentityAccountId: '',
      OpsRoleIdentityAccountId: '',
      DataLakeForwarderMemory: '256',
      LogProcessorGzipLevel: '6',
      MaxLookupTableCompressedSizeMB: '200',
    },
  );
  tree.stacks[0].template.Description = `Panther v${version}`;
  return tree;
}

export function pantherRootBlueprint(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const bootstrap = b.stack(bootstrapStack(opts));
  const gateway = b.stack(bootstrapGatewayStack(opts), [bootstrap]);
  const after = [bootstrap, gateway];
  b.stack(appsyncStack(), after);
  b.stack(cloudSecurityStack(), after);
  b.stack(coreStack(opts), after);
  b.stack(dashboardsStack(), after);
  const logAnalysis = b.stack(logAnalysisStack(), after);
  // Onboarding registers log sources, so it waits for log analysis.
  b.stack(onboardStack(opts), [...after, logAnalysis]);
  b.stack(webStack(), after);
  const root = b.build('', 'panther', 'Panther SIEM: the root stack of a self-hosted deployment');
  if (opts.retain) markRetained(root);
  return root;
}

function markRetained(bp: StackBlueprint): void {
  for (const r of bp.resources) {
    if (r.child) markRetained(r.child);
    else if (RETAINED_TYPES.includes(r.type)) r.retain = true;
  }
}

function bootstrapStack({region, account}: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const key = b.add('ProcessedDataKey', 'AWS::KMS::Key');
  b.add('ProcessedDataKeyAlias', 'AWS::KMS::Alias', [key]);
  const secretsKey = b.add('SecretsKey', 'AWS::KMS::Key');
  b.add('SecretsKeyAlias', 'AWS::KMS::Alias', [secretsKey]);
  const logBucket = b.bucket('AccessLogs');
  b.bucket('AnalysisVersions', [logBucket]);
  b.bucket('ProcessedData', [logBucket, key], {physicalId: `panther-bootstrap-processeddata-${account}-${region}`});
  b.bucket('HistoricalData', [logBucket]);
  b.bucket('AthenaResults', [logBucket]);
  // Network for the ECS web service and the VPC lambdas.
  const vpc = b.add('Vpc', 'AWS::EC2::VPC');
  const igw = b.add('InternetGateway', 'AWS::EC2::InternetGateway');
  const attach = b.add('VpcGatewayAttachment', 'AWS::EC2::VPCGatewayAttachment', [vpc, igw]);
  const pubRt = b.add('PublicRouteTable', 'AWS::EC2::RouteTable', [vpc]);
  b.add('PublicRoute', 'AWS::EC2::Route', [pubRt, attach]);
  const subnets: string[] = [];
  for (const [i, az] of ['A', 'B'].entries()) {
    const pub = b.add(`PublicSubnet${az}`, 'AWS::EC2::Subnet', [vpc]);
    b.add(`PublicSubnet${az}RouteTableAssociation`, 'AWS::EC2::SubnetRouteTableAssociation', [pub, pubRt]);
    const priv = b.add(`PrivateSubnet${az}`, 'AWS::EC2::Subnet', [vpc]);
    const rt = b.add(`PrivateRouteTable${az}`, 'AWS::EC2::RouteTable', [vpc]);
    const eip = b.add(`NatEip${az}`, 'AWS::EC2::EIP', [attach]);
    const nat = b.add(`NatGateway${az}`, 'AWS::EC2::NatGateway', [eip, pub]);
    b.add(`PrivateRoute${az}`, 'AWS::EC2::Route', [rt, nat]);
    b.add(`PrivateSubnet${az}RouteTableAssociation`, 'AWS::EC2::SubnetRouteTableAssociation', [priv, rt]);
    subnets.push(priv);
    void i;
  }
  b.add('LambdaSecurityGroup', 'AWS::EC2::SecurityGroup', [vpc]);
  b.add('S3GatewayEndpoint', 'AWS::EC2::VPCEndpoint', [vpc, ...subnets]);
  // Identity and the API distribution (the outputs the 1.19 migration needs).
  const pool = b.add('UserPool', 'AWS::Cognito::UserPool');
  b.add('UserPoolClient', 'AWS::Cognito::UserPoolClient', [pool]);
  b.add('AdminsUserPoolGroup', 'AWS::Cognito::UserPoolGroup', [pool]);
  b.add('AnalystsUserPoolGroup', 'AWS::Cognito::UserPoolGroup', [pool]);
  b.add('PantherApiDistribution', 'AWS::CloudFront::Distribution', [logBucket], {createMs: 6 * MIN});
  b.add('AthenaWorkGroup', 'AWS::Athena::WorkGroup');
  for (const db of [
    'PantherLogsDatabase',
    'PantherCloudSecurityDatabase',
    'PantherRuleMatchesDatabase',
    'PantherRuleErrorsDatabase',
    'PantherViewsDatabase',
    'PantherLookupsDatabase',
  ]) {
    b.add(db, 'AWS::Glue::Database');
  }
  b.queue('InputData');
  b.topic('ProcessedData');
  b.topic('Alarms');
  b.add('AnalysisApiSecret', 'AWS::SecretsManager::Secret', [secretsKey]);
  return b.build('Bootstrap', 'panther-bootstrap', 'Panther bootstrap: buckets, keys, network and identity', {
    outputs: {
      PantherApiDistributionDomainName: `d${'1a2b3c4d5e6f7g'}.cloudfront.net`,
      PantherApiDistributionHostedZoneId: 'Z2FDTNDATAQYW2',
      ProcessedDataBucket: `panther-bootstrap-processeddata-${account}-${region}`,
    },
  });
}

function athenaConnectorStack(): StackBlueprint {
  const b = new Blueprint();
  const spill = b.add('SpillBucket', 'AWS::S3::Bucket');
  const role = b.add('ConnectorConfigRole', 'AWS::IAM::Role', [spill]);
  b.add('FunctionExecutionPolicy', 'AWS::IAM::Policy', [role]);
  b.add('ConnectorConfig', 'AWS::Lambda::Function', [role]);
  return b.build('PantherAthenaDDBConnector', 'panther-athena-ddb-connector', 'Athena DynamoDB connector (serverless application)');
}

function bootstrapGatewayStack(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const layer = opts.pythonLayer === false ? [] : [b.add('PythonLayer', 'AWS::Lambda::LayerVersion')];
  b.lambda('GraphqlApiAuthorizer');
  b.lambda('LogProcessorAuthorizer');
  b.lambda('AthenaApi', layer);
  b.lambda('ResourcesApi', layer);
  b.lambda('GlueSync');
  const api = b.add('GatewayApi', 'AWS::ApiGateway::RestApi');
  const res = b.add('GatewayApiResource', 'AWS::ApiGateway::Resource', [api]);
  const m1 = b.add('GatewayApiPostMethod', 'AWS::ApiGateway::Method', [res]);
  const m2 = b.add('GatewayApiGetMethod', 'AWS::ApiGateway::Method', [res]);
  const dep = b.add('GatewayApiDeployment', 'AWS::ApiGateway::Deployment', [m1, m2]);
  b.add('GatewayApiStage', 'AWS::ApiGateway::Stage', [dep]);
  b.add('GatewayApiInvokePermission', 'AWS::Lambda::Permission', ['AthenaApiFunction', api]);
  b.stack(athenaConnectorStack());
  b.topic('AthenaQueryResults');
  return b.build('BootstrapGateway', 'panther-bootstrap-gateway', 'Panther bootstrap gateway: API gateway and query helpers');
}

function appsyncStack(): StackBlueprint {
  const b = new Blueprint();
  const api = b.add('GraphQLApi', 'AWS::AppSync::GraphQLApi');
  const schema = b.add('GraphQLSchema', 'AWS::AppSync::GraphQLSchema', [api]);
  const role = b.add('AppsyncServiceRole', 'AWS::IAM::Role');
  const sources = ['AlertsApi', 'AnalysisApi', 'ComplianceApi', 'OrganizationApi', 'OutputsApi', 'UsersApi', 'SourceApi', 'MetricsApi', 'AthenaApi'];
  for (const s of sources) b.add(`${s}DataSource`, 'AWS::AppSync::DataSource', [api, role]);
  const fields = [
    'getAlert',
    'listAlerts',
    'updateAlertStatus',
    'getRule',
    'listRules',
    'addRule',
    'updateRule',
    'deleteRules',
    'getPolicy',
    'listPolicies',
    'addPolicy',
    'updatePolicy',
    'getResource',
    'listResources',
    'getOrganizationStats',
    'listDestinations',
    'addDestination',
    'updateDestination',
    'deleteDestination',
    'listUsers',
    'inviteUser',
    'updateUser',
    'deleteUser',
    'listLogSources',
    'addLogSource',
    'updateLogSource',
    'deleteLogSource',
    'getLogAnalysisMetrics',
    'executeAthenaQuery',
    'getAthenaQueryResults',
    'listAvailableLogTypes',
    'getGeneralSettings',
  ];
  fields.forEach((f, i) => {
    const source = `${sources[i % sources.length]}DataSource`;
    b.add(`${f[0].toUpperCase()}${f.slice(1)}Resolver`, 'AWS::AppSync::Resolver', [schema, source]);
  });
  b.add('GraphQLApiLogsRole', 'AWS::IAM::Role');
  return b.build('Appsync', 'panther-appsync', 'Panther GraphQL API');
}

function cloudSecurityStack(): StackBlueprint {
  const b = new Blueprint();
  const resources = b.table('ComplianceResources');
  const policies = b.table('CompliancePolicies');
  const pollerQueue = b.queue('SnapshotPoller');
  const eventsQueue = b.queue('AwsEventProcessor');
  b.lambda('AwsEventProcessor', [eventsQueue]);
  b.lambda('SnapshotScheduler', [pollerQueue]);
  b.lambda('SnapshotPollers', [pollerQueue, resources], {createMs: 12000});
  b.lambda('ResourceProcessor', [resources]);
  b.lambda('PolicyEngine', [policies]);
  b.lambda('ComplianceApi', [resources, policies]);
  b.lambda('ResourcesApi', [resources]);
  b.add('SnapshotPollersEventSourceMapping', 'AWS::Lambda::EventSourceMapping', ['SnapshotPollersFunction', pollerQueue]);
  b.add('AwsEventProcessorEventSourceMapping', 'AWS::Lambda::EventSourceMapping', ['AwsEventProcessorFunction', eventsQueue]);
  b.add('ScanScheduleRule', 'AWS::Events::Rule', ['SnapshotSchedulerFunction']);
  b.add('RemediationProcessorFunction', 'AWS::Lambda::Function', ['ComplianceApiFunction']);
  // Installing the default policy packs is a slow custom resource: still running when the root cancels.
  b.add('CustomPolicyPacks', 'Custom::PolicyPacks', ['ComplianceApiFunction', 'PolicyEngineFunction'], {createMs: 17 * MIN});
  return b.build('CloudSecurity', 'panther-cloud-security', 'Panther cloud security scanning');
}

function coreStack(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const users = b.table('Users');
  const analysis = b.table('AnalysisPolicies');
  const outputs = b.table('Outputs');
  const alerts = b.table('Alerts');
  b.table('Organization');
  b.table('Analysis');
  const alertsQueue = b.queue('AlertsDelivery');
  b.lambda('AlertsApi', [alerts]);
  b.lambda('AnalysisApi', [analysis]);
  b.lambda('OrganizationApi');
  b.lambda('OutputsApi', [outputs]);
  b.lambda('UsersApi', [users]);
  b.lambda('MetadataApi');
  b.lambda('TokenAuthorizer');
  b.lambda('CustomResources');
  b.lambda('LayerManager');
  b.lambda('Cfn');
  const fail = opts.failures;
  b.lambda('AlertDelivery', [alertsQueue], fail ? {fail: {at: fail.limitAt, reason: fail.limitReason}} : {createMs: 6 * MIN});
  b.add('AlertDeliveryEventSourceMapping', 'AWS::Lambda::EventSourceMapping', ['AlertDeliveryFunction', alertsQueue]);
  b.add('CustomInitialUser', 'Custom::InitialUser', ['CustomResourcesFunction', 'UsersApiFunction']);
  b.add('CustomGeneralSettings', 'Custom::GeneralSettings', ['CustomResourcesFunction', 'OrganizationApiFunction']);
  b.add('AnalysisSetsParameter', 'AWS::SSM::Parameter');
  return b.build('Core', 'panther-core', 'Panther core APIs');
}

function dashboardsStack(): StackBlueprint {
  const b = new Blueprint();
  for (const d of [
    'Overview',
    'CloudSecurity',
    'AlertsAndErrors',
    'RemediationAndNotifications',
    'LogAnalysis',
    'DataLake',
    'Lambda',
    'SnapshotPollers',
  ]) {
    b.add(`${d}Dashboard`, 'AWS::CloudWatch::Dashboard');
  }
  return b.build('Dashboards', 'panther-cw-dashboards', 'Panther CloudWatch dashboards');
}

function logAnalysisStack(): StackBlueprint {
  const b = new Blueprint();
  const topic = b.topic('ProcessedDataNotifications');
  const q = b.queue('LogProcessor');
  const rules = b.queue('RulesEngine');
  b.table('RulesAlerts');
  b.table('AlertsDedup');
  b.table('SourceApi');
  b.lambda('LogProcessor', [q], {createMs: 14000});
  b.lambda('RulesEngine', [rules]);
  b.lambda('AlertForwarder');
  b.lambda('DatacatalogUpdater');
  b.lambda('SourceApi');
  b.lambda('LookupTables');
  b.lambda('MessageForwarder');
  b.lambda('DataLakeForwarder', [topic], {createMs: 7 * MIN});
  b.add('RulesEngineSubscription', 'AWS::SNS::Subscription', [topic, rules]);
  b.add('LogProcessorEventSourceMapping', 'AWS::Lambda::EventSourceMapping', ['LogProcessorFunction', q]);
  b.add('RulesEngineEventSourceMapping', 'AWS::Lambda::EventSourceMapping', ['RulesEngineFunction', rules]);
  for (const t of ['AwsCloudtrail', 'AwsS3ServerAccess', 'AwsVpcFlow', 'AwsAlb', 'GcpAuditLog', 'OktaSystemLog']) {
    b.add(`${t}GlueTable`, 'AWS::Glue::Table');
  }
  return b.build('LogAnalysis', 'panther-log-analysis', 'Panther log analysis: processing, rules and alerting');
}

function complianceRolesStack(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const fail = opts.failures;
  b.add('PantherAuditRole', 'AWS::IAM::Role', [], {
    physicalId: `PantherAuditRole-${opts.region}`,
    ...(fail ? {fail: {at: fail.alreadyExistsAt, reason: fail.alreadyExistsReason}} : {}),
  });
  b.add('CloudFormationStackDriftDetection', 'AWS::IAM::Policy', []);
  b.add('PantherCloudFormationStackSetExecutionRole', 'AWS::IAM::Role', [], {
    physicalId: `PantherCloudFormationStackSetExecutionRole-${opts.region}`,
  });
  b.add('PantherRemediationRole', 'AWS::IAM::Role', [], {physicalId: `PantherRemediationRole-${opts.region}`});
  b.add('ReadOnlyPolicy', 'AWS::IAM::ManagedPolicy', []);
  return b.build('ComplianceRoles', 'panther-compliance-roles', 'IAM roles for Panther cloud security scanning');
}

function logProcessingRoleStack(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const fail = opts.failures;
  b.add('LogProcessingRole', 'AWS::IAM::Role', [], {physicalId: `PantherLogProcessingRole-${opts.region}`});
  b.add('ReadAuditLogsPolicy', 'AWS::IAM::Policy', ['LogProcessingRole']);
  // A VPC lambda: quick to create, minutes to delete (ENI cleanup), which makes this stack's rollback slow.
  b.add('AuditLogsNotificationsFunction', 'AWS::Lambda::Function', ['LogProcessingRole'], {deleteMs: 4 * MIN + 10_000});
  b.add('AuditLogsNotificationsTopic', 'AWS::SNS::Topic');
  b.add('AuditLogsNotificationsPolicy', 'AWS::SNS::TopicPolicy', ['AuditLogsNotificationsTopic']);
  if (fail) {
    b.add('AuditLogsQueue', 'AWS::SQS::Queue', [], {notBefore: fail.rootCauseAt - 40_000});
    b.add('AuditLogsTrailRole', 'AWS::IAM::Role', [], {notBefore: fail.rootCauseAt - 8_000});
  } else {
    b.add('AuditLogsQueue', 'AWS::SQS::Queue');
    b.add('AuditLogsTrailRole', 'AWS::IAM::Role');
  }
  b.add('AuditLogsBucket', 'AWS::S3::Bucket', ['AuditLogsNotificationsTopic', 'AuditLogsNotificationsPolicy'], {
    physicalId: fail?.rootCauseBucket,
    ...(fail ? {fail: {at: fail.rootCauseAt, reason: fail.rootCauseReason}} : {}),
  });
  b.add('AuditLogsBucketPolicy', 'AWS::S3::BucketPolicy', ['AuditLogsBucket']);
  b.add('AuditLogsTrail', 'AWS::CloudTrail::Trail', ['AuditLogsBucketPolicy']);
  b.add('AuditLogsSubscription', 'AWS::SNS::Subscription', ['AuditLogsNotificationsTopic', 'AuditLogsQueue']);
  return b.build('LogProcessingRole', 'panther-log-processing-role', 'Panther log processing role and self-onboarded audit logs');
}

function realTimeEventsStack(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  const topic = b.add('PantherEventsTopic', 'AWS::SNS::Topic');
  b.add('PantherEventsTopicPolicy', 'AWS::SNS::TopicPolicy', [topic]);
  for (const r of ['CloudTrail', 'ConfigChanges', 'IamChanges', 'S3Changes']) b.add(`${r}EventsRule`, 'AWS::Events::Rule', [topic]);
  b.add('EventBridgeForwarderRole', 'AWS::IAM::Role');
  // Waits on the (slow) events queue: still creating when Onboard cancels.
  b.add('RealTimeEventsQueue', 'AWS::SQS::Queue', [], opts.failures ? {notBefore: opts.failures.alreadyExistsAt - 20_000, createMs: 3 * MIN} : {});
  b.add('RealTimeEventsSubscription', 'AWS::SNS::Subscription', [topic, 'RealTimeEventsQueue']);
  return b.build('RealTimeEvents', 'panther-real-time-events', 'Real-time CloudWatch Events for Panther cloud security');
}

function onboardStack(opts: PantherPlanOptions): StackBlueprint {
  const b = new Blueprint();
  b.add('OnboardSelfSource', 'Custom::LogIntegration', []);
  b.stack(complianceRolesStack(opts));
  b.stack(logProcessingRoleStack(opts));
  b.stack(realTimeEventsStack(opts));
  b.add('CloudSecuritySource', 'Custom::ComplianceIntegration', ['ComplianceRoles', 'RealTimeEvents']);
  b.add('LogProcessingSource', 'Custom::LogIntegration', ['LogProcessingRole']);
  return b.build('Onboard', 'panther-onboard', 'Panther onboards its own account (OnboardSelf=true)', {
    parameters: {OnboardSelf: 'true'},
  });
}

function webStack(): StackBlueprint {
  const b = new Blueprint();
  const sg = b.add('WebSecurityGroup', 'AWS::EC2::SecurityGroup');
  const lbSg = b.add('LoadBalancerSecurityGroup', 'AWS::EC2::SecurityGroup');
  const cluster = b.add('WebCluster', 'AWS::ECS::Cluster');
  const logs = b.add('WebLogGroup', 'AWS::Logs::LogGroup');
  const taskRole = b.add('WebTaskRole', 'AWS::IAM::Role');
  const execRole = b.add('WebExecutionRole', 'AWS::IAM::Role');
  const task = b.add('WebTaskDefinition', 'AWS::ECS::TaskDefinition', [taskRole, execRole, logs]);
  const lb = b.add('WebLoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer', [lbSg]);
  const tg = b.add('WebTargetGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup');
  const listener = b.add('WebHttpsListener', 'AWS::ElasticLoadBalancingV2::Listener', [lb, tg]);
  b.add('WebHttpListener', 'AWS::ElasticLoadBalancingV2::Listener', [lb]);
  b.add('WebService', 'AWS::ECS::Service', [cluster, task, listener, sg], {createMs: 15 * MIN});
  b.add('WebCpuAlarm', 'AWS::CloudWatch::Alarm', ['WebService']);
  b.add('WebMemoryAlarm', 'AWS::CloudWatch::Alarm', ['WebService']);
  return b.build('Web', 'panther-web', 'Panther web application on ECS Fargate (timeout 20 minutes)');
}
