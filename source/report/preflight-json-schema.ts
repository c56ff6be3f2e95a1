// `preflight --format json` (docs/output-formats.md) as a zod schema: the type preflight-json.ts returns, and the
// source of docs/schemas/preflight.schema.json.
import * as z from 'zod/mini';
import {CHECK_GROUPS, CHECK_STATUSES, count, described, version} from './output-schema-parts.js';

export const PreflightJsonSchema = z.strictObject({
  stackName: z.string(),
  region: z.string(),
  account: described(z.nullable(z.string()), "the account STS names; null when the caller's identity could not be read"),
  principal: described(z.nullable(z.string()), "the caller's ARN; null when it could not be read"),
  version: described(version, 'the Panther version the parameters were checked against'),
  paramsFile: described(z.nullable(z.string()), 'the --params file as given; null without one'),
  result: described(z.enum(['pass', 'warn', 'fail']), 'fail when any check fails, else warn when any warns, else pass (unknown never fails a run)'),
  summary: described(z.strictObject({pass: count, warn: count, fail: count, unknown: count}), 'the checks by status'),
  checks: z.array(
    z.strictObject({
      id: z.string(),
      group: z.enum(CHECK_GROUPS),
      title: z.string(),
      status: described(z.enum(CHECK_STATUSES), 'unknown: could not be checked (a call denied, --no-cloudtrail)'),
      found: described(z.string(), 'what was found, one line'),
      action: described(z.string(), "what to do; '' when nothing is to be done"),
    }),
  ),
  apiCalls: described(
    z.strictObject({sts: count, cloudformation: count, iam: count, s3: count, organizations: count, cloudtrail: count}),
    'requests the checks sent, by service',
  ),
});

export type PreflightJson = z.output<typeof PreflightJsonSchema>;
