// A realistic failed first deploy of Panther, and a 20,000-event snapshot for speed tests.
import type {PostMortem, Stack, StackEvent} from '../../source/domain/types.js';
import {emptySnapshot, type Snapshot} from '../../source/store/snapshot.js';
import {buildEvent, buildStack} from '../support/builders.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

export const arnOf = (name: string, suffix = 'a1b2c3d4'): string =>
  `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/${suffix}-0000-1111-2222-333344445555`;

export function makeStack(name: string, over: Partial<Stack> = {}): Stack {
  return buildStack(arnOf(name), name, at(0), over);
}

let seq = 0;
export function makeEvent(stack: Stack, logicalId: string, type: string, status: string, seconds: number, reason = '', physical = ''): StackEvent {
  seq++;
  return buildEvent(stack, {
    eventId: `${stack.stackName}-${logicalId}-${status}-${seq}`,
    logicalId,
    type,
    status,
    timestamp: at(seconds),
    reason,
    physicalId: physical,
  });
}

/** Events of one stack, kept oldest first. */
class Log {
  readonly events: StackEvent[] = [];
  constructor(readonly stack: Stack) {}
  self(status: string, s: number, reason = ''): StackEvent {
    return this.push(makeEvent(this.stack, this.stack.stackName, 'AWS::CloudFormation::Stack', status, s, reason, this.stack.stackId));
  }
  res(logicalId: string, type: string, status: string, s: number, reason = '', physical = ''): StackEvent {
    return this.push(makeEvent(this.stack, logicalId, type, status, s, reason, physical));
  }
  push(e: StackEvent): StackEvent {
    this.events.push(e);
    this.events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    return e;
  }
}

export const ROOT_NAME = 'panther-prod';
const NESTED = ['Bootstrap', 'BootstrapGateway', 'Appsync', 'Core', 'LogAnalysis', 'Web', 'CloudSecurity'] as const;
export const SCP_REASON =
  'Resource handler returned message: "User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation is not authorized to perform: s3:PutEncryptionConfiguration on resource: arn:aws:s3:::panther-prod-processeddata with an explicit deny in a service control policy" (RequestToken: 5f1c7a9e-aaaa-bbbb-cccc-0123456789ab, HandlerErrorCode: AccessDenied)';
export const WEB_REASON =
  'Resource handler returned message: "Invalid request provided: The target group with targetGroupArn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc does not have an associated load balancer." (RequestToken: 9d9d, HandlerErrorCode: InvalidRequest)';

export interface Fixture {
  snapshot: Snapshot;
  root: Stack;
  nested: Record<string, Stack>;
  connector: Stack;
  rootCause: StackEvent;
  webFailure: StackEvent;
}

/**
 * panther-prod's first deploy: LogAnalysis's ProcessedDataBucket is denied by an SCP at t+72 among cancellations;
 * LogAnalysis rolls back slowly, so the root hears about Web's later failure (t+100) first. Everything rolls back,
 * every nested stack is deleted. BootstrapGateway has a nested PantherAthenaDDBConnector whose ParentId is not
 * known (found through its parent's events).
 */
