// The preflight as plain text: one line per check (status, title, what was found, what to do), grouped, then the
// verdict. Lines are not wrapped, so each check stays one line for grep; every string is sanitised again.
import type {PreflightReport} from '../panther/preflight/types.js';
import {safeText} from '../text/display.js';
import {sanitize} from '../text/sanitize.js';
import {GROUP_TITLES, STATUS_LABELS, apiCallsLine, groupsInOrder, summaryLine, verdict} from './preflight-common.js';

export function checkLine(c: PreflightReport['checks'][number]): string {
  // Each field capped on its own: a huge finding cannot push the action off the line.
  return `${STATUS_LABELS[c.status].padEnd(8)}${safeText(c.title)}: ${safeText(c.found)}${c.action ? ` => ${safeText(c.action)}` : ''}`;
}

export function preflightText(report: PreflightReport): string {
  const out: string[] = [];
  out.push(
    `Preflight of ${report.stackName} in ${report.region}` +
      (report.account ? ` (account ${report.account})` : '') +
      `, Panther ${report.version}` +
      (report.paramsFile ? `, parameters ${report.paramsFile}` : ''),
  );
  for (const group of groupsInOrder(report)) {
    out.push('', GROUP_TITLES[group].toUpperCase());
    for (const c of report.checks.filter(x => x.group === group)) out.push(checkLine(c));
  }
  out.push('', `Result: ${verdict(report).toUpperCase()}: ${summaryLine(report)}`, apiCallsLine(report));
  return `${out.map(l => sanitize(l)).join('\n')}\n`;
}
