// The post-mortem as Markdown for a support ticket: headings, tables, the full reason in a fenced block. Every
// untrusted string goes through markdown.ts (sanitised, capped, escaped): none can add a link, an image or HTML.
import {cell, code, fenced, inline} from './markdown.js';
import {chainPath, operationLine} from './postmortem-common.js';
import type {PostMortem} from '../domain/types.js';

export function postMortemMarkdown(pm: PostMortem): string {
  const out: string[] = [];
  out.push(`# Post-mortem: ${code(pm.stack.name || pm.stack.id)}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Stack | ${cell(pm.stack.name)} |`, `| Stack ID | ${cell(pm.stack.id)} |`, `| Status | ${cell(pm.stack.status)} |`);
  if (pm.stack.statusReason) out.push(`| Status reason | ${cell(pm.stack.statusReason)} |`);
  out.push(`| Operation | ${cell(operationLine(pm))} |`, '');

  const rc = pm.rootCause;
  out.push('## Root cause', '');
  if (!rc) {
    out.push(pm.operation ? `No failure: the latest operation's outcome is ${pm.operation.outcome}.` : 'No operation found.', '');
  } else {
    const where = chainPath(pm.chain, rc).map(cell).join(' › ');
    out.push('| | |', '|---|---|');
    out.push(`| Where | ${where}${rc.deleted ? ' (deleted)' : ''} |`);
    out.push(`| Resource | ${cell(rc.logicalResourceId)} (${cell(rc.resourceType)}) |`);
    if (rc.physicalResourceId) out.push(`| Physical ID | ${cell(rc.physicalResourceId)} |`);
    out.push(`| Status | ${cell(rc.status)} at ${cell(rc.timestamp)} |`);
    out.push(`| Stack ID | ${cell(rc.stackId)} |`);
    out.push(`| Category | ${cell(rc.category)} |`, '');
    out.push('**Reason**', '', ...fenced(rc.reason), '');
    out.push(`**What it means, what to do:** ${inline(rc.hint)}`, '');
    if (pm.chain.length > 1) {
      out.push('### Chain', '', '| # | Stack | Resource | Status | Reason |', '|---|---|---|---|---|');
      pm.chain.forEach((l, i) =>
        out.push(`| ${i + 1} | ${cell(l.stackName)} | ${cell(l.logicalResourceId)} | ${cell(l.status)} | ${cell(l.reason)} |`),
      );
      out.push('');
    }
  }

  if (pm.deniedCalls.length > 0) {
    out.push(
      '## Denied CloudTrail calls',
      '',
      '| Time | Source | Event | Error | Denied by | Policy | Principal | Message |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const d of pm.deniedCalls) {
      out.push(
        `| ${cell(d.eventTime)} | ${cell(d.eventSource)} | ${cell(d.eventName)} | ${cell(d.errorCode)} | ${cell(d.denial)} | ${cell(d.policyArn)} | ${cell(d.principal)} | ${cell(d.errorMessage)} |`,
      );
    }
    out.push('');
  }
  if (pm.otherFailures.length > 0) {
    out.push('## Other failures', '', '| Time | Stack | Resource | Status | Reason | Category | What to do |', '|---|---|---|---|---|---|---|');
    for (const f of pm.otherFailures) {
      out.push(
        `| ${cell(f.timestamp)} | ${cell(f.stackName)} | ${cell(f.logicalResourceId)} | ${cell(f.status)} | ${cell(f.reason)} | ${cell(f.category)} | ${cell(f.hint)} |`,
      );
    }
    out.push('');
  }
  if (pm.notes.length > 0) {
    out.push('## Notes', '', ...pm.notes.map(n => `- ${inline(n)}`), '');
  }
  out.push('## API calls', '', `CloudFormation: ${pm.apiCalls.cloudformation}, CloudTrail: ${pm.apiCalls.cloudtrail}`, '');
  return out.join('\n');
}
