// `upgrade`: Panther 1.24.3 deployed three days ago as `panther-prod` with the PantherDeploymentRole stack beside it
// (Bootstrap outputs present, CodeBuild project `panther-pulumi`). Nothing happens until someone executes a change
// set: then the update plays on the clock (nested stacks updating, PantherVersion tags moving). `failRung` makes
// that version's root update fail in Core (a Lambda concurrency limit) and roll back. `otherStacks` adds
// top-level stacks created a day before "now" (listed first by ListStacks): e.g. a decoy `acme-deployment-role` that
// is not Panther's and must never be touched, or a second Panther role stack that makes the choice ambiguous.
import {configureAccount, type UpgradeSimOptions} from '../changesets.js';
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {finishWorld, type World} from '../world.js';
import {Blueprint} from './blueprint.js';
import {buildTree} from './build.js';
import {MIN, pantherRootTree} from './panther-catalog.js';

export const UPGRADE_FROM = '1.24.3';
export const PULUMI_PROJECT = 'panther-pulumi';
const DAY = 24 * 60 * MIN;

/** A top-level stack beside Panther's: its template description, tags and (IAM role) resources. */
export interface OtherStack {
  name: string;
  description: string;
  tags?: Record<string, string>;
  resources?: {logicalId: string; type: string; physicalId: string}[];
}

export interface UpgradeWorldOptions extends UpgradeSimOptions {
  seed: number;
  /** More top-level stacks in the region (none by default). */
  otherStacks?: OtherStack[];
  /** Epoch ms of "now" in the story: the history ends before it, the upgrade starts from it. */
  t0: number;
  scenario?: string;
}

export function upgradeWorld(opts: UpgradeWorldOptions): World {
  const region = 'us-east-2';
  const account = '123456789012';
  const rootName = 'panther-prod';
  const random = new Random(opts.seed);
  const roleName = `PantherDeploymentRole-${region}`;
  const rootUrl = `https://panther-enterprise-${region}.s3.amazonaws.com/v${UPGRADE_FROM}/panther.yml`;
  const roleUrl = `https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v${UPGRADE_FROM}/template.yml`;

  // The deployment role stack, created first.
  const role = new Blueprint();
  const roleRes = role.add('PantherDeploymentRole', 'AWS::IAM::Role', [], {physicalId: roleName});
  role.add('PantherDeploymentPolicy', 'AWS::IAM::ManagedPolicy', [roleRes], {physicalId: `arn:aws:iam::${account}:policy/PantherDeploymentPolicy-${region}`});
  role.add('PantherDeploymentPolicyNetworking', 'AWS::IAM::ManagedPolicy', [roleRes], {
    physicalId: `arn:aws:iam::${account}:policy/PantherDeploymentPolicyNetworking-${region}`,
  });
  const roleDescription = `PantherDeploymentRole v${UPGRADE_FROM}: the IAM role CloudFormation assumes to deploy Panther`;
  const roleTree = buildTree(
    role.build('', 'panther-deployment-role', roleDescription),
    'panther-deployment-role',
    {region, account, random, tags: {}, templateBase: roleUrl, roleArn: null},
    {},
  );
  roleTree.stacks[0].template.Description = roleDescription;
  roleTree.stacks[0].capabilities = ['CAPABILITY_NAMED_IAM'];
  roleTree.stacks[0].outputs = {DeploymentRoleArn: `arn:aws:iam::${account}:role/${roleName}`};

  const tree = pantherRootTree({
    region,
    account,
    failures: null,
    rootName,
    version: UPGRADE_FROM,
    random,
    roleName,
    customDomain: {name: 'panther.example.com', certificateArn: `arn:aws:acm:us-east-1:${account}:certificate/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b`},
  });

  // History: both stacks created three days before the story's "now".
  const engine = new StoryEngine(opts.seed, random, opts.t0);
  attachStory(roleTree.stacks, engine.createRoot(roleTree.plan, -3 * DAY - 20 * MIN));
  const story = engine.createRoot(tree.plan, -3 * DAY);
  attachStory(tree.stacks, story);

  // Other stacks of the account, with a random stream of their own (the Panther stacks stay as they are).
  const otherRandom = new Random(opts.seed + 9001);
  const otherEngine = new StoryEngine(opts.seed + 9001, otherRandom, opts.t0);
  const others = (opts.otherStacks ?? []).flatMap((o, i) => {
    const bp = new Blueprint();
    for (const r of o.resources ?? [{logicalId: 'Role', type: 'AWS::IAM::Role', physicalId: `${o.name}-role`}]) {
      bp.add(r.logicalId, r.type, [], {physicalId: r.physicalId});
    }
    const built = buildTree(bp.build('', o.name, o.description), o.name, {region, account, random: otherRandom, tags: {...o.tags}, templateBase: '', roleArn: null}, {});
    built.stacks[0].template.Description = o.description;
    built.stacks[0].capabilities = ['CAPABILITY_NAMED_IAM'];
    attachStory(built.stacks, otherEngine.createRoot(built.plan, -DAY + i * MIN));
    return built.stacks;
  });

  const root = tree.stacks[0];
  const world = finishWorld({
    scenario: opts.scenario ?? 'upgrade',
    region,
    account,
    rootStackName: rootName,
    rootStackId: root.stackId,
    stacks: [...roleTree.stacks, ...tree.stacks, ...others],
    trail: [],
    caller: {arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a/engineer@example.com`, userId: 'AROAENGINEER:engineer@example.com'},
    facts: {
      seed: opts.seed,
      from: UPGRADE_FROM,
      deploymentRoleStackId: roleTree.stacks[0].stackId,
      failRung: opts.failRung ?? null,
      operationOutcome: story.outcome,
    },
  });
  configureAccount(world, {
    options: {failRung: opts.failRung},
    templateUrls: {[root.stackId]: rootUrl, [roleTree.stacks[0].stackId]: roleUrl},
    projects: [PULUMI_PROJECT],
  });
  return world;
}
