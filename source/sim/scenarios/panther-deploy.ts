// The Panther first deploy: `rolled-back` (post-mortem), `first-deploy` (the same story played live) and `healthy`
// (completed, with the panther-pulumi CodeBuild project and no build after it).
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {creationCalls, makeRecord, noiseCalls, rolePrincipal, userPrincipal, type TrailCall} from '../trail.js';
import {configureAccount} from '../changesets.js';
import {finishWorld, type World} from '../world.js';
import {ALREADY_EXISTS, LIMIT, MIN, ROOT_CAUSE, pantherRootTree, type PantherFailures} from './panther-catalog.js';
import {PULUMI_PROJECT} from './upgrade.js';

export const PANTHER_VERSION = '1.28.7';
export const SCP_ARN = 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny4s3';

export interface PantherWorldOptions {
  scenario: string;
  seed: number;
  /** Epoch ms of the story start. */
  t0: number;
  failures: boolean;
  /** Panther's stateful resources carry DeletionPolicy Retain: the rollback leaves them (DELETE_SKIPPED). */
  retain?: boolean;
  region?: string;
  account?: string;
  rootStackName?: string;
}

export function pantherWorld(opts: PantherWorldOptions): World {
  const region = opts.region ?? 'us-east-2';
  const account = opts.account ?? '123456789012';
  const rootName = opts.rootStackName ?? 'panther-prod';
  const random = new Random(opts.seed);
  const deployRole = `PantherDeploymentRole-${region}`;
  const cfn = rolePrincipal(account, deployRole, 'AWSCloudFormation', random);
  const engineer = rolePrincipal(account, 'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a', 'engineer@example.com', random);

  const bucket = `panther-auditlogs-${account}-${region}`;
  const failures = opts.failures ? rolledBackFailures(random, region, account, cfn.arn) : null;

  const tree = pantherRootTree({
    region,
    account,
    failures,
    rootName,
    version: PANTHER_VERSION,
    random,
    roleName: deployRole,
    versionParameter: true,
    retain: opts.retain,
  });
  const engine = new StoryEngine(opts.seed, random, opts.t0);
  const story = engine.createRoot(tree.plan);
  attachStory(tree.stacks, story);

  // CloudTrail: the engineer's CreateStack, CloudFormation's calls, the failures' calls, noise.
  const root = tree.stacks[0];
  const byLogical = (id: string) => tree.stacks.find(s => s.logicalId === id)!;
  const calls: TrailCall[] = [
    {
      time: opts.t0 - 1200,
      eventSource: 'cloudformation.amazonaws.com',
      eventName: 'CreateStack',
      region,
      principal: engineer,
      requestParameters: {stackName: rootName, templateURL: `https://panther-enterprise-${region}.s3.amazonaws.com/v${PANTHER_VERSION}/panther.yml`},
      resources: [{ResourceType: 'AWS::CloudFormation::Stack', ResourceName: root.stackId}],
      userAgent: 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 command/cloudformation.create-stack',
    },
  ];
  const facts: Record<string, unknown> = {};
  const failedPhysical = new Set<string>();
  if (failures) {
    const rcStack = byLogical(ROOT_CAUSE.stack);
    const aeStack = byLogical(ALREADY_EXISTS.stack);
    const limStack = byLogical(LIMIT.stack);
    const t = opts.t0;
    failedPhysical.add(`PantherAuditRole-${region}`);
    calls.push(
      {
        time: t + failures.rootCauseAt - 2600,
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        region,
        principal: cfn,
        viaCloudFormation: true,
        errorCode: 'AccessDenied',
        errorMessage:
          `User: ${cfn.arn} is not authorized to perform: s3:PutEncryptionConfiguration on resource: "arn:aws:s3:::${bucket}" ` +
          `with an explicit deny in a service control policy: ${SCP_ARN}`,
        requestParameters: {
          bucketName: bucket,
          Host: `${bucket}.s3.${region}.amazonaws.com`,
          encryption: '',
          ServerSideEncryptionConfiguration: {Rule: {ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true}},
        },
        resources: [{ResourceType: 'AWS::S3::Bucket', ResourceName: bucket}],
      },
      {
        time: t + failures.alreadyExistsAt - 1400,
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        region: 'us-east-1',
        principal: cfn,
        viaCloudFormation: true,
        errorCode: 'EntityAlreadyExistsException',
        errorMessage: `Role with name PantherAuditRole-${region} already exists.`,
        requestParameters: {roleName: `PantherAuditRole-${region}`},
        resources: [{ResourceType: 'AWS::IAM::Role', ResourceName: `PantherAuditRole-${region}`}],
      },
      {
        time: t + failures.limitAt - 1100,
        eventSource: 'lambda.amazonaws.com',
        eventName: 'PutFunctionConcurrency20171031',
        region,
        principal: cfn,
        viaCloudFormation: true,
        errorCode: 'InvalidParameterValueException',
        errorMessage:
          "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].",
        requestParameters: {functionName: 'panther-alert-delivery', reservedConcurrentExecutions: 50},
        resources: [{ResourceType: 'AWS::Lambda::Function', ResourceName: 'panther-alert-delivery'}],
      },
    );
    facts.rootCause = {
      stackName: rcStack.name,
      stackId: rcStack.stackId,
      parentLogicalId: 'Onboard',
      logicalResourceId: ROOT_CAUSE.resource,
      resourceType: 'AWS::S3::Bucket',
      physicalResourceId: bucket,
      reason: failures.rootCauseReason,
      policyArn: SCP_ARN,
    };
    facts.otherFailures = [
      {stackName: aeStack.name, logicalResourceId: ALREADY_EXISTS.resource, reason: failures.alreadyExistsReason},
      {stackName: limStack.name, logicalResourceId: LIMIT.resource, reason: failures.limitReason},
    ];
  }
  const stackCalls = creationCalls(tree.stacks, region, cfn).filter(c => !c.resources?.some(r => failedPhysical.has(r.ResourceName)));
  calls.push(...stackCalls);
  // An unrelated denial hours earlier, by someone else, on the same service.
  const bob = userPrincipal(account, 'bob', random);
  calls.push({
    time: opts.t0 - 3 * 60 * MIN - 17 * MIN,
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    region,
    principal: bob,
    errorCode: 'AccessDenied',
    errorMessage:
      `User: ${bob.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::bob-scratch-data" ` +
      'because no identity-based policy allows the s3:PutBucketPolicy action',
    requestParameters: {bucketName: 'bob-scratch-data', policy: ''},
    resources: [{ResourceType: 'AWS::S3::Bucket', ResourceName: 'bob-scratch-data'}],
  });
  const others = [userPrincipal(account, 'alice', random), bob, engineer, rolePrincipal(account, 'DatadogIntegrationRole', 'datadog', random)];
  calls.push(...noiseCalls(opts.t0 - 5 * 60 * MIN, story.endAt + 10 * MIN, region, others, random));
  const trail = calls.map(c => makeRecord(c, account, random, opts.seed));

  facts.operationOutcome = story.outcome;
  const world = finishWorld({
    scenario: opts.scenario,
    region,
    account,
    rootStackName: rootName,
    rootStackId: root.stackId,
    stacks: tree.stacks,
    trail,
    caller: {arn: engineer.arn, userId: engineer.principalId},
    facts,
  });
  // A create of 1.22+ that completed makes the panther-pulumi CodeBuild project; no build has run since (the deploy
  // is not finished: the console offers it). A failed create makes none.
  if (!failures) configureAccount(world, {projects: [PULUMI_PROJECT]});
  return world;
}

