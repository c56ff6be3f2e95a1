// A support bundle is a file from someone else: the envelope (report/bundle-schema.ts) and the recorded answers the
// replay serves (sim/replay-schema.ts) are checked, and a problem is one line naming its place and what it must be.
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {BundleError, decodeBundle, type Bundle} from '../../source/report/bundle.js';
import {checkRecordedCalls, ReplayFieldError} from '../../source/sim/replay-schema.js';
import {worldFromBundle} from '../../source/sim/replay.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod/7f116cb4-7176-42c4-8d02-be4da511fb48';
const event = (i: number) => ({
  EventId: `e${i}`,
  StackId: STACK_ID,
  StackName: 'panther-prod',
  LogicalResourceId: 'panther-prod',
  ResourceType: 'AWS::CloudFormation::Stack',
  ResourceStatus: 'CREATE_COMPLETE',
  Timestamp: `2026-11-02T14:0${i}:00.000Z`,
});

function bundle(): Bundle {
  return {
    format: 'panther-console-bundle',
    version: 1,
    createdAt: '2026-11-02T15:00:00.000Z',
    region: 'us-east-2',
    account: '123456789012',
    stack: 'panther-prod',
    stackId: STACK_ID,
    summaryMarkdown: '# Post-mortem: panther-prod\n',
    redaction: {parameters: 0, noEcho: 0, secrets: 0, accounts: 0, emails: 0, maskAccount: false},
    calls: [
      {
        service: 'CloudFormation',
        operation: 'DescribeStacks',
        region: 'us-east-2',
        input: {StackName: 'panther-prod'},
        output: {
          Stacks: [
            {
              StackId: STACK_ID,
              StackName: 'panther-prod',
              StackStatus: 'CREATE_COMPLETE',
              CreationTime: '2026-11-02T14:00:00.000Z',
              Tags: [{Key: 'Team', Value: 'secops'}],
            },
          ],
        },
      },
      {
        service: 'CloudFormation',
        operation: 'DescribeStackEvents',
        region: 'us-east-2',
        input: {StackName: STACK_ID},
        output: {StackEvents: [event(3), event(2), event(1)]},
      },
      {
        service: 'STS',
        operation: 'GetCallerIdentity',
        region: 'us-east-2',
        input: {},
        output: {Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/jane', UserId: 'AIDA'},
      },
    ],
  };
}

/** The line decodeBundle refuses a (changed) bundle with, plain JSON or gzip alike. */
function refusal(change: (b: any) => unknown): string {
  const b: any = bundle();
  const replaced = change(b);
  const text = JSON.stringify(replaced === undefined ? b : replaced);
  const lines = [Buffer.from(text), gzipSync(text)].map(bytes => {
    try {
      decodeBundle(bytes, 'support.json.gz');
    } catch (error) {
      expect(error).toBeInstanceOf(BundleError);
      return (error as Error).message;
    }
    throw new Error('the bundle was accepted');
  });
  expect(lines[1]).toBe(lines[0]);
  return lines[0]!;
}

describe("a bundle's envelope", () => {
  it('accepts a bundle as the console writes it, and it replays', () => {
    const decoded = decodeBundle(Buffer.from(JSON.stringify(bundle())));
    expect(decoded).toEqual(bundle());
    expect(worldFromBundle(decoded).rootStackName).toBe('panther-prod');
  });

  it.each([
    ['a JSON list', () => [bundle()], 'support.json.gz is not a panther-console bundle (format undefined).'],
    ['another format', (b: any) => void (b.format = 'cdk-assembly'), 'support.json.gz is not a panther-console bundle (format "cdk-assembly").'],
    ['another version', (b: any) => void (b.version = 2), 'support.json.gz is a bundle of version 2; this panther-console reads version 1.'],
    ['no calls', (b: any) => void delete b.calls, 'support.json.gz has no recorded calls.'],
    ['calls that are no list', (b: any) => void (b.calls = {}), 'support.json.gz has no recorded calls.'],
  ])('refuses what is no bundle of this version: %s', (_what, change, message) => {
    expect(refusal(change)).toBe(message);
  });

  it.each([
    ['a count that is text', (b: any) => void (b.redaction.secrets = '3'), 'support.json.gz: redaction.secrets is "3", not a number.'],
    ['a call region that is a number', (b: any) => void (b.calls[2].region = 2), 'support.json.gz: call 3: region is 2, not a string.'],
    [
      'an error without its name',
      (b: any) => void (b.calls[1].error = {message: 'x'}),
      'support.json.gz: call 2: error.name is missing: it must be a string.',
    ],
    ['a call that is no object', (b: any) => void (b.calls[0] = 'DescribeStacks'), 'support.json.gz: call 1 is "DescribeStacks", not an object.'],
    [
      'a creation time that is no time',
      (b: any) => void (b.createdAt = 'yesterday'),
      'support.json.gz: createdAt is "yesterday", not a time like "2026-11-02T15:00:00.000Z".',
    ],
    ['no stack', (b: any) => void delete b.stack, 'support.json.gz: stack is missing: it must be a string.'],
  ])('names a bad type deep in it: %s', (_what, change, message) => {
    expect(refusal(change)).toBe(message);
  });
});

describe("the replay's check of the recorded answers", () => {
  const refusedAnswer = (change: (b: any) => void): string => {
    const b: any = bundle();
    change(b);
    try {
      checkRecordedCalls(b);
    } catch (error) {
      expect(error).toBeInstanceOf(ReplayFieldError);
      // worldFromBundle checks first, with the same line.
      expect(() => worldFromBundle(b)).toThrow(new ReplayFieldError((error as Error).message));
      return (error as Error).message;
    }
    throw new Error('the answers were accepted');
  };

  it.each([
    [
      'a time that is no date',
      (b: any) => void (b.calls[1].output.StackEvents[2].Timestamp = 'soon'),
      'call 2 (DescribeStackEvents), event 3: Timestamp is "soon", not a date',
    ],
    [
      'a missing event ID',
      (b: any) => void delete b.calls[1].output.StackEvents[0].EventId,
      'call 2 (DescribeStackEvents), event 1: EventId is missing: it must be a string',
    ],
    [
      'a reason that is a number',
      (b: any) => void (b.calls[1].output.StackEvents[1].ResourceStatusReason = 42),
      'call 2 (DescribeStackEvents), event 2: ResourceStatusReason is 42, not a string',
    ],
    [
      'a tag value deep in a stack',
      (b: any) => void (b.calls[0].output.Stacks[0].Tags[0].Value = {secret: true}),
      'call 1 (DescribeStacks), stack 1: Tags[0].Value is {"secret":true}, not a string',
    ],
    [
      'tags that are no list',
      (b: any) => void (b.calls[0].output.Stacks[0].Tags = 'Team=secops'),
      'call 1 (DescribeStacks), stack 1: Tags is "Team=secops", not a list',
    ],
    [
      'an event that is no object',
      (b: any) => void (b.calls[1].output.StackEvents[1] = 7),
      'call 2 (DescribeStackEvents), event 2 is 7, not an object',
    ],
    [
      'a list that is an object',
      (b: any) => void (b.calls[1].output.StackEvents = {}),
      'call 2 (DescribeStackEvents): StackEvents is {}, not a list',
    ],
    ['an answer that is text', (b: any) => void (b.calls[2].output = 'me'), 'call 3 (GetCallerIdentity): output is "me", not an object'],
    [
      'an account that is a number',
      (b: any) => void (b.calls[2].output.Account = 123456789012),
      'call 3 (GetCallerIdentity): Account is 123456789012, not a string',
    ],
    ['a call without an operation', (b: any) => void delete b.calls[2].operation, 'call 3 has no service and operation'],
  ])('%s', (_what, change, message) => {
    expect(refusedAnswer(change)).toBe(message);
  });

  it('leaves alone the calls it does not read and the answers of failed calls', () => {
    const b: any = bundle();
    b.calls.push({service: 'IAM', operation: 'ListRoles', region: 'us-east-1', input: {}, output: {Roles: 'whatever'}});
    b.calls.push({
      service: 'CloudFormation',
      operation: 'DescribeStacks',
      region: 'us-east-2',
      input: {},
      output: {Stacks: 5},
      error: {name: 'Throttling', message: 'Rate exceeded'},
    });
    expect(() => checkRecordedCalls(b)).not.toThrow();
  });
});
