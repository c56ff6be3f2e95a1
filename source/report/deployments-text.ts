// `deployments` as plain text: one row per deployment (profile and account, region, stack, version, status, last
// operation with when, rungs behind), then the profiles and regions that could not be read, with why. Rows are not
// wrapped, so each deployment stays one line for grep; every cell is sanitised (pad does it).
import type {Deployment, DeploymentsReport} from '../panther/deployments.js';
import {pad, width} from '../text/layout.js';
import {safeText} from '../text/display.js';

const HEADERS = ['PROFILE (ACCOUNT)', 'REGION', 'STACK', 'VERSION', 'STATUS', 'LAST OPERATION', 'BEHIND'] as const;

/** "4 days ago", "3 h ago", "12 min ago", "just now": how long before `now` an ISO time was. */
export function ago(time: string, now: number): string {
  const ms = now - Date.parse(time);
  if (!Number.isFinite(ms)) return '';
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** An ISO time to the second: 2026-10-29T14:07:31Z. */
const isoSeconds = (time: string): string => time.replace(/\.\d{3}Z$/, 'Z');

function behind(d: Deployment): string {
  if (d.rungsBehind === null) return d.version === null ? '?' : `? (latest ${d.latestVersion})`;
  if (d.rungsBehind === 0) return 'current';
  return `${d.rungsBehind} rung${d.rungsBehind === 1 ? '' : 's'}`;
}

function row(d: Deployment, now: number): string[] {
  const when = d.lastOperationAt ? `${ago(d.lastOperationAt, now)} (${isoSeconds(d.lastOperationAt)})` : '';
  return [
    `${d.profiles.join(', ')} (${d.account || 'account unknown'})`,
    d.region,
    d.stackName,
    d.version === null ? 'unknown' : d.versionSource === 'tag' ? `${d.version} (tag)` : d.version,
    d.status,
    [d.lastOperation ?? '', when].filter(Boolean).join(' '),
    behind(d),
  ];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map(r => width(safeText(r[i])))));
  return rows.map(r =>
    r
      .map((cell, i) => (i === r.length - 1 ? safeText(cell) : pad(cell, widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function deploymentsText(report: DeploymentsReport, now: number = Date.now()): string {
  const {deployments, unreadable} = report;
  const scope = `${report.profiles.length} profile${report.profiles.length === 1 ? '' : 's'} x ${report.regions.length} region${report.regions.length === 1 ? '' : 's'}`;
  const latest = deployments[0]?.latestVersion;
  const out: string[] = [];
  if (deployments.length === 0) {
    out.push(`No Panther deployment found in ${scope}${unreadable.length ? ' that could be read' : ''}.`);
  } else {
    out.push(`Panther deployments: ${deployments.length} in ${scope} (latest recommended version ${latest})`, '');
    out.push(...table([[...HEADERS], ...deployments.map(d => row(d, now))]));
    // What to do with one, with the first row's values: open it, or plan its upgrade.
    const d = deployments[0]!;
    const where = `-s ${d.stackName} -r ${d.region}${d.profiles[0] && d.profiles[0] !== 'default' ? ` -p ${d.profiles[0]}` : ''}`;
    const plan = d.rungsBehind ? `; its upgrade plan: panther-console ladder ${where} --to ${d.latestVersion}` : '';
    out.push('', safeText(`Open one: panther-console watch ${where} (or d in the console)${plan}`));
  }
  if (unreadable.length > 0) {
    out.push('', `NOT READ (${unreadable.length} of ${report.profiles.length * report.regions.length} profile/regions)`);
    out.push(...table(unreadable.map(u => [u.profile, u.region, u.kind, u.reason])));
  }
  if (report.warnings.length > 0) out.push('', 'NOTES', ...report.warnings.map(w => `  ${safeText(w)}`));
  out.push('', `API calls: ${report.apiCalls.cloudformation} (CloudFormation)`);
  return `${out.join('\n')}\n`;
}
