// STS GetCallerIdentity: who the simulated credentials belong to.
import type {QueryHandler} from './cloudformation.js';

export const stsActions: Record<string, QueryHandler> = {
  GetCallerIdentity: (_p, ctx) => ({
    UserId: ctx.scope?.caller.userId ?? ctx.view.world.caller.userId,
    Account: ctx.scope?.account ?? ctx.view.world.account,
    Arn: ctx.scope?.caller.arn ?? ctx.view.world.caller.arn,
  }),
};
