// `upgrade`: Panther 1.24.3 deployed three days ago as `panther-prod` with the PantherDeploymentRole stack beside it
// (Bootstrap outputs present, CodeBuild project `panther-pulumi`). Panther's templates are published for every
// version (panther-templates.ts): GetTemplateSummary reads them, CreateChangeSet validates parameters against them.
// Nothing happens until someone executes a change set: then the update plays on the clock (nested stacks updating,
// their PantherVersion tags moving). `failRung` makes that version's root update fail in Core (a Lambda concurrency
// limit) and roll back. `deployedTemplateVersion` deploys a newer template than the tags say (an out-of-band deploy);
// `inProgressTo` has someone else's update to that version already running at "now". `otherStacks` adds top-level
// stacks created a day before "now" (listed first by ListStacks): e.g. a decoy `acme-deployment-role` that is not
// Panther's and must never be touched, or a second Panther role stack that makes the choice ambiguous.
import {compareVersions, configureAccount, startUpdate, type UpgradeSimOptions} from '../changesets.js';
import {addPastBuild} from '../codebuild.js';
import {Random} from '../random.js';
import {StoryEngine, attachStory} from '../story.js';
import {WorldView} from '../view.js';
import {finishWorld, type TemplateDoc, type World} from '../world.js';
import {Blueprint} from './blueprint.js';
import {buildTree} from './build.js';
import {MIN, pantherRootTree} from './panther-catalog.js';
import {PantherTemplates, deploymentRoleUrl, pantherRootUrl} from './panther-templates.js';

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
  /**
   * The version of the template the root (and the role stack) were deployed from, when newer than the tags say: every
   * PantherVersion tag still reads 1.24.3 (someone deployed out of band). Default 1.24.3.
   */
  deployedTemplateVersion?: string;
  /**
   * An update of the root (and its nested stacks) to this version, started by someone else about a minute before
   * "now", is running at "now" (the role stack is already at this version).
   */
  inProgressTo?: string;
}

/** The Python layer the deployed root names in PythonLayerVersionArn (a parameter until 1.25). */
const PYTHON_LAYER = 'arn:aws:lambda:us-east-2:123456789012:layer:panther-python-libs:3';
/** The key a 1.27+ root (deployed out of band, or someone else's update) was given as ProcessedDataKmsKeyArn. */
const KMS_KEY = 'arn:aws:kms:us-east-2:123456789012:key/0b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e';

const isVersion = (v: string) => /^\d+\.\d+\.\d+$/.test(v);

