// `large`: a generated tree (by default 36 stacks on 3 levels, ~600 events a stack) with one deep failure and the
// same story as rolled-back: the failure, cancellations, rollback, deletions. The benchmark uses it, and `huge`
// (HUGE_OPTIONS: the same story five times the size) for what the console costs at the far end.
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {creationCalls, makeRecord, noiseCalls, rolePrincipal, userPrincipal} from '../trail.js';
import {finishWorld, type World} from '../world.js';
import {Blueprint, type ResourceSpec, type StackBlueprint} from './blueprint.js';
import {buildTree} from './build.js';

export interface LargeOptions {
  /** Stacks in the tree, root included (default 36). */
  stacks?: number;
  /** Levels, root included (default 3). */
  depth?: number;
  /** Events per stack, roughly (default 600). */
  eventsPerStack?: number;
  seed?: number;
}

/** `huge`: 64 stacks (63 nested) on 4 levels, ~104,000 events. */
export const HUGE_OPTIONS: Readonly<LargeOptions> = {stacks: 64, depth: 4, eventsPerStack: 1600};

const WORDS = [
  'Ingest',
  'Alerts',
  'Enrich',
  'Router',
  'Parser',
  'Archive',
  'Metrics',
  'Audit',
  'Search',
  'Notify',
  'Scheduler',
  'Exporter',
  'Normalizer',
  'Dedup',
  'Catalog',
  'Lookup',
  'Detect',
  'Triage',
  'Replay',
  'Snapshot',
];

interface Failure {
  path: number[];
  spec: Partial<ResourceSpec>;
}

/** Level sizes below the root: geometric, summing to stacks - 1. */
function levelSizes(stacks: number, depth: number): number[] {
  const below = Math.max(0, stacks - 1);
  const levels = Math.max(1, depth - 1);
  if (below === 0) return [];
  let lo = 1;
  let hi = below;
  for (let i = 0; i < 60; i++) {
    const r = (lo + hi) / 2;
    let sum = 0;
    for (let k = 1; k <= levels; k++) sum += r ** k;
    if (sum > below) hi = r;
    else lo = r;
  }
  const sizes: number[] = [];
  let used = 0;
  for (let k = 1; k <= levels; k++) {
    const size = k === levels ? below - used : Math.max(1, Math.min(below - used - (levels - k), Math.round(lo ** k)));
    sizes.push(size);
    used += size;
  }
  return sizes.filter(s => s > 0);
}

interface Node {
  path: number[];
  children: Node[];
}

function shape(stacks: number, depth: number): Node {
  const root: Node = {path: [], children: []};
  let previous = [root];
  for (const size of levelSizes(stacks, depth)) {
    const level: Node[] = [];
    for (let i = 0; i < size; i++) {
      const parent = previous[i % previous.length];
      const node: Node = {path: [...parent.path, parent.children.length], children: []};
      parent.children.push(node);
      level.push(node);
    }
    previous = level;
  }
  return root;
}

function blueprintFor(node: Node, perStack: number, seed: number, failures: Failure[]): StackBlueprint {
  const random = new Random(seed + node.path.reduce((a, b) => a * 31 + b + 1, 7));
  const b = new Blueprint();
  const mains: string[] = [];
  let n = 0;
  while (b.resources.length < perStack) {
    const word = `${random.pick(WORDS)}${n++}`;
    const dep = mains.length && random.chance(0.6) ? [random.pick(mains)] : [];
    const kind = random.int(0, 5);
    if (kind === 0) mains.push(b.lambda(word, dep));
    else if (kind === 1) mains.push(b.queue(word));
    else if (kind === 2) mains.push(b.table(word));
    else if (kind === 3) mains.push(b.topic(word));
    else if (kind === 4) mains.push(b.bucket(word));
    else mains.push(b.add(`${word}Role`, 'AWS::IAM::Role', dep));
  }
  // The candidates for a planted failure exist in every stack so the tree is identical with and without failures.
  const key = node.path.join('.');
  const own = failures.find(f => f.path.join('.') === key);
  b.add('ArchiveBucket', 'AWS::S3::Bucket', [], own?.spec.type === 'AWS::S3::Bucket' ? own.spec : {});
  b.add('WorkerFunction', 'AWS::Lambda::Function', [], own?.spec.type === 'AWS::Lambda::Function' ? own.spec : {});
  node.children.forEach((child, i) => {
    const anchor = mains[Math.floor(((i + 1) * mains.length) / (node.children.length + 2))];
    b.stack(blueprintFor(child, perStack, seed, failures), anchor ? [anchor] : []);
  });
  const logical = node.path.length ? `${WORDS[(node.path[node.path.length - 1] * 7 + node.path.length) % WORDS.length]}${node.path.join('')}` : '';
  return b.build(logical, `large-${node.path.join('-') || 'root'}`, `Generated stack ${key || 'root'}`);
}

