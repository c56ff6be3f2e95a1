// Preflight: the checks before a first deploy, as pure data. The aws layer gathers `PreflightFacts` with read-only
// calls; the rules (one module per check group) turn them into `Check`s; the reports print them.

import type {TrustPolicy} from '../../domain/trust-policy.js';
import type {StackSummary} from '../../domain/types.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export type CheckGroup = 'identity' | 'stack-name' | 'parameters' | 'old-infrastructure' | 'organization' | 'permissions';

export interface Check {
  /** Stable id, e.g. `region`, `parameters.FirstUserEmail`, `old-infrastructure.role:PantherAuditRole-us-east-2`. */
  id: string;
  group: CheckGroup;
  title: string;
  status: CheckStatus;
  /** What was found, one line. */
  found: string;
  /** What to do (an exact command where there is one); '' when nothing is to be done. */
  action: string;
}

export interface PreflightReport {
  stackName: string;
  region: string;
  account: string | null;
  principal: string | null;
  /** The Panther version the parameters were checked against. */
  version: string;
  paramsFile: string | null;
  checks: Check[];
  /** Requests sent, by service (e.g. {"IAM": 7}). */
  apiCalls: Record<string, number>;
}

/** The outcome of one read: its value, or why it could not be read (access denied, not supported...). */
export type Probe<T> = {ok: true; value: T} | {ok: false; reason: string};

export const probeOk = <T>(value: T): Probe<T> => ({ok: true, value});
export const probeFailed = <T>(reason: string): Probe<T> => ({ok: false, reason});

/** The stacks preflight looks at are ListStacks summaries. */
export type StackInfo = StackSummary;

export interface RoleInfo {
  name: string;
  arn: string;
  createdAt: string;
  /** Its trust policy, when IAM sent it (GetRole and ListRoles do): read, or why it could not be. */
  trust?: Probe<TrustPolicy>;
}

export interface BucketInfo {
  name: string;
  createdAt: string;
}

export interface RetainedResource {
  logicalId: string;
  physicalId: string;
  resourceType: string;
  status: string;
  /** Whether it still exists: true/false when checked (S3 buckets, IAM roles), null when it cannot be checked. */
  exists: boolean | null;
}

export interface LeftoverStack {
  /** The earlier root of the same name this stack belonged to (itself, for the root). */
  rootName: string;
  stackName: string;
  stackId: string;
  status: string;
  deletedAt: string | null;
  retained: RetainedResource[];
}

export interface OrganizationInfo {
  id: string;
  featureSet: string;
  managementAccountId: string;
}

/** A denied call read from CloudTrail (already sanitised). */
export interface DeniedEvent {
  eventTime: string;
  eventName: string;
  eventSource: string;
  errorCode: string;
  errorMessage: string;
  principal: string;
}

export interface SimulationResult {
  action: string;
  decision: string;
  /** false when an SCP denies it; null when the simulation did not say. */
  allowedByOrganizations: boolean | null;
}

export interface Simulation {
  /** Who was simulated ('caller' or 'deployment role'). */
  subject: string;
  principalArn: string;
  results: Probe<SimulationResult[]>;
}

export interface PreflightFacts {
  stackName: string;
  region: string;
  identity: {account: string; arn: string};
  /** ListStacks, every status (deleted ones included). */
  stacks: Probe<StackInfo[]>;
  /** The PantherDeploymentRole, if found: as an IAM role, or as the live stack that deploys it. */
  deploymentRole: Probe<{role: RoleInfo | null; stack: StackInfo | null}>;
  /** GetRole of each legacy name: the role, or null when there is none. */
  legacyRoles: {name: string; probe: Probe<RoleInfo | null>}[];
  buckets: Probe<BucketInfo[]>;
  /** Earlier roots of this name that were deleted or rolled back, with their retained resources. */
  leftovers: Probe<LeftoverStack[]>;
  /** null: the account is in no organisation. */
  organization: Probe<OrganizationInfo | null>;
  /** Denied calls among the key event names looked up; null when CloudTrail was skipped (--no-cloudtrail). */
  denials: Probe<{events: DeniedEvent[]; eventNames: string[]; read: number}> | null;
  /** Simulations of the caller (and of the deployment role when found); a Probe failure when it could not run. */
  simulations: Probe<Simulation[]>;
}
