// Panther deployments across accounts and regions, as data and pure rules: which root stacks of a ListStacks listing
// are Panther, what their last operation was, how far behind the latest recommended version each is, and the one
// list of them when several profiles reach the same account. The aws layer lists and reads; this decides.
import semver from 'semver';
import type {Iso, OperationType} from '../domain/types.js';
import {type Catalog, defaultCatalog} from './catalog.js';
import {LadderError, planLadder} from './ladder.js';
import {DEPLOYMENT_ROLE_DESCRIPTION, PANTHER_NESTED_STACKS} from './stacks.js';
import {parseVersion} from './version.js';

/** A live stack as ListStacks summarises it (sanitised). */
export interface ListedStack {
  stackId: string;
  stackName: string;
  status: string;
  parentId: string | null;
  /** The template's Description. */
  description: string;
  createdAt: Iso;
  updatedAt: Iso | null;
  deletedAt: Iso | null;
}

export interface PantherRoot {
  stack: ListedStack;
  /** How it was told from the other roots: its template's description, or its nested stacks' names. */
  recognisedBy: 'description' | 'nested-stacks';
  /** Its live nested stacks in the listing (direct children only). */
  nested: ListedStack[];
}

/**
 * "Panther v1.28.7", "Panther 1.31.1 (EU)": a description that starts by naming Panther and a version. The deployment
 * role template's own ("PantherDeploymentRole v1.28.7: ... to deploy Panther") names Panther too, and is not one.
 */
const PANTHER_DESCRIPTION = /^\s*Panther\b[^\n]{0,80}?\bv?\d+\.\d+\.\d+\b/i;

/** Panther's own nested stacks come first in every deploy: one of them is required beside any other. */
const FIRST_NESTED = new Set(['Bootstrap', 'BootstrapGateway']);

/** The logical id in a nested stack's name `<root>-<LogicalId>-<RANDOM>`, or null when it is not of that form. */
export function nestedLogicalId(rootName: string, nestedName: string): string | null {
  if (!nestedName.startsWith(`${rootName}-`)) return null;
  const m = /^([A-Za-z0-9]+)-[A-Z0-9]{6,}$/.exec(nestedName.slice(rootName.length + 1));
  return m ? m[1]! : null;
}

/** Panther's logical ids among a root's nested stacks (named `<root>-<LogicalId>-<RANDOM>`). */
export function pantherNestedIds(root: ListedStack, nested: readonly ListedStack[]): string[] {
  const ids = new Set<string>();
  for (const child of nested) {
    const id = nestedLogicalId(root.stackName, child.stackName);
    if (id && PANTHER_NESTED_STACKS.includes(id)) ids.add(id);
  }
  return [...ids];
}

/**
 * The Panther roots of one region's live stacks: roots (no parent) whose template description names Panther and a
 * version (not the deployment role's), or whose nested stacks carry Panther's logical ids (two at least, Bootstrap or
 * BootstrapGateway among them: Core and Web alone are names any application may use). A stack's name proves nothing:
 * `panther-analysis-ci` may be anything.
 */
export function pantherRoots(listed: readonly ListedStack[]): PantherRoot[] {
  const children = new Map<string, ListedStack[]>();
  for (const s of listed) if (s.parentId) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s]);
  const out: PantherRoot[] = [];
  for (const stack of listed) {
    if (stack.parentId || stack.status === 'DELETE_COMPLETE') continue;
    const nested = children.get(stack.stackId) ?? [];
    if (PANTHER_DESCRIPTION.test(stack.description) && !DEPLOYMENT_ROLE_DESCRIPTION.test(stack.description)) {
      out.push({stack, recognisedBy: 'description', nested});
      continue;
    }
    const ids = pantherNestedIds(stack, nested);
    if (ids.length >= 2 && ids.some(id => FIRST_NESTED.has(id))) out.push({stack, recognisedBy: 'nested-stacks', nested});
  }
  return out;
}

/** The kind of the last operation a stack status tells of; null for a status none explains. */
export function lastOperationOf(status: string): OperationType | null {
  if (status.includes('ROLLBACK')) return 'ROLLBACK';
  if (status.startsWith('CREATE_') || status === 'REVIEW_IN_PROGRESS') return 'CREATE';
  if (status.startsWith('UPDATE_')) return 'UPDATE';
  if (status.startsWith('DELETE_')) return 'DELETE';
  if (status.startsWith('IMPORT_')) return 'IMPORT';
  return null;
}

/** When the last operation happened: a delete's start, else LastUpdatedTime, else CreationTime. */
export function lastOperationAt(stack: Pick<ListedStack, 'status' | 'createdAt' | 'updatedAt' | 'deletedAt'>): Iso {
  if (stack.status.startsWith('DELETE_') && stack.deletedAt) return stack.deletedAt;
  return stack.updatedAt ?? stack.createdAt;
}

