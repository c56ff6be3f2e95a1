// Check group 1: who is calling, in which account, and whether Panther publishes templates to the region.
import {SUPPORTED_REGIONS, isSupportedRegion} from '../regions.js';
import type {Check} from './types.js';

export function identityChecks(identity: {account: string; arn: string}, region: string): Check[] {
  const checks: Check[] = [];
  const root = /:root$/.test(identity.arn);
  checks.push({
    id: 'identity',
    group: 'identity',
    title: 'Identity',
    status: root ? 'warn' : 'pass',
    found: `account ${identity.account}, principal ${identity.arn}`,
    action: root ? "you are the account's root user: deploy with an IAM role or SSO permission set instead" : '',
  });
  checks.push(
    isSupportedRegion(region)
      ? {id: 'region', group: 'identity', title: 'Region', status: 'pass', found: `${region} is a region Panther supports`, action: ''}
      : {
          id: 'region',
          group: 'identity',
          title: 'Region',
          status: 'fail',
          found: `${region} is not a region Panther publishes templates to`,
          action: `deploy in one of: ${SUPPORTED_REGIONS.join(', ')} (--region)`,
        },
  );
  return checks;
}
