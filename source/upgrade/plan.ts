// The plan of an upgrade, read from the account: the deployed Panther (its root template's own version first), what
// kind of stack --stack is, the deployment role stack (by the role it deploys), and every rung's two templates
// (GetTemplateSummary on their URLs) so that each rung's parameters are reconciled with its own template before
// anything is written. Shared by `ladder --stack` and `upgrade` (dry run and --execute). Read-only.
import {InputError} from '../errors.js';
import {findDeploymentRoleStacks, namedRoleStack, type RoleStack} from '../aws/deployment-role.js';
import {loadDeployedPanther, type DeployedPanther} from '../aws/panther-version.js';
import {readTemplateSummary} from '../aws/templates.js';
import {chooseRoleStack, roleNameOf, stackKind} from '../panther/deployment-role.js';
import {planLadder, rootUpdateBlocker, type Ladder, type RungTemplates} from '../panther/ladder.js';
import {detectVersion, versionInTemplate, type DetectedVersion} from '../panther/version.js';
import type {Catalog} from '../panther/catalog.js';
import {checkTemplateBaseUrl} from '../panther/templates.js';
import type {Stack} from '../domain/types.js';
import type {LadderReportOptions} from '../report/ladder-text.js';
import type {CommandContext, CommonFlags} from '../commands/context.js';
import {readCatalogFlag, readParamsFlag} from '../commands/input-files.js';

export interface LadderFlags extends CommonFlags {
  from?: string;
  to?: string;
  catalog?: string;
  templateBaseUrl?: string;
  writeAliasTemplate?: string;
  /** Replace an existing --write-alias-template file. */
  force?: boolean;
  params?: string;
  /** The deployment role stack, named by the user (else found by the role it deploys). */
  roleStack?: string;
}

export interface LadderPlan {
  ladder: Ladder;
  detected: DetectedVersion;
  catalog: Catalog;
  /** What was read from AWS; null with --from and no --stack. */
  deployed: DeployedPanther | null;
  /** The deployment role stack; null when there is none (or with --from alone). */
  roleStack: RoleStack | null;
  /** Why no role stack is used, when none is: for the reader. */
  roleNote: string | null;
  /** The --params values. */
  supplied: Record<string, string>;
  report: LadderReportOptions;
}

/** Stops before any write when --stack is not a Panther root: the role stack, a nested stack, anything else. */
function assertPantherRoot(deployed: DeployedPanther): void {
  const root = deployed.rootStack;
  const named = Boolean(deployed.templateBody && versionInTemplate(deployed.templateBody));
  const kind = stackKind(deployed.resources, named);
  if (kind === 'panther-root') return;
  if (kind === 'deployment-role') {
    throw new InputError(
      `${root.stackName} is the PantherDeploymentRole stack, not a Panther root: pass the root stack to --stack (the walk updates the role stack first on every rung).`,
    );
  }
  throw new InputError(
    `${root.stackName} is not a Panther root stack: its resources include none of Panther's nested stacks (Bootstrap, Core, Web, ...). Pass the root stack Panther was deployed as.`,
  );
}

/**
 * The deployment role stack: --role-stack, else the stack that deploys the role the root is deployed with (or the
 * only one in the region when the root has no role); two candidates stop the walk.
 */
async function roleStackOf(ctx: CommandContext, flags: LadderFlags, root: Stack): Promise<{role: RoleStack | null; note: string | null}> {
  if (flags.roleStack) {
    const role = await namedRoleStack(ctx.gateway, flags.roleStack, ctx.region);
    if (role.stack.stackId === root.stackId) throw new InputError(`--role-stack ${flags.roleStack} is the root stack itself.`);
    const rootRole = roleNameOf(root.roleArn);
    const note =
      rootRole && rootRole !== role.role.physicalId
        ? `--role-stack ${role.stack.stackName} deploys ${role.role.physicalId}, but ${root.stackName} is deployed with ${rootRole}.`
        : null;
    return {role, note};
  }
  const found = await findDeploymentRoleStacks(ctx.gateway, [root.stackId]);
  const choice = chooseRoleStack(
    found.map(f => ({...f, stackName: f.stack.stackName, roleName: f.role.physicalId})),
    root.stackName,
    root.roleArn ?? null,
  );
  if (choice.ambiguous) {
    throw new InputError(
      `${found.length} stacks in ${ctx.region} deploy the PantherDeploymentRole (${found.map(f => `${f.stack.stackName}: role ${f.role.physicalId}`).join('; ')}). ` +
        'The walk updates exactly one: name it with --role-stack NAME.',
    );
  }
  if (!choice.chosen) {
    return {
      role: null,
      note:
        choice.note ??
        `No stack in ${ctx.region} deploys the PantherDeploymentRole: only the root stack is updated (name the role stack with --role-stack NAME if it has one).`,
    };
  }
  return {role: choice.chosen, note: null};
}