export function largeWorld(opts: LargeOptions & {scenario?: string; t0: number}): World {
  const seed = opts.seed ?? 11;
  const stacks = Math.max(1, opts.stacks ?? 36);
  const depth = Math.max(1, opts.depth ?? 3);
  const perStack = Math.max(4, Math.round((opts.eventsPerStack ?? 600) / 5));
  const region = 'us-east-2';
  const account = '123456789012';
  const tree = shape(stacks, depth);
  const deepest = (n: Node): Node => (n.children.length ? deepest(n.children[0]) : n);
  const lastDeep = (n: Node): Node => (n.children.length ? lastDeep(n.children[n.children.length - 1]) : n);

  const build = (failures: Failure[]) => {
    const random = new Random(seed);
    const built = buildTree(
      blueprintFor(tree, perStack, seed, failures),
      `panther-${opts.scenario ?? 'large'}`,
      {
        region,
        account,
        random,
        tags: {Application: 'Panther', PantherVersion: '1.28.7'},
        templateBase: `https://panther-enterprise-${region}.s3.amazonaws.com/v1.28.7`,
        roleArn: `arn:aws:iam::${account}:role/PantherDeploymentRole-${region}`,
      },
      {PantherVersion: '1.28.7'},
    );
    const story = new StoryEngine(seed, new Random(seed ^ 0x9e3779b9), opts.t0).createRoot(built.plan);
    return {built, story};
  };

  // Pass 1 (no failure) tells when the chosen stacks are running; pass 2 plants the failures there.
  const probe = build([]);
  const span = (path: number[]) => {
    const name = probe.built.stacks.find(s => s.description === `Generated stack ${path.join('.') || 'root'}`)!.stackId;
    const times = probe.story.events.filter(e => e.stackId === name).map(e => e.time);
    return {start: Math.min(...times), end: Math.max(...times)};
  };
  const rc = deepest(tree);
  const rcSpan = span(rc.path);
  const rcAt = rcSpan.start + Math.round((rcSpan.end - rcSpan.start) * 0.8) - opts.t0;
  const cfnArn = `arn:aws:sts::${account}:assumed-role/PantherDeploymentRole-${region}/AWSCloudFormation`;
  const scp = 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-deny4s3';
  const failures: Failure[] = [
    {
      path: rc.path,
      spec: {
        type: 'AWS::S3::Bucket',
        fail: {
          at: rcAt,
          reason: `Resource handler returned message: "User: ${cfnArn} is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::large-archive\\" with an explicit deny in a service control policy: ${scp} (Service: S3, Status Code: 403, Request ID: 4XG7TQ2M9KD1PZ8B)" (RequestToken: 0c7d9a51-2f4e-4b8a-9d3c-6e1f2a7b8c90, HandlerErrorCode: AccessDenied)`,
        },
      },
    },
  ];
  const other = lastDeep(tree);
  if (other !== rc) {
    const otherSpan = span(other.path);
    const at = Math.min(rcAt + 60_000, otherSpan.end - opts.t0 - 5_000);
    if (at > rcAt) {
      failures.push({
        path: other.path,
        spec: {
          type: 'AWS::Lambda::Function',
          fail: {
            at,
            reason: `Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 5b2e8f1c-3a4d-4e6f-8a9b-0c1d2e3f4a5b)" (RequestToken: 7e8f9a0b-1c2d-4e3f-9a5b-6c7d8e9f0a1b, HandlerErrorCode: ServiceLimitExceeded)`,
          },
        },
      });
    }
  }
  const {built, story} = build(failures);
  attachStory(built.stacks, story);

  const random = new Random(seed + 1);
  const cfn = rolePrincipal(account, `PantherDeploymentRole-${region}`, 'AWSCloudFormation', random);
  const others = [userPrincipal(account, 'alice', random), userPrincipal(account, 'bob', random)];
  const calls = [...creationCalls(built.stacks, region, cfn), ...noiseCalls(opts.t0 - 60 * 60_000, story.endAt, region, others, random)];
  const trail = calls.map(c => makeRecord(c, account, random, seed));
  const find = (path: number[]) => built.stacks.find(s => s.description === `Generated stack ${path.join('.')}`)!;
  const root = built.stacks[0];
  return finishWorld({
    scenario: opts.scenario ?? 'large',
    region,
    account,
    rootStackName: root.name,
    rootStackId: root.stackId,
    stacks: built.stacks,
    trail,
    caller: {arn: `arn:aws:iam::${account}:user/bench`, userId: 'AIDABENCHUSER000000000'},
    facts: {
      rootCause: {stackName: find(rc.path).name, stackId: find(rc.path).stackId, logicalResourceId: 'ArchiveBucket', resourceType: 'AWS::S3::Bucket'},
      otherFailures: failures.slice(1).map(f => ({stackName: find(f.path).name, logicalResourceId: 'WorkerFunction'})),
      operationOutcome: story.outcome,
    },
  });
}
