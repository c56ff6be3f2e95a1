// The support bundle: every API response a post-mortem, the stack tree and the ladder used, redacted, with the
// post-mortem in Markdown, as one gzip JSON file Panther's support can open offline (`--replay FILE`).
import {readFile, writeFile} from 'node:fs/promises';
import {gunzipSync, gzipSync} from 'node:zlib';
import type {RecordedCall} from '../aws/recorder.js';
import {redactJson, type RedactionCounts} from './redact.js';

export const BUNDLE_FORMAT = 'panther-console-bundle';
export const BUNDLE_VERSION = 1;

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

export async function writeBundle(path: string, bundle: Bundle): Promise<number> {
  const bytes = encodeBundle(bundle);
  await writeFile(path, bytes);
  return bytes.length;
}

export class BundleError extends Error {}

/** Parses a bundle (gzip or plain JSON), checking its format and version. */
export function decodeBundle(bytes: Buffer, name = 'bundle'): Bundle {
  let text: string;
  try {
    text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  } catch {
    throw new BundleError(`${name} is not a readable gzip file.`);
  }
  let parsed: Partial<Bundle>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BundleError(`${name} is not a panther-console bundle (not JSON).`);
  }
  if (parsed?.format !== BUNDLE_FORMAT) throw new BundleError(`${name} is not a panther-console bundle (format ${JSON.stringify(parsed?.format)}).`);
  if (parsed.version !== BUNDLE_VERSION) {
    throw new BundleError(`${name} is a bundle of version ${parsed.version}; this panther-console reads version ${BUNDLE_VERSION}.`);
  }
  if (!Array.isArray(parsed.calls)) throw new BundleError(`${name} has no recorded calls.`);
  return parsed as Bundle;
}

export async function readBundle(path: string): Promise<Bundle> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BundleError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return decodeBundle(bytes, path);
}
