// `cleanup`: what a failed first deploy left behind and the commands that remove it (source/upgrade/cleanup-*.ts).
// Without --execute a dry run that writes nothing. With it, after a typed confirmation (the stack's name, on a
// terminal) or --approve NAME (scripts), DeleteStack on the root by its ARN and a wait for DELETE_COMPLETE, with
// progress lines on stderr. The retained resources are never deleted, only listed with their commands.
import type {CallCounter} from '../aws/call-counter.js';
import type {CleanupPlan} from '../domain/failed-first-deploy.js';
import {InputError} from '../errors.js';
import {cleanupJson} from '../report/cleanup-json.js';
import type {CleanupJson, CleanupOutcome} from '../report/cleanup-json-schema.js';
import {apiCallsLine, cleanupEndLines, cleanupPlanLines} from '../report/cleanup-text.js';
import {safeText} from '../text/display.js';
import {deleteRoot} from '../upgrade/cleanup-delete.js';
import {readCleanupRoot, readRetained, type PlanOptions} from '../upgrade/cleanup-plan.js';
import type {CommandContext, CommonFlags} from './context.js';
import {requireStack} from './context.js';
import {progressLine} from './progress-line.js';

export interface CleanupFlags extends CommonFlags {
  execute?: boolean;
  approve?: string;
}

export interface CleanupDeps {
  /** Asks on the terminal; what was typed, or null (Ctrl-C, end of input). Default: a prompt on stdin and stderr. */
  ask?: (question: string) => Promise<string | null>;
  /** Set to stop waiting for the delete (default: Ctrl-C sets it). */
  signal?: {aborted: boolean};
  limiter?: PlanOptions['limiter'];
}

export function cleanupApiCalls(counter: CallCounter): CleanupJson['apiCalls'] {
  return {
    cloudformation: counter.total('CloudFormation'),
    s3: counter.total('S3'),
    dynamodb: counter.total('DynamoDB'),
    logs: counter.total('Logs'),
    kms: counter.total('KMS'),
    iam: counter.total('IAM'),
  };
}

type Executed = {status: CleanupOutcome; reason: string};

export async function cleanupCommand(ctx: CommandContext, flags: CleanupFlags, deps: CleanupDeps = {}): Promise<number> {
  const query = requireStack(flags, 'cleanup');
  const json = flags.format === 'json';
  const progress = progressLine(ctx.stderr);
  let plan: CleanupPlan;
  try {
    const root = await readCleanupRoot(ctx, query, m => progress.update(m));
    if (!root.refusal && flags.execute) checkApproval(root, flags, ctx.interactive);
    plan = await readRetained(ctx, root, {onProgress: m => progress.update(m), limiter: deps.limiter});
  } finally {
    progress.done();
  }
  const print = (executed: Executed | null) => {
    const calls = cleanupApiCalls(ctx.clients.counter);
    if (json) ctx.stdout.write(`${JSON.stringify(cleanupJson(plan, executed, calls), null, 2)}\n`);
    else ctx.stdout.write([...cleanupEndLines(plan, executed), apiCallsLine(calls), ''].join('\n'));
  };
  if (plan.refusal) {
    if (json) print(null);
    throw new InputError(plan.refusal);
  }
  if (!json) ctx.stdout.write(`${cleanupPlanLines(plan).join('\n')}\n\n`);
  if (!flags.execute) {
    print(null);
    return 0;
  }
  if (!flags.approve && !(await confirmed(ctx, plan, deps))) {
    print({status: 'CANCELLED', reason: 'not confirmed'});
    return 1;
  }
  const signal = deps.signal ?? {aborted: false};
  const onSigint = () => {
    signal.aborted = true;
  };
  if (!deps.signal) process.on('SIGINT', onSigint);
  let executed: Executed;
  try {
    const outcome = await deleteRoot(ctx, plan, {
      intervalMs: (flags.interval ?? 2) * 1000,
      signal,
      onStatus: (status, reason) => ctx.stderr.write(`${safeText(`deleting ${plan.stack.stackName}: ${status}${reason ? ` (${reason})` : ''}`)}\n`),
    });
    executed = outcome === 'interrupted' ? {status: 'INTERRUPTED', reason: 'Ctrl-C: the delete goes on in CloudFormation'} : outcome;
  } finally {
    if (!deps.signal) process.off('SIGINT', onSigint);
  }
  print(executed);
  return executed.status === 'DELETE_COMPLETE' ? 0 : executed.status === 'INTERRUPTED' ? 130 : 1;
}

/** --approve, when given (a script, or a terminal that wants no prompt), must name the root stack: checked before any write. */
function checkApproval(plan: CleanupPlan, flags: CleanupFlags, interactive: boolean): void {
  const name = plan.stack.stackName;
  if (flags.approve === undefined) {
    if (interactive) return;
    throw new InputError(`cleanup --execute without a terminal needs --approve ${name} (the root stack's name), to delete it.`);
  }
  if (flags.approve !== name)
    throw new InputError(`--approve ${flags.approve} does not name the stack to delete: it is ${name} (--approve ${name}).`);
}

/** The typed confirmation: the stack's name, exactly; anything else cancels. */
async function confirmed(ctx: CommandContext, plan: CleanupPlan, deps: CleanupDeps): Promise<boolean> {
  const name = plan.stack.stackName;
  const question = safeText(`Delete ${name} (${plan.stack.stackId})? Type its name to confirm, anything else cancels: `);
  const answer = await (deps.ask ?? (q => askOnTerminal(q, ctx.stderr)))(question);
  return answer !== null && answer.trim() === name;
}

/** One line read from the terminal (stdin), the question on stderr; null on Ctrl-C or the end of input. */
async function askOnTerminal(question: string, output: NodeJS.WritableStream): Promise<string | null> {
  const {createInterface} = await import('node:readline');
  return new Promise(resolve => {
    const rl = createInterface({input: process.stdin, output, terminal: true});
    let answered = false;
    const finish = (value: string | null) => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(value);
    };
    rl.on('SIGINT', () => {
      output.write('\n');
      finish(null);
    });
    rl.on('close', () => finish(null));
    rl.question(question, answer => finish(answer));
  });
}
