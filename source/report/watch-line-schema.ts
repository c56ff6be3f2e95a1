// One line of `watch --format json` (docs/output-formats.md) as a zod schema: an event, a stack's new status, or
// the post-mortem that ends the stream. The source of docs/schemas/watch-line.schema.json.
import * as z from 'zod/mini';
import {awsText, described, time} from './output-schema-parts.js';
import {PostMortemJsonSchema} from './postmortem-json-schema.js';

export const WatchEventLineSchema = z.strictObject({
  type: described(z.literal('event'), 'an event, the moment it is seen: each exactly once, oldest first within a poll'),
  eventId: awsText,
  stackName: awsText,
  stackId: awsText,
  logicalResourceId: awsText,
  resourceType: awsText,
  status: awsText,
  reason: awsText,
  timestamp: time,
});

export const WatchStackLineSchema = z.strictObject({
  type: described(z.literal('stack'), "a stack's new status, right after its own event that changed it"),
  stackName: awsText,
  stackId: awsText,
  status: awsText,
});

export const WatchPostMortemLineSchema = z.extend(PostMortemJsonSchema, {
  type: described(z.literal('postmortem'), "the last line, when the root's operation ends: the post-mortem (rootCause null when it succeeded)"),
});

export const WatchLineSchema = z.discriminatedUnion('type', [WatchEventLineSchema, WatchStackLineSchema, WatchPostMortemLineSchema]);

export type WatchLine = z.output<typeof WatchLineSchema>;
