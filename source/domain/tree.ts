// The stack tree: which stack is nested in which, built from what the store holds. Pure, no I/O.
// A deleted nested stack may have lost its ParentId in what we fetched, so the parent's event for the
// AWS::CloudFormation::Stack resource (whose PhysicalResourceId is the child's ARN) is the other source of truth.
import type {Stack, StackEvent} from './types.js';

export interface TreeInput {
  rootStackId: string | null;
  stacks: ReadonlyMap<string, Stack>;
  events: ReadonlyMap<string, readonly StackEvent[]>;
}

export interface TreeNode {
  stack: Stack;
  depth: number;
  children: TreeNode[];
  /** The logical ID of the nested stack resource in its parent; null for the root (or when unknown). */
  logicalId: string | null;
  deleted: boolean;
}

export interface TreeRow {
  node: TreeNode;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
  /** Box-drawing guides before the name, e.g. "│ ├ ". Empty for the root. */
  guide: string;
}

const NESTED_TYPE = 'AWS::CloudFormation::Stack';

interface Link {
  parentId: string;
  logicalId: string;
}

/** childArn -> {parent, logical id}, from the parents' nested-stack resource events. */
function linksFromEvents(input: TreeInput): Map<string, Link> {
  const links = new Map<string, Link>();
  for (const [stackId, events] of input.events) {
    for (const e of events) {
      if (e.resourceType !== NESTED_TYPE) continue;
      const child = e.physicalResourceId;
      // The stack's own events carry its own ARN: not a child.
      if (!child || child === stackId || child === e.stackId) continue;
      if (!links.has(child)) links.set(child, {parentId: stackId, logicalId: e.logicalResourceId});
    }
  }
  return links;
}

/** `<parent>-<LogicalId>-<RANDOM>` is how CloudFormation names nested stacks: a fallback for the logical ID. */
function logicalIdFromName(child: Stack, parent: Stack): string | null {
  const prefix = `${parent.stackName}-`;
  if (!child.stackName.startsWith(prefix)) return null;
  const rest = child.stackName.slice(prefix.length);
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? rest.slice(0, dash) : rest || null;
}

function byCreation(a: TreeNode, b: TreeNode): number {
  if (a.stack.createdAt !== b.stack.createdAt) return a.stack.createdAt < b.stack.createdAt ? -1 : 1;
  return a.stack.stackName < b.stack.stackName ? -1 : a.stack.stackName > b.stack.stackName ? 1 : 0;
}

export function buildStackTree(input: TreeInput): TreeNode | null {
  const {rootStackId, stacks} = input;
  const root = rootStackId ? stacks.get(rootStackId) : undefined;
  if (!root) return null;
  const links = linksFromEvents(input);

  const childrenOf = new Map<string, {stack: Stack; logicalId: string | null}[]>();
  for (const stack of stacks.values()) {
    if (stack.stackId === root.stackId) continue;
    const link = links.get(stack.stackId);
    let parentId = stack.parentId && stacks.has(stack.parentId) ? stack.parentId : (link?.parentId ?? null);
    // Known to be in this tree (RootId) but the parent is not fetched yet: hang it under the root for now.
    if (!parentId && stack.rootId === root.stackId) parentId = root.stackId;
    if (!parentId || !stacks.has(parentId)) continue;
    const parent = stacks.get(parentId)!;
    const logicalId = link && link.parentId === parentId ? link.logicalId : logicalIdFromName(stack, parent);
    const list = childrenOf.get(parentId) ?? [];
    list.push({stack, logicalId});
    childrenOf.set(parentId, list);
  }

  const seen = new Set<string>();
  const make = (stack: Stack, logicalId: string | null, depth: number): TreeNode => {
    seen.add(stack.stackId);
    const node: TreeNode = {stack, depth, children: [], logicalId, deleted: stack.deleted};
    for (const c of childrenOf.get(stack.stackId) ?? []) {
      if (seen.has(c.stack.stackId)) continue; // a cycle in bad data must not hang the UI
      node.children.push(make(c.stack, c.logicalId, depth + 1));
    }
    node.children.sort(byCreation);
    return node;
  };
  return make(root, null, 0);
}

/** Rows in display order; the children of collapsed stack IDs are hidden. */
export function flattenTree(node: TreeNode | null, collapsed: ReadonlySet<string> = new Set()): TreeRow[] {
  const rows: TreeRow[] = [];
  if (!node) return rows;
  const walk = (n: TreeNode, ancestorsLast: boolean[], isLast: boolean): void => {
    const isCollapsed = collapsed.has(n.stack.stackId);
    let guide = '';
    if (n.depth > 0) {
      guide = ancestorsLast.map(last => (last ? '  ' : '│ ')).join('') + (isLast ? '└ ' : '├ ');
    }
    rows.push({node: n, depth: n.depth, hasChildren: n.children.length > 0, collapsed: isCollapsed, guide});
    if (isCollapsed) return;
    const next = n.depth > 0 ? [...ancestorsLast, isLast] : [];
    n.children.forEach((c, i) => walk(c, next, i === n.children.length - 1));
  };
  walk(node, [], true);
  return rows;
}

export function findNode(node: TreeNode | null, stackId: string): TreeNode | null {
  if (!node) return null;
  if (node.stack.stackId === stackId) return node;
  for (const c of node.children) {
    const found = findNode(c, stackId);
    if (found) return found;
  }
  return null;
}

/** The stack IDs of a node and everything below it. */
export function subtreeIds(node: TreeNode | null): string[] {
  const ids: string[] = [];
  const walk = (n: TreeNode): void => {
    ids.push(n.stack.stackId);
    n.children.forEach(walk);
  };
  if (node) walk(node);
  return ids;
}

/** stackId -> the short name to show: the nested logical ID, else the stack name. */
export function shortNames(node: TreeNode | null): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (n: TreeNode): void => {
    names.set(n.stack.stackId, n.logicalId ?? n.stack.stackName);
    n.children.forEach(walk);
  };
  if (node) walk(node);
  return names;
}

/** Every stack of the tree and how many are deleted, whatever is collapsed on screen. */
export function countStacks(node: TreeNode | null): {stacks: number; deleted: number} {
  let stacks = 0;
  let deleted = 0;
  const walk = (n: TreeNode): void => {
    stacks++;
    if (n.stack.deleted) deleted++;
    n.children.forEach(walk);
  };
  if (node) walk(node);
  return {stacks, deleted};
}

/** Whether `stackId` is somewhere below `node` (not the node itself): a collapsed node hides it. */
export function hasDescendant(node: TreeNode, stackId: string): boolean {
  return node.children.some(c => c.stack.stackId === stackId || hasDescendant(c, stackId));
}
