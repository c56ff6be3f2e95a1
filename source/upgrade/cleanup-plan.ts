// The plan of `cleanup`, read from the account: the root stack the user named (a failed first deploy, or the reason
// it is not one), the command that deletes it, and every resource its rollback retained with what a read of it found
// and the command that removes it. Read-only: nothing here writes.
import {createRetainedClients, RetainedReader, type RetainedClients} from '../aws/retained-reader.js';
import type {RateLimiter} from '../aws/rate-limiter.js';
import {cleanupRefusal, deleteStackCommand, type CleanupPlan} from '../domain/failed-first-deploy.js';
import {removal} from '../domain/retained.js';
import type {StackEvent} from '../domain/types.js';
import {resolveRootStack} from '../store/resolve-root.js';
import type {CommandContext} from '../commands/context.js';

export type {CleanupPlan};

export interface PlanOptions {
  onProgress?: (message: string) => void;
  /** The data services' rate limiters (tests lift them). */
  limiter?: (perSecond: number) => RateLimiter;
}

/** The root and whether it may be deleted (no retained resource read yet). */
export async function readCleanupRoot(
  ctx: CommandContext,
  query: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<CleanupPlan & {events: StackEvent[]}> {
  onProgress(`finding ${query}`);
  const stack = await resolveRootStack(ctx.gateway, query, ctx.region);
  onProgress(`reading the events of ${stack.stackName}`);
  const events = await ctx.gateway.allStackEvents(stack.stackId);
  return {
    stack,
    region: ctx.region,
    refusal: cleanupRefusal(stack, events, ctx.region),
    rootCommand: deleteStackCommand(stack, ctx.region),
    retained: [],
    events,
  };
}

/** The resources the root's rollback retained, each read, with its command (a refused root has none read). */
export async function readRetained(
  ctx: CommandContext,
  root: CleanupPlan & {events: readonly StackEvent[]},
  options: PlanOptions = {},
): Promise<CleanupPlan> {
  const {events, ...plan} = root;
  if (plan.refusal) return plan;
  const clients: RetainedClients = createRetainedClients(ctx.clients, options.limiter);
  try {
    const reader = new RetainedReader(ctx.gateway, clients);
    const found = await reader.find(plan.stack, events, options.onProgress);
    const states = await reader.states(found, options.onProgress);
    return {...plan, retained: found.map((r, i) => ({...r, state: states[i]!, removal: removal(r, states[i]!, ctx.region)}))};
  } finally {
    clients.destroy();
  }
}

/** Both: the whole plan. */
export async function planCleanup(ctx: CommandContext, query: string, options: PlanOptions = {}): Promise<CleanupPlan> {
  return readRetained(ctx, await readCleanupRoot(ctx, query, options.onProgress), options);
}
