// `deployments`: two accounts and two regions, for `deployments` (every Panther root in profiles x regions). The
// access key a request is signed with picks the account (world.accounts), its SigV4 region the region:
// - 123456789012 (AKIDPROD): `panther-prod` 1.28.7 in us-east-2 (created 40 days before "now", updated 4 days
//   before: UPDATE_COMPLETE) beside the `panther-deployment-role` stack, `CDKToolkit` and `panther-analysis-ci` (a
//   stack named panther-* with a nested stack of its own that is not Panther's); `panther-eu` 1.31.1 in eu-west-1,
//   whose template description does not name Panther (recognised by its nested stacks).
// - 222222222222 (AKIDSTAGE): `panther-staging` 1.24.3 in us-east-2, whose update 2 days before "now" failed in Core
//   and rolled back (UPDATE_ROLLBACK_COMPLETE); `panther-sandbox` in eu-west-1, deployed from a mirror of Panther's
//   templates: its template names no version, its PantherVersion tags say 1.27.8.
// - AKIDEXPIRED: a key whose session token has expired (every call ExpiredToken). Any other key is 123456789012.
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {finishWorld, STACK_TYPE, stackLevelEvent, type World, type WorldEvent, type WorldOperation, type WorldStack} from '../world.js';
import {Blueprint} from './blueprint.js';
import {buildTree, type BuiltTree} from './build.js';
import {MIN, pantherRootTree} from './panther-catalog.js';

const DAY = 24 * 60 * MIN;

export const DEPLOYMENTS_ACCOUNTS = {prod: '123456789012', staging: '222222222222', expired: '333333333333'} as const;
export const DEPLOYMENTS_KEYS = {prod: 'AKIDPROD', staging: 'AKIDSTAGE', expired: 'AKIDEXPIRED'} as const;

export interface DeploymentsWorldOptions {
  scenario?: string;
  seed: number;
  /** Epoch ms of "now" in the story: everything happened before it. */
  t0: number;
}

