// The upgrade plan as Markdown for a change ticket: a summary table, then one checklist per rung in the order
// the steps must run (deployment role, root stack, after-steps), blockers called out above the checklist. Parameter
// values (a CustomDomain), notes and messages are untrusted: every one goes through markdown.ts's escaping.
import type {Ladder} from '../panther/ladder.js';
import {parameterLine, type LadderReportOptions} from './ladder-text.js';
import {cell, code, inline} from './markdown.js';

export function ladderMarkdown(ladder: Ladder, options: LadderReportOptions = {}): string {
  const out: string[] = [];
  out.push(`# Panther upgrade plan: ${inline(ladder.from)} -> ${inline(ladder.to)}`, '');
  out.push('| | |', '|---|---|');
  if (options.stackName) out.push(`| Stack | ${cell(options.stackName)} |`);
  if (options.roleStackName)
    out.push(`| Role stack | ${cell(options.roleStackName)} (deploys ${cell(options.roleName ?? 'the PantherDeploymentRole')}) |`);
  out.push(`| Region | ${cell(ladder.region)} |`);
  const d = options.detected;
  out.push(`| Deployed | ${cell(ladder.from)}${d ? ` (${cell(d.detail)})` : ''} |`);
  out.push(`| Target | ${cell(ladder.to)} |`);
  out.push(`| Rungs | ${ladder.rungs.length === 0 ? 'none' : cell(ladder.rungs.map(r => r.version).join(' -> '))} |`);
  if (options.catalogFile) out.push(`| Catalog | built-in, extended by ${cell(options.catalogFile)} |`);
  out.push('');
  const notes = [...(d?.notes ?? []), ...ladder.notes];
  for (const n of notes) out.push(`> ${inline(n)}`, '');

  ladder.rungs.forEach((rung, i) => {
    out.push(`## ${i + 1}. ${inline(rung.version)} (from ${inline(rung.previous)})`, '');
    if (rung.blocked.length > 0) {
      out.push('**Blocked until given** (`--params FILE`):', '');
      for (const b of rung.blocked) out.push(`- ${code(b.parameter)} (${inline(b.problem)}): ${inline(b.message)}`);
      out.push('');
    }
    const phase = (p: string) => rung.migrations.filter(m => m.phase === p);
    for (const m of phase('before')) {
      const what = m.id === 'deployment-role' ? code(rung.deploymentRoleTemplateUrl) : inline(m.action);
      out.push(`- [ ] ${inline(m.title)}: ${what}`);
    }
    out.push(`- [ ] Update the root stack with ${code(rung.templateUrl)}: ${inline(parameterLine(rung))}`);
    for (const m of phase('with')) out.push(`  - ${inline(m.title)}: ${inline(m.action)}`);
    // After-phase migrations are explained in the text report; their step is in `after`.
    for (const a of rung.after) out.push(`- [ ] After the deploy: ${inline(a)}`);
    for (const n of rung.notes) out.push('', `> ${inline(n)}`);
    out.push('');
  });
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
