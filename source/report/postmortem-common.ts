// Shared wording of the reports: where the root cause sits, and the headline.
import type {ChainLink, PostMortem} from '../domain/types.js';

/** `root > nested > Resource`: the stacks of the chain, then the failed resource (unless the leaf is a stack). */
export function chainPath(chain: readonly ChainLink[], fallback?: {stackName: string; logicalResourceId: string}): string[] {
  if (chain.length === 0) return fallback ? [fallback.stackName, fallback.logicalResourceId].filter((s, i, a) => a.indexOf(s) === i) : [];
  const parts = chain.map(l => l.stackName);
  const leaf = chain[chain.length - 1]!;
  if (leaf.logicalResourceId !== leaf.stackName) parts.push(leaf.logicalResourceId);
  return parts;
}

export function operationLine(pm: PostMortem): string {
  const op = pm.operation;
  if (!op) return 'none found';
  const ended = op.endedAt ? `, ended ${op.endedAt}` : '';
  return `${op.type} ${op.outcome} (started ${op.startedAt}${ended}${op.id ? `, id ${op.id}` : ''})`;
}