export function deploymentsWorld(opts: DeploymentsWorldOptions): World {
  const random = new Random(opts.seed);
  const engine = new StoryEngine(opts.seed, random, opts.t0);
  const {prod, staging} = DEPLOYMENTS_ACCOUNTS;
  const stacks: WorldStack[] = [];
  const created = (tree: BuiltTree, offset: number): WorldStack => {
    attachStory(tree.stacks, engine.createRoot(tree.plan, offset));
    stacks.push(...tree.stacks);
    return tree.stacks[0]!;
  };
  const panther = (account: string, region: string, rootName: string, version: string, templateBase?: string) => {
    const tree = pantherRootTree({
      region,
      account,
      failures: null,
      rootName,
      version,
      random,
      roleName: `PantherDeploymentRole-${region}`,
    });
    if (templateBase) {
      // Deployed from a mirror: the nested templates' URLs name the mirror, and the root template names no version.
      for (const stack of tree.stacks) {
        for (const resource of Object.values(stack.template.Resources)) {
          const props = resource.Properties as {TemplateURL?: string} | undefined;
          if (props?.TemplateURL) props.TemplateURL = props.TemplateURL.replace(/^https:\/\/[^/]+\/v[\d.]+/, templateBase);
        }
      }
    }
    return tree;
  };

  // 123456789012, us-east-2: the deployment role stack first, then Panther, and two stacks that are not Panther.
  const role = new Blueprint();
  role.add('PantherDeploymentRole', 'AWS::IAM::Role', [], {physicalId: 'PantherDeploymentRole-us-east-2'});
  created(
    buildTree(
      role.build('', 'panther-deployment-role', 'PantherDeploymentRole v1.28.7: the IAM role CloudFormation assumes to deploy Panther'),
      'panther-deployment-role',
      {region: 'us-east-2', account: prod, random, tags: {}, templateBase: '', roleArn: null},
      {},
    ),
    -40 * DAY - 30 * MIN,
  );
  const prodRoot = created(panther(prod, 'us-east-2', 'panther-prod', '1.28.7'), -40 * DAY);
  const cdk = new Blueprint();
  cdk.add('StagingBucket', 'AWS::S3::Bucket', [], {physicalId: `cdk-hnb659fds-assets-${prod}-us-east-2`});
  created(
    buildTree(
      cdk.build('', 'cdk-toolkit', 'This stack includes resources needed to deploy AWS CDK apps into this environment'),
      'CDKToolkit',
      {region: 'us-east-2', account: prod, random, tags: {}, templateBase: '', roleArn: null},
      {},
    ),
    -200 * DAY,
  );
  const pipeline = new Blueprint();
  pipeline.add('Project', 'AWS::CodeBuild::Project');
  const ci = new Blueprint();
  ci.add('ArtifactsBucket', 'AWS::S3::Bucket');
  ci.stack(pipeline.build('Pipeline', 'pipeline', 'Builds and uploads the detections'));
  created(
    buildTree(
      ci.build('', 'panther-analysis-ci', 'CI for the panther-analysis detections repository'),
      'panther-analysis-ci',
      {region: 'us-east-2', account: prod, random, tags: {}, templateBase: '', roleArn: null},
      {},
    ),
    -20 * DAY,
  );

  // 123456789012, eu-west-1: Panther under a description of the team's own.
  const euRoot = created(panther(prod, 'eu-west-1', 'panther-eu', '1.31.1'), -10 * DAY);
  euRoot.template.Description = 'Security data lake (EU)';
  euRoot.description = euRoot.template.Description;

  // 222222222222: staging in us-east-2, a sandbox from mirrored templates in eu-west-1.
  const stagingTree = panther(staging, 'us-east-2', 'panther-staging', '1.24.3');
  const stagingRoot = created(stagingTree, -60 * DAY);
  const sandboxTree = panther(staging, 'eu-west-1', 'panther-sandbox', '1.27.8', 'https://acme-panther-mirror.s3.amazonaws.com/panther/1.27.8');
  const sandboxRoot = created(sandboxTree, -30 * DAY);
  sandboxRoot.template.Description = 'Panther (templates mirrored by the platform team)';
  sandboxRoot.description = sandboxRoot.template.Description;

  // The updates since: prod's succeeded 4 days ago; staging's failed in Core 2 days ago and rolled back.
  const w = new UpdateWriter(random);
  const core = (root: WorldStack) => stacks.find(s => s.parentId === root.stackId && s.logicalId === 'Core')!;
  w.update(prodRoot, core(prodRoot), opts.t0 - 4 * DAY, null);
  const limitReason =
    'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s ' +
    'UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: ' +
    `${random.uuid()})" (RequestToken: ${random.uuid()}, HandlerErrorCode: ServiceLimitExceeded)`;
  w.update(stagingRoot, core(stagingRoot), opts.t0 - 2 * DAY, {
    logicalId: 'AlertDeliveryFunction',
    type: 'AWS::Lambda::Function',
    reason: limitReason,
  });

  return {
    ...finishWorld({
      scenario: opts.scenario ?? 'deployments',
      region: 'us-east-2',
      account: prod,
      rootStackName: prodRoot.name,
      rootStackId: prodRoot.stackId,
      stacks,
      trail: [],
      caller: {
        arn: `arn:aws:sts::${prod}:assumed-role/AWSReservedSSO_ReadOnlyAccess_5e2d1c0b9a8f7e6d/engineer@example.com`,
        userId: 'AROAENGINEER:engineer@example.com',
      },
      facts: {
        deployments: [
          {account: prod, region: 'us-east-2', stackName: 'panther-prod', stackId: prodRoot.stackId, version: '1.28.7', status: 'UPDATE_COMPLETE'},
          {account: prod, region: 'eu-west-1', stackName: 'panther-eu', stackId: euRoot.stackId, version: '1.31.1', status: 'CREATE_COMPLETE'},
          {
            account: staging,
            region: 'us-east-2',
            stackName: 'panther-staging',
            stackId: stagingRoot.stackId,
            version: '1.24.3',
            status: 'UPDATE_ROLLBACK_COMPLETE',
          },
          {
            account: staging,
            region: 'eu-west-1',
            stackName: 'panther-sandbox',
            stackId: sandboxRoot.stackId,
            version: '1.27.8',
            status: 'CREATE_COMPLETE',
          },
        ],
        notPanther: ['panther-deployment-role', 'CDKToolkit', 'panther-analysis-ci'],
      },
    }),
    accounts: {
      [DEPLOYMENTS_KEYS.prod]: {account: prod},
      [DEPLOYMENTS_KEYS.staging]: {
        account: staging,
        caller: {
          arn: `arn:aws:sts::${staging}:assumed-role/AWSReservedSSO_ReadOnlyAccess_5e2d1c0b9a8f7e6d/engineer@example.com`,
          userId: 'AROASTAGING:engineer@example.com',
        },
      },
      [DEPLOYMENTS_KEYS.expired]: {account: DEPLOYMENTS_ACCOUNTS.expired, expired: true},
    },
  };
}