/**
 * The plan. With --stack: the deployed Panther, the role stack and every rung's templates are read, and each rung's
 * parameters are grounded in its own template. With --from alone: no AWS call at all (the catalog's knowledge).
 */
export async function planUpgrade(
  ctx: CommandContext,
  flags: LadderFlags,
  command = 'ladder',
  /** Checks the deployed stack before anything more is read (upgrade refuses a root it cannot update). */
  check?: (deployed: DeployedPanther) => void,
): Promise<LadderPlan> {
  if (!flags.to) throw new InputError(`${command} needs --to VERSION (e.g. --to 1.28 or --to 1.28.3).`);
  if (!flags.stack && !flags.from) {
    throw new InputError(`${command} needs --stack NAME|ARN (to read the deployed version) or --from VERSION.`);
  }
  if (flags.roleStack && !flags.stack) throw new InputError('--role-stack goes with --stack (the root stack it deploys).');
  const catalog = await readCatalogFlag(flags.catalog);
  const supplied = flags.params ? await readParamsFlag(flags.params) : {};
  const templateBaseUrl = flags.templateBaseUrl ? checkTemplateBaseUrl(flags.templateBaseUrl) : undefined;

  // With --from alone the plan is pure: no client call is made (a plan can be drawn up before any access).
  const deployed = flags.stack ? await loadDeployedPanther(ctx.gateway, flags.stack) : null;
  if (deployed) assertPantherRoot(deployed);
  if (deployed && check) check(deployed);
  const detected = detectVersion({
    rootStack: deployed?.rootStack ?? null,
    nestedStacks: deployed?.nestedStacks ?? [],
    templateBody: deployed?.templateBody,
    from: flags.from,
  });
  const {role, note: roleNote} = deployed ? await roleStackOf(ctx, flags, deployed.rootStack) : {role: null, note: null};
  const parameters = deployed ? deployed.rootStack.parameters : null;
  const domain = supplied.CustomDomain || parameters?.CustomDomain || undefined;
  const input = {from: detected.version, to: flags.to, catalog, region: ctx.region, templateBaseUrl, parameters, supplied, domain};
  // First the rungs (pure), then their templates, then the rungs again, grounded in them.
  let planned = planLadder(input);
  if (deployed && planned.rungs.length > 0) {
    // Every rung's two templates, read together (the clients' limiter paces them).
    const read = await Promise.all(
      planned.rungs.map(async rung => {
        const [root, roleTemplate] = await Promise.all([
          readTemplateSummary(ctx.clients, rung.templateUrl, `Panther ${rung.version}'s template`),
          role ? readTemplateSummary(ctx.clients, rung.deploymentRoleTemplateUrl, `the PantherDeploymentRole ${rung.version} template`) : null,
        ]);
        return [rung.version, {root: root.parameters, role: roleTemplate?.parameters ?? null}] as const;
      }),
    );
    const templates = new Map<string, RungTemplates>(read);
    planned = planLadder({...input, templates, roleParameters: role?.stack.parameters ?? null});
  }
  // A root CloudFormation cannot update as it is (a failed first deploy, ...): the plan is still drawn, with a note
  // saying why `upgrade` would refuse it.
  const blocker = deployed ? rootUpdateBlocker(deployed.rootStack.stackName, deployed.rootStack.status) : null;
  const notes = [...planned.notes, ...(blocker ? [blocker] : []), ...(roleNote ? [roleNote] : [])];
  const ladder: Ladder = {...planned, notes};
  const report: LadderReportOptions = {
    detected,
    ...(deployed ? {stackName: deployed.rootStack.stackName} : {}),
    ...(role ? {roleStackName: role.stack.stackName, roleName: role.role.physicalId} : {}),
    ...(flags.catalog ? {catalogFile: flags.catalog} : {}),
  };
  return {ladder, detected, catalog, deployed, roleStack: role, roleNote, supplied, report};
}
