// The support bundle: every API response a post-mortem, the stack tree and the ladder used, redacted, with the
// post-mortem in Markdown, as one gzip JSON file Panther's support can open offline (`--replay FILE`).
import {InputError} from '../errors.js';
import {readAtMost} from '../io/read-at-most.js';
import {gunzipSync, gzipSync} from 'node:zlib';
import type {RecordedCall} from '../aws/recorder.js';
import {BUNDLE_FORMAT, BUNDLE_VERSION, checkBundle} from './bundle-schema.js';
import {redactJson, type RedactionCounts} from './redact.js';

export {BUNDLE_FORMAT, BUNDLE_VERSION} from './bundle-schema.js';

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  createdAt: string;
  region: string;
  /** The account the calls went to (masked with --mask-account). */
  account: string;
  /** The root stack as the user named it (name or ARN). */
  stack: string;
  /** The root stack's ID, when it was found. */
  stackId: string | null;
  summaryMarkdown: string;
  /** What redaction removed (counts only). */
  redaction: RedactionCounts & {maskAccount: boolean};
  calls: RecordedCall[];
}

/** What makeBundle redacts and wraps: the bundle's own fields, before redaction, and whether to mask accounts. */
export type BundleInput = Pick<Bundle, 'createdAt' | 'region' | 'account' | 'stack' | 'stackId' | 'summaryMarkdown' | 'calls'> & {
  maskAccount: boolean;
};

/** Drops calls repeated with the same input and the same answer (the post-mortem and the tree read some twice). */
export function dedupeCalls(calls: readonly RecordedCall[]): RecordedCall[] {
  const seen = new Set<string>();
  const out: RecordedCall[] = [];
  for (const call of calls) {
    const key = JSON.stringify([call.service, call.operation, call.region, call.input, call.output, call.error]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(call);
  }
  return out;
}

/** Assembles and redacts the bundle (everything, the summary included, goes through the same redaction). */
export function makeBundle(input: BundleInput): Bundle {
  const raw = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: input.createdAt,
    region: input.region,
    account: input.account,
    stack: input.stack,
    stackId: input.stackId,
    summaryMarkdown: input.summaryMarkdown,
    calls: dedupeCalls(input.calls),
  };
  const {value, counts} = redactJson(raw, {maskAccount: input.maskAccount});
  return {...value, format: BUNDLE_FORMAT, version: BUNDLE_VERSION, redaction: {...counts, maskAccount: input.maskAccount}} as Bundle;
}

export function encodeBundle(bundle: Bundle): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(bundle)), {level: 9});
}

/** A file that is not a bundle this console can open: the user's input (exit 2). */
export class BundleError extends InputError {}

/**
 * The largest bundle the console opens, inflated: a real one (22k events, every page) is ~30 MB of JSON. A gzip
 * bomb (3 MB that inflates to 3 GB) ends here in one line instead of a V8 heap failure a minute later.
 */
export const MAX_BUNDLE_BYTES = 200 * 1024 * 1024;

const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** Parses a bundle (gzip or plain JSON), checking it against the schema (bundle-schema.ts). */
export function decodeBundle(bytes: Buffer, name = 'bundle', maxBytes = MAX_BUNDLE_BYTES): Bundle {
  const tooLarge = () => new BundleError(`${name} inflates to more than ${mib(maxBytes)}: not a bundle panther-console wrote (refused).`);
  if (bytes.length > maxBytes) throw tooLarge();
  let text: string;
  try {
    text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, {maxOutputLength: maxBytes}).toString('utf8') : bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge();
    throw new BundleError(`${name} is not a readable gzip file.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BundleError(`${name} is not a panther-console bundle (not JSON).`);
  }
  const checked = checkBundle(parsed);
  if (!checked.ok) throw new BundleError(`${name}${checked.problem}.`);
  return checked.bundle;
}

export async function readBundle(path: string): Promise<Bundle> {
  let bytes: Buffer;
  try {
    bytes = await readAtMost(path, MAX_BUNDLE_BYTES + 1);
    if (bytes.length > MAX_BUNDLE_BYTES)
      throw new BundleError(`${path} is larger than ${mib(MAX_BUNDLE_BYTES)}: not a bundle panther-console wrote (refused).`);
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return decodeBundle(bytes, path);
}
