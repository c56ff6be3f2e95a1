// The deployment picker's text, pure: its title, one deployment in two lines (what it is; who sees it and its last
// operation), those not read (dimmed, with why), the empty and loading states, and the key line.
import type {Deployment, DeploymentsReport, UnreadableTarget} from '../panther/deployments.js';
import {ago} from '../report/deployments-text.js';
import type {ListingState} from '../store/console-sessions.js';
import {fitLine, type Line} from './details-lines.js';
import {pad, truncate, width as textWidth} from './text.js';
import {statusStyle, type Theme} from './theme.js';

export interface PickerView {
  /** The deployments the filter keeps, in the list's order. */
  rows: readonly Deployment[];
  /** The row under the cursor (-1: none). */
  index: number;
  /** First visible line, and how many lines the list shows. */
  top: number;
  viewport: number;
  filter: string;
  typing: boolean;
  listing: ListingState;
  /** The deployment open now, and the one being opened. */
  currentStackId: string | null;
  openingStackId: string | null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function scope(report: DeploymentsReport): string {
  return `${plural(report.profiles.length, 'profile')} x ${plural(report.regions.length, 'region')}`;
}

export function pickerTitle(view: PickerView): string {
  const {listing} = view;
  const report = listing.report;
  const head = report ? `Deployments · ${report.deployments.length} in ${scope(report)}` : 'Deployments';
  const progress = listing.progress ? ` ${listing.progress.done}/${listing.progress.total}` : '';
  const state = listing.state === 'reading' ? ` · reading${progress}…` : listing.state === 'failed' && report ? ' · the last read failed' : '';
  return `${head}${state}`;
}

/** The deployed version; one read from the PantherVersion tags (the template names none) says so. */
function versionText(d: Deployment): string {
  if (d.version === null) return 'unknown';
  return d.versionSource === 'tag' ? `${d.version} (tag)` : d.version;
}

/** How far behind the latest recommended version. */
function behind(d: Deployment): string {
  if (d.rungsBehind === null) return d.version === null ? '' : 'behind ?';
  if (d.rungsBehind === 0) return 'current';
  return `${plural(d.rungsBehind, 'rung')} behind`;
}

/** The width of each column of the first line, from the rows (capped, so one long name does not push the rest out). */
function columns(rows: readonly Deployment[]): {name: number; region: number; version: number; status: number} {
  const widest = (f: (d: Deployment) => string, cap: number, min: number) => Math.min(cap, Math.max(min, ...rows.map(d => textWidth(f(d)))));
  return {
    name: widest(d => d.stackName, 28, 5),
    region: widest(d => d.region, 14, 6),
    version: widest(versionText, 14, 7),
    status: widest(d => d.status, 26, 6),
  };
}

/** Every line of the list (the Details component windows them): two per deployment, then those not read. */
export function pickerLines(view: PickerView, width: number, theme: Theme, now: number): Line[] {
  const {listing, rows} = view;
  const report = listing.report;
  const lines: Line[] = [];
  if (!report) {
    const text =
      listing.state === 'failed'
        ? `Could not list the deployments: ${listing.error ?? 'unknown error'}`
        : `Reading the Panther deployments your credentials reach${listing.progress ? ` (${listing.progress.done}/${listing.progress.total} profile/regions)` : ''}…`;
    return [[{text, style: listing.state === 'failed' ? theme.status.failed : theme.text.muted}]];
  }
  if (rows.length === 0) {
    const none =
      report.deployments.length === 0
        ? `No Panther deployment found in ${scope(report)}${report.unreadable.length ? ' that could be read' : ''}.` +
          // The stack open now is not among them: it is no Panther root (any stack can be watched).
          (view.currentStackId && report.unreadable.length === 0 ? ' The stack open now is not a Panther root stack.' : '')
        : `No deployment matches "${view.filter}" (Esc clears the filter).`;
    lines.push([{text: none, style: theme.text.muted}]);
  }
  const w = columns(rows);
  // On a narrow terminal how far behind moves to the second line, whole, rather than be cut off the first.
  const fixed = 3 + w.name + w.region + w.version + w.status + 8;
  const below = fixed + Math.max(0, ...rows.map(d => textWidth(behind(d)))) > width;
  rows.forEach((d, i) => {
    const cursor = i === view.index;
    const current = d.stackId === view.currentStackId;
    const opening = d.stackId === view.openingStackId;
    const select = cursor ? theme.selection : {};
    const gutter = `${cursor ? '›' : ' '}${opening ? '…' : current ? '●' : ' '} `;
    const version = versionText(d);
    lines.push([
      {text: gutter, style: select},
      {text: `${pad(truncate(d.stackName, w.name), w.name)}  `, style: {...theme.text.title, ...select}},
      {text: `${pad(d.region, w.region)}  `, style: select},
      {text: `${pad(version, w.version)}  `, style: select},
      {text: below ? d.status : `${pad(d.status, w.status)}  `, style: {...statusStyle(theme, d.status), ...select}},
      {text: below ? '' : behind(d), style: {...(d.rungsBehind ? theme.banner.warning : theme.text.muted), ...select}},
    ]);
    const who = `${d.profiles.join(', ')} (${d.account || 'account unknown'})`;
    const last = [d.lastOperation ?? '', d.lastOperationAt ? ago(d.lastOperationAt, now) : ''].filter(Boolean).join(' ');
    const marks = [below ? behind(d) : '', current ? 'open now' : '', opening ? 'opening…' : ''].filter(Boolean);
    lines.push([{text: `    ${[who, last ? `last ${last}` : '', ...marks].filter(Boolean).join(' · ')}`, style: theme.text.muted}]);
  });
  if (report.unreadable.length > 0) lines.push(...unreadableLines(report, theme));
  // One line, whatever the width: the window counts lines, so none may wrap.
  return lines.map(line => fitLine(line, width));
}

function unreadableLines(report: DeploymentsReport, theme: Theme): Line[] {
  const total = report.profiles.length * report.regions.length;
  const row = (u: UnreadableTarget): Line => [{text: `  ✗ not read: ${u.profile} · ${u.region} · ${u.kind}: ${u.reason}`, style: theme.text.muted}];
  return [[{text: `Not read (${report.unreadable.length} of ${total} profile/regions)`, style: theme.text.muted}], ...report.unreadable.map(row)];
}

/** Lines under the deployments (not read): in view when the cursor is on the last row. */
export function extraLines(report: DeploymentsReport | null): number {
  return report && report.unreadable.length > 0 ? report.unreadable.length + 1 : 0;
}

/** The key line under the list: the filter as it is typed, or the keys. */
export function pickerFooter(view: Pick<PickerView, 'filter' | 'typing'>): {prompt: string | null; keys: string} {
  if (view.typing) return {prompt: view.filter, keys: '  ↑↓ move · Enter open · Esc clear'};
  const applied = view.filter ? `filter "${view.filter}" · ` : '';
  return {prompt: null, keys: `${applied}↑↓ j k move · Enter open · / filter · Esc ${view.filter ? 'clear' : 'close'}`};
}
