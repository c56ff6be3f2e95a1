// Check group 5: organisation policies. Service control policies cannot be read from a member account, so what
// can be said comes from two places: whether the account is in an organisation (DescribeOrganization), and the
// account's recent CloudTrail history of calls denied by an SCP for the services Panther needs.
import {DENIED_CODES, parseAccessDenial, policyIdOf} from '../../domain/access-denial.js';
import type {Check, DeniedEvent, PreflightFacts} from './types.js';

/** IAM service prefixes of what Panther deploys: an SCP on any of them can fail the deploy. */
export const PANTHER_SERVICES = ['s3', 'ec2', 'kms', 'lambda', 'dynamodb', 'ecs', 'sqs', 'sns', 'tag'] as const;

/**
 * CloudTrail event names looked up (one LookupEvents page each, newest first): the create calls of those services
 * a Panther deploy makes first. Tag policies and `aws:RequestTag` conditions show up as denials of these calls.
 */
export const KEY_EVENT_NAMES: readonly string[] = [
  'PutBucketEncryption',
  'CreateBucket',
  'CreateKey',
  'CreateFunction20150331',
  'CreateTable',
  'CreateCluster',
  'CreateQueue',
  'CreateTopic',
  'CreateSecurityGroup',
];

const GROUP = 'organization' as const;

export interface ScpDenialGroup {
  action: string;
  count: number;
  lastSeen: string;
  principals: string[];
  policyArns: string[];
}

/** Denials that name a service control policy, for Panther's services, grouped by action (most recent first). */
export function groupScpDenials(events: readonly DeniedEvent[]): ScpDenialGroup[] {
  const groups = new Map<string, ScpDenialGroup>();
  for (const e of events) {
    if (!DENIED_CODES.has(e.errorCode)) continue;
    const denial = parseAccessDenial(e.errorMessage);
    if (denial?.policyType !== 'scp' || !denial.action) continue;
    const service = denial.action.split(':')[0]!.toLowerCase();
    if (!(PANTHER_SERVICES as readonly string[]).includes(service)) continue;
    const g = groups.get(denial.action) ?? {action: denial.action, count: 0, lastSeen: '', principals: [], policyArns: []};
    g.count++;
    if (e.eventTime > g.lastSeen) g.lastSeen = e.eventTime;
    const who = e.principal || denial.principal;
    if (who && !g.principals.includes(who)) g.principals.push(who);
    if (denial.policyArn && !g.policyArns.includes(denial.policyArn)) g.policyArns.push(denial.policyArn);
    groups.set(denial.action, g);
  }
  return [...groups.values()].sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0));
}

export function organizationChecks(facts: Pick<PreflightFacts, 'organization' | 'denials'>): Check[] {
  const checks: Check[] = [];
  const org = facts.organization;
  const ask =
    "ask your organisation's administrators to confirm that no SCP on this account or its OUs denies S3, EC2/VPC, KMS, Lambda, " +
    'DynamoDB, ECS, SQS, SNS or tagging calls by the deploy role (reading the SCPs needs organizations:ListPoliciesForTarget in the management account)';
  if (!org.ok) {
    checks.push({
      id: 'organization.membership',
      group: GROUP,
      title: 'Organisation',
      status: 'unknown',
      found: `could not tell whether the account is in an organisation (${org.reason}); SCPs cannot be checked from here`,
      action: ask,
    });
  } else if (!org.value) {
    checks.push({
      id: 'organization.membership',
      group: GROUP,
      title: 'Organisation',
      status: 'pass',
      found: 'the account is in no AWS Organization: no service control policy applies',
      action: '',
    });
  } else if (org.value.featureSet !== 'ALL') {
    checks.push({
      id: 'organization.membership',
      group: GROUP,
      title: 'Organisation',
      status: 'pass',
      found: `member of ${org.value.id} (management account ${org.value.managementAccountId}) with consolidated billing only: no SCP applies`,
      action: '',
    });
  } else {
    checks.push({
      id: 'organization.membership',
      group: GROUP,
      title: 'Organisation',
      status: 'unknown',
      found: `member of ${org.value.id} (management account ${org.value.managementAccountId}) with all features: SCPs may apply, and they cannot be read from a member account`,
      action: ask,
    });
  }

  const d = facts.denials;
  if (d === null) {
    checks.push({
      id: 'organization.scp-denials',
      group: GROUP,
      title: 'SCP denials in CloudTrail',
      status: 'unknown',
      found: 'not looked up (--no-cloudtrail)',
      action: 'run preflight without --no-cloudtrail',
    });
  } else if (!d.ok) {
    checks.push({
      id: 'organization.scp-denials',
      group: GROUP,
      title: 'SCP denials in CloudTrail',
      status: 'unknown',
      found: `could not read CloudTrail (${d.reason})`,
      action: 'run preflight with a principal allowed cloudtrail:LookupEvents',
    });
  } else {
    const groups = groupScpDenials(d.value.events);
    for (const g of groups) {
      const policies = g.policyArns.length > 0 ? g.policyArns : [];
      checks.push({
        id: `organization.scp:${g.action}`,
        group: GROUP,
        title: 'SCP denial',
        status: 'fail',
        found:
          `${g.action} denied by a service control policy ${g.count === 1 ? 'once' : `${g.count} times`}, last ${g.lastSeen} ` +
          `(${g.principals.join(', ')})${policies.length > 0 ? `; policy ${policies.join(', ')}` : '; the message names no policy ARN'}`,
        action:
          `ask your organisation's administrators to allow ${g.action} for the deployment role` +
          (policies.length > 0 ? ` in ${policies.map(policyIdOf).join(', ')}` : '') +
          ' (or exempt the role) before deploying',
      });
    }
    if (groups.length === 0) {
      checks.push({
        id: 'organization.scp-denials',
        group: GROUP,
        title: 'SCP denials in CloudTrail',
        status: 'pass',
        found: `no SCP denial in the ${d.value.read} events read (the 50 newest of each of ${d.value.eventNames.join(', ')}; CloudTrail keeps 90 days and delivers ~5 minutes late)`,
        action: '',
      });
    }
  }
  return checks;
}
