import {describe, expect, it} from 'vitest';
import {analysePostMortem, postMortemNeeds, type PostMortemInput} from '../../source/domain/root-cause.js';
import type {Stack, TrailEvent} from '../../source/domain/types.js';
import {embedded, Events, stack, t, trailEvent} from './builders.js';

const SCP_MSG =
  'Resource handler returned message: "User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation is not authorized to perform: sns:CreateTopic on resource: \\"arn:aws:sns:us-east-1:123456789012:panther-rte\\" with an explicit deny in a service control policy (Service: Sns, Status Code: 403, Request ID: R)" (RequestToken: tok, HandlerErrorCode: AccessDenied)';
const EXISTS_MSG =
  'Role with name PantherAuditRole-us-east-1 already exists. (Service: AmazonIdentityManagement; Status Code: 409; Error Code: EntityAlreadyExists; Request ID: 1; Proxy: null)';
const summary = (ids: string) => `The following resource(s) failed to create: [${ids}]. . Rollback requested by user.`;

function input(roots: Events, all: Events[], over: Partial<PostMortemInput> = {}, stacks: Stack[] = []): PostMortemInput {
  const stackMap = new Map<string, Stack>(all.map(e => [e.stackId, stack(e.name, {stackId: e.stackId})]));
  for (const s of stacks) stackMap.set(s.stackId, s);
  return {
    rootStackId: roots.stackId,
    stacks: stackMap,
    events: new Map(all.map(e => [e.stackId, e.list])),
    trail: [],
    apiCalls: {cloudformation: 7, cloudtrail: 0},
    trailAvailable: true,
    ...over,
  };
}

