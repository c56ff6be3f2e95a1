// Fetches what version detection and the ladder need from a deployed Panther: the root stack (parameters,
// tags), a few nested stacks (their PantherVersion tags; Bootstrap's outputs for the api.<domain> alias record)
// and, only when no tag is found, the root template. Few calls: a plan must not eat the account's API budget.
import {GetTemplateCommand, paginateListStackResources} from '@aws-sdk/client-cloudformation';
import type {Stack} from '../domain/types.js';
import {sanitize} from '../text/sanitize.js';
import {ConsoleError} from './errors.js';
import type {Gateway} from './gateway.js';

export interface NestedStackRef {
  logicalId: string;
  stackId: string;
  status: string;
}

export interface DeployedPanther {
  rootStack: Stack;
  /** Every nested stack resource of the root (not yet described). */
  nested: NestedStackRef[];
  /** The nested stacks described (a few, Bootstrap first), for their tags and outputs. */
  nestedStacks: Stack[];
  /** The Bootstrap nested stack, when the root has one. */
  bootstrap: Stack | null;
  /** The root's template body, fetched only when no described stack carries a PantherVersion tag. */
  templateBody?: string;
}

export interface LoadOptions {
  /** Nested stacks to describe for tags (default 4). */
  maxDescribed?: number;
}

export async function loadDeployedPanther(gateway: Gateway, stack: string, options: LoadOptions = {}): Promise<DeployedPanther> {
  const {clients} = gateway;
  const rootStack = await gateway.describeStack(stack);
  if (!rootStack || rootStack.deleted) {
    const region = await clients.region().catch(() => 'this region');
    throw new ConsoleError(`Stack ${stack} not found in ${region}: check --stack and --region.`, 2);
  }
  if (rootStack.parentId) {
    throw new ConsoleError(
      `${rootStack.stackName} is a nested stack: pass the root stack (${rootStack.rootId ?? rootStack.parentId}) to --stack.`,
      2,
    );
  }

  const nested: NestedStackRef[] = [];
  // ListStackResources, not DescribeStackResources: the latter stops at 100 resources.
  for await (const page of paginateListStackResources({client: clients.cloudformation}, {StackName: rootStack.stackId})) {
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceType !== 'AWS::CloudFormation::Stack' || !r.PhysicalResourceId) continue;
      if (r.ResourceStatus === 'DELETE_COMPLETE') continue;
      nested.push({logicalId: sanitize(r.LogicalResourceId ?? ''), stackId: r.PhysicalResourceId, status: r.ResourceStatus ?? ''});
    }
  }

  // Bootstrap first: its outputs feed the api.<domain> alias record; then the others in the API's order.
  const ordered = [...nested.filter(n => n.logicalId === 'Bootstrap'), ...nested.filter(n => n.logicalId !== 'Bootstrap')];
  const picked = ordered.slice(0, Math.max(1, options.maxDescribed ?? 4));
  const described = await Promise.all(picked.map(async n => ({ref: n, stack: await gateway.describeStack(n.stackId)})));
  const nestedStacks = described.flatMap(d => (d.stack ? [d.stack] : []));
  const bootstrap = described.find(d => d.ref.logicalId === 'Bootstrap')?.stack ?? null;

  const result: DeployedPanther = {rootStack, nested, nestedStacks, bootstrap};
  const tagged = [rootStack, ...nestedStacks].some(s => s.tags.PantherVersion);
  if (!tagged) {
    const out = await clients.cloudformation.send(new GetTemplateCommand({StackName: rootStack.stackId, TemplateStage: 'Original'}));
    // Templates can carry any text; only a version is read from it, but nothing unsanitised leaves this layer.
    if (out.TemplateBody) result.templateBody = sanitize(out.TemplateBody);
  }
  return result;
}
