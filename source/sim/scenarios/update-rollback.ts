// `update-rollback`: a root with history. Created fine; an older update failed in Core and rolled back; a later update
// succeeded; the latest update failed in Web and rolled back. Tests operation scoping: only the latest is to blame.
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {finishWorld, STACK_TYPE, stackLevelEvent, type World, type WorldEvent, type WorldOperation, type WorldStack} from '../world.js';
import {Blueprint} from './blueprint.js';
import {buildTree} from './build.js';

const DAY = 24 * 60 * 60_000;

class Writer {
  constructor(private readonly random: Random) {}
  stackEvent(stack: WorldStack, status: string, reason: string, time: number, op: WorldOperation): void {
    stack.events.push(stackLevelEvent(stack, this.random.uuid(), status, reason, time, op.id));
  }
  resource(
    stack: WorldStack,
    logicalId: string,
    type: string,
    physicalId: string,
    status: string,
    reason: string,
    time: number,
    op: WorldOperation,
  ): void {
    const e: WorldEvent = {
      eventId: `${logicalId}-${status}-${new Date(time).toISOString()}`,
      stackId: stack.stackId,
      stackName: stack.name,
      logicalId,
      physicalId,
      resourceType: type,
      status,
      reason,
      time,
      operationId: op.id,
    };
    stack.events.push(e);
  }
  op(stack: WorldStack, type: string, start: number): WorldOperation {
    const op = {id: this.random.uuid(), type, stackId: stack.stackId, start};
    stack.operations.push(op);
    return op;
  }
}

