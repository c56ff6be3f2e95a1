// `ladder`: the upgrade plan from the deployed (or --from) version to --to, printed. Read-only: with --from and
// no --stack it makes no AWS call at all; with --stack it reads the root, a few nested stacks, the root template
// (the deployed version is the template's), the deployment role stack, and every rung's templates (each rung's
// parameters reconciled with its own template). Exit 0 on a plan (blocked rungs included: the plan says what to
// give).
import {InputError} from '../errors.js';
import {rootUpdateBlocker} from '../panther/ladder.js';
import {aliasRecordTemplate, API_DISTRIBUTION_DOMAIN_OUTPUT, API_DISTRIBUTION_ZONE_OUTPUT} from '../panther/migrations.js';
import {ladderJson} from '../report/ladder-json.js';
import {ladderMarkdown} from '../report/ladder-markdown.js';
import {ladderText} from '../report/ladder-text.js';
import {sanitize} from '../text/sanitize.js';
import {planUpgrade, type LadderFlags, type LadderPlan} from '../upgrade/plan.js';
import type {CommandContext, CommonFlags} from './context.js';
import {checkOutputTarget, writeOutputFile} from './output-file.js';

export type {LadderFlags, LadderPlan};

/** The plan, without printing it: shared by `ladder` and `upgrade`. */
export const computeLadder = (ctx: CommandContext, flags: LadderFlags): Promise<LadderPlan> => planUpgrade(ctx, flags, 'ladder');

export function renderLadder(plan: LadderPlan, format: CommonFlags['format']): string {
  if (format === 'json') return `${JSON.stringify(ladderJson(plan.ladder), null, 2)}\n`;
  if (format === 'markdown') return ladderMarkdown(plan.ladder, plan.report);
  return ladderText(plan.ladder, plan.report);
}

/**
 * The api.<domain> alias record template, from the Bootstrap stack's outputs. They exist only once 1.19.5 is
 * deployed, so before that the user is told to run it again after that rung.
 */
export function aliasTemplateFor(plan: LadderPlan): string {
  const bootstrap = plan.deployed?.bootstrap;
  if (!plan.deployed) {
    throw new InputError("--write-alias-template needs --stack: the record points at the Bootstrap stack's outputs.");
  }
  if (!bootstrap) throw new InputError(`${plan.deployed.rootStack.stackName} has no Bootstrap nested stack.`);
  const dns = bootstrap.outputs[API_DISTRIBUTION_DOMAIN_OUTPUT];
  const zone = bootstrap.outputs[API_DISTRIBUTION_ZONE_OUTPUT];
  if (!dns || !zone) {
    throw new InputError(
      `The Bootstrap stack has no ${API_DISTRIBUTION_DOMAIN_OUTPUT} / ${API_DISTRIBUTION_ZONE_OUTPUT} outputs yet: ` +
        'they appear once 1.19.5 is deployed. Run --write-alias-template again after that rung.',
    );
  }
  const domain = plan.supplied.CustomDomain || plan.deployed.rootStack.parameters.CustomDomain;
  if (!domain) {
    throw new InputError('The root stack has no CustomDomain: give the Panther domain as CustomDomain in --params FILE.');
  }
  return aliasRecordTemplate({domain, distributionDomainName: dns, distributionHostedZoneId: zone});
}

export async function ladderCommand(ctx: CommandContext, flags: LadderFlags): Promise<number> {
  if (flags.writeAliasTemplate) await checkOutputTarget(flags.writeAliasTemplate, {flag: '--write-alias-template', force: Boolean(flags.force)});
  const plan = await computeLadder(ctx, flags);
  if (flags.writeAliasTemplate) {
    const template = aliasTemplateFor(plan);
    await writeOutputFile(flags.writeAliasTemplate, template, {flag: '--write-alias-template', force: Boolean(flags.force)});
    // stderr: stdout carries the plan, which may be JSON for a script.
    ctx.stderr.write(`wrote the Route53 alias record template to ${flags.writeAliasTemplate} (deploy it with HostedZoneId=<your zone>)\n`);
  }
  ctx.stdout.write(renderLadder(plan, flags.format));
  // The JSON shape has no notes: a root that cannot be updated is still said, on stderr.
  const blocker = plan.deployed ? rootUpdateBlocker(plan.deployed.rootStack.stackName, plan.deployed.rootStack.status) : null;
  if (blocker && flags.format === 'json') ctx.stderr.write(`Note: ${sanitize(blocker)}\n`);
  return 0;
}