/** A root's update through one nested stack: complete, or failed in one resource and rolled back. */
class UpdateWriter {
  constructor(private readonly random: Random) {}

  update(root: WorldStack, child: WorldStack, at: number, failure: {logicalId: string; type: string; reason: string} | null): void {
    const rootOp = this.op(root, 'UPDATE_STACK', at);
    this.self(root, 'UPDATE_IN_PROGRESS', 'User Initiated', at, rootOp);
    this.resource(root, child.logicalId, child.stackId, 'UPDATE_IN_PROGRESS', '', at + 2_000, rootOp);
    const childOp = this.op(child, 'UPDATE_STACK', at + 3_000);
    this.self(child, 'UPDATE_IN_PROGRESS', '', at + 3_000, childOp);
    if (!failure) {
      this.self(child, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '', at + 60_000, childOp);
      this.self(child, 'UPDATE_COMPLETE', '', at + 62_000, childOp);
      this.resource(root, child.logicalId, child.stackId, 'UPDATE_COMPLETE', '', at + 64_000, rootOp);
      this.self(root, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '', at + 66_000, rootOp);
      this.self(root, 'UPDATE_COMPLETE', '', at + 68_000, rootOp);
      return;
    }
    const physical = `${child.name}-${failure.logicalId}`;
    const event = (
      stack: WorldStack,
      logicalId: string,
      type: string,
      physicalId: string,
      status: string,
      reason: string,
      time: number,
      op: WorldOperation,
    ) =>
      stack.events.push({
        eventId: `${logicalId}-${status}-${time}`,
        stackId: stack.stackId,
        stackName: stack.name,
        logicalId,
        physicalId,
        resourceType: type,
        status,
        reason,
        time,
        operationId: op.id,
      } satisfies WorldEvent);
    event(child, failure.logicalId, failure.type, physical, 'UPDATE_IN_PROGRESS', '', at + 5_000, childOp);
    event(child, failure.logicalId, failure.type, physical, 'UPDATE_FAILED', failure.reason, at + 40_000, childOp);
    const summary = `The following resource(s) failed to update: [${failure.logicalId}]. `;
    const childRollback = this.op(child, 'ROLLBACK', at + 42_000);
    this.self(child, 'UPDATE_ROLLBACK_IN_PROGRESS', summary, at + 42_000, childRollback);
    this.resource(
      root,
      child.logicalId,
      child.stackId,
      'UPDATE_FAILED',
      `Embedded stack ${child.stackId} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: ${summary}`,
      at + 44_000,
      rootOp,
    );
    const rootRollback = this.op(root, 'ROLLBACK', at + 46_000);
    this.self(root, 'UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to update: [${child.logicalId}]. `, at + 46_000, rootRollback);
    event(child, failure.logicalId, failure.type, physical, 'UPDATE_COMPLETE', '', at + 70_000, childRollback);
    this.self(child, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', at + 72_000, childRollback);
    this.self(child, 'UPDATE_ROLLBACK_COMPLETE', '', at + 74_000, childRollback);
    this.resource(root, child.logicalId, child.stackId, 'UPDATE_COMPLETE', '', at + 76_000, rootRollback);
    this.self(root, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', at + 78_000, rootRollback);
    this.self(root, 'UPDATE_ROLLBACK_COMPLETE', '', at + 80_000, rootRollback);
  }

  private op(stack: WorldStack, type: string, start: number): WorldOperation {
    const op = {id: this.random.uuid(), type, stackId: stack.stackId, start};
    stack.operations.push(op);
    return op;
  }

  private self(stack: WorldStack, status: string, reason: string, time: number, op: WorldOperation): void {
    stack.events.push(stackLevelEvent(stack, this.random.uuid(), status, reason, time, op.id));
  }

  /** The parent's event for a nested stack resource (its physical id is the child's ARN). */
  private resource(stack: WorldStack, logicalId: string, childId: string, status: string, reason: string, time: number, op: WorldOperation): void {
    stack.events.push({
      eventId: `${logicalId}-${status}-${time}`,
      stackId: stack.stackId,
      stackName: stack.name,
      logicalId,
      physicalId: childId,
      resourceType: STACK_TYPE,
      status,
      reason,
      time,
      operationId: op.id,
    });
  }
}