/** The newest recommended version of the catalog: what every deployment is measured against. */
export function latestRecommended(catalog: Catalog = defaultCatalog()): string {
  return catalog.recommended[catalog.recommended.length - 1]!;
}

/**
 * How many rungs of the upgrade ladder stand between `version` and the latest recommended version (each a deploy):
 * 0 when current (or newer than the catalog knows), null when the version is unknown or the catalog cannot plan
 * from it (a minor older than it lists).
 */
export function rungsBehind(version: string | null, region: string, catalog: Catalog = defaultCatalog()): number | null {
  const from = version === null ? null : parseVersion(version);
  if (!from) return null;
  const latest = latestRecommended(catalog);
  if (semver.gte(from, latest)) return 0;
  try {
    return planLadder({from, to: latest, catalog, region, parameters: null}).rungs.length;
  } catch (error) {
    if (error instanceof LadderError) return null;
    throw error;
  }
}

export type VersionSource = 'template' | 'tag';

export interface Deployment {
  account: string;
  region: string;
  stackName: string;
  stackId: string;
  /** Null when neither the deployed template nor the PantherVersion tags name one (or they could not be read). */
  version: string | null;
  versionSource: VersionSource | null;
  status: string;
  lastOperation: OperationType | null;
  lastOperationAt: Iso;
  rungsBehind: number | null;
  latestVersion: string;
  /** Every profile that sees it, in the order given. */
  profiles: string[];
}

/** Why a profile could not be read in a region. */
export type UnreadableKind =
  | 'no-credentials'
  | 'expired-credentials'
  | 'access-denied'
  | 'region-not-enabled'
  | 'unreachable'
  | 'throttled'
  | 'bad-response'
  | 'other';

export interface UnreadableTarget {
  profile: string;
  region: string;
  /** One line, sanitised. */
  reason: string;
  kind: UnreadableKind;
}

export interface DeploymentsReport {
  /** The profiles and regions asked, in the order given. */
  profiles: string[];
  regions: string[];
  deployments: Deployment[];
  unreadable: UnreadableTarget[];
  /** Versions that could not be read, one line each (the deployment is listed with version null). */
  warnings: string[];
  apiCalls: {cloudformation: number};
}

/** A stack ARN's account (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID), '' when it is not one. */
export function accountOf(stackId: string): string {
  const account = stackId.split(':')[4] ?? '';
  return /^\d{12}$/.test(account) ? account : '';
}

/** A Panther root one profile saw in one region. */
export interface Sighting {
  profile: string;
  region: string;
  root: PantherRoot;
}

/** The sightings of the same stack (by ARN) as one, with the profiles that saw it in the order given. */
export interface MergedRoot {
  root: PantherRoot;
  region: string;
  profiles: string[];
}

/**
 * One entry per stack ARN, however many profiles reach its account (two profiles of one account see the same
 * ARNs), ordered by the first profile that sees it, then region, then name, as given.
 */
export function mergeSightings(sightings: readonly Sighting[], profiles: readonly string[], regions: readonly string[]): MergedRoot[] {
  const byArn = new Map<string, MergedRoot>();
  for (const s of sightings) {
    const known = byArn.get(s.root.stack.stackId);
    if (known) {
      if (!known.profiles.includes(s.profile)) known.profiles.push(s.profile);
    } else {
      byArn.set(s.root.stack.stackId, {root: s.root, region: s.region, profiles: [s.profile]});
    }
  }
  const rank = (list: readonly string[], item: string) => {
    const i = list.indexOf(item);
    return i < 0 ? list.length : i;
  };
  const merged = [...byArn.values()];
  for (const m of merged) m.profiles.sort((a, b) => rank(profiles, a) - rank(profiles, b));
  return merged.sort(
    (a, b) =>
      rank(profiles, a.profiles[0]!) - rank(profiles, b.profiles[0]!) ||
      rank(regions, a.region) - rank(regions, b.region) ||
      a.root.stack.stackName.localeCompare(b.root.stack.stackName),
  );
}

/** A merged root with its version read: the deployment as reported. */
export function toDeployment(
  merged: MergedRoot,
  version: {version: string; source: VersionSource} | null,
  catalog: Catalog = defaultCatalog(),
): Deployment {
  const {stack} = merged.root;
  return {
    account: accountOf(stack.stackId),
    region: merged.region,
    stackName: stack.stackName,
    stackId: stack.stackId,
    version: version?.version ?? null,
    versionSource: version?.source ?? null,
    status: stack.status,
    lastOperation: lastOperationOf(stack.status),
    lastOperationAt: lastOperationAt(stack),
    rungsBehind: rungsBehind(version?.version ?? null, merged.region, catalog),
    latestVersion: latestRecommended(catalog),
    profiles: [...merged.profiles],
  };
}
