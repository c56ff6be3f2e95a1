// `preflight`: the checks before a first deploy, with read-only calls only. Prints one line per check (text, JSON
// or Markdown). Exit 0 when nothing fails, 1 when a check fails, 2 for bad input (checked before any AWS call),
// 3 when AWS itself cannot be reached or the credentials are bad.
import {InputError} from '../errors.js';
import {createPreflightClients, PreflightReader} from '../aws/preflight-reader.js';
import {evaluatePreflight, preflightExitCode} from '../panther/preflight/report.js';
import {isValidStackName} from '../panther/preflight/stack-name.js';
import type {PreflightReport} from '../panther/preflight/types.js';

export {resolveTargetVersion};
import {resolveTargetVersion} from '../panther/catalog.js';
import {preflightJson} from '../report/preflight-json.js';
import {preflightMarkdown} from '../report/preflight-markdown.js';
import {preflightText} from '../report/preflight-text.js';
import type {CallCounter} from '../aws/call-counter.js';
import type {CommandContext, CommonFlags} from './context.js';
import {readCatalogFlag, readParamsFlag} from './input-files.js';
import {progressLine} from './progress-line.js';

export interface PreflightFlags extends CommonFlags {
  stackName?: string;
  params?: string;
  to?: string;
  catalog?: string;
}

/** The services a preflight talks to, in the order of the checks, as the apiCalls keys. */
const SERVICES = ['STS', 'CloudFormation', 'IAM', 'S3', 'Organizations', 'CloudTrail'] as const;

export function apiCallsOf(counter: CallCounter): Record<string, number> {
  return Object.fromEntries(SERVICES.map(s => [s.toLowerCase(), counter.total(s)]));
}

export interface PreflightInputs {
  stackName: string;
  version: string;
  params: Record<string, string> | null;
  paramsFile: string | null;
  /** The template's declarations, when the caller read it (deploy): key -> default (null: none). */
  declared?: ReadonlyMap<string, string | null>;
}

/** Everything the user gave, validated before any AWS call (bad input: exit 2). */
export async function preflightInputs(flags: PreflightFlags): Promise<PreflightInputs> {
  const stackName = flags.stackName ?? (flags.stack && !flags.stack.startsWith('arn:') ? flags.stack : undefined);
  if (!stackName) throw new InputError('preflight needs --stack-name NAME (the root stack to be created, e.g. panther-prod).');
  if (!isValidStackName(stackName)) {
    throw new InputError(`--stack-name ${stackName}: a stack name starts with a letter and has only letters, digits and hyphens (128 at most).`);
  }
  const catalog = await readCatalogFlag(flags.catalog);
  const version = resolveTargetVersion(flags.to, catalog);
  const params = flags.params ? await readParamsFlag(flags.params) : null;
  return {stackName, version, params, paramsFile: flags.params ?? null};
}

export async function computePreflight(
  ctx: CommandContext,
  inputs: PreflightInputs,
  flags: Pick<CommonFlags, 'cloudtrail'>,
): Promise<PreflightReport> {
  const progress = progressLine(ctx.stderr);
  const extra = createPreflightClients(ctx.clients);
  try {
    const reader = new PreflightReader(ctx.clients, ctx.gateway, extra);
    const facts = await reader.read(inputs.stackName, ctx.region, {cloudtrail: flags.cloudtrail, onProgress: m => progress.update(m)});
    return evaluatePreflight({...inputs, facts, apiCalls: apiCallsOf(ctx.clients.counter)});
  } finally {
    progress.done();
    extra.destroy();
  }
}

export function renderPreflight(report: PreflightReport, format: CommonFlags['format']): string {
  if (format === 'json') return `${JSON.stringify(preflightJson(report), null, 2)}\n`;
  if (format === 'markdown') return preflightMarkdown(report);
  return preflightText(report);
}

export async function preflightCommand(ctx: CommandContext, flags: PreflightFlags, inputs?: PreflightInputs): Promise<number> {
  const given = inputs ?? (await preflightInputs(flags));
  const report = await computePreflight(ctx, given, flags);
  if (ctx.interactive && flags.format === 'text') {
    // On a terminal: the Checks screen; the exit code is the same as the report's, or 130 after Ctrl-C (an interrupt,
    // as on every screen).
    const [{runFullScreen}, {checksAppElement}] = await Promise.all([import('../ui/run.js'), import('../ui/ChecksApp.js')]);
    const ended = await runFullScreen(null, {element: checksAppElement({report})});
    if (ended.signalCode !== null) return ended.signalCode;
  } else {
    ctx.stdout.write(renderPreflight(report, flags.format));
  }
  return preflightExitCode(report);
}
