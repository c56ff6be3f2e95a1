// Fetches what version detection and the ladder need from a deployed Panther: the root stack (parameters,
// tags), its resources (what kind of stack it is), a few nested stacks (their PantherVersion tags; Bootstrap's
// outputs for the api.<domain> alias record) and the root template (the deployed version is the template's own).
// Few calls: a plan must not eat the account's API budget.
import type {StackResourceRef} from '../panther/deployment-role.js';
import type {Stack} from '../domain/types.js';
import {versionInTemplate} from '../panther/version.js';
import {InputError} from '../errors.js';
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
  /** Every resource of the root (its nested stacks among them), for telling what kind of stack it is. */
  resources: StackResourceRef[];
  /** The root's deployed template body (sanitised); undefined when it could not be read. */
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
    throw new InputError(`Stack ${stack} not found in ${region}: check --stack and --region.`);
  }
  if (rootStack.parentId) {
    throw new InputError(`${rootStack.stackName} is a nested stack: pass the root stack (${rootStack.rootId ?? rootStack.parentId}) to --stack.`);
  }

  const resources = await gateway.stackResources(rootStack.stackId);
  const nested: NestedStackRef[] = resources
    .filter(r => r.resourceType === 'AWS::CloudFormation::Stack' && r.physicalId && r.status !== 'DELETE_COMPLETE')
    .map(r => ({logicalId: r.logicalId, stackId: r.physicalId, status: r.status ?? ''}));

  // Bootstrap first: its outputs feed the api.<domain> alias record; then the others in the API's order.
  const ordered = [...nested.filter(n => n.logicalId === 'Bootstrap'), ...nested.filter(n => n.logicalId !== 'Bootstrap')];
  const picked = ordered.slice(0, Math.max(1, options.maxDescribed ?? 4));
  const described = await Promise.all(picked.map(async n => ({ref: n, stack: await gateway.describeStack(n.stackId)})));
  const nestedStacks = described.flatMap(d => (d.stack ? [d.stack] : []));
  const bootstrap = described.find(d => d.ref.logicalId === 'Bootstrap')?.stack ?? null;

  const result: DeployedPanther = {rootStack, nested, nestedStacks, bootstrap, resources};
  const body = await gateway.templateBody(rootStack.stackId);
  if (body !== null) result.templateBody = body;
  return result;
}

/** The version the stack's deployed template names (one GetTemplate), or null when it names none. */
export async function deployedTemplateVersion(gateway: Gateway, stackId: string): Promise<string | null> {
  const body = await gateway.templateBody(stackId);
  return body ? (versionInTemplate(body)?.version ?? null) : null;
}
