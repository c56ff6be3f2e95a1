// Panther versions: parsing what users type (`v1.24.3`, `1.28`), and finding the deployed version of a stack
// tree from what CloudFormation holds. Pure: the aws layer fetches the stacks and the template.
import {InputError} from '../errors.js';
import semver from 'semver';
import type {Stack} from '../domain/types.js';

/** A version as typed: `1.28` (a minor: its recommended patch is meant) or `1.28.3` (exactly that). */
export interface VersionSpec {
  major: number;
  minor: number;
  /** null when only `major.minor` was given. */
  patch: number | null;
}

// Panther's releases are plain x.y.z; pre-release or build suffixes are never published, so they are refused
// rather than half-understood. A leading `v` (how Panther's URLs and tags spell it) is accepted everywhere.
const SPEC = /^[vV]?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$/;

export function parseVersionSpec(input: string): VersionSpec | null {
  const m = SPEC.exec(String(input).trim());
  if (!m) return null;
  return {major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? null : Number(m[3])};
}

/** `v1.24.3` / ` 1.24.3 ` -> `1.24.3`; null for anything that is not a full x.y.z version. */
export function parseVersion(input: string): string | null {
  const spec = parseVersionSpec(input);
  if (!spec || spec.patch === null) return null;
  return semver.valid(`${spec.major}.${spec.minor}.${spec.patch}`);
}

/** The `major.minor` key of a version or spec: `1.24.3` -> `1.24`. */
export function minorKey(v: string | VersionSpec): string {
  const spec = typeof v === 'string' ? parseVersionSpec(v) : v;
  if (!spec) throw new Error(`not a version: ${v}`);
  return `${spec.major}.${spec.minor}`;
}

export type VersionSource = 'tag' | 'template' | 'flag';

export interface DetectedVersion {
  version: string;
  source: VersionSource;
  /** Human-readable: where exactly it came from (e.g. "the deployed root template (Mappings)"). */
  detail: string;
  /** Things the reader should know: tags that disagree or are stale, a --from that was overridden. */
  notes: string[];
  /** The PantherVersion tag when it disagrees with the deployed template (stale); null otherwise. */
  staleTag?: string | null;
}

export interface DetectInput {
  rootStack: Stack | null;
  nestedStacks: readonly Stack[];
  /** The root stack's deployed template body (GetTemplate): the first source of truth. */
  templateBody?: string;
  /** The user's --from. */
  from?: string;
}

export class VersionDetectionError extends InputError {}

const TAG = 'PantherVersion';

/** The PantherVersion tag, normalised; null when absent or not a version. */
function tagVersion(stack: Stack): string | null {
  const raw = stack.tags[TAG];
  return raw === undefined ? null : parseVersion(raw);
}

interface TagReading {
  version: string;
  detail: string;
  /** Every value with the stacks carrying it, most common first (the highest on a tie). */
  ranked: [string, string[]][];
}

/** What the PantherVersion tags say: the nested stacks' (Panther tags every one), else the root's own. */
function readTags(input: DetectInput): TagReading | null {
  const live = input.nestedStacks.filter(s => !s.deleted);
  let tagged = live.map(s => ({stack: s, version: tagVersion(s)})).filter(t => t.version !== null);
  let whose = 'nested stack';
  if (tagged.length === 0 && input.rootStack) {
    const v = tagVersion(input.rootStack);
    if (v) {
      tagged = [{stack: input.rootStack, version: v}];
      whose = 'root stack';
    }
  }
  if (tagged.length === 0) return null;
  const counts = new Map<string, string[]>();
  for (const t of tagged) counts.set(t.version!, [...(counts.get(t.version!) ?? []), t.stack.stackName]);
  const ranked = [...counts.entries()].sort((a, b) => b[1].length - a[1].length || semver.rcompare(a[0], b[0]));
  const [version, names] = ranked[0];
  return {version, detail: `${TAG} tag of ${names.length} ${whose}${names.length === 1 ? '' : 's'}`, ranked};
}

/**
 * The deployed version: the deployed root template's own (its Mappings, a PantherVersion value, its nested
 * templates' URLs, its Description), else the PantherVersion tags, else the user's --from.
 *
 * The template first: it is what CloudFormation deployed. Tags are whatever the stack was created with (a change
 * set leaves them alone, so after an upgrade they are stale): a tag that disagrees with the template is reported,
 * never trusted over it. --from never overrides what the stacks say (it is reported when it disagrees). When only
 * tags speak and they disagree (an update in progress, or one interrupted), the most common value wins, the highest
 * on a tie, and every value is listed in `notes`.
 */
