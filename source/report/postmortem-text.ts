// The post-mortem as plain text for a terminal or a log: no colour codes (a caller may add them), wrapped to a
// width, every untrusted string sanitised again (defence in depth) and capped (a 10 MB reason prints its first
// 4,000 characters and says how many more there are; --format json has them all).
import {safeText} from '../text/display.js';
import {labelled, wrap} from '../text/layout.js';
import {chainPath, operationLine} from './postmortem-common.js';
import type {PostMortem} from '../domain/types.js';

export interface TextOptions {
  /** Columns; default 100. Infinity: no wrapping (a pipe or a log, where grep wants whole lines and whole ARNs). */
  width?: number;
}

export function postMortemText(pm: PostMortem, options: TextOptions = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const s = (v: string | null | undefined) => safeText(v);
  const out: string[] = [];
  const field = (label: string, text: string, indent = 2) => out.push(...labelled(label.padEnd(11), s(text), width, indent));

  out.push(...wrap(`Post-mortem of ${s(pm.stack.name) || s(pm.stack.id)}`, width));
  field('Stack', pm.stack.id, 2);
  field('Status', pm.stack.status + (pm.stack.statusReason ? ` (${pm.stack.statusReason})` : ''));
  field('Operation', operationLine(pm));
  out.push('');

  const rc = pm.rootCause;
  if (!rc) {
    out.push(
      pm.operation
        ? `No failure: the latest operation ${pm.operation.outcome === 'IN_PROGRESS' ? 'is still in progress' : 'did not fail'}.`
        : 'No operation found.',
    );
  } else {
    out.push('ROOT CAUSE');
    const where = chainPath(pm.chain, rc).map(s).join(' > ');
    field('Where', `${where}${rc.deleted ? '  [deleted]' : ''}`);
    field('Resource', `${rc.logicalResourceId} (${rc.resourceType})${rc.physicalResourceId ? ` ${rc.physicalResourceId}` : ''}`);
    field('Status', `${rc.status} at ${rc.timestamp}`);
    field('Reason', rc.reason);
    field('Category', rc.category);
    field('Hint', rc.hint);
    if (pm.chain.length > 1) {
      out.push('', 'CHAIN');
      pm.chain.forEach((l, i) =>
        out.push(...labelled(`${i + 1}. `, s(`${l.stackName} / ${l.logicalResourceId}  ${l.status}${l.reason ? `: ${l.reason}` : ''}`), width, 2)),
      );
    }
  }

  if (pm.deniedCalls.length > 0) {
    out.push('', `DENIED CLOUDTRAIL CALLS (${pm.deniedCalls.length})`);
    for (const d of pm.deniedCalls) {
      out.push(...wrap(s(`${d.eventTime}  ${d.eventSource} ${d.eventName}  ${d.errorCode}`), width - 2).map(l => `  ${l}`));
      field('denied by', d.denial, 4);
      if (d.policyArn) field('policy', d.policyArn, 4);
      field('principal', d.principal, 4);
      if (d.errorMessage) field('message', d.errorMessage, 4);
    }
  }

  if (pm.otherFailures.length > 0) {
    out.push('', `OTHER FAILURES (${pm.otherFailures.length})`);
    for (const f of pm.otherFailures) {
      out.push(...wrap(s(`${f.timestamp}  ${f.stackName} > ${f.logicalResourceId}  ${f.status}`), width - 2).map(l => `  ${l}`));
      if (f.reason) out.push(...wrap(s(f.reason), width - 4).map(l => `    ${l}`));
      out.push(...wrap(s(`${f.category} ▸ ${f.hint}`), width - 4).map(l => `    ${l}`));
    }
  }

  if (pm.notes.length > 0) {
    out.push('', 'NOTES');
    for (const n of pm.notes) out.push(...labelled('- ', s(n), width, 2));
  }
  out.push('', `API calls: CloudFormation ${pm.apiCalls.cloudformation}, CloudTrail ${pm.apiCalls.cloudtrail}`);
  return `${out.map(l => l.trimEnd()).join('\n')}\n`;
}
