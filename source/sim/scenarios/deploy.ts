// `deploy` and `failing-deploy`: an account ready for Panther's first deploy (the clean preflight account: the
// deployment role stack, nothing left of an older install), with Panther's templates published for every version.
// Nothing happens until someone creates and executes a CREATE change set (`panther-console deploy`): the stack then
// appears in REVIEW_IN_PROGRESS and its create plays live on the clock. `failing-deploy` makes the first create fail
// as the rolled-back story does (an SCP deny deep in Onboard) and roll back, and the next one succeed (the SCP was
// fixed). A successful create of 1.22+ makes the `panther-pulumi` CodeBuild project, whose build walks its phases.
import {compareVersions, configureAccount} from '../changesets.js';
import {Random} from '../random.js';
import {rolePrincipal} from '../trail.js';
import type {World} from '../world.js';
import {pantherRootTree} from './panther-catalog.js';
import {rolledBackFailures} from './panther-deploy.js';
import {PantherTemplates} from './panther-templates.js';
import {PREFLIGHT_ACCOUNT, PREFLIGHT_REGION, preflightParams, preflightWorld} from './preflight.js';
import {PULUMI_PROJECT} from './upgrade.js';

export const DEPLOY_STACK = 'panther-prod';

export interface DeployWorldOptions {
  scenario: string;
  seed: number;
  /** Epoch ms of "now": the account's history lies before it. */
  t0: number;
  /** How many executed creates fail before one succeeds. */
  failFirst: number;
}

export function deployWorld(opts: DeployWorldOptions): World {
  const world = preflightWorld({scenario: opts.scenario, seed: opts.seed, t0: opts.t0, clean: true});
  const {region, account} = world;
  const roleName = `PantherDeploymentRole-${region}`;
  const roleStack = world.stacks.find(s => s.name === 'panther-deployment-role');
  if (!roleStack) throw new Error('the clean preflight account has no deployment role stack');
  // The published templates take their resources from a model tree (its own random stream: the account's history is
  // the preflight account's, draw for draw).
  const model = pantherRootTree({
    region,
    account,
    failures: null,
    rootName: 'panther',
    version: '1.31.1',
    random: new Random(opts.seed + 101),
    roleName,
  });
  const random = new Random(opts.seed + 202);
  const templates = new PantherTemplates({
    rootResources: model.stacks[0].template.Resources,
    rootCapabilities: model.stacks[0].capabilities,
    roleResources: roleStack.template.Resources,
    roleStackId: roleStack.stackId,
    newStack: input => {
      const role = /:role\/(?:.*\/)?([^/]+)$/.exec(input.roleArn ?? '')?.[1] ?? roleName;
      const failing = input.attempt < opts.failFirst;
      const deployer = rolePrincipal(account, role, 'AWSCloudFormation', random).arn;
      const tree = pantherRootTree({
        region,
        account,
        failures: failing ? rolledBackFailures(random, region, account, deployer) : null,
        rootName: input.name,
        version: input.version,
        random,
        roleName: role,
        pythonLayer: compareVersions(input.version, '1.25.0') < 0,
        // Panther's buckets, tables, log groups and keys outlive a rollback (DELETE_SKIPPED): what cleanup lists.
        retain: true,
      });
      return {plan: tree.plan, stacks: tree.stacks, projects: compareVersions(input.version, '1.22.0') >= 0 ? [PULUMI_PROJECT] : []};
    },
  });
  configureAccount(world, {templates});
  world.rootStackName = DEPLOY_STACK;
  world.rootStackId = '';
  world.facts = {...world.facts, seed: opts.seed, stackName: DEPLOY_STACK, failFirst: opts.failFirst};
  return world;
}

/** The KMS key the published templates require from 1.27 (ProcessedDataKmsKeyArn, no default). */
export const DEPLOY_KMS_KEY = `arn:aws:kms:${PREFLIGHT_REGION}:${PREFLIGHT_ACCOUNT}:key/0b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e`;

/** What a user of the deploy scenarios deploys with: the values preflight passes, and the KMS key 1.27+ needs. */
export function deployParams(): {ParameterKey: string; ParameterValue: string}[] {
  return [...preflightParams('good'), {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: DEPLOY_KMS_KEY}];
}
