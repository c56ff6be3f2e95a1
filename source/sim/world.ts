// The world: everything a scenario will ever show, generated up front with scenario times. The server filters it by
// the clock's current time, so live playback costs nothing beyond a binary search.

export interface WorldEvent {
  eventId: string;
  stackId: string;
  stackName: string;
  logicalId: string;
  physicalId: string;
  resourceType: string;
  status: string;
  reason: string;
  /** Epoch milliseconds. */
  time: number;
  operationId: string;
}

export interface WorldOperation {
  id: string;
  /** CREATE_STACK, UPDATE_STACK, DELETE_STACK, ROLLBACK, ... */
  type: string;
  stackId: string;
  /** Epoch ms of the stack-level event that opened it. */
  start: number;
}

export interface TemplateResource {
  Type: string;
  /** 'Retain': CloudFormation leaves the resource in the account when it deletes it from the stack. */
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
  Properties?: Record<string, unknown>;
}

export interface TemplateParameter {
  Type: string;
  /** Absent: the parameter must be given a value. */
  Default?: string;
  Description?: string;
  NoEcho?: boolean;
}

export interface TemplateDoc {
  AWSTemplateFormatVersion: string;
  Description: string;
  Parameters: Record<string, TemplateParameter>;
  /** E.g. Panther's `Constants: {Panther: {Version: "v1.25.18"}}`. */
  Mappings?: Record<string, Record<string, Record<string, string>>>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, {Value: unknown; Description?: string}>;
}

export interface WorldStack {
  stackId: string;
  name: string;
  /** Logical id in the parent's template, '' for a root. */
  logicalId: string;
  parentId: string | null;
  rootId: string | null;
  description: string;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  /** Shown only while the stack is in a *_COMPLETE state that kept its resources. */
  outputs: Record<string, string>;
  roleArn: string | null;
  capabilities: string[];
  template: TemplateDoc;
  /** Oldest first; ties keep generation order. */
  events: WorldEvent[];
  /** Oldest first. */
  operations: WorldOperation[];
}

export interface TrailRecord {
  eventId: string;
  /** Epoch ms. */
  eventTime: number;
  /** Epoch ms at which LookupEvents starts returning it (CloudTrail delivers ~5 minutes late). */
  availableAt: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  accessKeyId: string;
  username: string;
  awsRegion: string;
  resources: {ResourceType: string; ResourceName: string}[];
  /** The full CloudTrail record (serialised into CloudTrailEvent). */
  record: Record<string, unknown>;
}

export interface World {
  scenario: string;
  region: string;
  account: string;
  rootStackName: string;
  rootStackId: string;
  /** Epoch ms of the first event. */
  startTime: number;
  /** Epoch ms by which everything (events and delayed CloudTrail records) is visible. */
  endTime: number;
  /** In creation order (first event time). */
  stacks: WorldStack[];
  /** Oldest first by eventTime. */
  trail: TrailRecord[];
  /** Identity GetCallerIdentity returns. */
  caller: {arn: string; userId: string};
  /** What the scenario planted (root cause, other failures...), for tests and docs. */
  facts: Record<string, unknown>;
  /** IAM (GetRole, ListRoles, SimulatePrincipalPolicy); absent: no roles, every simulated action allowed. */
  iam?: WorldIam;
  /** S3 ListBuckets; absent: no buckets. */
  buckets?: WorldBucket[];
  /** Organizations DescribeOrganization; absent or null: the account is in no organisation. */
  organization?: WorldOrganization | null;
  /** Calls the caller is denied, as "Service.Action" (e.g. "IAM.SimulatePrincipalPolicy"): AccessDenied. */
  denied?: string[];
  /**
   * What lives in the data services (S3 objects, DynamoDB tables, log groups, KMS keys), for the resources a rollback
   * retained; absent: none of them exists (a bucket exists when `buckets` lists it).
   */
  retainedContents?: WorldContents;
  /** DeleteStack of the stack of this name ends DELETE_FAILED with this reason (a test's failing delete). */
  deleteFailures?: Record<string, string>;
  /**
   * Several accounts, by the access key id a request is signed with: declared, CloudFormation answers with the stacks
   * of the caller's account in the signed region only, and STS names that account. A key not listed is the world's
   * `account`. Absent: one account, every stack seen from every region (the scenarios written before it).
   */
  accounts?: Record<string, WorldAccount>;
}

export interface WorldAccount {
  account: string;
  /** Who GetCallerIdentity says the key belongs to (default: the world's caller, in this account). */
  caller?: {arn: string; userId: string};
  /** The key's session token has expired: every call is ExpiredToken (HTTP 403). */
  expired?: boolean;
  /** Regions the account has not enabled (opt-in regions): a call signed for one is InvalidClientTokenId, as AWS says. */
  disabledRegions?: string[];
}

