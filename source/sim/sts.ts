// STS GetCallerIdentity: who the simulated credentials belong to.
import type {QueryHandler} from './cloudformation.js';

export const stsActions: Record<string, QueryHandler> = {
  GetCallerIdentity: (_p, ctx) => ({
    UserId: ctx.view.world.caller.userId,
    Account: ctx.view.world.account,
    Arn: ctx.view.world.caller.arn,
  }),
};