/** panther > Onboard > RealTimeEvents, the leaf failing on an SCP, everything rolled back and deleted. */
function nestedOfNested() {
  const root = new Events('panther');
  const onboard = new Events('panther-Onboard-1AAA');
  const rte = new Events('panther-Onboard-1AAA-RealTimeEvents-1BBB');
  root.self(0, 'CREATE_IN_PROGRESS', 'User Initiated').nested(1, 'Onboard', onboard, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
  onboard.self(1, 'CREATE_IN_PROGRESS', 'User Initiated').nested(2, 'RealTimeEvents', rte, 'CREATE_IN_PROGRESS');
  rte
    .self(2, 'CREATE_IN_PROGRESS', 'User Initiated')
    .res(3, 'Topic', 'AWS::SNS::Topic', 'CREATE_IN_PROGRESS')
    .res(4, 'Topic', 'AWS::SNS::Topic', 'CREATE_FAILED', SCP_MSG)
    .res(4, 'Queue', 'AWS::SQS::Queue', 'CREATE_FAILED', 'Resource creation cancelled')
    .self(4, 'ROLLBACK_IN_PROGRESS', summary('Topic, Queue'))
    .self(6, 'ROLLBACK_COMPLETE')
    .self(8, 'DELETE_IN_PROGRESS')
    .self(9, 'DELETE_COMPLETE');
  onboard
    .nested(6, 'RealTimeEvents', rte, 'CREATE_FAILED', embedded(rte, 'created', 'The following resource(s) failed to create: [Topic, Queue]. '))
    .self(6, 'ROLLBACK_IN_PROGRESS', summary('RealTimeEvents'))
    .nested(8, 'RealTimeEvents', rte, 'DELETE_IN_PROGRESS')
    .nested(9, 'RealTimeEvents', rte, 'DELETE_COMPLETE')
    .self(10, 'ROLLBACK_COMPLETE')
    .self(11, 'DELETE_IN_PROGRESS')
    .self(12, 'DELETE_COMPLETE');
  root
    .nested(10, 'Onboard', onboard, 'CREATE_FAILED', embedded(onboard, 'created', 'The following resource(s) failed to create: [RealTimeEvents]. '))
    .self(10, 'ROLLBACK_IN_PROGRESS', summary('Onboard'))
    .nested(11, 'Onboard', onboard, 'DELETE_IN_PROGRESS')
    .nested(12, 'Onboard', onboard, 'DELETE_COMPLETE')
    .self(13, 'ROLLBACK_COMPLETE');
  const deleted = [onboard, rte].map(e => stack(e.name, {stackId: e.stackId, deleted: true, status: 'DELETE_COMPLETE'}));
  return {root, onboard, rte, deleted};
}

describe('analysePostMortem', () => {
  it('follows nested-of-nested failures down to the real error, through deleted stacks', () => {
    const {root, onboard, rte, deleted} = nestedOfNested();
    const pm = analysePostMortem(input(root, [root, onboard, rte], {}, deleted));
    expect(pm.operation).toMatchObject({type: 'CREATE', outcome: 'ROLLED_BACK', startedAt: t(0), endedAt: t(13)});
    expect(pm.rootCause).toMatchObject({
      stackName: rte.name,
      stackId: rte.stackId,
      logicalResourceId: 'Topic',
      status: 'CREATE_FAILED',
      category: 'scp-deny',
      deleted: true,
      timestamp: t(4),
    });
    expect(pm.chain.map(l => [l.stackName, l.logicalResourceId])).toEqual([
      ['panther', 'Onboard'],
      [onboard.name, 'RealTimeEvents'],
      [rte.name, 'Topic'],
    ]);
    // Cancellations and summaries are never listed as failures.
    expect(pm.otherFailures).toEqual([]);
    expect(pm.apiCalls).toEqual({cloudformation: 7, cloudtrail: 0});
  });

  it('promises the CloudTrail listing of a denial only when the denied call was found', () => {
    const {root, onboard, rte, deleted} = nestedOfNested();
    const pm = analysePostMortem(input(root, [root, onboard, rte], {trail: []}, deleted));
    expect(pm.rootCause!.category).toBe('scp-deny');
    expect(pm.rootCause!.hint).not.toMatch(/CloudTrail/);
    expect(pm.notes.join(' ')).toContain('No denied call found in CloudTrail yet');
  });

  it('blames the earliest leaf even when its stack reported to the parent later (and as cancelled)', () => {
    const root = new Events('panther');
    const core = new Events('panther-Core-1CCC');
    const logs = new Events('panther-LogAnalysis-1DDD');
    root
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .nested(1, 'Core', core, 'CREATE_IN_PROGRESS')
      .nested(1, 'LogAnalysis', logs, 'CREATE_IN_PROGRESS');
    core
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(5, 'AuditRole', 'AWS::IAM::Role', 'CREATE_FAILED', EXISTS_MSG)
      .self(5, 'ROLLBACK_IN_PROGRESS', summary('AuditRole'))
      .self(19, 'ROLLBACK_COMPLETE');
    logs
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(8, 'Processor', 'AWS::Lambda::Function', 'CREATE_FAILED', 'Internal Failure')
      .self(8, 'ROLLBACK_IN_PROGRESS', summary('Processor'))
      .self(9, 'ROLLBACK_COMPLETE');
    root
      .nested(10, 'LogAnalysis', logs, 'CREATE_FAILED', embedded(logs))
      .self(10, 'ROLLBACK_IN_PROGRESS', summary('LogAnalysis'))
      .nested(20, 'Core', core, 'CREATE_FAILED', 'Resource creation cancelled')
      .self(25, 'ROLLBACK_COMPLETE');
    const pm = analysePostMortem(input(root, [root, core, logs]));
    expect(pm.rootCause).toMatchObject({stackName: core.name, logicalResourceId: 'AuditRole', category: 'already-exists'});
    expect(pm.rootCause!.hint).toContain('PantherAuditRole-us-east-1');
    expect(pm.chain.map(l => l.logicalResourceId)).toEqual(['Core', 'AuditRole']);
    expect(pm.otherFailures.map(f => [f.stackName, f.logicalResourceId, f.timestamp])).toEqual([[logs.name, 'Processor', t(8)]]);
  });

  it('keeps API order for failures at the same instant', () => {
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(2, 'First', 'AWS::S3::Bucket', 'CREATE_FAILED', 'Internal Failure')
      .res(2, 'Second', 'AWS::S3::Bucket', 'CREATE_FAILED', EXISTS_MSG)
      .self(2, 'ROLLBACK_IN_PROGRESS', summary('First, Second'))
      .self(3, 'ROLLBACK_COMPLETE');
    const pm = analysePostMortem(input(root, [root]));
    expect(pm.rootCause!.logicalResourceId).toBe('First');
    expect(pm.otherFailures.map(f => f.logicalResourceId)).toEqual(['Second']);
  });

  it('never blames an older operation in an update rollback', () => {
    const root = new Events('panther');
    const core = new Events('panther-Core-1CCC');
    const web = new Events('panther-Web-1EEE');
    root
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(5, 'CREATE_COMPLETE')
      .self(10, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .nested(14, 'Core', core, 'UPDATE_FAILED', embedded(core, 'updated', 'The following resource(s) failed to update: [Fn].'))
      .self(14, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Core].')
      .self(18, 'UPDATE_ROLLBACK_COMPLETE')
      .self(40, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .nested(44, 'Web', web, 'UPDATE_FAILED', embedded(web, 'updated', 'The following resource(s) failed to update: [Service].'))
      .nested(44, 'Core', core, 'UPDATE_FAILED', 'Resource update cancelled')
      .self(44, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Web, Core].')
      .self(50, 'UPDATE_ROLLBACK_COMPLETE');
    core
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(4, 'CREATE_COMPLETE')
      .self(11, 'UPDATE_IN_PROGRESS')
      .res(12, 'Fn', 'AWS::Lambda::Function', 'UPDATE_FAILED', 'Internal Failure')
      .self(12, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Fn].')
      .self(13, 'UPDATE_ROLLBACK_COMPLETE')
      .self(41, 'UPDATE_IN_PROGRESS')
      .res(44, 'Fn', 'AWS::Lambda::Function', 'UPDATE_FAILED', 'Resource update cancelled')
      .self(44, 'UPDATE_ROLLBACK_IN_PROGRESS', 'Resource update cancelled')
      .self(46, 'UPDATE_ROLLBACK_COMPLETE');
    web
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(4, 'CREATE_COMPLETE')
      .self(41, 'UPDATE_IN_PROGRESS')
      .res(
        43,
        'Service',
        'AWS::ECS::Service',
        'UPDATE_FAILED',
        'Resource handler returned message: "Invalid request provided: Memory must be at least 512" (RequestToken: x, HandlerErrorCode: InvalidRequest)',
      )
      .self(43, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Service].')
      .self(47, 'UPDATE_ROLLBACK_COMPLETE');
    const s = stack('panther', {
      stackId: root.stackId,
      lastOperations: [
        {id: 'op-rb2', type: 'ROLLBACK'},
        {id: 'op-u2', type: 'UPDATE_STACK'},
        {id: 'op-rb1', type: 'ROLLBACK'},
        {id: 'op-u1', type: 'UPDATE_STACK'},
      ],
    });
    const pm = analysePostMortem(input(root, [root, core, web], {}, [s]));
    expect(pm.operation).toMatchObject({id: 'op-u2', type: 'UPDATE', outcome: 'ROLLED_BACK', startedAt: t(40)});
    expect(pm.rootCause).toMatchObject({stackName: web.name, logicalResourceId: 'Service', category: 'invalid-parameter'});
    expect(pm.otherFailures).toEqual([]);
    expect(JSON.stringify(pm)).not.toContain(t(12));
  });

  it('takes the stack-level reason as the root cause when a rollback has no failed resource', () => {
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(5, 'CREATE_COMPLETE')
      .self(10, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .self(11, 'UPDATE_ROLLBACK_IN_PROGRESS', 'Export panther-bootstrap-Vpc cannot be updated as it is in use by panther-web')
      .self(12, 'UPDATE_ROLLBACK_COMPLETE');
    const pm = analysePostMortem(input(root, [root]));
    expect(pm.rootCause).toMatchObject({
      stackName: 'panther',
      logicalResourceId: 'panther',
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
      category: 'dependency',
    });
    expect(pm.chain).toEqual([
      {
        stackName: 'panther',
        stackId: root.stackId,
        logicalResourceId: 'panther',
        status: 'UPDATE_ROLLBACK_IN_PROGRESS',
        reason: expect.stringContaining('Export'),
      },
    ]);
  });

  it("with cancellations only, takes the cancelled stack's own reason (a timeout)", () => {
    const root = new Events('panther');
    const web = new Events('panther-Web-1EEE');
    root.self(0, 'CREATE_IN_PROGRESS', 'User Initiated').nested(1, 'Web', web, 'CREATE_IN_PROGRESS');
    web
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(2, 'Service', 'AWS::ECS::Service', 'CREATE_IN_PROGRESS')
      .res(21, 'Service', 'AWS::ECS::Service', 'CREATE_FAILED', 'Resource creation cancelled')
      .self(21, 'CREATE_FAILED', 'Stack creation time exceeded the specified timeout. Rollback requested by user.')
      .self(21, 'ROLLBACK_IN_PROGRESS', summary('Service'))
      .self(25, 'ROLLBACK_COMPLETE');
    root
      .nested(25, 'Web', web, 'CREATE_FAILED', embedded(web, 'created', 'Stack creation time exceeded the specified timeout'))
      .self(25, 'ROLLBACK_IN_PROGRESS', summary('Web'))
      .self(30, 'ROLLBACK_COMPLETE');
    const pm = analysePostMortem(input(root, [root, web]));
    expect(pm.rootCause).toMatchObject({stackName: web.name, logicalResourceId: web.name, status: 'CREATE_FAILED', category: 'timeout'});
    expect(pm.chain.map(l => l.logicalResourceId)).toEqual(['Web', web.name]);
  });

  it('with nothing but cancellations and summaries, falls back to the stack-level event of the first cancelled stack', () => {
    const root = new Events('panther');
    const web = new Events('panther-Web-1EEE');
    root.self(0, 'UPDATE_IN_PROGRESS', 'User Initiated').nested(1, 'Web', web, 'UPDATE_IN_PROGRESS');
    web
      .self(1, 'UPDATE_IN_PROGRESS')
      .res(3, 'Service', 'AWS::ECS::Service', 'UPDATE_FAILED', 'Resource update cancelled')
      .self(3, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Service].')
      .self(5, 'UPDATE_ROLLBACK_COMPLETE');
    root
      .nested(5, 'Web', web, 'UPDATE_FAILED', 'Resource update cancelled')
      .self(5, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Web].')
      .self(6, 'UPDATE_ROLLBACK_COMPLETE');
    const pm = analysePostMortem(input(root, [root, web]));
    expect(pm.rootCause).toMatchObject({stackName: web.name, logicalResourceId: web.name, status: 'UPDATE_ROLLBACK_IN_PROGRESS'});
    expect(pm.rootCause!.hint).toMatch(/Only cancellations/);
    expect(pm.chain.map(l => l.logicalResourceId)).toEqual(['Web', web.name]);
    expect(pm.notes.join(' ')).toMatch(/only cancellations/);
    expect(pm.otherFailures).toEqual([]);
  });

  it('analyses the failed create of a root deleted afterwards', () => {
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(2, 'AuditRole', 'AWS::IAM::Role', 'CREATE_FAILED', EXISTS_MSG)
      .self(2, 'ROLLBACK_IN_PROGRESS', summary('AuditRole'))
      .self(4, 'ROLLBACK_COMPLETE')
      .self(30, 'DELETE_IN_PROGRESS', 'User Initiated')
      .self(31, 'DELETE_COMPLETE');
    const pm = analysePostMortem(input(root, [root], {}, [stack('panther', {stackId: root.stackId, deleted: true, status: 'DELETE_COMPLETE'})]));
    expect(pm.stack.status).toBe('DELETE_COMPLETE');
    expect(pm.operation).toMatchObject({type: 'CREATE', outcome: 'ROLLED_BACK'});
    expect(pm.rootCause).toMatchObject({logicalResourceId: 'AuditRole', deleted: true, category: 'already-exists'});
    expect(pm.notes.join(' ')).toMatch(/deleted after the failed CREATE/);
  });

  it('treats ROLLBACK_FAILED / DELETE_FAILED as follow-on failures', () => {
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(1, 'LogBucket', 'AWS::S3::Bucket', 'CREATE_COMPLETE')
      .res(2, 'AuditRole', 'AWS::IAM::Role', 'CREATE_FAILED', EXISTS_MSG)
      .self(2, 'ROLLBACK_IN_PROGRESS', summary('AuditRole'))
      .res(
        3,
        'LogBucket',
        'AWS::S3::Bucket',
        'DELETE_FAILED',
        'The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: 1)',
      )
      .self(4, 'ROLLBACK_FAILED', 'The following resource(s) failed to delete: [LogBucket]. ');
    const pm = analysePostMortem(input(root, [root]));
    expect(pm.operation!.outcome).toBe('FAILED');
    expect(pm.rootCause).toMatchObject({logicalResourceId: 'AuditRole'});
    expect(pm.otherFailures.map(f => [f.logicalResourceId, f.status])).toEqual([['LogBucket', 'DELETE_FAILED']]);
  });

  it('never lets a follow-on failure win a tie against a real one', () => {
    const root = new Events('panther');
    const logs = new Events('panther-LogAnalysis-1DDD');
    const core = new Events('panther-Core-1CCC');
    root.self(0, 'CREATE_IN_PROGRESS', 'User Initiated');
    logs
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(5, 'ROLLBACK_IN_PROGRESS', 'Resource creation cancelled')
      .res(
        5,
        'DataBucket',
        'AWS::S3::Bucket',
        'DELETE_FAILED',
        'The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: 1)',
      )
      .self(6, 'ROLLBACK_FAILED', 'The following resource(s) failed to delete: [DataBucket]. ');
    core
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(5, 'AuditRole', 'AWS::IAM::Role', 'CREATE_FAILED', EXISTS_MSG)
      .self(5, 'ROLLBACK_IN_PROGRESS', summary('AuditRole'))
      .self(7, 'ROLLBACK_COMPLETE');
    root
      .nested(6, 'LogAnalysis', logs, 'CREATE_FAILED', 'Resource creation cancelled')
      .nested(7, 'Core', core, 'CREATE_FAILED', embedded(core))
      .self(7, 'ROLLBACK_IN_PROGRESS', summary('Core, LogAnalysis'))
      .self(9, 'ROLLBACK_FAILED', 'The following resource(s) failed to delete: [LogAnalysis]. ');
    const pm = analysePostMortem(input(root, [root, logs, core]));
    expect(pm.rootCause).toMatchObject({stackName: core.name, logicalResourceId: 'AuditRole'});
    expect(pm.otherFailures.map(f => [f.stackName, f.logicalResourceId, f.status])).toEqual([[logs.name, 'DataBucket', 'DELETE_FAILED']]);
  });

  it('lets an earlier stack-level reason (a timeout) beat a later resource failure elsewhere', () => {
    const root = new Events('panther');
    const web = new Events('panther-Web-1EEE');
    const core = new Events('panther-Core-1CCC');
    root.self(0, 'CREATE_IN_PROGRESS', 'User Initiated');
    web
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(21, 'Service', 'AWS::ECS::Service', 'CREATE_FAILED', 'Resource creation cancelled')
      .self(21, 'CREATE_FAILED', 'Stack creation time exceeded the specified timeout')
      .self(21, 'ROLLBACK_IN_PROGRESS', summary('Service'))
      .self(24, 'ROLLBACK_COMPLETE');
    core
      .self(1, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(22, 'Fn', 'AWS::Lambda::Function', 'CREATE_FAILED', 'Internal Failure')
      .self(22, 'ROLLBACK_IN_PROGRESS', summary('Fn'))
      .self(23, 'ROLLBACK_COMPLETE');
    root
      .nested(23, 'Core', core, 'CREATE_FAILED', embedded(core))
      .nested(24, 'Web', web, 'CREATE_FAILED', embedded(web, 'created', 'Stack creation time exceeded the specified timeout'))
      .self(24, 'ROLLBACK_IN_PROGRESS', summary('Core, Web'))
      .self(26, 'ROLLBACK_COMPLETE');
    const pm = analysePostMortem(input(root, [root, web, core]));
    expect(pm.rootCause).toMatchObject({stackName: web.name, status: 'CREATE_FAILED', category: 'timeout'});
    expect(pm.otherFailures.map(f => f.logicalResourceId)).toEqual(['Fn']);
  });

  it('blames a DELETE_FAILED when the failed operation is a delete and nothing else failed', () => {
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(1, 'CREATE_COMPLETE')
      .self(10, 'DELETE_IN_PROGRESS', 'User Initiated')
      .res(
        11,
        'LogBucket',
        'AWS::S3::Bucket',
        'DELETE_FAILED',
        'The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; Request ID: 1)',
      )
      .self(12, 'DELETE_FAILED', 'The following resource(s) failed to delete: [LogBucket]. ');
    const pm = analysePostMortem(input(root, [root]));
    expect(pm.operation).toMatchObject({type: 'DELETE', outcome: 'FAILED'});
    expect(pm.rootCause).toMatchObject({logicalResourceId: 'LogBucket', category: 'delete-failed'});
  });

  it("degrades to the parent's failed resource when a child's events are missing", () => {
    const {root, onboard, rte} = nestedOfNested();
    const pm = analysePostMortem(input(root, [root, onboard]));
    expect(pm.rootCause).toMatchObject({stackName: onboard.name, logicalResourceId: 'RealTimeEvents', physicalResourceId: rte.stackId});
    expect(pm.chain.map(l => l.logicalResourceId)).toEqual(['Onboard', 'RealTimeEvents']);
    expect(pm.notes.join(' ')).toContain(`${rte.stackId} were not fetched`);
  });

  it('reports no root cause when the latest operation succeeded', () => {
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(1, 'B', 'AWS::S3::Bucket', 'CREATE_FAILED', 'x')
      .self(1, 'ROLLBACK_COMPLETE')
      .self(5, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(6, 'CREATE_COMPLETE');
    const pm = analysePostMortem(input(root, [root]));
    expect(pm.rootCause).toBeNull();
    expect(pm.operation).toMatchObject({outcome: 'SUCCEEDED', startedAt: t(5)});
  });

  it('attaches the denied CloudTrail calls, or says why there are none', () => {
    const {root, onboard, rte} = nestedOfNested();
    const trail: TrailEvent[] = [
      trailEvent({
        eventTime: t(4),
        eventSource: 'sns.amazonaws.com',
        eventName: 'CreateTopic',
        errorMessage:
          'User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation is not authorized to perform: sns:CreateTopic on resource: arn:aws:sns:us-east-1:123456789012:panther-rte with an explicit deny in a service control policy',
      }),
    ];
    const pm = analysePostMortem(input(root, [root, onboard, rte], {trail}));
    expect(pm.deniedCalls).toMatchObject([{eventName: 'CreateTopic', denial: 'scp'}]);
    const none = analysePostMortem(input(root, [root, onboard, rte]));
    expect(none.notes.join(' ')).toMatch(/~5 minutes late/);
    const off = analysePostMortem(input(root, [root, onboard, rte], {trailAvailable: false, trail}));
    expect(off.deniedCalls).toEqual([]);
    expect(off.notes.join(' ')).toMatch(/CloudTrail was not consulted/);
  });
});

describe('loading what the analysis needs', () => {
  it('asks for the failed branches one level at a time until nothing is missing', () => {
    const {root, onboard, rte} = nestedOfNested();
    const all = new Map([root, onboard, rte].map(e => [e.stackId, e.list]));
    const events = new Map<string, (typeof root)['list']>();
    const base = {rootStackId: root.stackId, stacks: new Map<string, Stack>()};
    const asked: string[][] = [];
    for (let i = 0; i < 10; i++) {
      const {stackIds} = postMortemNeeds({...base, events});
      asked.push(stackIds);
      if (stackIds.length === 0) break;
      for (const id of stackIds) events.set(id, all.get(id)!);
    }
    expect(asked).toEqual([[root.stackId], [onboard.stackId], [rte.stackId], []]);
  });

  it('asks only for the failed child stacks of the latest failed operation', () => {
    const onboard = new Events('panther-Onboard-1AAA');
    const root = new Events('panther')
      .self(0, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .nested(1, 'Onboard', onboard, 'UPDATE_FAILED', embedded(onboard, 'updated'))
      .self(1, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Onboard].')
      .self(3, 'UPDATE_ROLLBACK_COMPLETE');
    const needs = () => postMortemNeeds({rootStackId: root.stackId, stacks: new Map(), events: new Map([[root.stackId, root.list]])});
    expect(needs()).toEqual({stackIds: [onboard.stackId], selfFailed: [onboard.stackId]});
    // A later update fails on a resource of the root itself: the older operation's failed child is not fetched.
    root
      .self(5, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .res(6, 'Bucket', 'AWS::S3::Bucket', 'UPDATE_FAILED', 'Access Denied')
      .self(6, 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Bucket].')
      .self(8, 'UPDATE_ROLLBACK_COMPLETE');
    expect(needs()).toEqual({stackIds: [], selfFailed: []});
  });

  it('finds the child by the ARN in an Embedded stack reason when the physical ID is missing', () => {
    const child = new Events('panther-Core-1CCC');
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .nested(2, 'Core', '', 'CREATE_FAILED', embedded(child))
      .self(2, 'ROLLBACK_IN_PROGRESS', summary('Core'))
      .self(3, 'ROLLBACK_COMPLETE');
    expect(postMortemNeeds({rootStackId: root.stackId, stacks: new Map(), events: new Map([[root.stackId, root.list]])})).toEqual({
      stackIds: [child.stackId],
      selfFailed: [child.stackId],
    });
  });

  it('tells a child that failed on its own from one its parent calls cancelled', () => {
    // A child that failed on its own must show why in a read of its failed events, else it is read whole (its own
    // rollback reason is on a stack event such a read leaves out); a cancelled one was stopped by a sibling's failure.
    const failed = new Events('panther-Core-1CCC');
    const cancelled = new Events('panther-Web-1WWW');
    const root = new Events('panther')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .nested(2, 'Core', failed, 'CREATE_FAILED', embedded(failed))
      .nested(2, 'Web', cancelled, 'CREATE_FAILED', 'Resource creation cancelled')
      .self(2, 'ROLLBACK_IN_PROGRESS', summary('Core'))
      .self(3, 'ROLLBACK_COMPLETE');
    expect(postMortemNeeds({rootStackId: root.stackId, stacks: new Map(), events: new Map([[root.stackId, root.list]])})).toEqual({
      stackIds: [failed.stackId, cancelled.stackId],
      selfFailed: [failed.stackId],
    });
  });
});
