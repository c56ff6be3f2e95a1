// The pieces the JSON output schemas share (postmortem, ladder, preflight, watch): times, versions and the
// console's own vocabularies. Each vocabulary is a record over its TypeScript union, so the type checker fails
// when a value is added to one and not to the other.
import * as z from 'zod/mini';
import type {CheckGroup, CheckStatus} from '../panther/preflight/types.js';
import type {Category, OperationOutcome, OperationType, PolicyType} from '../domain/types.js';

const keys = <T extends string>(record: Record<T, true>) => Object.keys(record) as [T, ...T[]];

export const CATEGORIES = keys<Category>({
  'scp-deny': true,
  'permission-denied': true,
  'already-exists': true,
  'limit-exceeded': true,
  'invalid-parameter': true,
  'kms-policy': true,
  timeout: true,
  dependency: true,
  'delete-failed': true,
  internal: true,
  unknown: true,
});
export const POLICY_TYPES = keys<PolicyType>({
  scp: true,
  rcp: true,
  identity: true,
  boundary: true,
  session: true,
  resource: true,
  vpce: true,
  unknown: true,
});
export const OPERATION_TYPES = keys<OperationType>({CREATE: true, UPDATE: true, DELETE: true, ROLLBACK: true, IMPORT: true});
export const OPERATION_OUTCOMES = keys<OperationOutcome>({IN_PROGRESS: true, SUCCEEDED: true, FAILED: true, ROLLED_BACK: true});
export const CHECK_STATUSES = keys<CheckStatus>({pass: true, warn: true, fail: true, unknown: true});
export const CHECK_GROUPS = keys<CheckGroup>({
  identity: true,
  'stack-name': true,
  parameters: true,
  'old-infrastructure': true,
  organization: true,
  permissions: true,
});

/** The schema with a description for the JSON Schema's reader. */
export const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description));

/** A time as Date#toISOString() writes it (UTC, milliseconds), or '' where AWS gave none. */
export const time = described(
  z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)?$/)),
  "a time in UTC with milliseconds, as Date#toISOString() writes it; '' where AWS gave none",
);

/** A Panther version as printed: without the `v`. */
export const version = described(z.string().check(z.regex(/^\d+\.\d+\.\d+$/)), 'a Panther version, without the v');

/** CloudFormation's own text (names, IDs, statuses, reasons): passed through as AWS gives it, sanitised. */
export const awsText = z.string();

export const count = z.int().check(z.nonnegative());
