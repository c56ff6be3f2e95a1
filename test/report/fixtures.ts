import type {PostMortem} from '../../source/domain/types.js';

const ROOT = 'arn:aws:cloudformation:us-east-1:123456789012:stack/panther/11111111-0000-0000-0000-000000000000';
const BOOT = 'arn:aws:cloudformation:us-east-1:123456789012:stack/panther-Bootstrap-1AAA/22222222-0000-0000-0000-000000000000';
const SCP = 'arn:aws:organizations::111111111111:policy/o-abc123/service_control_policy/p-x1y2z3ab';

export function failedPostMortem(): PostMortem {
  return {
    stack: {name: 'panther', id: ROOT, status: 'ROLLBACK_COMPLETE', statusReason: 'The following resource(s) failed to create: [Bootstrap]. '},
    operation: {
      id: 'op-1',
      type: 'CREATE',
      startedAt: '2024-05-01T10:00:00.000Z',
      endedAt: '2024-05-01T10:20:00.000Z',
      outcome: 'ROLLED_BACK',
      startEventId: 'ev-0',
    },
    rootCause: {
      stackName: 'panther-Bootstrap-1AAA',
      stackId: BOOT,
      logicalResourceId: 'AuditLogsBucket',
      physicalResourceId: 'panther-bootstrap-auditlogs',
      resourceType: 'AWS::S3::Bucket',
      status: 'CREATE_FAILED',
      reason: `Resource handler returned message: "User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation is not authorized to perform: s3:PutEncryptionConfiguration on resource: \\"arn:aws:s3:::panther-bootstrap-auditlogs\\" with an explicit deny in a service control policy: ${SCP}" (RequestToken: t, HandlerErrorCode: AccessDenied)`,
      timestamp: '2024-05-01T10:04:00.000Z',
      category: 'scp-deny',
      hint: 'A service control policy in your AWS Organization denies s3:PutEncryptionConfiguration (policy p-x1y2z3ab). Ask your organisation admins.',
      deleted: true,
      eventId: 'ev-9',
    },
    chain: [
      {
        stackName: 'panther',
        stackId: ROOT,
        logicalResourceId: 'Bootstrap',
        status: 'CREATE_FAILED',
        reason: `Embedded stack ${BOOT} was not successfully created: The following resource(s) failed to create: [AuditLogsBucket]. `,
      },
      {stackName: 'panther-Bootstrap-1AAA', stackId: BOOT, logicalResourceId: 'AuditLogsBucket', status: 'CREATE_FAILED', reason: 'Access denied'},
    ],
    otherFailures: [
      {
        stackName: 'panther-Core-1CCC',
        stackId: 'arn:core',
        logicalResourceId: 'Fn|Pipe',
        status: 'CREATE_FAILED',
        reason: 'Internal Failure | with a pipe \x1b]52;c;AAAA\x07',
        timestamp: '2024-05-01T10:05:00.000Z',
        eventId: 'ev-10',
        category: 'internal',
        hint: "An error on AWS's side, usually transient: deploy again.",
      },
    ],
    deniedCalls: [
      {
        eventTime: '2024-05-01T10:03:59.000Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        errorCode: 'AccessDenied',
        errorMessage: 'User: x is not authorized',
        principal: 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation',
        denial: 'scp',
        policyArn: SCP,
      },
    ],
    apiCalls: {cloudformation: 14, cloudtrail: 2},
    notes: ['CloudTrail events arrive ~5 minutes late (sometimes more): re-run later.'],
  };
}

export function okPostMortem(): PostMortem {
  return {
    stack: {name: 'panther', id: ROOT, status: 'UPDATE_COMPLETE', statusReason: ''},
    operation: {
      id: null,
      type: 'UPDATE',
      startedAt: '2024-05-01T10:00:00.000Z',
      endedAt: '2024-05-01T10:30:00.000Z',
      outcome: 'SUCCEEDED',
      startEventId: 'e',
    },
    rootCause: null,
    chain: [],
    otherFailures: [],
    deniedCalls: [],
    apiCalls: {cloudformation: 3, cloudtrail: 0},
    notes: [],
  };
}