export function updateRollbackWorld(opts: {seed: number; t0: number; scenario?: string}): World {
  const region = 'us-east-2';
  const account = '123456789012';
  const random = new Random(opts.seed);
  const core = new Blueprint();
  for (const f of ['AlertsApi', 'AnalysisApi', 'UsersApi', 'OutputsApi']) core.lambda(f);
  core.table('Alerts');
  const web = new Blueprint();
  web.add('WebCluster', 'AWS::ECS::Cluster');
  web.add('WebTaskDefinition', 'AWS::ECS::TaskDefinition');
  web.add('WebService', 'AWS::ECS::Service', ['WebCluster', 'WebTaskDefinition'], {createMs: 4 * 60_000});
  const root = new Blueprint();
  root.stack(core.build('Core', 'panther-core', 'Panther core APIs'));
  root.stack(web.build('Web', 'panther-web', 'Panther web application'), ['Core']);
  const tree = buildTree(
    root.build('', 'panther', 'Panther v1.28.7'),
    'panther-staging',
    {
      region,
      account,
      random,
      tags: {Application: 'Panther', PantherVersion: '1.28.7'},
      templateBase: `https://panther-enterprise-${region}.s3.amazonaws.com/v1.28.7`,
      roleArn: `arn:aws:iam::${account}:role/PantherDeploymentRole-${region}`,
    },
    {PantherVersion: '1.28.7', FirstUserEmail: 'secops@example.com'},
  );
  attachStory(tree.stacks, new StoryEngine(opts.seed, random, opts.t0).createRoot(tree.plan));

  const [rootStack, coreStack, webStack] = tree.stacks;
  const w = new Writer(random);
  const fnArn = 'panther-users-api';
  const webService = tree.plan.resources[1].child!.resources.find(r => r.logicalId === 'WebService')!.physicalId;

  // An update in which a nested resource fails, both stacks roll back.
  const failedUpdate = (at: number, child: WorldStack, logical: string, type: string, physical: string, reason: string) => {
    const rootOp = w.op(rootStack, 'UPDATE_STACK', at);
    w.stackEvent(rootStack, 'UPDATE_IN_PROGRESS', 'User Initiated', at, rootOp);
    const childLogical = child.logicalId;
    w.resource(rootStack, childLogical, STACK_TYPE, child.stackId, 'UPDATE_IN_PROGRESS', '', at + 2_000, rootOp);
    const childOp = w.op(child, 'UPDATE_STACK', at + 3_000);
    w.stackEvent(child, 'UPDATE_IN_PROGRESS', 'User Initiated', at + 3_000, childOp);
    w.resource(child, logical, type, physical, 'UPDATE_IN_PROGRESS', '', at + 5_000, childOp);
    w.resource(child, logical, type, physical, 'UPDATE_FAILED', reason, at + 65_000, childOp);
    const childRb = w.op(child, 'ROLLBACK', at + 67_000);
    const summary = `The following resource(s) failed to update: [${logical}]. `;
    w.stackEvent(child, 'UPDATE_ROLLBACK_IN_PROGRESS', summary, at + 67_000, childRb);
    w.resource(
      rootStack,
      childLogical,
      STACK_TYPE,
      child.stackId,
      'UPDATE_FAILED',
      `Embedded stack ${child.stackId} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: ${summary}`,
      at + 69_000,
      rootOp,
    );
    const rootRb = w.op(rootStack, 'ROLLBACK', at + 71_000);
    w.stackEvent(rootStack, 'UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to update: [${childLogical}]. `, at + 71_000, rootRb);
    w.resource(child, logical, type, physical, 'UPDATE_IN_PROGRESS', '', at + 72_000, childRb);
    w.resource(child, logical, type, physical, 'UPDATE_COMPLETE', '', at + 95_000, childRb);
    w.stackEvent(child, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', at + 97_000, childRb);
    w.stackEvent(child, 'UPDATE_ROLLBACK_COMPLETE', '', at + 99_000, childRb);
    w.resource(rootStack, childLogical, STACK_TYPE, child.stackId, 'UPDATE_COMPLETE', '', at + 101_000, rootRb);
    w.stackEvent(rootStack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', '', at + 103_000, rootRb);
    w.stackEvent(rootStack, 'UPDATE_ROLLBACK_COMPLETE', '', at + 105_000, rootRb);
  };

  const t1 = opts.t0 + DAY;
  failedUpdate(
    t1,
    coreStack,
    'UsersApiFunction',
    'AWS::Lambda::Function',
    fnArn,
    'Resource handler returned message: "Value 20480 at \'memorySize\' failed to satisfy constraint: Member must have value less than or equal to 10240 (Service: Lambda, Status Code: 400, Request ID: 2f0c1d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f)" (RequestToken: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d, HandlerErrorCode: InvalidRequest)',
  );

  // A successful update the next day.
  const t2 = opts.t0 + 2 * DAY;
  const okOp = w.op(rootStack, 'UPDATE_STACK', t2);
  w.stackEvent(rootStack, 'UPDATE_IN_PROGRESS', 'User Initiated', t2, okOp);
  w.resource(rootStack, 'Core', STACK_TYPE, coreStack.stackId, 'UPDATE_IN_PROGRESS', '', t2 + 2_000, okOp);
  const coreOk = w.op(coreStack, 'UPDATE_STACK', t2 + 3_000);
  w.stackEvent(coreStack, 'UPDATE_IN_PROGRESS', 'User Initiated', t2 + 3_000, coreOk);
  w.resource(coreStack, 'UsersApiFunction', 'AWS::Lambda::Function', fnArn, 'UPDATE_IN_PROGRESS', '', t2 + 5_000, coreOk);
  w.resource(coreStack, 'UsersApiFunction', 'AWS::Lambda::Function', fnArn, 'UPDATE_COMPLETE', '', t2 + 25_000, coreOk);
  w.stackEvent(coreStack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '', t2 + 27_000, coreOk);
  w.stackEvent(coreStack, 'UPDATE_COMPLETE', '', t2 + 29_000, coreOk);
  w.resource(rootStack, 'Core', STACK_TYPE, coreStack.stackId, 'UPDATE_COMPLETE', '', t2 + 31_000, okOp);
  w.stackEvent(rootStack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '', t2 + 33_000, okOp);
  w.stackEvent(rootStack, 'UPDATE_COMPLETE', '', t2 + 35_000, okOp);

  // The latest update: the web service fails to stabilise.
  const t3 = opts.t0 + 3 * DAY;
  const latestReason =
    'Resource handler returned message: "Error occurred during operation \'ECS Deployment Circuit Breaker was triggered\'." (RequestToken: 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a, HandlerErrorCode: GeneralServiceException)';
  failedUpdate(t3, webStack, 'WebService', 'AWS::ECS::Service', webService, latestReason);

  const rootFinal = rootStack;
  return finishWorld({
    scenario: opts.scenario ?? 'update-rollback',
    region,
    account,
    rootStackName: rootFinal.name,
    rootStackId: rootFinal.stackId,
    stacks: tree.stacks,
    trail: [],
    caller: {arn: `arn:aws:iam::${account}:user/engineer`, userId: 'AIDAENGINEER000000000'},
    facts: {
      rootCause: {stackName: webStack.name, stackId: webStack.stackId, logicalResourceId: 'WebService', reason: latestReason},
      olderFailure: {stackName: coreStack.name, logicalResourceId: 'UsersApiFunction'},
    },
  });
}
