// `postmortem --format json` (docs/output-formats.md) as a zod schema: the type postmortem-json.ts returns, and
// the source of docs/schemas/postmortem.schema.json. Closed objects: the JSON has exactly these keys.
import * as z from 'zod/mini';
import {awsText, CATEGORIES, count, described, OPERATION_OUTCOMES, OPERATION_TYPES, POLICY_TYPES, time} from './output-schema-parts.js';

const category = described(z.enum(CATEGORIES), 'what kind of failure it is (docs/diagnosis-rules.md)');
const hint = described(z.string(), 'what the reason says, and the next step');

const Operation = z.strictObject({
  id: z.nullable(awsText),
  type: z.enum(OPERATION_TYPES),
  startedAt: time,
  endedAt: z.nullable(time),
  outcome: z.enum(OPERATION_OUTCOMES),
});

const RootCause = z.strictObject({
  stackName: awsText,
  stackId: awsText,
  logicalResourceId: awsText,
  physicalResourceId: awsText,
  resourceType: awsText,
  status: awsText,
  reason: awsText,
  timestamp: time,
  category,
  hint,
  deleted: described(z.boolean(), 'the stack holding the failed resource is deleted now'),
});

const ChainLink = z.strictObject({stackName: awsText, stackId: awsText, logicalResourceId: awsText, status: awsText, reason: awsText});

const OtherFailure = z.strictObject({
  stackName: awsText,
  logicalResourceId: awsText,
  status: awsText,
  reason: awsText,
  timestamp: time,
  category,
  hint,
});

const DeniedCall = z.strictObject({
  eventTime: time,
  eventSource: awsText,
  eventName: awsText,
  errorCode: awsText,
  errorMessage: awsText,
  principal: awsText,
  denial: described(z.enum(POLICY_TYPES), 'the kind of policy that denied the call'),
  policyArn: z.nullable(awsText),
});

export const PostMortemJsonSchema = z.strictObject({
  stack: z.strictObject({name: awsText, id: awsText, status: awsText, statusReason: awsText}),
  operation: described(z.nullable(Operation), "the root stack's latest operation; null when its events show none"),
  rootCause: described(z.nullable(RootCause), 'the failure the others follow from; null when the latest operation did not fail'),
  chain: described(z.array(ChainLink), "from the root stack's failed resource down to the root cause (its last element)"),
  otherFailures: described(z.array(OtherFailure), 'the later, independent failures, in time order (cancellations left out)'),
  deniedCalls: described(z.array(DeniedCall), "CloudTrail's records of the denied calls behind the root cause (none with --no-cloudtrail)"),
  apiCalls: described(z.strictObject({cloudformation: count, cloudtrail: count}), 'requests the post-mortem sent, by service'),
});

export type PostMortemJson = z.output<typeof PostMortemJsonSchema>;