/** Whose stacks a request sees: an account and region, or null for a world of one account (everything). */
export interface CallerScope {
  account: string;
  region: string;
  caller: {arn: string; userId: string};
  expired: boolean;
  /** The signed region is not enabled for the account. */
  regionDisabled: boolean;
}

/** A stack ARN's region and account: arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID. */
export function stackIsIn(stackId: string, scope: CallerScope | null): boolean {
  if (!scope) return true;
  const [, , , region, account] = stackId.split(':');
  return region === scope.region && account === scope.account;
}

/** One version of an S3 object (an unversioned bucket's objects have the version id 'null'), or a delete marker. */
export interface WorldObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker?: boolean;
  size: number;
  /** Epoch ms. */
  lastModified: number;
}

export interface WorldContents {
  /** Object versions by bucket name, any order (ListObjectVersions sorts them). A bucket not listed is empty. */
  objects?: Record<string, WorldObjectVersion[]>;
  /** DynamoDB tables that exist, by name; ItemCount as DescribeTable reports it. */
  tables?: Record<string, {itemCount: number; sizeBytes: number; createdAt: number}>;
  /** CloudWatch Logs log groups that exist, by name. */
  logGroups?: Record<string, {storedBytes: number; createdAt: number}>;
  /** KMS keys that exist, by key id: their KeyState (Enabled, PendingDeletion, ...). */
  keys?: Record<string, {state: string; createdAt: number; description: string; deletionDate?: number}>;
}

export interface WorldRole {
  name: string;
  /** "/" or e.g. "/aws-reserved/sso.amazonaws.com/". */
  path: string;
  roleId: string;
  /** Epoch ms. */
  createdAt: number;
  description?: string;
  /** Its trust policy document (GetRole sends it URL-encoded, as IAM does); absent: CloudFormation's service alone. */
  trustPolicy?: Record<string, unknown>;
}

export interface WorldSimulationRule {
  /** Role name or principal ARN the rule applies to; every principal when absent. */
  principal?: string;
  action: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** false: an SCP denies it (OrganizationsDecisionDetail). */
  allowedByOrganizations?: boolean;
}

export interface WorldIam {
  roles: WorldRole[];
  /** SimulatePrincipalPolicy decisions that are not "allowed" (anything not listed is allowed). */
  simulation?: WorldSimulationRule[];
}

export interface WorldBucket {
  name: string;
  /** Epoch ms. */
  createdAt: number;
  region: string;
}

export interface WorldOrganization {
  id: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  managementAccountId: string;
  managementAccountEmail: string;
}

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

export function isStackLevel(stack: WorldStack, event: WorldEvent): boolean {
  return event.resourceType === STACK_TYPE && event.logicalId === stack.name;
}

/** An event of the stack itself (logical id its name, physical id its ARN), as CloudFormation reports status changes. */
export function stackLevelEvent(
  stack: Pick<WorldStack, 'stackId' | 'name'>,
  eventId: string,
  status: string,
  reason: string,
  time: number,
  operationId: string,
): WorldEvent {
  return {
    eventId,
    stackId: stack.stackId,
    stackName: stack.name,
    logicalId: stack.name,
    physicalId: stack.stackId,
    resourceType: STACK_TYPE,
    status,
    reason,
    time,
    operationId,
  };
}

/** Sorts events and trail, orders stacks by creation, computes the end time. */
export function finishWorld(world: Omit<World, 'endTime' | 'startTime'>): World {
  for (const stack of world.stacks) {
    stack.events = stableSortBy(stack.events, e => e.time);
    stack.operations = stableSortBy(stack.operations, o => o.start);
  }
  const stacks = stableSortBy(
    world.stacks.filter(s => s.events.length > 0),
    s => s.events[0].time,
  );
  const trail = stableSortBy(world.trail, r => r.eventTime);
  let start = Infinity;
  let end = 0;
  for (const s of stacks) {
    start = Math.min(start, s.events[0].time);
    end = Math.max(end, s.events[s.events.length - 1].time);
  }
  for (const r of trail) end = Math.max(end, r.availableAt);
  return {...world, stacks, trail, startTime: start, endTime: end};
}

export function stableSortBy<T>(items: readonly T[], key: (item: T) => number): T[] {
  return items
    .map((item, index) => ({item, index, k: key(item)}))
    .sort((a, b) => a.k - b.k || a.index - b.index)
    .map(x => x.item);
}
