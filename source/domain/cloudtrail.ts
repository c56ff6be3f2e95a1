// Which CloudTrail events to look up for a root cause, and which of those found are the denied call behind it.
import {DENIED_CODES, parseAccessDenial} from './access-denial.js';
import {unwrap} from './reasons.js';
import type {AccessDenial, Classification, DeniedCall, Iso, RootCause, TrailEvent, TrailQuery} from './types.js';

const BEFORE_MS = 15 * 60_000;
const AFTER_MS = 5 * 60_000;
/** Services whose calls CloudTrail records in us-east-1 whatever the region of the caller. */
const GLOBAL_SERVICES = new Set(['iam', 'sts', 'cloudfront', 'route53', 'organizations']);
const CFN = 'cloudformation.amazonaws.com';

// Resource type namespace (AWS::<Ns>::...) -> IAM service prefix, where they differ.
const SERVICE_OF_NAMESPACE: Readonly<Record<string, string>> = {
  ApiGateway: 'apigateway',
  ApiGatewayV2: 'apigateway',
  ApplicationAutoScaling: 'application-autoscaling',
  CertificateManager: 'acm',
  CloudWatch: 'monitoring',
  Cognito: 'cognito-idp',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  ElasticLoadBalancing: 'elasticloadbalancing',
  KinesisFirehose: 'firehose',
  Serverless: 'lambda',
  StepFunctions: 'states',
  Events: 'events',
  Logs: 'logs',
  SSM: 'ssm',
};
// IAM service prefix -> CloudTrail event source host, where they differ.
const SOURCE_OF_SERVICE: Readonly<Record<string, string>> = {
  'cognito-idp': 'cognito-idp.amazonaws.com',
  states: 'states.amazonaws.com',
};

// IAM action -> CloudTrail event names, where they differ. Lambda's versioned names (CreateFunction20150331)
// are matched by prefix instead.
const EVENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  's3:PutEncryptionConfiguration': ['PutBucketEncryption'],
  's3:GetEncryptionConfiguration': ['GetBucketEncryption'],
  's3:PutLifecycleConfiguration': ['PutBucketLifecycle'],
  's3:GetLifecycleConfiguration': ['GetBucketLifecycle'],
  's3:PutReplicationConfiguration': ['PutBucketReplication'],
  's3:PutBucketNotification': ['PutBucketNotification', 'PutBucketNotificationConfiguration'],
  's3:PutBucketCORS': ['PutBucketCors'],
  's3:PutMetricsConfiguration': ['PutBucketMetricsConfiguration'],
  's3:PutInventoryConfiguration': ['PutBucketInventoryConfiguration'],
  's3:PutAnalyticsConfiguration': ['PutBucketAnalyticsConfiguration'],
  's3:PutIntelligentTieringConfiguration': ['PutBucketIntelligentTieringConfiguration'],
  's3:PutAccelerateConfiguration': ['PutBucketAccelerateConfiguration'],
  's3:PutBucketObjectLockConfiguration': ['PutObjectLockConfiguration'],
  's3:ListBucket': ['ListObjects', 'ListObjectsV2', 'HeadBucket'],
  's3:CreateBucket': ['CreateBucket'],
  'logs:PutRetentionPolicy': ['PutRetentionPolicy'],
  'kms:GenerateDataKey': ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext'],
};

export function serviceOfResourceType(resourceType: string): string | null {
  const m = /^AWS::([A-Za-z0-9]+)::/.exec(resourceType);
  if (!m || m[1] === 'CloudFormation') return null;
  return SERVICE_OF_NAMESPACE[m[1]!] ?? m[1]!.toLowerCase();
}

export function eventSourceOf(service: string): string {
  return SOURCE_OF_SERVICE[service] ?? `${service}.amazonaws.com`;
}

/** Services to look at for a failure, the denied action's first (an iam:PassRole denial fails a Lambda). */
function servicesFor(rootCause: RootCause, denial: AccessDenial | null): string[] {
  const out: string[] = [];
  const add = (s: string | null | undefined) => {
    if (s && !out.includes(s)) out.push(s);
  };
  add(denial?.action.split(':')[0]?.toLowerCase() || null);
  add(unwrap(rootCause.reason).apiAction?.split(':')[0]?.toLowerCase());
  add(serviceOfResourceType(rootCause.resourceType));
  return out;
}

