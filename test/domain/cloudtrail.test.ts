import {describe, expect, it} from 'vitest';
import {classifyReason} from '../../source/domain/classify.js';
import {correlateDenied, trailQueriesFor} from '../../source/domain/cloudtrail.js';
import type {RootCause} from '../../source/domain/types.js';
import {t, trailEvent} from './builders.js';

const SCP = 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-x1y2z3ab';
const CFN_ROLE = 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation';
const S3_REASON = `Resource handler returned message: "User: ${CFN_ROLE} is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::panther-bootstrap-auditlogs\\" with an explicit deny in a service control policy (Service: S3, Status Code: 403, Request ID: R)" (RequestToken: tok, HandlerErrorCode: AccessDenied)`;

function rootCause(over: Partial<RootCause> = {}): RootCause {
  return {
    stackName: 'panther-Bootstrap-1AAA',
    stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/panther-Bootstrap-1AAA/x',
    logicalResourceId: 'AuditLogsBucket',
    physicalResourceId: 'panther-bootstrap-auditlogs',
    resourceType: 'AWS::S3::Bucket',
    status: 'CREATE_FAILED',
    reason: S3_REASON,
    timestamp: t(30),
    category: 'scp-deny',
    hint: '',
    deleted: true,
    eventId: 'e1',
    ...over,
  };
}

describe('trailQueriesFor', () => {
  it('looks up the failing service from 15 minutes before to 5 minutes after the failure', () => {
    const rc = rootCause();
    expect(trailQueriesFor(rc, classifyReason(rc.reason, rc.resourceType, rc.status), 'eu-west-1')).toEqual([
      {attribute: {key: 'EventSource', value: 's3.amazonaws.com'}, startTime: t(15), endTime: t(35), region: 'eu-west-1'},
    ]);
  });

  it("queries IAM in us-east-1 where global services log, and the denied service before the resource's", () => {
    const reason = `API: iam:PassRole User: ${CFN_ROLE} is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/r with an explicit deny in a service control policy`;
    const rc = rootCause({resourceType: 'AWS::Lambda::Function', reason});
    const qs = trailQueriesFor(rc, classifyReason(reason), 'eu-west-1');
    expect(qs.map(q => [q.attribute.value, q.region])).toEqual([
      ['iam.amazonaws.com', 'us-east-1'],
      ['lambda.amazonaws.com', 'eu-west-1'],
    ]);
  });

  it('asks nothing of CloudTrail for a clear non-permission cause', () => {
    const reason = 'Role with name PantherAuditRole-us-east-1 already exists.';
    expect(trailQueriesFor(rootCause({reason, resourceType: 'AWS::IAM::Role'}), classifyReason(reason), 'us-east-1')).toEqual([]);
  });
});

