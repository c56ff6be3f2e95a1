// Check group 6: what the caller (and the PantherDeploymentRole, when there is one) may do, by
// iam:SimulatePrincipalPolicy on a representative list of actions. A simulation that cannot run is "could not
// check", never a pass.
import type {Check, PreflightFacts, Simulation} from './types.js';

/** What the person deploying needs when CloudFormation acts through the PantherDeploymentRole. */
export const CALLER_ACTIONS_WITH_ROLE: readonly string[] = [
  'cloudformation:CreateStack',
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'iam:PassRole',
];

/** A representative list of what the deploy itself does (the deployment role's job, or the caller's without it). */
export const DEPLOY_ACTIONS: readonly string[] = [
  'cloudformation:CreateStack',
  'iam:CreateRole',
  'iam:PassRole',
  's3:CreateBucket',
  's3:PutEncryptionConfiguration',
  'kms:CreateKey',
  'lambda:CreateFunction',
  'dynamodb:CreateTable',
  'ecs:CreateCluster',
  'sqs:CreateQueue',
  'sns:CreateTopic',
  'ec2:CreateSecurityGroup',
  'tag:TagResources',
];

export function permissionChecks(facts: Pick<PreflightFacts, 'simulations'>): Check[] {
  const sims = facts.simulations;
  if (!sims.ok) {
    return [
      {
        id: 'permissions.caller',
        group: 'permissions',
        title: 'Permissions',
        status: 'unknown',
        found: `could not check (${sims.reason})`,
        action:
          'ask for iam:SimulatePrincipalPolicy on your role, or have an administrator run: aws iam simulate-principal-policy --policy-source-arn <your role ARN> --action-names cloudformation:CreateStack iam:PassRole ...',
      },
    ];
  }
  return sims.value.map(sim => simulationCheck(sim));
}

function simulationCheck(sim: Simulation): Check {
  const id = `permissions.${sim.subject === 'caller' ? 'caller' : 'deployment-role'}`;
  const title = sim.subject === 'caller' ? 'Caller permissions' : 'Deployment role permissions';
  if (!sim.results.ok) {
    return {
      id,
      group: 'permissions',
      title,
      status: 'unknown',
      found: `could not check ${sim.principalArn} (${sim.results.reason})`,
      action: `have an administrator run: aws iam simulate-principal-policy --policy-source-arn ${sim.principalArn} --action-names ${DEPLOY_ACTIONS.slice(0, 4).join(' ')} ...`,
    };
  }
  const results = sim.results.value;
  const denied = results.filter(r => r.decision !== 'allowed');
  if (denied.length === 0) {
    return {id, group: 'permissions', title, status: 'pass', found: `${sim.principalArn} may ${results.map(r => r.action).join(', ')}`, action: ''};
  }
  const byScp = denied.filter(r => r.allowedByOrganizations === false);
  const parts = denied.map(
    r =>
      `${r.action} (${r.allowedByOrganizations === false ? 'denied by an organisation SCP' : r.decision === 'explicitDeny' ? 'explicit deny' : 'no policy allows it'})`,
  );
  return {
    id,
    group: 'permissions',
    title,
    status: 'fail',
    found: `${sim.principalArn} may not: ${parts.join(', ')}`,
    action:
      byScp.length > 0
        ? `ask your organisation's administrators to allow ${byScp.map(r => r.action).join(', ')}${
            byScp.length < denied.length
              ? `; grant ${denied
                  .filter(r => !byScp.includes(r))
                  .map(r => r.action)
                  .join(', ')} in the principal's policies`
              : ''
          }`
        : `grant ${denied.map(r => r.action).join(', ')} in the principal's policies (or deploy with a principal that has them)`,
  };
}
