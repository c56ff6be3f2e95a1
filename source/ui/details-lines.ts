import {classifyFailure} from '../domain/classify.js';
import {reasonGist} from '../domain/reason-gist.js';
// The Details pane's content as styled lines, built once per selected event and width (the pane scrolls them).
import type {TimelineRow} from '../domain/timeline.js';
import type {PostMortem, Stack} from '../domain/types.js';
import {clean, clock, truncate, width as textWidth, wrap} from './text.js';
import {statusStyle, type Style, type Theme} from './theme.js';

export interface Seg {
  text: string;
  style?: Style;
}
export type Line = Seg[];

/** A line's segments cut to `cols` columns in all. */
export function fitLine(line: Line, cols: number): Line {
  const out: Line = [];
  let left = cols;
  for (const seg of line) {
    if (left <= 0) break;
    const text = truncate(seg.text, left);
    out.push({...seg, text});
    left -= textWidth(text);
  }
  return out;
}

const LABEL = 11;

export interface DetailsInput {
  row: TimelineRow | null;
  stacks: ReadonlyMap<string, Stack>;
  postMortem: PostMortem | null;
  names: ReadonlyMap<string, string>;
  width: number;
  theme: Theme;
}

export function detailsLines({row, stacks, postMortem, names, width, theme}: DetailsInput): Line[] {
  if (!row) return [[{text: 'No event selected.', style: theme.text.muted}]];
  const e = row.event;
  const lines: Line[] = [];
  const valueWidth = Math.max(8, width - LABEL);
  const field = (label: string, value: string, style?: Style): void => {
    wrap(value, valueWidth).forEach((text, i) => {
      lines.push([
        {text: (i === 0 ? label : '').padEnd(LABEL), style: theme.text.muted},
        {text, style},
      ]);
    });
  };
  const heading = (text: string, style: Style): void => {
    lines.push([{text: clean(text), style}]);
  };

  const rootCause = postMortem?.rootCause ?? null;
  const isRoot = rootCause !== null && rootCause.eventId === e.eventId;
  // The root cause leads with what it means, the CloudTrail evidence (one line a call; the full records follow at
  // the end) and what to do: a few lines in view even in a small pane. CloudFormation's reason (long) follows.
  if (isRoot && rootCause) {
    heading('◆ ROOT CAUSE of the failed operation', {...theme.status.failed, bold: !theme.noColor});
    field('Category', rootCause.category, theme.text.accent);
    for (const c of postMortem?.deniedCalls ?? []) {
      const policy = c.policyArn ? ` ${c.policyArn.split('/').pop()}` : '';
      field(
        'Denied',
        `${clock(c.eventTime)} ${c.eventSource.replace(/\.amazonaws\.com$/, '')}:${c.eventName} ${c.errorCode} · ${c.denial}${policy}`,
        theme.status.failed,
      );
    }
    field('Hint', rootCause.hint);
  }

  // Anything else that failed says first that it is not the root cause, and where that is.
  if (row.kind === 'noise') {
    heading('Cancelled because something else failed: not a root cause (press e).', theme.text.muted);
  }
  if (!isRoot && row.kind === 'failure' && rootCause) {
    const where = `${names.get(rootCause.stackId) ?? rootCause.stackName}/${rootCause.logicalResourceId}`;
    field('Root cause', `${where}: ${rootCause.category} (press e)`, theme.text.accent);
    if (row.summary) heading('This failure only reports others below it.', theme.text.muted);
  }
  // Every real failure says what it means and what to do, as the reports' OTHER FAILURES do: the post-mortem's
  // diagnosis when it has one, else (while the operation runs) the same rules on the event.
  if (!isRoot && row.kind === 'failure' && !row.summary) {
    const diagnosed = postMortem?.otherFailures.find(f => f.eventId === e.eventId) ?? classifyFailure(e, {cloudTrail: false});
    field('Category', diagnosed.category, theme.text.accent);
    field('Hint', diagnosed.hint);
  }

  // What happened first (CloudFormation's reason), then where: a cut pane still shows the words that matter.
  field('Reason', e.reason || '(none)', row.kind === 'failure' ? theme.status.failed : undefined);
  const stack = stacks.get(e.stackId);
  const short = names.get(e.stackId) ?? e.stackName;
  const deleted = stack?.deleted ? '  ✝ deleted' : '';
  field('Resource', e.logicalResourceId);
  field('Stack', `${short}${short !== e.stackName ? `  (${e.stackName})` : ''}${deleted}`);
  field('Type', e.resourceType);
  if (e.physicalResourceId && e.physicalResourceId !== e.logicalResourceId) field('Physical', e.physicalResourceId);
  field('Status', e.status, statusStyle(theme, e.status));
  field('Time', e.timestamp);

  // Denied calls and notes belong to the root cause, not to the failures that followed it.
  if (isRoot && postMortem) {
    if (postMortem.deniedCalls.length > 0) {
      heading(`Denied calls (CloudTrail, ${postMortem.deniedCalls.length})`, theme.text.title);
      for (const c of postMortem.deniedCalls) {
        const svc = c.eventSource.replace(/\.amazonaws\.com$/, '');
        const policy = c.policyArn ? `  ${c.policyArn}` : '';
        for (const text of wrap(`${clock(c.eventTime)} ${svc}:${c.eventName} ${c.errorCode} · denied by ${c.denial}${policy}`, width - 2)) {
          lines.push([{text: '  '}, {text, style: theme.status.failed}]);
        }
        for (const text of wrap(`by ${c.principal}`, width - 4)) lines.push([{text: '    '}, {text, style: theme.text.muted}]);
        if (c.errorMessage) {
          for (const text of wrap(c.errorMessage, width - 4)) lines.push([{text: '    '}, {text, style: theme.text.muted}]);
        }
      }
    }
    for (const note of postMortem.notes) {
      for (const text of wrap(note, width)) lines.push([{text, style: theme.text.muted}]);
    }
  }
  return lines;
}

/** The gist of a CloudFormation reason in a few words (for the one-line banner). */
export function shortReason(reason: string): string {
  return reasonGist(clean(reason));
}
