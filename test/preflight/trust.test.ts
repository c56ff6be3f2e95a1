// The preflight check of who can assume the deployment role, on hand-made facts: one check whose status is the
// worst finding's, and "could not check" whenever the trust policy could not be read.
import {describe, expect, it} from 'vitest';
import {parseTrustPolicy, type TrustPolicy} from '../../source/domain/trust-policy.js';
import {trustChecks} from '../../source/panther/preflight/trust.js';
import {probeFailed, probeOk, type PreflightFacts, type RoleInfo, type StackInfo} from '../../source/panther/preflight/types.js';

const ACCOUNT = '123456789012';
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/panther-deployer/ci`;
const policy = (...Statement: object[]): TrustPolicy => {
  const r = parseTrustPolicy(JSON.stringify({Version: '2012-10-17', Statement}));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const role = (trust?: RoleInfo['trust']): RoleInfo => ({
  name: 'PantherDeploymentRole-us-east-2',
  arn: `arn:aws:iam::${ACCOUNT}:role/PantherDeploymentRole-us-east-2`,
  createdAt: '2026-10-30T14:07:31.000Z',
  ...(trust ? {trust} : {}),
});
const facts = (deploymentRole: PreflightFacts['deploymentRole']) => ({
  identity: {account: ACCOUNT, arn: SESSION},
  region: 'us-east-2',
  deploymentRole,
});
const roleStack: StackInfo = {
  stackId: `arn:aws:cloudformation:us-east-2:${ACCOUNT}:stack/panther-deployment-role/1`,
  stackName: 'panther-deployment-role',
  status: 'CREATE_COMPLETE',
  parentId: null,
  rootId: null,
  description: '',
  createdAt: '2026-10-30T14:00:00.000Z',
  updatedAt: null,
  deletedAt: null,
};

describe('the deployment role trust check', () => {
  it('fails when another account can assume the role, naming each finding and each fix once', () => {
    const trust = policy(
      {Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Action: 'sts:AssumeRole'},
      {Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::999988887777:root'}, Action: 'sts:AssumeRole'},
      {Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:user/bob`}, Action: 'sts:AssumeRole'},
      {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'},
    );
    const [check, ...others] = trustChecks(facts(probeOk({role: role(probeOk(trust)), stack: roleStack})));
    expect(others).toEqual([]);
    expect(check).toMatchObject({id: 'permissions.deployment-role-trust', group: 'permissions', title: 'Deployment role trust', status: 'fail'});
    expect(check!.found).toMatch(
      /^PantherDeploymentRole-us-east-2 is an administrator role: it can create any IAM role and policy, so whoever can assume it is an administrator of account 123456789012\. FAIL: account 999988887777 .*; WARN: any principal of account 123456789012 .*; WARN: the IAM user bob .*; PASS: the CloudFormation service/,
    );
    const steps = check!.action.split('; ');
    expect(steps.filter(s => s.startsWith('require MFA'))).toHaveLength(1);
    expect(steps.at(-2)).toBe(
      'then apply the new trust policy: aws iam update-assume-role-policy --role-name PantherDeploymentRole-us-east-2 --policy-document file://trust.json',
    );
    expect(steps.at(-1)).toBe(
      'treat it as a sensitive administrator role: only the principals that deploy Panther, and CloudFormation, should be able to assume it',
    );
  });

  it('passes when only the deploying role and CloudFormation can, and still says it is an administrator role', () => {
    const trust = policy(
      {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'},
      {Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:role/ci/panther-deployer`}, Action: 'sts:AssumeRole'},
    );
    const [check] = trustChecks(facts(probeOk({role: role(probeOk(trust)), stack: null})));
    expect(check).toMatchObject({status: 'pass'});
    expect(check!.found).toContain('is an administrator role');
    expect(check!.found).toContain('PASS: the role panther-deployer can assume it (the deploying principal)');
    expect(check!.action).toBe(
      'treat it as a sensitive administrator role: only the principals that deploy Panther, and CloudFormation, should be able to assume it',
    );
  });

  it('could not check when the role could not be looked for, was not read, or its trust policy was unreadable', () => {
    const statuses = [
      facts(probeFailed('iam:GetRole PantherDeploymentRole-us-east-2 denied (AccessDenied)')),
      facts(probeOk({role: null, stack: roleStack})),
      facts(probeOk({role: role(), stack: roleStack})),
      facts(probeOk({role: role(probeFailed('its trust policy could not be read: not JSON (x)')), stack: null})),
    ].map(f => trustChecks(f)[0]!);
    expect(statuses.map(c => c.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(statuses.map(c => c.found)).toEqual([
      'could not check (iam:GetRole PantherDeploymentRole-us-east-2 denied (AccessDenied))',
      'could not check: the stack panther-deployment-role deploys the PantherDeploymentRole, but no role of that name was found to read',
      'could not check PantherDeploymentRole-us-east-2: IAM sent no trust policy for it',
      'could not check PantherDeploymentRole-us-east-2: its trust policy could not be read: not JSON (x)',
    ]);
    expect(statuses[0]!.action).toBe(
      'have an administrator run: aws iam get-role --role-name PantherDeploymentRole-us-east-2 --query Role.AssumeRolePolicyDocument',
    );
  });

  it('passes without a deployment role, saying what its template will trust', () => {
    const [check] = trustChecks(facts(probeOk({role: null, stack: null})));
    expect(check).toMatchObject({status: 'pass', found: 'no PantherDeploymentRole in this account and region: no trust policy to check'});
    expect(check!.action).toContain("Panther's template trusts the whole account (its root)");
  });
});