/**
 * The rolled-back story's failures (offsets from the create's start): an SCP-denied bucket (the root cause), a role
 * left by an older install, a Lambda concurrency limit. `deployer` is the principal CloudFormation acts as.
 */
export function rolledBackFailures(random: Random, region: string, account: string, deployer: string): PantherFailures {
  const bucket = `panther-auditlogs-${account}-${region}`;
  const f1 = 19 * MIN + 23_000;
  return {
    rootCauseAt: f1,
    rootCauseBucket: bucket,
    rootCauseReason:
      `Resource handler returned message: "User: ${deployer} is not authorized to perform: s3:PutEncryptionConfiguration ` +
      `on resource: \\"arn:aws:s3:::${bucket}\\" with an explicit deny in a service control policy: ${SCP_ARN} ` +
      `(Service: S3, Status Code: 403, Request ID: ${random.upperAlnum(16)})" (RequestToken: ${random.uuid()}, HandlerErrorCode: AccessDenied)`,
    alreadyExistsAt: f1 + 47_000,
    alreadyExistsReason:
      `Resource handler returned message: "Role with name PantherAuditRole-${region} already exists. ` +
      `(Service: Iam, Status Code: 409, Request ID: ${random.uuid()})" (RequestToken: ${random.uuid()}, HandlerErrorCode: AlreadyExists)`,
    limitAt: f1 + 2 * MIN + 31_000,
    limitReason:
      `Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account's ` +
      `UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: ${random.uuid()})" ` +
      `(RequestToken: ${random.uuid()}, HandlerErrorCode: ServiceLimitExceeded)`,
  };
}
