// The pure rules of the other check groups, on hand-made facts.
import {describe, expect, it} from 'vitest';
import {identityChecks} from '../../source/panther/preflight/identity.js';
import {groupScpDenials, organizationChecks} from '../../source/panther/preflight/organization.js';
import {permissionChecks} from '../../source/panther/preflight/permissions.js';
import {stackNameChecks} from '../../source/panther/preflight/stack-name.js';
import {probeFailed, probeOk, type DeniedEvent, type StackInfo} from '../../source/panther/preflight/types.js';

const stack = (name: string, status: string, extra: Partial<StackInfo> = {}): StackInfo => ({
  stackId: `arn:aws:cloudformation:us-east-2:123456789012:stack/${name}/1`,
  stackName: name,
  status,
  parentId: null,
  rootId: null,
  description: '',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: null,
  deletedAt: null,
  ...extra,
});
const denied = (message: string, extra: Partial<DeniedEvent> = {}): DeniedEvent => ({
  eventTime: '2026-11-01T00:00:00Z',
  eventName: 'CreateBucket',
  eventSource: 's3.amazonaws.com',
  errorCode: 'AccessDenied',
  errorMessage: message,
  principal: 'arn:aws:sts::123456789012:assumed-role/R/s',
  ...extra,
});

describe('preflight rules', () => {
  it('warns when the caller is the root user', () => {
    expect(identityChecks({account: '123456789012', arn: 'arn:aws:iam::123456789012:root'}, 'eu-west-1').map(c => c.status)).toEqual([
      'warn',
      'pass',
    ]);
  });

  it('accepts any name without a deployment role, and refuses a rolled-back first deploy of that name', () => {
    const checks = stackNameChecks({
      stackName: 'prod',
      region: 'us-east-2',
      stacks: probeOk([stack('prod', 'ROLLBACK_COMPLETE'), stack('other', 'DELETE_COMPLETE')]),
      deploymentRole: probeOk({role: null, stack: null}),
    });
    expect(checks.map(c => `${c.id} ${c.status}`)).toEqual(['stack-name.prefix pass', 'stack-name.available fail']);
    expect(checks[1]!.action).toContain('aws cloudformation delete-stack --stack-name prod --region us-east-2');
  });

  it('finds the deployment role by its stack when IAM cannot be read, and cannot say without either', () => {
    const byStack = stackNameChecks({
      stackName: 'prod',
      region: 'us-east-2',
      stacks: probeOk([]),
      deploymentRole: probeOk({role: null, stack: stack('panther-deployment-role', 'CREATE_COMPLETE')}),
    });
    expect(byStack[0]).toMatchObject({status: 'fail'});
    expect(byStack[0]!.found).toContain('stack panther-deployment-role');
    const unknown = stackNameChecks({
      stackName: 'prod',
      region: 'us-east-2',
      stacks: probeFailed('x'),
      deploymentRole: probeFailed('iam:GetRole denied'),
    });
    expect(unknown.map(c => c.status)).toEqual(['unknown', 'unknown']);
  });

  it('keeps only SCP denials of the services Panther needs, grouped by action', () => {
    const scp = (action: string) =>
      `User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: ${action} with an explicit deny in a service control policy`;
    const groups = groupScpDenials([
      denied(scp('s3:CreateBucket')),
      denied(scp('s3:CreateBucket'), {eventTime: '2026-11-02T00:00:00Z', principal: 'arn:aws:iam::1:user/bob'}),
      denied(scp('sagemaker:CreateNotebookInstance')),
      denied('User: x is not authorized to perform: sqs:CreateQueue because no identity-based policy allows the sqs:CreateQueue action'),
      denied(scp('sns:CreateTopic'), {errorCode: ''}),
      denied('You are not authorized to perform this operation. Encoded authorization failure message: abc', {
        errorCode: 'Client.UnauthorizedOperation',
      }),
    ]);
    expect(groups).toEqual([
      {
        action: 's3:CreateBucket',
        count: 2,
        lastSeen: '2026-11-02T00:00:00Z',
        principals: ['arn:aws:sts::123456789012:assumed-role/R/s', 'arn:aws:iam::1:user/bob'],
        policyArns: [],
      },
    ]);
  });

  it('says plainly what cannot be checked about the organisation', () => {
    const checks = organizationChecks({
      organization: probeFailed('organizations:DescribeOrganization denied (AccessDeniedException)'),
      denials: probeOk({events: [], eventNames: ['CreateBucket'], read: 0}),
    });
    expect(checks.map(c => `${c.id} ${c.status}`)).toEqual(['organization.membership unknown', 'organization.scp-denials pass']);
    expect(checks[0]!.action).toContain('organizations:ListPoliciesForTarget in the management account');
    const billing = organizationChecks({
      organization: probeOk({id: 'o-1', featureSet: 'CONSOLIDATED_BILLING', managementAccountId: '1'}),
      denials: null,
    });
    expect(billing.map(c => c.status)).toEqual(['pass', 'unknown']);
  });

  it('reports a simulation that could not run as could-not-check, and denied actions as a failure', () => {
    expect(permissionChecks({simulations: probeFailed('iam:SimulatePrincipalPolicy denied (AccessDenied)')})[0]).toMatchObject({status: 'unknown'});
    const checks = permissionChecks({
      simulations: probeOk([
        {
          subject: 'caller',
          principalArn: 'arn:aws:iam::1:user/alice',
          results: probeOk([
            {action: 'iam:PassRole', decision: 'implicitDeny', allowedByOrganizations: null},
            {action: 'cloudformation:CreateStack', decision: 'allowed', allowedByOrganizations: null},
          ]),
        },
        {subject: 'deployment role', principalArn: 'arn:aws:iam::1:role/D', results: probeFailed('iam:SimulatePrincipalPolicy failed: InvalidInput')},
      ]),
    });
    expect(checks.map(c => `${c.id} ${c.status}`)).toEqual(['permissions.caller fail', 'permissions.deployment-role unknown']);
    expect(checks[0]!.found).toBe('arn:aws:iam::1:user/alice may not: iam:PassRole (no policy allows it)');
  });
});