function windowOf(timestamp: Iso): {start: Iso; end: Iso} {
  const t = Date.parse(timestamp);
  return {start: new Date(t - BEFORE_MS).toISOString(), end: new Date(t + AFTER_MS).toISOString()};
}

const LOOKS_DENIED: ReadonlySet<string> = new Set(['scp-deny', 'permission-denied', 'kms-policy', 'internal', 'unknown', 'dependency', 'timeout']);

/**
 * CloudTrail lookups for a root cause: one per failing service (EventSource), from 15 minutes before the failure
 * to 5 minutes after. Categories with a clear non-permission cause (already exists, limits, invalid values,
 * cleanup) get none. IAM/STS and other global services are queried in us-east-1, where they log.
 */
export function trailQueriesFor(rootCause: RootCause, classification: Classification, region: string): TrailQuery[] {
  if (!LOOKS_DENIED.has(classification.category) && !classification.denial) return [];
  const {start, end} = windowOf(rootCause.timestamp);
  const services = servicesFor(rootCause, classification.denial);
  if (classification.category === 'kms-policy' && !services.includes('kms')) services.push('kms');
  return services.map(s => ({
    attribute: {key: 'EventSource' as const, value: eventSourceOf(s)},
    startTime: start,
    endTime: end,
    region: GLOBAL_SERVICES.has(s) ? 'us-east-1' : region,
  }));
}

/** Whether CloudFormation made the call (directly, or through a stack service role's AWSCloudFormation session). */
export function isCloudFormationCall(ev: TrailEvent): boolean {
  return ev.invokedBy === CFN || ev.sourceIp === CFN || ev.userAgent === CFN || /\/AWSCloudFormation$/.test(ev.principal);
}

// Lambda's event names carry an API version suffix: CreateFunction20150331, AddPermission20150331v2.
const API_VERSION_SUFFIX = /^\d{8}(v\d+)?$/;

// The action comes from AWS text (an access-denied message): compared as plain text, never made into a pattern.
function matchesAction(ev: TrailEvent, action: string): boolean {
  const [prefix, name] = action.split(':');
  if (!prefix || !name) return false;
  if (ev.eventSource !== eventSourceOf(prefix.toLowerCase())) return false;
  const names = EVENT_NAMES[action] ?? [name];
  return names.some(n => ev.eventName === n || (ev.eventName.startsWith(n) && API_VERSION_SUFFIX.test(ev.eventName.slice(n.length))));
}

/**
 * Denied calls behind a root cause: a denied error code, from the failing service(s), within the window around
 * the failure; calls made by CloudFormation and calls of the denied action are preferred when there are any.
 * Deduplicated (by event ID, else by content) and sorted by time.
 */
export function correlateDenied(trail: readonly TrailEvent[], rootCause: RootCause, denial: AccessDenial | null): DeniedCall[] {
  const {start, end} = windowOf(rootCause.timestamp);
  const sources = new Set(servicesFor(rootCause, denial).map(eventSourceOf));
  let found = trail.filter(
    ev => DENIED_CODES.has(ev.errorCode) && ev.eventTime >= start && ev.eventTime <= end && (sources.size === 0 || sources.has(ev.eventSource)),
  );
  const byCfn = found.filter(isCloudFormationCall);
  if (byCfn.length > 0) found = byCfn;
  const action = denial?.action;
  if (action) {
    const same = found.filter(ev => matchesAction(ev, action));
    if (same.length > 0) found = same;
  }
  const seen = new Set<string>();
  const out: DeniedCall[] = [];
  for (const ev of [...found].sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0))) {
    const key = ev.eventId || [ev.eventTime, ev.eventSource, ev.eventName, ev.principal, ev.errorMessage].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const parsed = parseAccessDenial(ev.errorMessage);
    out.push({
      eventTime: ev.eventTime,
      eventSource: ev.eventSource,
      eventName: ev.eventName,
      errorCode: ev.errorCode,
      errorMessage: ev.errorMessage,
      principal: ev.principal,
      denial: parsed?.policyType ?? 'unknown',
      policyArn: parsed?.policyArn ?? null,
    });
  }
  return out;
}