export function detectVersion(input: DetectInput): DetectedVersion {
  const notes: string[] = [];
  const from = input.from === undefined ? undefined : parseVersion(input.from);
  if (input.from !== undefined && !from) {
    throw new VersionDetectionError(`--from ${input.from} is not a version: give a full one like 1.24.3.`);
  }
  const fromTemplate = input.templateBody ? versionInTemplate(input.templateBody) : null;
  const tags = readTags(input);

  let found: {version: string; source: VersionSource; detail: string} | null = null;
  let staleTag: string | null = null;
  if (fromTemplate) {
    found = {version: fromTemplate.version, source: 'template', detail: `the deployed root template (${fromTemplate.where})`};
    const disagreeing = tags?.ranked.filter(([v]) => v !== fromTemplate.version) ?? [];
    if (disagreeing.length > 0) {
      staleTag = disagreeing[0][0];
      const list = disagreeing.map(([v, n]) => `${v} on ${n.length === 1 ? n[0] : `${n.length} stacks`}`).join('; ');
      notes.push(
        `Stale ${TAG} tag: ${list}, but the deployed template is ${fromTemplate.version}. An upgrade's change sets leave ` +
          `tags as they are; the template is what is deployed, so ${fromTemplate.version} is used.`,
      );
    }
  } else if (tags) {
    found = {version: tags.version, source: 'tag', detail: tags.detail};
    if (tags.ranked.length > 1) {
      const list = tags.ranked.map(([v, n]) => `${v} (${n.length}: ${n.join(', ')})`).join('; ');
      notes.push(
        `The ${TAG} tags disagree: ${list}. Using ${tags.version}; an update may be in progress or was interrupted: ` +
          'check the stack is settled before upgrading.',
      );
    }
    if (input.templateBody !== undefined) notes.push(`The root template names no Panther version: read from the ${TAG} tags.`);
  }

  if (found) {
    if (from && from !== found.version) {
      notes.push(`--from ${from} ignored: the deployed stacks say ${found.version} (${found.detail}).`);
    }
    return {...found, notes, staleTag};
  }
  if (from) return {version: from, source: 'flag', detail: 'given with --from', notes, staleTag: null};
  throw new VersionDetectionError(
    `Cannot tell which Panther version is deployed: the root template names no version and no stack has a ${TAG} ` +
      'tag. Pass --from VERSION (e.g. --from 1.24.3).',
  );
}

const V = String.raw`v?(\d+\.\d+\.\d+)\b`;
// In order of trust: a value named PantherVersion (a mapping, a parameter default, an output), a Version under
// Mappings (`Constants: Panther: Version`), the version in a nested template's Panther URL, then a Description
// that mentions Panther. A bounded window after the name lets
// YAML (`PantherVersion:\n  Default: v1.2.3`) and JSON (`"PantherVersion": {"Default": "1.2.3"}`) both match,
// with or without line breaks (the body may have been flattened by sanitising).
const TEMPLATE_PATTERNS: {where: string; re: RegExp}[] = [
  {where: 'PantherVersion value', re: new RegExp(`PantherVersion[^0-9]{0,80}?${V}`)},
  // Mappings: {Constants: {Panther: {Version: v1.2.3}}} (YAML or JSON): a Version key under Mappings, within reach.
  {where: 'Mappings', re: new RegExp(String.raw`Mappings[\s\S]{0,400}?\bVersion\b["']?\s*:\s*["']?` + V)},
  {where: 'nested template URL', re: new RegExp(String.raw`panther-enterprise-[a-z0-9-]+\.s3[a-z0-9.-]*\.amazonaws\.com/` + V)},
  {where: 'Description', re: new RegExp(String.raw`Description[^\n]{0,200}?Panther[^\n]{0,80}?` + V, 'i')},
];

/** A version written in a template's text, or null. */
export function versionInTemplate(body: string): {version: string; where: string} | null {
  for (const {where, re} of TEMPLATE_PATTERNS) {
    const m = re.exec(body);
    const v = m ? parseVersion(m[1]) : null;
    if (v) return {version: v, where};
  }
  return null;
}
