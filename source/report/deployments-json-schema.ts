// `deployments --format json` (docs/output-formats.md) as a zod schema: the type deployments-json.ts returns, and the
// source of docs/schemas/deployments.schema.json. Closed objects: the JSON has exactly these keys.
import * as z from 'zod/mini';
import type {UnreadableKind, VersionSource} from '../panther/deployments.js';
import {awsText, count, described, OPERATION_TYPES, time, version} from './output-schema-parts.js';

const keys = <T extends string>(record: Record<T, true>) => Object.keys(record) as [T, ...T[]];
export const UNREADABLE_KINDS = keys<UnreadableKind>({
  'no-credentials': true,
  'expired-credentials': true,
  'access-denied': true,
  'region-not-enabled': true,
  unreachable: true,
  throttled: true,
  'bad-response': true,
  other: true,
});
const VERSION_SOURCES = keys<VersionSource>({template: true, tag: true});

export const DeploymentsJsonSchema = z.strictObject({
  deployments: z.array(
    z.strictObject({
      account: described(z.string(), "the account in the stack's ARN"),
      region: z.string(),
      stackName: awsText,
      stackId: awsText,
      version: described(z.nullable(version), 'the deployed version; null when neither the root template nor the PantherVersion tags name one'),
      versionSource: described(z.nullable(z.enum(VERSION_SOURCES)), 'template: the deployed root template; tag: the PantherVersion tags'),
      status: awsText,
      lastOperation: described(z.nullable(z.enum(OPERATION_TYPES)), 'the last operation, as the status tells it'),
      lastOperationAt: described(time, "the stack's LastUpdatedTime, else its CreationTime"),
      rungsBehind: described(
        z.nullable(count),
        'deploys between the version and latestVersion (the upgrade ladder); 0 when current; null when the version is unknown',
      ),
      latestVersion: described(version, 'the latest recommended version of the catalog'),
      profiles: described(z.array(z.string()), 'every profile that sees the stack (the same account), in the order given'),
    }),
  ),
  unreadable: described(
    z.array(
      z.strictObject({
        profile: z.string(),
        region: z.string(),
        reason: described(z.string(), 'one line: what went wrong and what to do'),
        kind: z.enum(UNREADABLE_KINDS),
      }),
    ),
    'each profile and region that could not be read (the command then exits 3)',
  ),
  apiCalls: described(z.strictObject({cloudformation: count}), 'requests sent, retries included'),
});

export type DeploymentsJson = z.output<typeof DeploymentsJsonSchema>;
