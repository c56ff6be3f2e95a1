// The review of a change set tree: changes grouped by stack, replacements and what drives them, DANGER on a stateful
// resource replaced or removed.
import {describe, expect, it} from 'vitest';
import {changeLine, countsLine, dangerLine, reviewChangeSets, type ResourceChangeInput} from '../../source/domain/change-review.js';
import {resourceChange} from './builders.js';

/** A change with a lower-case physical id (as the DANGER lines name it). */
const change = (logicalId: string, resourceType: string, extra: Partial<ResourceChangeInput> = {}) =>
  resourceChange(logicalId, resourceType, {physicalId: `${logicalId.toLowerCase()}-phys`, ...extra});

describe('a change set review', () => {
  const review = reviewChangeSets([
    {
      path: '',
      stackName: 'panther-prod',
      changes: [
        change('LogAnalysis', 'AWS::CloudFormation::Stack', {
          nestedChangeSetId: 'arn:cs/nested-1',
          details: [{attribute: 'Properties', name: 'TemplateURL', requiresRecreation: 'Never'}],
        }),
        change('Core', 'AWS::CloudFormation::Stack', {nestedChangeSetId: 'arn:cs/nested-2'}),
      ],
    },
    {
      path: 'LogAnalysis',
      stackName: 'panther-prod-LogAnalysis-X',
      changes: [
        change('AlertsDedupTable', 'AWS::DynamoDB::Table', {
          replacement: 'True',
          details: [{attribute: 'Properties', name: 'KeySchema', requiresRecreation: 'Always'}],
          policyAction: 'ReplaceAndDelete',
        }),
        change('RulesEngineFunction', 'AWS::Lambda::Function'),
      ],
    },
    {
      path: 'Core',
      stackName: 'panther-prod-Core-Y',
      changes: [
        change('AlertsApiFunction', 'AWS::Lambda::Function', {
          replacement: 'Conditional',
          details: [{attribute: 'Properties', name: 'FunctionName', requiresRecreation: 'Conditionally'}],
        }),
        change('OldQueue', 'AWS::SQS::Queue', {action: 'Remove', replacement: '', details: [], policyAction: 'Delete'}),
        change('KeptBucket', 'AWS::S3::Bucket', {action: 'Remove', replacement: '', details: [], policyAction: 'Retain'}),
      ],
    },
  ]);

  it('lists the resources inside nested stacks, not the nested stacks themselves, grouped by stack', () => {
    expect(review.groups.map(g => [g.path, g.changes.map(c => c.logicalId)])).toEqual([
      ['', []],
      ['LogAnalysis', ['AlertsDedupTable', 'RulesEngineFunction']],
      ['Core', ['AlertsApiFunction', 'OldQueue', 'KeptBucket']],
    ]);
    expect(countsLine(review.counts)).toBe('5 changes, 2 replacements, 2 removals');
  });

  it('says what drives a replacement', () => {
    const table = review.groups[1].changes[0];
    expect(changeLine(table)).toBe('Modify LogAnalysis/AlertsDedupTable · AWS::DynamoDB::Table · REPLACEMENT (KeySchema)');
    expect(changeLine(review.groups[2].changes[0])).toBe('Modify Core/AlertsApiFunction · AWS::Lambda::Function · may replace (FunctionName)');
  });

  it('marks DANGER on a stateful resource replaced or removed, the removals first; a Lambda that may be replaced is not', () => {
    expect(review.dangers.map(dangerLine)).toEqual([
      'DANGER Core/OldQueue: removes SQS queue OldQueue (oldqueue-phys): its data is deleted',
      'DANGER Core/KeptBucket: removes S3 bucket KeptBucket (keptbucket-phys): retained by its DeletionPolicy, no longer managed',
      'DANGER LogAnalysis/AlertsDedupTable: replaces DynamoDB table AlertsDedupTable (alertsdeduptable-phys) (KeySchema changed): a new one is created and the old one deleted with its data',
    ]);
    expect(review.groups[2].changes[0].danger).toBe(false);
  });

  it('a removed nested stack is DANGER: every resource in it goes', () => {
    const r = reviewChangeSets([
      {path: '', stackName: 'root', changes: [change('Onboard', 'AWS::CloudFormation::Stack', {action: 'Remove', replacement: '', details: []})]},
    ]);
    expect(r.dangers.map(d => d.why)).toEqual(['removes nested stack Onboard and every resource in it']);
  });
});