describe('correlateDenied', () => {
  const denial = classifyReason(S3_REASON).denial;
  const msg = `User: ${CFN_ROLE} is not authorized to perform: s3:PutEncryptionConfiguration on resource: arn:aws:s3:::panther-bootstrap-auditlogs with an explicit deny in a service control policy: ${SCP}`;

  it('picks the CloudFormation call of the denied action in the window and ignores the others', () => {
    const wanted = trailEvent({eventId: 'want', eventTime: t(29), eventName: 'PutBucketEncryption', errorMessage: msg});
    const trail = [
      trailEvent({
        eventId: 'human',
        eventTime: t(29),
        principal: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
        invokedBy: '',
        sourceIp: '203.0.113.9',
        userAgent: 'aws-cli/2',
        errorMessage: msg,
      }),
      trailEvent({eventId: 'too-early', eventTime: t(10), errorMessage: msg}),
      trailEvent({eventId: 'too-late', eventTime: t(36), errorMessage: msg}),
      trailEvent({eventId: 'other-service', eventTime: t(29), eventSource: 'sqs.amazonaws.com', eventName: 'CreateQueue', errorMessage: msg}),
      trailEvent({eventId: 'allowed', eventTime: t(29), errorCode: '', errorMessage: ''}),
      trailEvent({eventId: 'other-action', eventTime: t(29), eventName: 'PutBucketTagging', errorMessage: 'Access Denied'}),
      wanted,
      {...wanted},
    ];
    expect(correlateDenied(trail, rootCause(), denial)).toEqual([
      {
        eventTime: t(29),
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        errorCode: 'AccessDenied',
        errorMessage: msg,
        principal: CFN_ROLE,
        denial: 'scp',
        policyArn: SCP,
      },
    ]);
  });

  it("falls back to other denied calls of the service, sorted by time, when none is CloudFormation's", () => {
    const trail = [
      trailEvent({
        eventId: 'b',
        eventTime: t(31),
        invokedBy: '',
        sourceIp: '10.0.0.1',
        userAgent: 'boto3',
        principal: 'arn:aws:sts::1:assumed-role/Lambda/x',
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
      }),
      trailEvent({
        eventId: 'a',
        eventTime: t(28),
        invokedBy: '',
        sourceIp: '10.0.0.1',
        userAgent: 'boto3',
        principal: 'arn:aws:sts::1:assumed-role/Lambda/x',
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
      }),
    ];
    expect(correlateDenied(trail, rootCause(), null).map(d => [d.eventTime, d.denial])).toEqual([
      [t(28), 'unknown'],
      [t(31), 'unknown'],
    ]);
  });

  it("matches Lambda's versioned event names and EC2's Client.UnauthorizedOperation", () => {
    const lambda = trailEvent({
      eventTime: t(30),
      eventSource: 'lambda.amazonaws.com',
      eventName: 'CreateFunction20150331',
      errorCode: 'AccessDeniedException',
    });
    const rc = rootCause({resourceType: 'AWS::Lambda::Function'});
    expect(
      correlateDenied([lambda], rc, {
        principal: '',
        action: 'lambda:CreateFunction',
        resource: null,
        policyType: 'scp',
        explicit: true,
        policyArn: null,
      }),
    ).toHaveLength(1);
    const ec2 = trailEvent({eventTime: t(30), eventSource: 'ec2.amazonaws.com', eventName: 'CreateVpc', errorCode: 'Client.UnauthorizedOperation'});
    expect(correlateDenied([ec2], rootCause({resourceType: 'AWS::EC2::VPC', reason: 'x'}), null)).toHaveLength(1);
  });

  it('takes the action of a denial message as plain text, regular-expression characters included', () => {
    const rc = rootCause({resourceType: 'AWS::Lambda::Function'});
    const lambda = (eventId: string, eventName: string) =>
      trailEvent({eventId, eventTime: t(30), eventSource: 'lambda.amazonaws.com', eventName, errorCode: 'AccessDeniedException'});
    const trail = [lambda('create', 'CreateFunction20150331'), lambda('permission', 'AddPermission20150331v2')];
    const denied = (action: string) => ({principal: '', action, resource: null, policyType: 'scp' as const, explicit: true, policyArn: null});
    // An unbalanced bracket or parenthesis in the text: no crash, and no call of that name, so every denied call.
    expect(correlateDenied(trail, rc, denied('lambda:Create[Function')).map(d => d.eventName)).toEqual([
      'CreateFunction20150331',
      'AddPermission20150331v2',
    ]);
    expect(correlateDenied(trail, rc, denied('lambda:CreateFunction(')).map(d => d.eventName)).toEqual([
      'CreateFunction20150331',
      'AddPermission20150331v2',
    ]);
    // A dot is a dot, not any character: "Create.unction" is no CreateFunction.
    expect(correlateDenied(trail, rc, denied('lambda:Create.unction')).map(d => d.eventName)).toEqual([
      'CreateFunction20150331',
      'AddPermission20150331v2',
    ]);
    expect(correlateDenied(trail, rc, denied('lambda:AddPermission')).map(d => d.eventName)).toEqual(['AddPermission20150331v2']);
  });

  it('reads the action out of a real denial message containing regular-expression characters', () => {
    const reason = `User: ${CFN_ROLE} is not authorized to perform: lambda:CreateFunction(v2 on resource: arn:aws:lambda:us-east-1:123456789012:function:x with an explicit deny in a service control policy`;
    const parsed = classifyReason(reason).denial;
    expect(parsed?.action).toBe('lambda:CreateFunction(v2');
    const call = trailEvent({
      eventTime: t(30),
      eventSource: 'lambda.amazonaws.com',
      eventName: 'CreateFunction20150331',
      errorCode: 'AccessDeniedException',
    });
    expect(() => correlateDenied([call], rootCause({resourceType: 'AWS::Lambda::Function', reason}), parsed)).not.toThrow();
  });
});
