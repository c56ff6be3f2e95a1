// `cleanup --format json` (docs/output-formats.md) as a zod schema: the type cleanup-json.ts returns, and the source
// of docs/schemas/cleanup.schema.json. Closed objects: the JSON has exactly these keys.
import * as z from 'zod/mini';
import {awsText, count, described} from './output-schema-parts.js';

export const CLEANUP_OUTCOMES = ['DELETE_COMPLETE', 'DELETE_FAILED', 'CANCELLED', 'INTERRUPTED'] as const;

const Retained = z.strictObject({
  stackName: awsText,
  stackId: awsText,
  logicalResourceId: awsText,
  physicalResourceId: awsText,
  resourceType: awsText,
  exists: described(
    z.nullable(z.boolean()),
    'false: deleted since; null: not known (the read was denied or failed, or the console does not read that type)',
  ),
  empty: described(
    z.nullable(z.boolean()),
    'S3: no object version or delete marker; DynamoDB: ItemCount 0 (approximate, updated about every 6 hours); log group: storedBytes 0; null: not known or not applicable (keys, roles)',
  ),
  detail: described(z.string(), 'what the read found, and what to do before the command'),
  command: described(z.string(), "the AWS CLI command that removes it (the console never does); '' when there is nothing to run"),
});

export const CleanupJsonSchema = z.strictObject({
  stack: z.strictObject({name: awsText, id: awsText, status: awsText}),
  deletable: described(z.boolean(), 'a root whose only operation, its first deploy, failed and rolled back (ROLLBACK_COMPLETE)'),
  refusal: described(z.nullable(z.string()), 'why the stack is not one cleanup deletes (exit 2); null when deletable'),
  rootCommand: described(z.string(), 'the AWS CLI command that deletes the root stack, by its ARN'),
  retained: described(
    z.array(Retained),
    'every resource the rollback retained (DELETE_SKIPPED) in the root and its nested stacks; empty when refused',
  ),
  executed: described(
    z.nullable(z.strictObject({status: z.enum(CLEANUP_OUTCOMES), reason: z.string()})),
    'null without --execute; the delete of the root: DELETE_COMPLETE, DELETE_FAILED (reason), CANCELLED (not confirmed, nothing deleted) or INTERRUPTED (the delete goes on in CloudFormation)',
  ),
  apiCalls: described(
    z.strictObject({cloudformation: count, s3: count, dynamodb: count, logs: count, kms: count, iam: count}),
    'requests the command sent, by service',
  ),
});

export type CleanupJson = z.output<typeof CleanupJsonSchema>;
export type CleanupOutcome = (typeof CLEANUP_OUTCOMES)[number];
