// What a support bundle file holds (format version 1), as a zod schema: the envelope makeBundle writes and
// decodeBundle checks. The recorded answers inside the calls are checked by the replay, which knows which of their
// fields the SDK parses when it serves them back (sim/replay-schema.ts).
import * as z from 'zod/mini';
import {checkWith, jsonPath, problem} from '../text/schema-issue.js';

export const BUNDLE_FORMAT = 'panther-console-bundle';
export const BUNDLE_VERSION = 1;

const count = z.int().check(z.nonnegative());

const RecordedCallSchema = z.looseObject({
  service: z.string(),
  operation: z.string(),
  region: z.string(),
  // Every call the recorder writes has one; a call without is read as one with an empty input.
  input: z.pipe(
    z.optional(z.unknown()),
    z.transform(input => input ?? {}),
  ),
  output: z.optional(z.unknown()),
  error: z.optional(z.looseObject({name: z.string(), message: z.string()})),
});

// The keys in the order a reader wants to hear about them: first whether it is a bundle at all, and which version.
export const BundleSchema = z.looseObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  calls: z.array(RecordedCallSchema),
  createdAt: z.iso.datetime(),
  region: z.string().check(z.minLength(1, {error: 'a region name'})),
  account: z.string(),
  stack: z.string().check(z.minLength(1, {error: 'a stack name or ARN'})),
  stackId: z.nullable(z.string()),
  summaryMarkdown: z.string(),
  redaction: z.looseObject({parameters: count, noEcho: count, secrets: count, accounts: count, emails: count, maskAccount: z.boolean()}),
});

export type BundleCheck = {ok: true; bundle: z.infer<typeof BundleSchema>} | {ok: false; problem: string};

/**
 * The parsed JSON of a bundle file as a bundle, or its first problem as the rest of a line after the file's name:
 * ` is not a panther-console bundle (format "x")`, `: call 3: region is 5, not a string`.
 */
export function checkBundle(data: unknown): BundleCheck {
  const checked = checkWith(BundleSchema, data);
  if (checked.ok) return {ok: true, bundle: checked.data};
  const {issue, value} = checked;
  const [top, index, ...rest] = issue.path;
  if (top === undefined || top === 'format')
    return {ok: false, problem: ` is not a panther-console bundle (format ${JSON.stringify(top ? value : undefined)})`};
  if (top === 'version')
    return {ok: false, problem: ` is a bundle of version ${quoteVersion(value)}; this panther-console reads version ${BUNDLE_VERSION}`};
  if (top === 'calls' && index === undefined) return {ok: false, problem: ' has no recorded calls'};
  const where = top === 'calls' ? `call ${Number(index) + 1}${rest.length ? `: ${jsonPath(rest)}` : ''}` : jsonPath(issue.path);
  return {ok: false, problem: `: ${where} ${problem(value, issue.message)}`};
}

const quoteVersion = (v: unknown) => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? 'none'));
