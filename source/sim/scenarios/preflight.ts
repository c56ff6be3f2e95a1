// The accounts `preflight` is tried on. `preflight`: an account before a Panther first deploy with every kind of
// problem planted (old stacks, legacy roles, retained buckets, the leftovers of a failed attempt of the same
// name, SCP denials in CloudTrail, an SCP that the deployment role's simulation reports, a deployment role another
// account can assume) and decoys that must not be reported. `preflight-clean`: the same account cleaned up, outside
// any organisation, its deployment role trusting only CloudFormation and the SSO administrators (with MFA). The
// parameters files of the tests and of examples/ are generated here too: `preflightParams('bad' | 'good')`.
import {Random} from '../random.js';
import {makeRecord, rolePrincipal, userPrincipal, type Principal, type TrailCall} from '../trail.js';
import {
  STACK_TYPE,
  finishWorld,
  type TemplateDoc,
  type World,
  type WorldBucket,
  type WorldRole,
  type WorldSimulationRule,
  type WorldStack,
} from '../world.js';

export const PREFLIGHT_ACCOUNT = '123456789012';
export const PREFLIGHT_REGION = 'us-east-2';
export const PREFLIGHT_STACK = 'panther-prod';
export const PREFLIGHT_SCP_ARN = 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny4s3';
const SSO_ROLE = 'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a';
const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';
/** The other account the `preflight` account's deployment role trusts (the role template's IdentityAccountId). */
export const PREFLIGHT_IDENTITY_ACCOUNT = '999988887777';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface PreflightWorldOptions {
  scenario: string;
  seed: number;
  /** Epoch ms: "now" in the scenario is shortly after it. */
  t0: number;
  /** The cleaned-up account: nothing planted, in no organisation. */
  clean: boolean;
  /** Calls the caller is denied ("IAM.SimulatePrincipalPolicy", "Organizations.DescribeOrganization"...). */
  denied?: string[];
}

interface ResourceSpec {
  logicalId: string;
  type: string;
  physicalId: string;
  /** DeletionPolicy Retain: DELETE_SKIPPED when the stack goes. */
  retained?: boolean;
}

/** Appends the events and operations of a stack's life, oldest first. */
class StackLife {
  readonly stack: WorldStack;

  constructor(
    private readonly random: Random,
    opts: {
      name: string;
      region: string;
      account: string;
      parent?: WorldStack;
      logicalId?: string;
      description: string;
      resources: ResourceSpec[];
      parameters?: Record<string, string>;
    },
  ) {
    const template: TemplateDoc = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: opts.description,
      Parameters: Object.fromEntries(Object.keys(opts.parameters ?? {}).map(k => [k, {Type: 'String'}])),
      Resources: Object.fromEntries(opts.resources.map(r => [r.logicalId, {Type: r.type}])),
    };
    this.stack = {
      stackId: `arn:aws:cloudformation:${opts.region}:${opts.account}:stack/${opts.name}/${random.uuid()}`,
      name: opts.name,
      logicalId: opts.logicalId ?? '',
      parentId: opts.parent?.stackId ?? null,
      rootId: opts.parent ? (opts.parent.rootId ?? opts.parent.stackId) : null,
      description: opts.description,
      parameters: opts.parameters ?? {},
      tags: {},
      outputs: {},
      roleArn: null,
      capabilities: opts.resources.some(r => r.type.startsWith('AWS::IAM::')) ? ['CAPABILITY_NAMED_IAM'] : [],
      template,
      events: [],
      operations: [],
    };
  }

  op(type: string, start: number): string {
    const id = this.random.uuid();
    this.stack.operations.push({id, type, stackId: this.stack.stackId, start});
    return id;
  }

  event(time: number, op: string, logicalId: string, type: string, physicalId: string, status: string, reason = ''): void {
    this.stack.events.push({
      eventId: logicalId === this.stack.name ? this.random.uuid() : `${logicalId}-${status}-${this.random.uuid()}`,
      stackId: this.stack.stackId,
      stackName: this.stack.name,
      logicalId,
      physicalId,
      resourceType: type,
      status,
      reason,
      time,
      operationId: op,
    });
  }

  self(time: number, op: string, status: string, reason = ''): void {
    this.event(time, op, this.stack.name, STACK_TYPE, this.stack.stackId, status, reason);
  }

  /** A create that completes: returns the time it ended. */
  create(t: number, resources: ResourceSpec[]): number {
    const op = this.op('CREATE_STACK', t);
    this.self(t, op, 'CREATE_IN_PROGRESS', 'User Initiated');
    let time = t;
    for (const r of resources) {
      this.event((time += 1000), op, r.logicalId, r.type, '', 'CREATE_IN_PROGRESS');
      this.event((time += 1000), op, r.logicalId, r.type, r.physicalId, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
      this.event((time += 4000), op, r.logicalId, r.type, r.physicalId, 'CREATE_COMPLETE');
    }
    this.self((time += 1000), op, 'CREATE_COMPLETE');
    return time;
  }

  /** Deletes what `resources` holds (retained ones DELETE_SKIPPED) within an operation already opened. */
  tearDown(t: number, op: string, resources: ResourceSpec[]): number {
    let time = t;
    for (const r of [...resources].reverse()) {
      if (r.retained) {
        this.event((time += 1000), op, r.logicalId, r.type, r.physicalId, 'DELETE_SKIPPED');
        continue;
      }
      this.event((time += 1000), op, r.logicalId, r.type, r.physicalId, 'DELETE_IN_PROGRESS');
      this.event((time += 3000), op, r.logicalId, r.type, r.physicalId, 'DELETE_COMPLETE');
    }
    return time;
  }

  delete(t: number, resources: ResourceSpec[]): number {
    const op = this.op('DELETE_STACK', t);
    this.self(t, op, 'DELETE_IN_PROGRESS', 'User Initiated');
    const time = this.tearDown(t, op, resources);
    this.self(time + 1000, op, 'DELETE_COMPLETE');
    return time + 1000;
  }
}

