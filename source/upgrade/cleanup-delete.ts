// `cleanup --execute`: DeleteStack on the root (by its ARN), then DescribeStacks (by ARN: a deleted stack is found
// only so) until it is DELETE_COMPLETE or DELETE_FAILED. The retained resources are never touched: the plan lists
// them with their commands, for a person to run.
import {deleteStack} from '../aws/stack-delete.js';
import {AwsError} from '../errors.js';
import type {CommandContext} from '../commands/context.js';
import type {CleanupPlan} from './cleanup-plan.js';

export interface DeleteOutcome {
  status: 'DELETE_COMPLETE' | 'DELETE_FAILED';
  reason: string;
}

export interface DeleteOptions {
  /** Between two reads of the stack. */
  intervalMs: number;
  /** Each status the stack shows, once, as it changes. */
  onStatus?: (status: string, reason: string) => void;
  /** Set (by Ctrl-C) to stop waiting: the delete goes on in CloudFormation. */
  signal?: {aborted: boolean};
  /** Give up waiting after this long (the delete goes on): AWS trouble, exit 3. */
  maxWaitMs?: number;
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Deletes the plan's root stack and waits for the end; 'interrupted' when the signal stopped the wait. */
export async function deleteRoot(ctx: CommandContext, plan: CleanupPlan, options: DeleteOptions): Promise<DeleteOutcome | 'interrupted'> {
  const {stackId, stackName} = plan.stack;
  await deleteStack(ctx.clients, stackId);
  const started = Date.now();
  const maxWait = options.maxWaitMs ?? 60 * 60_000;
  let shown = '';
  for (;;) {
    const stack = await ctx.gateway.describeStack(stackId);
    // By ARN a deleted stack is still found; nothing at all means it is gone as well.
    const status = stack?.status ?? 'DELETE_COMPLETE';
    const reason = stack?.statusReason ?? '';
    if (status !== shown) {
      options.onStatus?.(status, reason);
      shown = status;
    }
    if (status === 'DELETE_COMPLETE' || status === 'DELETE_FAILED') return {status, reason};
    if (options.signal?.aborted) return 'interrupted';
    if (Date.now() - started > maxWait) {
      throw new AwsError(
        `${stackName} is still ${status} after ${Math.round(maxWait / 60_000)} minutes; the delete goes on in CloudFormation (aws cloudformation describe-stacks --stack-name ${stackId}).`,
      );
    }
    await sleep(options.intervalMs);
  }
}
