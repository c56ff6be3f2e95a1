import {describe, expect, it} from 'vitest';
import {buildStackTree, countStacks, findNode, flattenTree, hasDescendant, shortNames, subtreeIds} from '../../source/domain/tree.js';
import {arnOf, failedDeployFixture, makeEvent, makeStack} from '../ui/fixtures.js';

describe('buildStackTree', () => {
  it('nests every stack under the root, deleted ones included, ordered by creation', () => {
    const {snapshot} = failedDeployFixture();
    const tree = buildStackTree(snapshot)!;
    expect(tree.stack.stackName).toBe('panther-prod');
    expect(tree.logicalId).toBeNull();
    expect(tree.children.map(c => c.logicalId)).toEqual(['Bootstrap', 'BootstrapGateway', 'Appsync', 'Core', 'LogAnalysis', 'Web', 'CloudSecurity']);
    expect(tree.children.every(c => c.deleted && c.depth === 1)).toBe(true);
  });

  it('finds a nested-of-nested stack through its parent events when ParentId is unknown', () => {
    const {snapshot, connector} = failedDeployFixture();
    expect(connector.parentId).toBeNull();
    const tree = buildStackTree(snapshot)!;
    const gateway = tree.children.find(c => c.logicalId === 'BootstrapGateway')!;
    expect(gateway.children).toHaveLength(1);
    expect(gateway.children[0].stack.stackId).toBe(connector.stackId);
    expect(gateway.children[0].logicalId).toBe('PantherAthenaDDBConnector');
    expect(gateway.children[0].depth).toBe(2);
  });

  it('takes the logical ID from the parent event, else from the nested stack naming pattern', () => {
    const root = makeStack('app');
    const child = makeStack('app-Network-ABC123', {parentId: root.stackId, stackId: arnOf('app-Network-ABC123', 'x')});
    const tree = buildStackTree({
      rootStackId: root.stackId,
      stacks: new Map([
        [root.stackId, root],
        [child.stackId, child],
      ]),
      events: new Map(),
    })!;
    expect(tree.children[0].logicalId).toBe('Network');
  });

  it('returns null until the root stack is known', () => {
    expect(buildStackTree({rootStackId: null, stacks: new Map(), events: new Map()})).toBeNull();
    expect(buildStackTree({rootStackId: 'nope', stacks: new Map(), events: new Map()})).toBeNull();
  });

  it('does not hang on a parent cycle in bad data', () => {
    const root = makeStack('r');
    const a = makeStack('r-A-1', {stackId: 'a', parentId: 'b'});
    const b = makeStack('r-B-1', {stackId: 'b', parentId: 'a'});
    const ev = makeEvent(root, 'A', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 1, '', 'a');
    const tree = buildStackTree({
      rootStackId: root.stackId,
      stacks: new Map([
        [root.stackId, root],
        ['a', a],
        ['b', b],
      ]),
      events: new Map([[root.stackId, [ev]]]),
    });
    expect(tree).not.toBeNull();
  });
});

describe('flattenTree', () => {
  it('lists rows depth first with guides, hiding collapsed children', () => {
    const {snapshot, nested} = failedDeployFixture();
    const tree = buildStackTree(snapshot)!;
    const rows = flattenTree(tree);
    expect(rows).toHaveLength(9);
    expect(rows.map(r => r.depth)).toEqual([0, 1, 1, 2, 1, 1, 1, 1, 1]);
    expect(rows[3].guide).toBe('│ └ ');
    expect(rows[8].guide).toBe('└ ');
    const collapsed = flattenTree(tree, new Set([nested.BootstrapGateway.stackId]));
    expect(collapsed).toHaveLength(8);
    expect(collapsed[2].collapsed).toBe(true);
    expect(collapsed[2].hasChildren).toBe(true);
  });

  it('gives subtree IDs and short names', () => {
    const {snapshot, nested, connector} = failedDeployFixture();
    const tree = buildStackTree(snapshot)!;
    expect(subtreeIds(findNode(tree, nested.BootstrapGateway.stackId))).toEqual([nested.BootstrapGateway.stackId, connector.stackId]);
    expect(shortNames(tree).get(nested.LogAnalysis.stackId)).toBe('LogAnalysis');
    expect(shortNames(tree).get(tree.stack.stackId)).toBe('panther-prod');
  });
});

describe('countStacks and hasDescendant', () => {
  it('count every stack of the tree and the deleted ones, and find a stack below a node', () => {
    const {snapshot, root, nested, connector} = failedDeployFixture();
    const tree = buildStackTree(snapshot)!;
    expect(countStacks(tree)).toEqual({stacks: 9, deleted: 8});
    expect(countStacks(null)).toEqual({stacks: 0, deleted: 0});
    const gateway = findNode(tree, nested.BootstrapGateway.stackId)!;
    expect(hasDescendant(gateway, connector.stackId)).toBe(true);
    expect(hasDescendant(tree, connector.stackId)).toBe(true);
    expect(hasDescendant(gateway, gateway.stack.stackId)).toBe(false);
    expect(hasDescendant(gateway, root.stackId)).toBe(false);
  });
});
