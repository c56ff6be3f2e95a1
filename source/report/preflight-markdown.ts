// The preflight as Markdown for a ticket or a change request: a table per group.
import type {PreflightReport} from '../panther/preflight/types.js';
import {cell, code} from './markdown.js';
import {GROUP_TITLES, STATUS_LABELS, apiCallsLine, groupsInOrder, summaryLine, verdict} from './preflight-common.js';

export function preflightMarkdown(report: PreflightReport): string {
  const out: string[] = [];
  out.push(`# Preflight of ${code(report.stackName)} in ${cell(report.region)}`, '');
  out.push(`- Account: ${cell(report.account ?? 'unknown')}`);
  if (report.principal) out.push(`- Principal: ${code(report.principal)}`);
  out.push(`- Panther version: ${cell(report.version)}`);
  out.push(`- Parameters: ${report.paramsFile ? code(report.paramsFile) : 'none given'}`);
  out.push(`- Result: **${verdict(report).toUpperCase()}**: ${summaryLine(report)}`, '');
  for (const group of groupsInOrder(report)) {
    out.push(`## ${GROUP_TITLES[group]}`, '', '| Status | Check | Found | What to do |', '| --- | --- | --- | --- |');
    for (const c of report.checks.filter(x => x.group === group)) {
      out.push(`| ${STATUS_LABELS[c.status]} | ${cell(c.title)} | ${cell(c.found)} | ${c.action ? cell(c.action) : ''} |`);
    }
    out.push('');
  }
  out.push(`_${cell(apiCallsLine(report))}_`);
  return `${out.join('\n')}\n`;
}
