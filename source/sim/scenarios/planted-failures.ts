// A Panther-shaped first deploy in which each of many nested stacks fails with a reason given by the caller, all
// within the same second, so every one is a real failure of the operation (one root cause, the rest OTHER FAILURES).
// The diagnosis corpus is planted this way and read back through the AWS SDK, as a user's account would be.
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {finishWorld, type World} from '../world.js';
import {Blueprint} from './blueprint.js';
import {buildTree} from './build.js';

export interface PlantedFailure {
  /** Names the nested stack the failure is planted in (letters, digits and dashes). */
  key: string;
  resourceType: string;
  /** The event's status: CREATE_FAILED, UPDATE_FAILED, DELETE_FAILED...; a stack's own status for a stack's reason. */
  status: string;
  reason: string;
  logicalResourceId?: string;
  physicalResourceId?: string;
  /** A custom resource's Lambda function (its name), created beside it in the same nested stack. */
  serviceFunction?: string;
}

export interface PlantedWorldOptions {
  failures: readonly PlantedFailure[];
  t0: number;
  seed?: number;
  scenario?: string;
  region?: string;
  account?: string;
  rootStackName?: string;
}

/** Where each failure ended up: the nested stack and logical ID to find it by. */
export interface PlantedPlace {
  key: string;
  stackName: string;
  stackId: string;
  logicalResourceId: string;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const FAIL_AT_MS = 60_000;

/** A stack's own reason (a stack type with a status that is not a resource's failure) goes on its rollback event. */
const isStackReason = (f: PlantedFailure) => f.resourceType === STACK_TYPE && !f.status.endsWith('_FAILED');

export function plantedFailuresWorld(opts: PlantedWorldOptions): World {
  const seed = opts.seed ?? 7;
  const region = opts.region ?? 'us-east-2';
  const account = opts.account ?? '123456789012';
  const random = new Random(seed);
  const root = new Blueprint();
  const logicalOf = (f: PlantedFailure) => f.logicalResourceId || 'FailedResource';
  opts.failures.forEach((f, i) => {
    const child = new Blueprint();
    if (f.serviceFunction) child.add('ServiceFunction', 'AWS::Lambda::Function', [], {createMs: 1000, deleteMs: 1500, physicalId: f.serviceFunction});
    // Every failure lands within a second of the others, before the first one's rollback can reach the root and
    // cancel the rest; a stack's own reason is planted on its rollback, with the resource cancelled under it.
    child.add(logicalOf(f), f.resourceType, f.serviceFunction ? ['ServiceFunction'] : [], {
      createMs: 1000,
      deleteMs: 1500,
      fail: {at: FAIL_AT_MS, reason: isStackReason(f) ? 'Resource creation cancelled' : f.reason},
      physicalId: f.physicalResourceId ?? '',
    });
    root.stack(child.build(`Planted${i}`, `planted-${f.key}`, `Planted failure ${f.key}`));
  });
  const tree = buildTree(
    root.build('Root', 'panther', 'Planted failures'),
    opts.rootStackName ?? 'panther-planted',
    {
      region,
      account,
      random,
      tags: {Application: 'Panther'},
      templateBase: `https://panther-enterprise-${region}.s3.amazonaws.com/v1.28.7`,
      roleArn: null,
    },
    {},
  );
  const story = new StoryEngine(seed, random, opts.t0).createRoot(tree.plan);
  attachStory(tree.stacks, story);

  const places: PlantedPlace[] = [];
  opts.failures.forEach((f, i) => {
    const stack = tree.stacks.find(s => s.logicalId === `Planted${i}` && s.parentId === tree.stacks[0]!.stackId)!;
    const logical = logicalOf(f);
    if (isStackReason(f)) {
      const rollback = stack.events.find(e => e.logicalId === stack.name && e.status === 'ROLLBACK_IN_PROGRESS');
      if (rollback) rollback.reason = f.reason;
    } else {
      const failed = stack.events.find(e => e.logicalId === logical && e.status === 'CREATE_FAILED');
      if (failed) {
        // The story plays a create; the event keeps the status the failure was seen with.
        failed.status = f.status;
        failed.physicalId = f.physicalResourceId ?? '';
      }
    }
    places.push({key: f.key, stackName: stack.name, stackId: stack.stackId, logicalResourceId: isStackReason(f) ? stack.name : logical});
  });

  const rootStack = tree.stacks[0]!;
  return finishWorld({
    scenario: opts.scenario ?? 'planted-failures',
    region,
    account,
    rootStackName: rootStack.name,
    rootStackId: rootStack.stackId,
    stacks: tree.stacks,
    trail: [],
    caller: {arn: `arn:aws:iam::${account}:user/corpus`, userId: 'AIDACORPUSUSER0000000'},
    facts: {planted: places},
  });
}
