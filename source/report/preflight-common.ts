// Shared pieces of the preflight reports: group headings, status labels, the one-line verdict.
import {countByStatus} from '../panther/preflight/report.js';
import type {CheckGroup, CheckStatus, PreflightReport} from '../panther/preflight/types.js';

export const GROUP_TITLES: Record<CheckGroup, string> = {
  identity: 'Identity and region',
  'stack-name': 'Stack name',
  parameters: 'Parameters',
  'old-infrastructure': 'Old infrastructure',
  organization: 'Organisation policies',
  permissions: 'Permissions',
};

export const STATUS_LABELS: Record<CheckStatus, string> = {pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: 'UNKNOWN'};

/** The overall outcome: fail if any check fails, else warn if any warns, else pass. */
export {verdict} from '../panther/preflight/report.js';

export function summaryLine(report: PreflightReport): string {
  const n = countByStatus(report.checks);
  const parts = [`${n.fail} failed`, `${n.warn} warning${n.warn === 1 ? '' : 's'}`, `${n.pass} passed`];
  if (n.unknown > 0) parts.push(`${n.unknown} could not be checked`);
  return parts.join(', ');
}

export function apiCallsLine(report: PreflightReport): string {
  const entries = Object.entries(report.apiCalls).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `API calls: ${total}${entries.length > 0 ? ` (${entries.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`;
}

export function groupsInOrder(report: PreflightReport): CheckGroup[] {
  const seen: CheckGroup[] = [];
  for (const c of report.checks) if (!seen.includes(c.group)) seen.push(c.group);
  return seen;
}