export function preflightWorld(opts: PreflightWorldOptions): World {
  const region = PREFLIGHT_REGION;
  const account = PREFLIGHT_ACCOUNT;
  const random = new Random(opts.seed);
  const t0 = opts.t0;
  const stacks: WorldStack[] = [];
  const facts: Record<string, unknown> = {};
  const planted: {id: string; status: string}[] = [];
  const plant = (id: string, status: string) => planted.push({id, status});
  const suffix = () => random.lowerAlnum(12);

  // The deployment role stack, deployed first as Panther's docs say (in both accounts).
  const roleStack = new StackLife(random, {
    name: 'panther-deployment-role',
    region,
    account,
    description: 'Panther deployment role: PantherDeploymentRole, assumed by CloudFormation to deploy Panther v1.39.7',
    resources: [{logicalId: 'DeploymentRole', type: 'AWS::IAM::Role', physicalId: `PantherDeploymentRole-${region}`}],
  });
  roleStack.create(t0 - 3 * DAY, [{logicalId: 'DeploymentRole', type: 'AWS::IAM::Role', physicalId: `PantherDeploymentRole-${region}`}]);
  stacks.push(roleStack.stack);

  // An unrelated stack every account has.
  const cdk = new StackLife(random, {
    name: 'CDKToolkit',
    region,
    account,
    description: 'This stack includes resources needed to deploy AWS CDK apps into this environment',
    resources: [{logicalId: 'StagingBucket', type: 'AWS::S3::Bucket', physicalId: `cdk-hnb659fds-assets-${account}-${region}`}],
  });
  cdk.create(t0 - 200 * DAY, [{logicalId: 'StagingBucket', type: 'AWS::S3::Bucket', physicalId: `cdk-hnb659fds-assets-${account}-${region}`}]);
  stacks.push(cdk.stack);

  const deploymentRole = role(random, `PantherDeploymentRole-${region}`, '/', t0 - 3 * DAY);
  deploymentRole.trustPolicy = opts.clean ? narrowTrust(account) : broadTrust(account);
  if (!opts.clean) plant('permissions.deployment-role-trust', 'fail');
  const roles: WorldRole[] = [
    role(random, SSO_ROLE, SSO_PATH, t0 - 400 * DAY),
    deploymentRole,
    role(random, 'OrganizationAccountAccessRole', '/', t0 - 900 * DAY),
  ];
  const buckets: WorldBucket[] = [
    {name: `cdk-hnb659fds-assets-${account}-${region}`, createdAt: t0 - 200 * DAY, region},
    {name: 'example-corp-cloudtrail-logs', createdAt: t0 - 700 * DAY, region: 'us-east-1'},
  ];
  const simulation: WorldSimulationRule[] = [];
  const engineer = rolePrincipal(account, SSO_ROLE, 'engineer@example.com', random);
  const deployer = rolePrincipal(account, `PantherDeploymentRole-${region}`, 'AWSCloudFormation', random);
  const datadog = rolePrincipal(account, 'DatadogIntegrationRole', 'datadog', random);
  const bob = userPrincipal(account, 'bob', random);
  const calls: TrailCall[] = [
    // Successful calls of the looked-up names: CloudTrail has history, none of it denied.
    call(t0 - 5 * DAY, 's3.amazonaws.com', 'CreateBucket', region, engineer, {bucketName: 'example-corp-scratch'}),
    call(t0 - 4 * DAY, 'sqs.amazonaws.com', 'CreateQueue', region, datadog, {queueName: 'datadog-forwarder'}),
    call(t0 - 2 * DAY, 'sns.amazonaws.com', 'CreateTopic', region, engineer, {name: 'ops-alerts'}),
  ];

  if (!opts.clean) {
    // A live legacy top-level stack and another live Panther root, with a nested stack (reported once, as its root).
    const legacy = new StackLife(random, {
      name: 'panther-bootstrap',
      region,
      account,
      description: 'Panther bootstrap resources (v1.15)',
      resources: [],
    });
    const legacyResources: ResourceSpec[] = [
      {logicalId: 'AlarmTopic', type: 'AWS::SNS::Topic', physicalId: `arn:aws:sns:${region}:${account}:panther-alarms`},
    ];
    legacy.create(t0 - 600 * DAY, legacyResources);
    stacks.push(legacy.stack);
    plant('old-infrastructure.stack:panther-bootstrap', 'fail');

    const dev = new StackLife(random, {
      name: 'panther-dev',
      region,
      account,
      description: 'Panther v1.24.12',
      resources: [{logicalId: 'Core', type: STACK_TYPE, physicalId: ''}],
    });
    const devCore = new StackLife(random, {
      name: `panther-dev-Core-${random.upperAlnum(12)}`,
      region,
      account,
      parent: dev.stack,
      logicalId: 'Core',
      description: 'Panther core',
      resources: [],
    });
    const devStart = t0 - 300 * DAY;
    dev.create(devStart, [{logicalId: 'Core', type: STACK_TYPE, physicalId: devCore.stack.stackId}]);
    devCore.create(devStart + 2000, [{logicalId: 'AlertsTable', type: 'AWS::DynamoDB::Table', physicalId: 'panther-dev-alerts'}]);
    stacks.push(dev.stack, devCore.stack);
    plant('old-infrastructure.stack:panther-dev', 'fail');

    // A Panther test stack deleted long ago, nothing retained: not reported.
    const test = new StackLife(random, {name: 'panther-test', region, account, description: 'Panther v1.20.3', resources: []});
    const testRes: ResourceSpec[] = [
      {logicalId: 'Queue', type: 'AWS::SQS::Queue', physicalId: `https://sqs.${region}.amazonaws.com/${account}/panther-test-queue`},
    ];
    test.delete(test.create(t0 - 80 * DAY, testRes) + DAY, testRes);
    stacks.push(test.stack);

    // The failed first attempt of panther-prod two days ago: rolled back on an SCP deny, then deleted by hand.
    // Its Bootstrap nested stack retained two buckets (one since deleted by hand) and a DynamoDB table.
    const attempt = t0 - 2 * DAY;
    const root = new StackLife(random, {
      name: PREFLIGHT_STACK,
      region,
      account,
      description: 'Panther v1.39.7',
      resources: [{logicalId: 'Bootstrap', type: STACK_TYPE, physicalId: ''}],
      parameters: {FirstUserEmail: 'secops@example.com'},
    });
    root.stack.roleArn = `arn:aws:iam::${account}:role/PantherDeploymentRole-${region}`;
    const boot = new StackLife(random, {
      name: `${PREFLIGHT_STACK}-Bootstrap-${random.upperAlnum(12)}`,
      region,
      account,
      parent: root.stack,
      logicalId: 'Bootstrap',
      description: 'Panther bootstrap',
      resources: [],
    });
    const processed = `${PREFLIGHT_STACK}-processeddata-${suffix()}`;
    const historical = `${PREFLIGHT_STACK}-historicaldata-${suffix()}`;
    const bootResources: ResourceSpec[] = [
      {logicalId: 'ProcessedDataBucket', type: 'AWS::S3::Bucket', physicalId: processed, retained: true},
      {logicalId: 'HistoricalDataBucket', type: 'AWS::S3::Bucket', physicalId: historical, retained: true},
      {logicalId: 'AnalysisTable', type: 'AWS::DynamoDB::Table', physicalId: 'panther-analysis', retained: true},
      {logicalId: 'AlertsQueue', type: 'AWS::SQS::Queue', physicalId: `https://sqs.${region}.amazonaws.com/${account}/panther-alerts`},
    ];
    const auditBucket = `panther-auditlogs-${account}-${region}`;
    const scpReason =
      `Resource handler returned message: "User: ${deployer.arn} is not authorized to perform: s3:PutEncryptionConfiguration ` +
      `on resource: \\"arn:aws:s3:::${auditBucket}\\" with an explicit deny in a service control policy: ${PREFLIGHT_SCP_ARN} ` +
      `(Service: S3, Status Code: 403, Request ID: ${random.upperAlnum(16)})" (RequestToken: ${random.uuid()}, HandlerErrorCode: AccessDenied)`;
    const rootCreate = root.op('CREATE_STACK', attempt);
    root.self(attempt, rootCreate, 'CREATE_IN_PROGRESS', 'User Initiated');
    root.event(attempt + 1000, rootCreate, 'Bootstrap', STACK_TYPE, '', 'CREATE_IN_PROGRESS');
    root.event(attempt + 2000, rootCreate, 'Bootstrap', STACK_TYPE, boot.stack.stackId, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
    const bootCreate = boot.op('CREATE_STACK', attempt + 2500);
    boot.self(attempt + 2500, bootCreate, 'CREATE_IN_PROGRESS', 'User Initiated');
    let t = attempt + 3000;
    for (const r of bootResources) {
      boot.event((t += 1000), bootCreate, r.logicalId, r.type, '', 'CREATE_IN_PROGRESS');
      boot.event((t += 4000), bootCreate, r.logicalId, r.type, r.physicalId, 'CREATE_COMPLETE');
    }
    boot.event((t += 1000), bootCreate, 'AuditLogsBucket', 'AWS::S3::Bucket', '', 'CREATE_IN_PROGRESS');
    boot.event((t += 3000), bootCreate, 'AuditLogsBucket', 'AWS::S3::Bucket', auditBucket, 'CREATE_FAILED', scpReason);
    const bootRollback = boot.op('ROLLBACK', t + 1000);
    boot.self(
      (t += 1000),
      bootRollback,
      'ROLLBACK_IN_PROGRESS',
      'The following resource(s) failed to create: [AuditLogsBucket]. Rollback requested by user.',
    );
    boot.event((t += 1000), bootRollback, 'AuditLogsBucket', 'AWS::S3::Bucket', auditBucket, 'DELETE_COMPLETE');
    t = boot.tearDown(t, bootRollback, bootResources);
    boot.self((t += 1000), bootRollback, 'ROLLBACK_COMPLETE');
    root.event(
      (t += 1000),
      rootCreate,
      'Bootstrap',
      STACK_TYPE,
      boot.stack.stackId,
      'CREATE_FAILED',
      `Embedded stack ${boot.stack.stackId} was not successfully created: The following resource(s) failed to create: [AuditLogsBucket]. `,
    );
    const rootRollback = root.op('ROLLBACK', t + 1000);
    root.self(
      (t += 1000),
      rootRollback,
      'ROLLBACK_IN_PROGRESS',
      'The following resource(s) failed to create: [Bootstrap]. Rollback requested by user.',
    );
    root.event((t += 1000), rootRollback, 'Bootstrap', STACK_TYPE, boot.stack.stackId, 'DELETE_IN_PROGRESS');
    const bootDelete = boot.op('DELETE_STACK', t + 500);
    boot.self(t + 500, bootDelete, 'DELETE_IN_PROGRESS', 'User Initiated');
    boot.self((t += 4000), bootDelete, 'DELETE_COMPLETE');
    root.event((t += 1000), rootRollback, 'Bootstrap', STACK_TYPE, boot.stack.stackId, 'DELETE_COMPLETE');
    root.self((t += 1000), rootRollback, 'ROLLBACK_COMPLETE');
    root.delete(t + 60 * MIN, []);
    stacks.push(root.stack, boot.stack);
    buckets.push({name: processed, createdAt: attempt + 8000, region});
    plant(`old-infrastructure.leftover:${processed}`, 'warn');
    plant('old-infrastructure.leftover:panther-analysis', 'warn');
    facts.leftoverGone = historical;

    // Legacy fixed-name roles: two in this region (reported), one of another region (not).
    roles.push(
      role(random, `PantherAuditRole-${region}`, '/', t0 - 500 * DAY),
      role(random, `PantherCloudFormationStackSetExecutionRole-${region}`, '/', t0 - 500 * DAY),
      role(random, 'PantherLogProcessingRole-us-west-2', '/', t0 - 500 * DAY),
    );
    plant(`old-infrastructure.role:PantherAuditRole-${region}`, 'fail');
    plant(`old-infrastructure.role:PantherCloudFormationStackSetExecutionRole-${region}`, 'fail');

    // Buckets retained by the old install.
    for (const kind of ['auditlogs', 'analysisversions']) {
      const name = `panther-bootstrap-${kind}-${suffix()}`;
      buckets.push({name, createdAt: t0 - 600 * DAY, region});
      plant(`old-infrastructure.bucket:${name}`, 'warn');
    }
    buckets.push({name: `panther-dev-processeddata-${suffix()}`, createdAt: t0 - 300 * DAY, region});

    // SCP denials in CloudTrail: the failed attempt's PutBucketEncryption, an engineer's a day later, a KMS
    // CreateKey (the older message, without the policy ARN). Decoys: bob's identity-policy deny, a boundary deny.
    const scpMessage = (who: Principal, action: string, resource: string) =>
      `User: ${who.arn} is not authorized to perform: ${action} on resource: "${resource}" with an explicit deny in a service control policy: ${PREFLIGHT_SCP_ARN}`;
    calls.push(
      {
        ...call(attempt + 9000, 's3.amazonaws.com', 'PutBucketEncryption', region, deployer, {bucketName: auditBucket}),
        viaCloudFormation: true,
        errorCode: 'AccessDenied',
        errorMessage: scpMessage(deployer, 's3:PutEncryptionConfiguration', `arn:aws:s3:::${auditBucket}`),
      },
      {
        ...call(t0 - DAY, 's3.amazonaws.com', 'PutBucketEncryption', region, engineer, {bucketName: 'example-corp-scratch'}),
        errorCode: 'AccessDenied',
        errorMessage: scpMessage(engineer, 's3:PutEncryptionConfiguration', 'arn:aws:s3:::example-corp-scratch'),
      },
      {
        ...call(t0 - 6 * DAY, 'kms.amazonaws.com', 'CreateKey', region, engineer, {description: 'scratch key'}),
        errorCode: 'AccessDeniedException',
        errorMessage: `User: ${engineer.arn} is not authorized to perform: kms:CreateKey with an explicit deny in a service control policy`,
      },
      {
        ...call(t0 - 3 * DAY, 's3.amazonaws.com', 'CreateBucket', region, bob, {bucketName: 'bob-scratch-data'}),
        errorCode: 'AccessDenied',
        errorMessage: `User: ${bob.arn} is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::bob-scratch-data" because no identity-based policy allows the s3:CreateBucket action`,
      },
      {
        ...call(t0 - 7 * DAY, 'dynamodb.amazonaws.com', 'CreateTable', region, datadog, {tableName: 'dd-state'}),
        errorCode: 'AccessDeniedException',
        errorMessage: `User: ${datadog.arn} is not authorized to perform: dynamodb:CreateTable on resource: arn:aws:dynamodb:${region}:${account}:table/dd-state with an explicit deny in a permissions boundary`,
      },
    );
    plant('organization.scp:s3:PutEncryptionConfiguration', 'fail');
    plant('organization.scp:kms:CreateKey', 'fail');
    plant('organization.membership', 'unknown');

    // The same SCP, as the deployment role's simulation reports it.
    simulation.push({
      principal: `PantherDeploymentRole-${region}`,
      action: 's3:PutEncryptionConfiguration',
      decision: 'explicitDeny',
      allowedByOrganizations: false,
    });
    plant('permissions.deployment-role', 'fail');
  }

  const trail = calls.map(c => makeRecord(c, account, random, opts.seed));
  facts.planted = planted;
  facts.stackName = PREFLIGHT_STACK;
  const world = finishWorld({
    scenario: opts.scenario,
    region,
    account,
    rootStackName: PREFLIGHT_STACK,
    rootStackId: stacks.find(s => s.name === PREFLIGHT_STACK)?.stackId ?? roleStack.stack.stackId,
    stacks,
    trail,
    caller: {arn: engineer.arn, userId: engineer.principalId},
    facts,
    iam: {roles, simulation},
    buckets,
    organization: opts.clean
      ? null
      : {id: 'o-abc123', featureSet: 'ALL', managementAccountId: '111111111111', managementAccountEmail: 'aws-root@example.com'},
    ...(opts.denied ? {denied: opts.denied} : {}),
  });
  return world;
}

/**
 * The deployment role's trust as Panther's role template writes it (the account root, with aws:SecureTransport,
 * and CloudFormation), plus a statement for another account (an IdentityAccountId): no MFA, nothing narrowing who.
 */
function broadTrust(account: string): Record<string, unknown> {
  const secure = {Bool: {'aws:SecureTransport': 'true'}};
  return {
    Version: '2012-10-17',
    Statement: [
      {Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${account}:root`}, Action: 'sts:AssumeRole', Condition: secure},
      {
        Sid: 'IdentityAccount',
        Effect: 'Allow',
        Principal: {AWS: `arn:aws:iam::${PREFLIGHT_IDENTITY_ACCOUNT}:root`},
        Action: 'sts:AssumeRole',
        Condition: secure,
      },
      {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole', Condition: secure},
    ],
  };
}

/** Narrowed to CloudFormation and the SSO administrators who deploy, with MFA. */
function narrowTrust(account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'},
      {
        Effect: 'Allow',
        Principal: {AWS: `arn:aws:iam::${account}:role${SSO_PATH}${SSO_ROLE}`},
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {Bool: {'aws:MultiFactorAuthPresent': 'true'}},
      },
    ],
  };
}

function role(random: Random, name: string, path: string, createdAt: number): WorldRole {
  return {name, path, roleId: `AROA${random.upperAlnum(17)}`, createdAt};
}

function call(
  time: number,
  eventSource: string,
  eventName: string,
  region: string,
  principal: Principal,
  requestParameters: Record<string, unknown>,
): TrailCall {
  return {time, eventSource, eventName, region, principal, requestParameters};
}

/**
 * The parameters files of the tests and of examples/: `bad` plants one problem of each kind (the check ids it
 * must produce are in PARAMS_BAD_EXPECTED), `good` passes every rule for the default version.
 */
export function preflightParams(kind: 'bad' | 'good'): {ParameterKey: string; ParameterValue: string}[] {
  const entries: Record<string, string> =
    kind === 'good'
      ? {
          FirstUserEmail: 'secops@example.com',
          CompanyDisplayName: 'Example Corp',
          PulumiSecretArn: `arn:aws:secretsmanager:${PREFLIGHT_REGION}:${PREFLIGHT_ACCOUNT}:secret:panther-pulumi-a1b2c3`,
          PulumiSecretKeyArn: `arn:aws:secretsmanager:${PREFLIGHT_REGION}:${PREFLIGHT_ACCOUNT}:secret:panther-pulumi-key-d4e5f6`,
          ApiCertificateArn: `arn:aws:acm:us-east-1:${PREFLIGHT_ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
          OnboardSelf: 'true',
          SentryEnvironment: 'prod',
          DataLakeForwarderMemory: '256',
        }
      : {
          FirstUserEmail: 'secops@example',
          CompanyDisplayName: 'Example Corp',
          PulumiSecretKeyArn: 'panther-pulumi-key',
          ApiCertificateArn: `arn:aws:acm:${PREFLIGHT_REGION}:${PREFLIGHT_ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
          OnbaordSelf: 'true',
          SentryEnvironment: '',
          SupportRoleIdentityAccountId: '',
          OpsRoleIdentityAccountId: '999988887777',
          CustomDomain: 'panther.example.com',
          EnableSnowflake: 'true',
          PipLibraries: '',
          DataLakeForwarderMemory: '4096',
          LogProcessorGzipLevel: '0',
          MaxLookupTableCompressedSizeMB: '500',
        };
  return Object.entries(entries).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue}));
}

/** The checks of `parameters` (one a parameter, in this order) that end with `status`. */
function parameterChecks(status: 'fail' | 'warn', parameters: readonly string[]): {id: string; status: string}[] {
  return parameters.map(parameter => ({id: `parameters.${parameter}`, status}));
}

/** The checks `preflightParams('bad')` must produce, with their status. */
export const PARAMS_BAD_EXPECTED: readonly {id: string; status: string}[] = [
  ...parameterChecks('fail', ['FirstUserEmail', 'PulumiSecretArn', 'PulumiSecretKeyArn', 'ApiCertificateArn', 'OnbaordSelf']),
  ...parameterChecks('warn', ['SentryEnvironment', 'SupportRoleIdentityAccountId', 'OpsRoleIdentityAccountId', 'CustomDomain', 'EnableSnowflake']),
  ...parameterChecks('fail', ['DataLakeForwarderMemory', 'LogProcessorGzipLevel', 'MaxLookupTableCompressedSizeMB']),
];