export function upgradeWorld(opts: UpgradeWorldOptions): World {
  const region = 'us-east-2';
  const account = '123456789012';
  const rootName = 'panther-prod';
  const random = new Random(opts.seed);
  const roleName = `PantherDeploymentRole-${region}`;
  const deployed = opts.deployedTemplateVersion ?? UPGRADE_FROM;
  for (const v of [deployed, opts.inProgressTo ?? deployed]) if (!isVersion(v)) throw new Error(`not a Panther version (x.y.z): ${v}`);
  // Someone else's update already brought the role stack to its version.
  const roleVersion = opts.inProgressTo ?? deployed;
  const rootUrl = pantherRootUrl(region, deployed);
  const roleUrl = deploymentRoleUrl(roleVersion);

  // The deployment role stack, created first.
  const role = new Blueprint();
  const roleRes = role.add('PantherDeploymentRole', 'AWS::IAM::Role', [], {physicalId: roleName});
  role.add('PantherDeploymentPolicy', 'AWS::IAM::ManagedPolicy', [roleRes], {
    physicalId: `arn:aws:iam::${account}:policy/PantherDeploymentPolicy-${region}`,
  });
  role.add('PantherDeploymentPolicyNetworking', 'AWS::IAM::ManagedPolicy', [roleRes], {
    physicalId: `arn:aws:iam::${account}:policy/PantherDeploymentPolicyNetworking-${region}`,
  });
  const roleDescription = `PantherDeploymentRole v${roleVersion}: the IAM role CloudFormation assumes to deploy Panther`;
  const roleTree = buildTree(
    role.build('', 'panther-deployment-role', roleDescription),
    'panther-deployment-role',
    {region, account, random, tags: {}, templateBase: roleUrl, roleArn: null},
    {},
  );
  const roleStack = roleTree.stacks[0];
  roleStack.capabilities = ['CAPABILITY_NAMED_IAM'];
  roleStack.outputs = {DeploymentRoleArn: `arn:aws:iam::${account}:role/${roleName}`};

  const tree = pantherRootTree({
    region,
    account,
    failures: null,
    rootName,
    // The tags say 1.24.3 whatever template was deployed.
    version: UPGRADE_FROM,
    random,
    roleName,
    customDomain: {name: 'panther.example.com', certificateArn: `arn:aws:acm:us-east-1:${account}:certificate/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b`},
    // Panther 1.25 dropped BootstrapGateway's Python layer.
    pythonLayer: compareVersions(deployed, '1.25.0') < 0,
  });
  const root = tree.stacks[0];

  // Panther's published templates; the stacks carry their deployed version's.
  const templates = new PantherTemplates({
    rootResources: root.template.Resources,
    rootCapabilities: root.capabilities,
    roleResources: roleStack.template.Resources,
    roleStackId: roleStack.stackId,
  });
  root.template = templates.root(deployed);
  root.description = root.template.Description;
  root.parameters = parametersFor(root.template, {...root.parameters, PythonLayerVersionArn: PYTHON_LAYER});
  roleStack.template = templates.role(roleVersion);
  roleStack.description = roleStack.template.Description;

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
    const built = buildTree(
      bp.build('', o.name, o.description),
      o.name,
      {region, account, random: otherRandom, tags: {...o.tags}, templateBase: '', roleArn: null},
      {},
    );
    built.stacks[0].template.Description = o.description;
    built.stacks[0].capabilities = ['CAPABILITY_NAMED_IAM'];
    attachStory(built.stacks, otherEngine.createRoot(built.plan, -DAY + i * MIN));
    return built.stacks;
  });

  const world = finishWorld({
    scenario: opts.scenario ?? 'upgrade',
    region,
    account,
    rootStackName: rootName,
    rootStackId: root.stackId,
    stacks: [...roleTree.stacks, ...tree.stacks, ...others],
    trail: [],
    caller: {
      arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a/engineer@example.com`,
      userId: 'AROAENGINEER:engineer@example.com',
    },
    facts: {
      seed: opts.seed,
      from: UPGRADE_FROM,
      deployedTemplateVersion: deployed,
      inProgressTo: opts.inProgressTo ?? null,
      deploymentRoleStackId: roleStack.stackId,
      failRung: opts.failRung ?? null,
      operationOutcome: story.outcome,
    },
  });
  configureAccount(world, {
    options: {failRung: opts.failRung},
    templateUrls: {[root.stackId]: rootUrl, [roleStack.stackId]: roleUrl},
    templates,
    projects: [PULUMI_PROJECT],
  });
  // The deploy three days ago was finished as Panther's guide says: its panther-pulumi build ran after the stack.
  addPastBuild(world, PULUMI_PROJECT, opts.t0 - 3 * DAY + 60 * MIN);

  if (opts.inProgressTo) {
    // Someone else's update, started a minute before "now": its events appear as the clock passes them.
    const target = templates.root(opts.inProgressTo);
    const run = startUpdate(
      new WorldView(world),
      root,
      {templateUrl: pantherRootUrl(region, opts.inProgressTo), template: target, resolved: parametersFor(target, root.parameters)},
      opts.t0 - MIN,
    );
    world.endTime = Math.max(world.endTime, run.endAt);
    world.facts.inProgressEndsAt = run.endAt;
  }
  return world;
}

/** A template's parameter values: the known ones, else the template's default (a KMS key for the required key ARN). */
function parametersFor(template: TemplateDoc, known: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, decl] of Object.entries(template.Parameters)) {
    out[key] = known[key] ?? decl.Default ?? (key === 'ProcessedDataKmsKeyArn' ? KMS_KEY : '');
  }
  return out;
}
