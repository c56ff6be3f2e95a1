// The Details pane of the upgrade screen: one rung in full (URLs, migrations, the change set summaries, the build,
// what failed), as styled lines pre-wrapped to the pane's width (the pane scrolls them).
import {rungStateLabel, type ChangeSummary, type WalkState} from '../domain/upgrade-walk.js';
import type {Line} from './details-lines.js';
import {clean, wrap} from './text.js';
import type {Style, Theme} from './theme.js';

const LABEL = 11;
const TARGET: Record<ChangeSummary['target'], string> = {role: 'deployment role', root: 'root stack'};

export function rungDetailLines(walk: WalkState, index: number, width: number, theme: Theme): Line[] {
  const r = walk.rungs[index];
  if (!r) return [[{text: walk.rungs.length === 0 ? `Already on ${walk.from}: nothing to upgrade.` : 'No rung selected.', style: theme.text.muted}]];
  const lines: Line[] = [];
  const valueWidth = Math.max(8, width - LABEL);
  const field = (label: string, value: string, style?: Style): void => {
    wrap(value, valueWidth).forEach((text, i) => lines.push([{text: (i === 0 ? label : '').padEnd(LABEL), style: theme.text.muted}, {text, style}]));
  };
  const heading = (text: string, style: Style = theme.text.title): void => {
    for (const t of wrap(text, width)) lines.push([{text: t, style}]);
  };
  const item = (text: string, style?: Style): void => {
    wrap(text, Math.max(8, width - 2)).forEach((t, i) => lines.push([{text: i === 0 ? '- ' : '  '}, {text: t, style}]));
  };

  heading(`Rung ${index + 1}/${walk.rungs.length} · ${r.version} (from ${r.rung.previous}) · ${rungStateLabel(r)}`);
  if (r.message) field(r.state === 'failed' ? 'FAILED' : r.state === 'needs-input' ? 'Needs' : 'Note', r.message, r.state === 'failed' ? theme.status.failed : theme.banner.warning);
  for (const s of r.summaries) {
    const count = s.changeSet
      ? s.noChanges
        ? 'no changes (already there)'
        : `${s.changeSet.changes.length} change${s.changeSet.changes.length === 1 ? '' : 's'}`
      : 'dry run: would create a change set (nothing created)';
    heading(`${TARGET[s.target]} · ${s.stackName}: ${count}`, theme.text.accent);
    for (const c of s.changeSet?.changes ?? []) {
      const replace = c.replacement === 'True' ? ' · REPLACEMENT' : c.replacement === 'Conditional' ? ' · may replace' : '';
      item(`${c.action} ${c.logicalId} · ${c.resourceType}${replace}`, replace ? theme.status.failed : undefined);
    }
    if (s.changeSet) field('Change set', s.changeSet.name);
    field('URL', s.templateUrl);
    field('Parameters', `${s.kept.length} kept (UsePreviousValue)`);
    for (const p of s.set) field('', `set ${p.key} = ${JSON.stringify(p.value)}${p.previous !== null ? ` (was ${JSON.stringify(p.previous)})` : ' (new)'}`, theme.banner.warning);
    field('Options', 'capabilities IAM, NAMED_IAM, AUTO_EXPAND; nested stacks included; tags unchanged');
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
  if (r.build) field('Build', `${r.build.id} ${r.build.status} · ${r.build.phase}`);
  if (r.verified) field('Verified', `Panther ${r.verified}`, theme.status.complete);
  return lines.map(line => line.map(seg => ({...seg, text: clean(seg.text)})));
}
