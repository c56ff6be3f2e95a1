import type {Gateway} from '../aws/gateway.js';
import {InputError} from '../errors.js';
import {isStackArn} from '../domain/stack-from-events.js';
import type {Stack} from '../domain/types.js';

/**
 * The root stack the user named. A live stack answers to its name; a deleted one only to its ARN, so a name that
 * DescribeStacks does not know is looked up in ListStacks (deleted stacks are kept 90 days) and the newest root
 * stack of that name wins.
 */
export async function resolveRootStack(gateway: Gateway, query: string, region: string): Promise<Stack> {
  const direct = await gateway.describeStack(query);
  if (direct) return direct;
  if (!isStackArn(query)) {
    const candidates = (await gateway.listStacks()).filter(s => s.stackName === query).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const newest = candidates.find(s => !s.parentId) ?? candidates[0];
    if (newest) {
      const deleted = await gateway.describeStack(newest.stackId);
      if (deleted) return deleted;
    }
  }
  throw new InputError(`Stack ${query} not found in ${region} (neither live nor deleted in the last 90 days). Check --stack and --region.`);
}
