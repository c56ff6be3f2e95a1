// Organizations (awsJson1_1, X-Amz-Target AWSOrganizationsV20161128.*): DescribeOrganization.
import {SimError} from './errors.js';
import type {World} from './world.js';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

/** The operation of an Organizations target, or null when the target is another service's. */
export function organizationsOperation(target: string): string | null {
  return target.startsWith(ORGANIZATIONS_TARGET_PREFIX) ? target.slice(ORGANIZATIONS_TARGET_PREFIX.length) : null;
}

export function handleOrganizations(world: World, operation: string): Record<string, unknown> {
  if (operation !== 'DescribeOrganization') {
    throw new SimError('UnknownOperationException', `The simulated account does not serve Organizations ${operation}.`);
  }
  const org = world.organization;
  if (!org) throw new SimError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  const mgmt = org.managementAccountId;
  return {
    Organization: {
      Id: org.id,
      Arn: `arn:aws:organizations::${mgmt}:organization/${org.id}`,
      FeatureSet: org.featureSet,
      MasterAccountArn: `arn:aws:organizations::${mgmt}:account/${org.id}/${mgmt}`,
      MasterAccountId: mgmt,
      MasterAccountEmail: org.managementAccountEmail,
      AvailablePolicyTypes: org.featureSet === 'ALL' ? [{Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED'}] : [],
    },
  };
}
