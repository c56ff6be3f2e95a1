// The upgrade plan as plain text for a terminal or a change ticket's log: where the deployed version was read
// from, then each rung with its URLs, the migrations with their exact values, what blocks it, and what to do
// after its deploy. Every line is sanitised (parameter values come from the stack or the user's file).
import type {Ladder, Rung} from '../panther/ladder.js';
import {parameterPhrase} from '../domain/rung-parameters.js';
import type {DetectedVersion} from '../panther/version.js';
import {safeText} from '../text/display.js';

export interface LadderReportOptions {
  /** How the deployed version was found; absent when only --from was given and not detected. */
  detected?: DetectedVersion;
  /** The root stack, when one was read. */
  stackName?: string;
  /** The deployment role stack the walk updates first, and the role it deploys. */
  roleStackName?: string;
  roleName?: string;
  /** The --catalog file, when one extended the built-in catalog. */
  catalogFile?: string;
}

/** What the root-stack update sets, for one line. */
export function parameterLine(rung: Rung): string {
  if (rung.parameters) {
    const kept = rung.parameters.filter(p => p.fate === 'kept').length;
    const rest = rung.parameters.filter(p => p.fate !== 'kept').map(parameterPhrase);
    return [`${kept} kept (UsePreviousValue)`, ...rest].join('; ');
  }
  if (rung.parameterChanges.length === 0) return 'every parameter UsePreviousValue';
  const set = rung.parameterChanges.map(c => `${c.key} = ${c.value === null ? '<missing>' : JSON.stringify(c.value)}`);
  return `${set.join(', ')}; every other parameter UsePreviousValue`;
}

export function ladderText(ladder: Ladder, options: LadderReportOptions = {}): string {
  const out: string[] = [];
  const where = options.stackName ? `${options.stackName} in ${ladder.region}` : ladder.region;
  out.push(`Upgrade plan for ${where}`);
  const d = options.detected;
  out.push(`  Deployed   ${ladder.from}${d ? ` (${d.detail})` : ''}`);
  out.push(`  Target     ${ladder.to}`);
  if (options.roleStackName)
    out.push(`  Role stack ${options.roleStackName} (deploys ${options.roleName ?? 'the PantherDeploymentRole'}; updated first on every rung)`);
  if (ladder.rungs.length > 0) {
    out.push(`  Rungs      ${ladder.rungs.length}: ${[ladder.from, ...ladder.rungs.map(r => r.version)].join(' -> ')}`);
  }
  if (options.catalogFile) out.push(`  Catalog    built-in, extended by ${options.catalogFile}`);
  const blockedCount = ladder.rungs.filter(r => r.blocked.length > 0).length;
  if (blockedCount > 0) out.push(`  Blocked    ${blockedCount} rung${blockedCount === 1 ? '' : 's'} need inputs (see BLOCKED below)`);
  for (const note of [...(d?.notes ?? []), ...ladder.notes]) out.push(`  Note: ${note}`);

  ladder.rungs.forEach((rung, i) => {
    out.push('', `RUNG ${i + 1}/${ladder.rungs.length}  ${rung.version}  (from ${rung.previous})`);
    out.push(`  Deployment role template  ${rung.deploymentRoleTemplateUrl}`);
    out.push(`  Panther template          ${rung.templateUrl}`);
    out.push(`  Root stack parameters     ${parameterLine(rung)}${rung.parameters ? ` (from ${rung.version}'s template)` : ''}`);
    const roleChanges = rung.roleParameters?.filter(p => p.fate !== 'kept') ?? [];
    if (roleChanges.length > 0) out.push(`  Role stack parameters     ${roleChanges.map(parameterPhrase).join('; ')}`);
    if (rung.migrations.length > 0) {
      out.push('  Migrations');
      for (const m of rung.migrations) out.push(`    - ${m.title} [${m.id}]`, `      ${m.action}`);
    }
    if (rung.blocked.length > 0) {
      out.push('  BLOCKED until given (--params FILE)');
      for (const b of rung.blocked) out.push(`    - ${b.parameter} (${b.problem}): ${b.message}`);
    }
    if (rung.after.length > 0) {
      out.push('  After the deploy');
      for (const a of rung.after) out.push(`    - ${a}`);
    }
    for (const note of rung.notes) out.push(`  Note: ${note}`);
  });
  return `${out.map(line => safeText(line)).join('\n')}\n`;
}
