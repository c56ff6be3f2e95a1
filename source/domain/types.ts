// The shared vocabulary of the console: plain, immutable data that the aws layer produces (already sanitised),
// the store holds, and the domain, UI and reports read. No SDK types leak past source/aws.
//
// Conventions:
// - Times are ISO-8601 strings from Date#toISOString() (UTC, millisecond precision), so they sort as strings.
// - Event arrays are OLDEST FIRST (the API's newest-first pages reversed; ties keep the API's relative order).
// - Stacks are keyed by stack ID (the ARN); a deleted stack is only reachable by its ID.

export type Iso = string;

export interface OperationRef {
  id: string;
  /** CloudFormation's OperationType: CREATE_STACK, UPDATE_STACK, DELETE_STACK, ROLLBACK, CONTINUE_ROLLBACK, ... */
  type: string;
}

export interface Stack {
  stackId: string;
  stackName: string;
  status: string;
  statusReason: string;
  /** Parent stack ID for a nested stack, null for a root (or when unknown). */
  parentId: string | null;
  rootId: string | null;
  createdAt: Iso;
  updatedAt: Iso | null;
  deletedAt: Iso | null;
  /** True when the stack is DELETE_COMPLETE (reachable only by ID). */
  deleted: boolean;
  description: string;
  tags: Readonly<Record<string, string>>;
  parameters: Readonly<Record<string, string>>;
  outputs: Readonly<Record<string, string>>;
  /** Newest first. Empty when the endpoint predates LastOperations. */
  lastOperations: readonly OperationRef[];
  /** The IAM role CloudFormation deploys the stack with (its RoleARN), when it has one. */
  roleArn?: string | null;
}

/** A ListStacks summary: live and deleted stacks alike. */
export interface StackSummary {
  stackId: string;
  stackName: string;
  status: string;
  parentId: string | null;
  rootId: string | null;
  /** The template's Description. */
  description: string;
  createdAt: Iso;
  /** When its last update (or rollback) started; null when never updated. */
  updatedAt: Iso | null;
  deletedAt: Iso | null;
}

export interface StackEvent {
  eventId: string;
  stackId: string;
  stackName: string;
  logicalResourceId: string;
  physicalResourceId: string;
  resourceType: string;
  status: string;
  reason: string;
  timestamp: Iso;
  /** Present on endpoints with operation support (SDK >= 3.934), else null. */
  operationId: string | null;
}

export interface TrailEvent {
  eventId: string;
  eventTime: Iso;
  eventSource: string;
  eventName: string;
  errorCode: string;
  errorMessage: string;
  /** The caller's ARN (userIdentity.arn), or the best name CloudTrail gives. */
  principal: string;
  invokedBy: string;
  sourceIp: string;
  userAgent: string;
  awsRegion: string;
}

export type OperationType = 'CREATE' | 'UPDATE' | 'DELETE' | 'ROLLBACK' | 'IMPORT';
export type OperationOutcome = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK';

export interface Operation {
  /** CloudFormation's OperationId where the endpoint gives one, else null. */
  id: string | null;
  type: OperationType;
  startedAt: Iso;
  endedAt: Iso | null;
  outcome: OperationOutcome;
  /** The eventId of the stack's own *_IN_PROGRESS event that opened the operation. */
  startEventId: string;
}

export type Category =
  | 'scp-deny'
  | 'permission-denied'
  | 'already-exists'
  | 'limit-exceeded'
  | 'invalid-parameter'
  | 'kms-policy'
  | 'timeout'
  | 'dependency'
  | 'delete-failed'
  | 'internal'
  | 'unknown';

export type PolicyType = 'scp' | 'rcp' | 'identity' | 'boundary' | 'session' | 'resource' | 'vpce' | 'unknown';

export interface AccessDenial {
  principal: string;
  action: string;
  resource: string | null;
  policyType: PolicyType;
  /** "with an explicit deny" (true) or "because no ... allows" (false). */
  explicit: boolean;
  policyArn: string | null;
}

export interface Classification {
  category: Category;
  /** One or two sentences: what it means and what to do. */
  hint: string;
  denial: AccessDenial | null;
  /** The id of the diagnosis rule that matched (diagnosis-rules.ts), null when none did. */
  rule: string | null;
}

export interface RootCause {
  stackName: string;
  stackId: string;
  logicalResourceId: string;
  physicalResourceId: string;
  resourceType: string;
  status: string;
  reason: string;
  timestamp: Iso;
  category: Category;
  hint: string;
  /** The stack holding the failed resource is deleted now. */
  deleted: boolean;
  /** Not in the JSON contract: lets the UI jump to the event. */
  eventId: string;
}

export interface ChainLink {
  stackName: string;
  stackId: string;
  logicalResourceId: string;
  status: string;
  reason: string;
}

export interface Failure {
  stackName: string;
  stackId: string;
  logicalResourceId: string;
  status: string;
  reason: string;
  timestamp: Iso;
  eventId: string;
  /** Diagnosed as the root cause is: every failure gets a category and a hint. */
  category: Category;
  hint: string;
}

export interface DeniedCall {
  eventTime: Iso;
  eventSource: string;
  eventName: string;
  errorCode: string;
  errorMessage: string;
  principal: string;
  denial: PolicyType;
  policyArn: string | null;
}

export interface ApiCallCounts {
  cloudformation: number;
  cloudtrail: number;
}

/** The post-mortem of a root stack's latest failed operation (docs/output-formats.md has its JSON form). */
export interface PostMortem {
  stack: {name: string; id: string; status: string; statusReason: string};
  operation: Operation | null;
  rootCause: RootCause | null;
  chain: ChainLink[];
  otherFailures: Failure[];
  deniedCalls: DeniedCall[];
  apiCalls: ApiCallCounts;
  /** Notes for the reader, e.g. "CloudTrail events arrive ~5 minutes late; none found yet". Not in JSON. */
  notes: string[];
}

/** A window of CloudTrail to look up for a root cause (one lookup attribute per call, as the API allows). */
export interface TrailQuery {
  attribute: {key: 'EventSource' | 'EventName' | 'Username' | 'ResourceName'; value: string};
  startTime: Iso;
  endTime: Iso;
  /** Region to query: global services (IAM, STS, CloudFront, Route 53) log in us-east-1. Absent: the session's. */
  region?: string;
}