export function failedDeployFixture(): Fixture {
  seq = 0;
  const root = makeStack(ROOT_NAME, {
    status: 'ROLLBACK_COMPLETE',
    statusReason: 'The following resource(s) failed to create: [Web, LogAnalysis].',
    createdAt: at(0),
  });
  const rootLog = new Log(root);
  const nested: Record<string, Stack> = {};
  const logs: Record<string, Log> = {};
  NESTED.forEach((id, i) => {
    const created = id === 'Bootstrap' ? 3 : 63 + i;
    nested[id] = makeStack(`${ROOT_NAME}-${id}-${(0x1a2b3c + i).toString(36).toUpperCase()}`, {
      status: 'DELETE_COMPLETE',
      deleted: true,
      parentId: root.stackId,
      rootId: root.stackId,
      createdAt: at(created),
      deletedAt: at(200),
    });
    logs[id] = new Log(nested[id]);
  });
  const connector = makeStack(`${nested.BootstrapGateway.stackName}-PantherAthenaDDBConnector-QW3RTY`, {
    status: 'DELETE_COMPLETE',
    deleted: true,
    parentId: null,
    rootId: null,
    createdAt: at(70),
    deletedAt: at(190),
  });
  const connLog = new Log(connector);

  rootLog.self('CREATE_IN_PROGRESS', 0, 'User Initiated');
  // Bootstrap succeeds first.
  rootLog.res('Bootstrap', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 2);
  rootLog.res('Bootstrap', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 3, 'Resource creation Initiated', nested.Bootstrap.stackId);
  const b = logs.Bootstrap;
  b.self('CREATE_IN_PROGRESS', 3, 'User Initiated');
  for (const [k, r] of ['AuditBucket', 'AnalysisBucket', 'AthenaResultsBucket', 'UserPool'].entries()) {
    b.res(r, r === 'UserPool' ? 'AWS::Cognito::UserPool' : 'AWS::S3::Bucket', 'CREATE_IN_PROGRESS', 5 + k);
    b.res(r, r === 'UserPool' ? 'AWS::Cognito::UserPool' : 'AWS::S3::Bucket', 'CREATE_COMPLETE', 30 + k, '', `${r.toLowerCase()}-xyz`);
  }
  b.self('CREATE_COMPLETE', 58);
  rootLog.res('Bootstrap', 'AWS::CloudFormation::Stack', 'CREATE_COMPLETE', 60, '', nested.Bootstrap.stackId);
  // The rest start together.
  NESTED.slice(1).forEach((id, i) => {
    rootLog.res(id, 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 62);
    rootLog.res(id, 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 63 + i, 'Resource creation Initiated', nested[id].stackId);
    logs[id].self('CREATE_IN_PROGRESS', 63 + i, 'User Initiated');
  });
  // BootstrapGateway creates its own nested stack.
  const g = logs.BootstrapGateway;
  g.res('PantherAthenaDDBConnector', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 69);
  g.res('PantherAthenaDDBConnector', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 70, 'Resource creation Initiated', connector.stackId);
  connLog.self('CREATE_IN_PROGRESS', 70, 'User Initiated');
  connLog.res('ConnectorFunction', 'AWS::Lambda::Function', 'CREATE_IN_PROGRESS', 71);
  g.res('ApiGateway', 'AWS::ApiGateway::RestApi', 'CREATE_IN_PROGRESS', 66);
  g.res('ApiGateway', 'AWS::ApiGateway::RestApi', 'CREATE_COMPLETE', 68, '', 'abc123');

  // LogAnalysis: the SCP deny, then cancellations, then a slow rollback.
  const la = logs.LogAnalysis;
  la.res('ProcessedDataBucket', 'AWS::S3::Bucket', 'CREATE_IN_PROGRESS', 70);
  la.res('AlarmTopic', 'AWS::SNS::Topic', 'CREATE_IN_PROGRESS', 70);
  la.res('LogProcessorFunction', 'AWS::Lambda::Function', 'CREATE_IN_PROGRESS', 71);
  const rootCause = la.res('ProcessedDataBucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 72, SCP_REASON, 'panther-prod-processeddata');
  la.res('AlarmTopic', 'AWS::SNS::Topic', 'CREATE_FAILED', 73, 'Resource creation cancelled');
  la.res('LogProcessorFunction', 'AWS::Lambda::Function', 'CREATE_FAILED', 73, 'Resource creation cancelled');
  la.self('ROLLBACK_IN_PROGRESS', 74, 'The following resource(s) failed to create: [AlarmTopic, LogProcessorFunction, ProcessedDataBucket]. ');
  const types = {AlarmTopic: 'AWS::SNS::Topic', LogProcessorFunction: 'AWS::Lambda::Function', ProcessedDataBucket: 'AWS::S3::Bucket'};
  for (const [k, [r, type]] of Object.entries(types).entries()) {
    la.res(r, type, 'DELETE_COMPLETE', 80 + k * 10);
  }
  la.self('ROLLBACK_COMPLETE', 120);

  // Web: a later, second real failure that the root hears about first.
  const web = logs.Web;
  web.res('WebService', 'AWS::ECS::Service', 'CREATE_IN_PROGRESS', 75);
  const webFailure = web.res('WebService', 'AWS::ECS::Service', 'CREATE_FAILED', 100, WEB_REASON);
  web.self('ROLLBACK_IN_PROGRESS', 101, 'The following resource(s) failed to create: [WebService]. ');
  web.res('WebService', 'AWS::ECS::Service', 'DELETE_COMPLETE', 103);
  web.self('ROLLBACK_COMPLETE', 105);
  rootLog.res(
    'Web',
    'AWS::CloudFormation::Stack',
    'CREATE_FAILED',
    106,
    `Embedded stack ${nested.Web.stackId} was not successfully created: The following resource(s) failed to create: [WebService]. `,
    nested.Web.stackId,
  );
  rootLog.self('ROLLBACK_IN_PROGRESS', 107, 'The following resource(s) failed to create: [Web]. Rollback requested by user.');
  for (const id of ['BootstrapGateway', 'Appsync', 'Core', 'CloudSecurity']) {
    rootLog.res(id, 'AWS::CloudFormation::Stack', 'CREATE_FAILED', 108, 'Resource creation cancelled', nested[id].stackId);
  }
  connLog.res('ConnectorFunction', 'AWS::Lambda::Function', 'CREATE_FAILED', 109, 'Resource creation cancelled');
  g.res('PantherAthenaDDBConnector', 'AWS::CloudFormation::Stack', 'CREATE_FAILED', 110, 'Resource creation cancelled', connector.stackId);
  rootLog.res(
    'LogAnalysis',
    'AWS::CloudFormation::Stack',
    'CREATE_FAILED',
    121,
    `Embedded stack ${nested.LogAnalysis.stackId} was not successfully created: The following resource(s) failed to create: [AlarmTopic, LogProcessorFunction, ProcessedDataBucket]. `,
    nested.LogAnalysis.stackId,
  );
  // The root deletes every nested stack.
  NESTED.forEach((id, i) => {
    rootLog.res(id, 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 130 + i);
    logs[id].self('DELETE_IN_PROGRESS', 131 + i, 'User Initiated');
    logs[id].self('DELETE_COMPLETE', 180 + i);
    rootLog.res(id, 'AWS::CloudFormation::Stack', 'DELETE_COMPLETE', 181 + i, '', nested[id].stackId);
  });
  connLog.self('DELETE_IN_PROGRESS', 150, 'User Initiated');
  connLog.self('DELETE_COMPLETE', 170);
  rootLog.self('ROLLBACK_COMPLETE', 210);

  const stacks = new Map<string, Stack>([
    [root.stackId, root],
    ...NESTED.map(id => [nested[id].stackId, nested[id]] as const),
    [connector.stackId, connector],
  ]);
  const events = new Map<string, readonly StackEvent[]>([
    [root.stackId, rootLog.events],
    ...NESTED.map(id => [nested[id].stackId, logs[id].events] as const),
    [connector.stackId, connLog.events],
  ]);

  const postMortem: PostMortem = {
    stack: {name: root.stackName, id: root.stackId, status: root.status, statusReason: root.statusReason},
    operation: {id: null, type: 'CREATE', startedAt: at(0), endedAt: at(210), outcome: 'ROLLED_BACK', startEventId: rootLog.events[0].eventId},
    rootCause: {
      stackName: nested.LogAnalysis.stackName,
      stackId: nested.LogAnalysis.stackId,
      logicalResourceId: 'ProcessedDataBucket',
      physicalResourceId: 'panther-prod-processeddata',
      resourceType: 'AWS::S3::Bucket',
      status: 'CREATE_FAILED',
      reason: SCP_REASON,
      timestamp: rootCause.timestamp,
      category: 'scp-deny',
      hint: 'An organisation service control policy denies s3:PutEncryptionConfiguration. Ask your AWS organisation admins to exempt the deployment role, then deploy again.',
      deleted: true,
      eventId: rootCause.eventId,
    },
    chain: [
      {stackName: root.stackName, stackId: root.stackId, logicalResourceId: 'LogAnalysis', status: 'CREATE_FAILED', reason: 'Embedded stack ...'},
      {
        stackName: nested.LogAnalysis.stackName,
        stackId: nested.LogAnalysis.stackId,
        logicalResourceId: 'ProcessedDataBucket',
        status: 'CREATE_FAILED',
        reason: SCP_REASON,
      },
    ],
    otherFailures: [
      {
        stackName: nested.Web.stackName,
        stackId: nested.Web.stackId,
        logicalResourceId: 'WebService',
        status: 'CREATE_FAILED',
        reason: WEB_REASON,
        timestamp: webFailure.timestamp,
        eventId: webFailure.eventId,
        category: 'timeout',
        hint: 'The ECS service did not stabilise.',
      },
    ],
    deniedCalls: [
      {
        eventTime: at(71),
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        errorCode: 'AccessDenied',
        errorMessage:
          'User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation is not authorized to perform: s3:PutEncryptionConfiguration with an explicit deny in a service control policy',
        principal: 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation',
        denial: 'scp',
        policyArn: 'arn:aws:organizations::999999999999:policy/o-abc123/service_control_policy/p-deny-s3enc',
      },
    ],
    apiCalls: {cloudformation: 49, cloudtrail: 3},
    notes: [],
  };

  const snapshot: Snapshot = {
    ...emptySnapshot(ROOT_NAME, REGION, 'prod'),
    version: 42,
    rootStackId: root.stackId,
    stacks,
    events,
    resourceTotals: new Map([[nested.Bootstrap.stackId, 4]]),
    postMortem,
    identity: {account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/deployer`},
    apiCalls: {'CloudFormation.DescribeStackEvents': 40, 'CloudFormation.DescribeStacks': 9, 'CloudTrail.LookupEvents': 3},
    poll: {
      state: 'settled',
      nextPollAt: null,
      cloudformation: {lastSuccessAt: T0 + 215_000, lastError: null},
      cloudtrail: {lastSuccessAt: T0 + 216_000, lastError: null},
    },
  };
  return {snapshot, root, nested, connector, rootCause, webFailure};
}

/**
 * A large deploy: `total` events over a root and 12 nested stacks, with one SCP failure near the middle
 * (the post-mortem's root cause) and cancellations after it.
 */
export function bigSnapshot(total = 20_000): {snapshot: Snapshot; rootCauseId: string} {
  seq = 0;
  const root = makeStack('panther-big', {status: 'UPDATE_ROLLBACK_COMPLETE'});
  const kids = Array.from({length: 12}, (_, i) =>
    makeStack(`panther-big-Nested${i}-X${i}`, {parentId: root.stackId, rootId: root.stackId, createdAt: at(i), status: 'UPDATE_COMPLETE'}),
  );
  const all = [root, ...kids];
  const lists = new Map<string, StackEvent[]>(all.map(s => [s.stackId, []]));
  for (const [i, k] of kids.entries()) {
    lists.get(root.stackId)!.push(makeEvent(root, `Nested${i}`, 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', i, '', k.stackId));
  }
  let rootCauseId = '';
  const failAt = Math.floor(total / 2);
  for (let n = lists.get(root.stackId)!.length; n < total; n++) {
    const stack = all[1 + (n % kids.length)];
    const r = `Resource${Math.floor(n / kids.length) % 300}`;
    let status = n % 2 === 0 ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE';
    let reason = '';
    if (n === failAt) {
      status = 'UPDATE_FAILED';
      reason = SCP_REASON;
    } else if (n > failAt && n % 997 === 0) {
      status = 'UPDATE_FAILED';
      reason = 'Resource handler returned message: "Rate exceeded" (RequestToken: 1, HandlerErrorCode: Throttling)';
    } else if (n > failAt && n % 97 === 0) {
      status = 'UPDATE_FAILED';
      reason = 'Resource update cancelled';
    }
    const e = makeEvent(stack, r, 'AWS::Lambda::Function', status, 20 + n, reason);
    if (n === failAt) rootCauseId = e.eventId;
    lists.get(stack.stackId)!.push(e);
  }
  const failedStack = all.find(s => lists.get(s.stackId)!.some(e => e.eventId === rootCauseId))!;
  const snapshot: Snapshot = {
    ...emptySnapshot('panther-big', REGION),
    rootStackId: root.stackId,
    stacks: new Map(all.map(s => [s.stackId, s])),
    events: lists,
    postMortem: {
      stack: {name: root.stackName, id: root.stackId, status: root.status, statusReason: ''},
      operation: null,
      rootCause: {
        stackName: failedStack.stackName,
        stackId: failedStack.stackId,
        logicalResourceId: 'Resource',
        physicalResourceId: '',
        resourceType: 'AWS::Lambda::Function',
        status: 'UPDATE_FAILED',
        reason: SCP_REASON,
        timestamp: at(20 + failAt),
        category: 'scp-deny',
        hint: 'SCP.',
        deleted: false,
        eventId: rootCauseId,
      },
      chain: [],
      otherFailures: [],
      deniedCalls: [],
      apiCalls: {cloudformation: 1, cloudtrail: 0},
      notes: [],
    },
  };
  return {snapshot, rootCauseId};
}
