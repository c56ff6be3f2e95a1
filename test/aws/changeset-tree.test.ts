// The review of a first deploy reads the whole hierarchy of a CREATE change set. A nested stack created without a
// change set of its own (moto gives none; AWS does with IncludeNestedStacks) is named as not reviewed, never counted
// as one resource and passed over in silence. On the simulated account through the real SDK.
import {CreateChangeSetCommand} from '@aws-sdk/client-cloudformation';
import {afterEach, describe, expect, it} from 'vitest';
import {describeChangeSet, describeChangeSetTree, UPGRADE_CAPABILITIES} from '../../source/aws/changesets.js';
import {simSettings} from '../../source/commands/sim.js';
import {reviewChangeSets} from '../../source/domain/change-review.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {preflightParams} from '../../source/sim/scenarios/preflight.js';
import {testContext} from '../support/console-context.js';

const KMS = 'arn:aws:kms:us-east-2:123456789012:key/0b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e';
const TEMPLATE = 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.31.1/panther.yml';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function createChangeSetTree(includeNested: boolean) {
  const sim: RunningSim = await startSim({scenario: 'deploy', clock: 'manual'});
  const t = testContext({...simSettings(sim), region: sim.region});
  close = async () => {
    t.clients.destroy();
    await sim.close();
  };
  const created = await t.clients.cloudformation.send(
    new CreateChangeSetCommand({
      StackName: 'panther-prod',
      ChangeSetName: 'first-deploy',
      ChangeSetType: 'CREATE',
      TemplateURL: TEMPLATE,
      Parameters: [...preflightParams('good'), {ParameterKey: 'ProcessedDataKmsKeyArn', ParameterValue: KMS}],
      Capabilities: [...UPGRADE_CAPABILITIES],
      IncludeNestedStacks: includeNested,
    }),
  );
  sim.clock.advance(60_000);
  const view = await describeChangeSet(t.clients, created.Id!);
  expect(view.status).toBe('CREATE_COMPLETE');
  const tree = await describeChangeSetTree(t.clients, view);
  return {view, tree, review: reviewChangeSets(tree.sets, tree.unread)};
}

describe('the review of a CREATE change set', () => {
  it('reads every nested change set: the resources of every stack are counted, nothing is unread', async () => {
    const {tree, review} = await createChangeSetTree(true);
    expect(tree.unread).toEqual([]);
    expect(tree.sets.length).toBeGreaterThan(1);
    expect(review.groups.length).toBe(tree.sets.length);
    expect(review.counts.changes).toBeGreaterThan(tree.sets[0].changes.length);
  });

  it('names each nested stack created without a change set of its own as not reviewed', async () => {
    const {view, tree, review} = await createChangeSetTree(false);
    const nested = view.changes.filter(c => c.resourceType === 'AWS::CloudFormation::Stack' && c.action === 'Add');
    expect(nested.length).toBeGreaterThan(0);
    expect(tree.sets).toHaveLength(1);
    expect(tree.unread).toEqual(nested.map(c => `${c.logicalId} (no nested change set)`));
    expect(review.unread).toEqual(tree.unread);
  });
});
