// `cleanup` as text: the root stack to delete and its command, then what the rollback retained, grouped by what
// needs a person's attention first (not empty, not checked), each with what its read found and its command; then how
// the run ended. Every line is sanitised (names and reasons come from AWS).
import {retainedSummary, type CleanupPlan, type PlannedRemoval} from '../domain/failed-first-deploy.js';
import {safeText} from '../text/display.js';
import {retainedDetail} from './cleanup-common.js';
import type {CleanupJson, CleanupOutcome} from './cleanup-json-schema.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Group {
  title: string;
  test: (r: PlannedRemoval) => boolean;
  /** Each member's detail is left out (what it found is the group's title), unless it says what to do first. */
  terse?: boolean;
}

const GROUPS: readonly Group[] = [
  {title: 'Not empty: look before you delete', test: r => r.state.exists !== false && !r.state.pendingDeletion && r.state.empty === false},
  {title: 'Not checked', test: r => r.state.exists === null},
  {title: 'Still there, emptiness not read', test: r => r.state.exists === true && !r.state.pendingDeletion && r.state.empty === null},
  {
    title: "Empty (a table's ItemCount is approximate: DynamoDB updates it about every 6 hours)",
    test: r => r.state.exists === true && r.state.empty === true,
    terse: true,
  },
  {title: 'Nothing to do', test: r => r.state.exists === false || Boolean(r.state.pendingDeletion)},
];

function resourceLines(r: PlannedRemoval, terse: boolean): string[] {
  const where = r.path ? `${r.path}/${r.logicalResourceId}` : r.logicalResourceId;
  const lines = [`  ${where}  ${r.resourceType}  ${r.physicalResourceId}`];
  if (!terse || r.removal.note) lines.push(`    ${retainedDetail(r)}`);
  if (r.removal.command) lines.push(`    ${r.removal.command}`);
  return lines;
}

/** The plan: what is deleted, what stays and the commands that remove it. */
export function cleanupPlanLines(plan: CleanupPlan): string[] {
  const {stack} = plan;
  const lines = [
    `${stack.stackName} (${plan.region}): a failed first deploy, ${stack.status}`,
    `  ${stack.stackId}`,
    '',
    `Delete the root stack (it holds the name ${stack.stackName} until it is deleted):`,
    `  ${plan.rootCommand}`,
    '',
  ];
  const s = retainedSummary(plan);
  if (s.total === 0) {
    lines.push('The rollback retained nothing (no DELETE_SKIPPED resource in the root or its nested stacks).');
    return lines.map(l => safeText(l));
  }
  const gone = plan.retained.filter(r => r.state.exists === false).length;
  lines.push(
    `Retained by the rollback (DeletionPolicy Retain): ${plural(s.total, 'resource')} in ${plural(s.stacks, 'stack')}; ` +
      `${s.present} still there, ${s.notEmpty} not empty, ${gone} gone${s.unchecked ? `, ${s.unchecked} not checked` : ''}.`,
    'The console never deletes them: keep what you need, then run their commands yourself.',
  );
  const placed = new Set<PlannedRemoval>();
  for (const group of GROUPS) {
    const members = plan.retained.filter(r => !placed.has(r) && group.test(r));
    if (members.length === 0) continue;
    lines.push('', `${group.title}: ${members.length}`);
    for (const r of members) {
      placed.add(r);
      lines.push(...resourceLines(r, group.terse ?? false));
    }
  }
  return lines.map(l => safeText(l));
}

/** How the run ended: a dry run's hint, or what the delete of the root came to. */
export function cleanupEndLines(plan: CleanupPlan, executed: {status: CleanupOutcome; reason: string} | null): string[] {
  const {stackName, stackId} = plan.stack;
  const left = plan.retained.filter(r => r.state.exists !== false && !r.state.pendingDeletion).length;
  const after = left ? ` The ${plural(left, 'retained resource')} listed above stay: remove them with their commands, or keep them.` : '';
  let line: string;
  switch (executed?.status) {
    case undefined:
      line =
        `dry run: nothing deleted. To delete ${stackName}: panther-console cleanup --stack ${stackName} --execute ` +
        `(a terminal asks you to type its name; a script adds --approve ${stackName}).`;
      break;
    case 'DELETE_COMPLETE':
      line = `deleted: ${stackName} is DELETE_COMPLETE (${stackId}); the name ${stackName} is free for a new deploy.${after}`;
      break;
    case 'DELETE_FAILED':
      line = `delete failed: ${stackName} is DELETE_FAILED${executed.reason ? `: ${executed.reason}` : ''}. Remove what blocks it, then run cleanup again or: ${plan.rootCommand}`;
      break;
    case 'CANCELLED':
      line = `cancelled: nothing deleted (${stackName} is still ${plan.stack.status}).`;
      break;
    case 'INTERRUPTED':
      line = `interrupted: the delete of ${stackName} goes on in CloudFormation (aws cloudformation describe-stacks --stack-name ${stackId}).`;
      break;
  }
  return [safeText(line)];
}

export function apiCallsLine(calls: CleanupJson['apiCalls']): string {
  return `API calls: CloudFormation ${calls.cloudformation}, S3 ${calls.s3}, DynamoDB ${calls.dynamodb}, CloudWatch Logs ${calls.logs}, KMS ${calls.kms}, IAM ${calls.iam}`;
}
