// The Details pane of the upgrade screen: one rung in full, as styled lines pre-wrapped to the pane's width (the
// pane scrolls them). A rung with change sets opens on its review: the counts, every DANGER change, each stack's
// summary (the lines the typed confirmation must be seen with), then every change grouped by stack, the parameters
// from the rung's template, and the plan (URLs, migrations, after-steps).
import {changeLine, countsLine, dangerLine, isCreation, typeCountsLine} from '../domain/change-review.js';
import {parameterPhrase, parametersLine} from '../domain/rung-parameters.js';
import {rungCounts, rungDangers, rungStateLabel, rungUnread, TARGET_LABEL as TARGET, type WalkState} from '../panther/upgrade-walk.js';
import type {Line} from './details-lines.js';
import {clean, wrap} from './text.js';
import type {Style, Theme} from './theme.js';

const LABEL = 11;

export interface RungDetails {
  lines: Line[];
  /**
   * How many lines from the top are the rung's change set summary (heading, counts, every DANGER line, each
   * stack's line): the typed confirmation is asked only while all of them are on screen.
   */
  summaryLines: number;
}

export function rungDetailLines(walk: WalkState, index: number, width: number, theme: Theme): RungDetails {
  const r = walk.rungs[index];
  if (!r) {
    const text = walk.rungs.length === 0 ? `Already on ${walk.from}: nothing to upgrade.` : 'No rung selected.';
    return {lines: [[{text, style: theme.text.muted}]], summaryLines: 1};
  }
  const lines: Line[] = [];
  const valueWidth = Math.max(8, width - LABEL);
  const field = (label: string, value: string, style?: Style): void => {
    wrap(value, valueWidth).forEach((text, i) =>
      lines.push([
        {text: (i === 0 ? label : '').padEnd(LABEL), style: theme.text.muted},
        {text, style},
      ]),
    );
  };
  const heading = (text: string, style: Style = theme.text.title): void => {
    for (const t of wrap(text, width)) lines.push([{text: t, style}]);
  };
  const item = (text: string, style?: Style, indent = 0): void => {
    const pad = ' '.repeat(indent);
    wrap(text, Math.max(8, width - 2 - indent)).forEach((t, i) => lines.push([{text: `${pad}${i === 0 ? '- ' : '  '}`}, {text: t, style}]));
  };

  heading(
    walk.kind === 'deploy'
      ? `Deploy ${r.version} · the first deploy of ${walk.stackName} · ${rungStateLabel(r)}`
      : `Rung ${index + 1}/${walk.rungs.length} · ${r.version} (from ${r.rung.previous}) · ${rungStateLabel(r)}`,
  );
  if (r.message)
    field(
      r.state === 'failed' ? 'FAILED' : r.state === 'needs-input' ? 'Needs' : 'Note',
      r.message,
      r.state === 'failed' ? theme.status.failed : theme.banner.warning,
    );
  if (r.waiting) field('Waiting', r.waiting, theme.text.muted);

  // The summary the confirmation is bound to.
  const reviewed = r.summaries.filter(s => s.changeSet);
  const dangers = rungDangers(r);
  if (reviewed.length > 0) {
    const counts = countsLine(rungCounts(r));
    heading(`Review: ${counts}${dangers.length ? ` · ${dangers.length} DANGER` : ''}`, dangers.length ? theme.status.failed : theme.text.accent);
    for (const d of dangers) heading(dangerLine(d), theme.status.failed);
    for (const u of rungUnread(r)) heading(`NOT REVIEWED ${u}: what changes in that nested stack is unknown`, theme.status.failed);
    for (const s of r.summaries) {
      if (!s.changeSet) continue;
      const creation = isCreation(s.changeSet.review);
      const what = s.noChanges
        ? 'no changes (already there)'
        : creation
          ? `creates ${s.changeSet.review.counts.changes} resources in ${s.changeSet.review.groups.length} stacks`
          : countsLine(s.changeSet.review.counts, true);
      heading(`${TARGET[s.target]} ${s.stackName}: ${what}`, theme.text.accent);
      // A stack created from nothing: what it makes, by type, and the IAM it may create (the capabilities acknowledged).
      if (creation) heading(`  ${typeCountsLine(s.changeSet.review, 8)}`);
      if (s.changeSet.capabilities?.length) heading(`  capabilities ${s.changeSet.capabilities.join(', ')}`, theme.banner.warning);
      // What the update does to the parameters is part of what is approved (a creation's, in one wrapped line).
      if (creation) heading(`  ${parametersLine(s.parameters)}`, theme.banner.warning);
      else for (const p of s.parameters) if (p.fate !== 'kept') heading(`  ${parameterPhrase(p)}`, theme.banner.warning);
    }
  }
  const summaryLines = lines.length;

  for (const s of r.summaries) {
    const cs = s.changeSet;
    // With a change set its counts are in the summary above: here, its changes.
    heading(
      `${TARGET[s.target]} · ${s.stackName}${cs ? (s.noChanges ? ': no changes' : '') : ': dry run: would create a change set (nothing created)'}`,
      theme.text.accent,
    );
    if (cs) {
      for (const g of cs.review.groups) {
        if (g.changes.length === 0) continue;
        if (g.path) heading(`  ${g.path} (${g.stackName})`, theme.text.muted);
        for (const c of g.changes) {
          const style = c.danger ? theme.status.failed : c.replacement ? theme.banner.warning : undefined;
          item(changeLine({...c, path: ''}), style, g.path ? 2 : 0);
        }
      }
      field('Change set', cs.name);
    }
    field('URL', s.templateUrl);
    const kept = s.parameters.filter(p => p.fate === 'kept').length;
    field('Parameters', `${kept} kept (UsePreviousValue)`);
    for (const p of s.parameters) {
      if (p.fate === 'kept') continue;
      field('', parameterPhrase(p), p.fate === 'needs-value' ? theme.status.failed : theme.banner.warning);
    }
    field(
      'Options',
      walk.kind === 'deploy'
        ? 'CREATE change set; capabilities IAM, NAMED_IAM, AUTO_EXPAND; nested stacks included; no tags'
        : 'capabilities IAM, NAMED_IAM, AUTO_EXPAND; nested stacks included; tags unchanged',
    );
    const status = r.status[s.target];
    if (status) field('Status', status);
  }
  // The plan after what will change: the change sets are what the user confirms.
  field('Template', r.rung.templateUrl);
  field('Role', r.rung.deploymentRoleTemplateUrl);
  if (r.rung.migrations.length > 0) {
    heading('Migrations');
    for (const m of r.rung.migrations) item(`${m.title}: ${m.action}`);
  }
  for (const b of r.rung.blocked) field('Blocked', `${b.parameter}: ${b.message}`, theme.banner.warning);
  if (r.rung.after.length > 0) field('After', r.rung.after.join('; '));
  if (r.build) field('Build', `${r.build.id} ${r.build.status} · ${r.build.phase}${r.build.logs ? ` · logs ${r.build.logs}` : ''}`);
  if (r.verified) field('Verified', `Panther ${r.verified}`, theme.status.complete);
  return {lines: lines.map(line => line.map(seg => ({...seg, text: clean(seg.text)}))), summaryLines};
}
