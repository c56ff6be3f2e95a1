// The recommended patch of each Panther minor: the rungs of every upgrade ladder. Panther's guidance is to step
// through the highest patch of each minor, never skipping one. The list is data, and a user's --catalog file can
// extend it (a newer minor) or override it (a newer recommended patch of a known minor).
import {InputError} from '../errors.js';
import semver from 'semver';
import {minorKey, parseVersion, parseVersionSpec} from './version.js';
import {catalogVersions} from './catalog-schema.js';

/** As documented by Panther (1.17-1.31 in the upgrade guide, 1.32-1.39 later). */
export const RECOMMENDED_PATCHES: readonly string[] = [
  '1.17.4',
  '1.18.8',
  '1.19.5',
  '1.20.3',
  '1.21.5',
  '1.22.7',
  '1.23.5',
  '1.24.12',
  '1.25.18',
  '1.26.9',
  '1.27.8',
  '1.28.7',
  '1.29.3',
  '1.30.5',
  '1.31.1',
  '1.32.7',
  '1.33.5',
  '1.34.18',
  '1.35.7',
  '1.36.0',
  '1.37.11',
  '1.38.5',
  '1.39.7',
];

/** One recommended version per minor, ascending. */
export interface Catalog {
  readonly recommended: readonly string[];
  /** The entries that came from the user's --catalog file (the rest are built in), for the report. */
  readonly fromFile: readonly string[];
}

export class CatalogError extends InputError {}

function build(versions: readonly string[], fromFile: readonly string[] = []): Catalog {
  return {recommended: [...versions].sort(semver.compare), fromFile: [...fromFile].sort(semver.compare)};
}

export function defaultCatalog(): Catalog {
  return build(RECOMMENDED_PATCHES);
}

/** The recommended version of a minor (`1.24` or any `1.24.x`), or undefined when the catalog lacks it. */
export function recommendedFor(catalog: Catalog, minor: string): string | undefined {
  const key = minorKey(minor);
  return catalog.recommended.find(v => minorKey(v) === key);
}

/** Every minor the catalog knows, as `major.minor`, ascending. */
export function catalogMinors(catalog: Catalog): string[] {
  return catalog.recommended.map(v => minorKey(v));
}

/**
 * Reads a --catalog file's text: `{"recommended": ["1.40.2", ...]}` or a plain array of versions, with or without
 * `v`. Its entries are merged into `base`: an entry replaces the base's entry of the same minor (a newer
 * recommended patch), or adds a minor. Throws CatalogError with a message naming the file's problem (the schema:
 * catalog-schema.ts).
 */
export function loadCatalog(text: string, base: Catalog = defaultCatalog(), name = 'the catalog file'): Catalog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const result = catalogVersions(data);
  if (!result.ok) throw new CatalogError(`${name}${result.problem}.`);
  const byMinor = new Map(result.versions.map(v => [minorKey(v), v]));

  const merged = new Map(base.recommended.map(v => [minorKey(v), v]));
  for (const [key, version] of byMinor) merged.set(key, version);
  const recommended = [...merged.values()];
  const fromFile = new Set([...base.fromFile, ...byMinor.values()]);
  return build(
    recommended,
    recommended.filter(v => fromFile.has(v)),
  );
}

/** --to: a full version as given, or a minor's recommended patch; default the newest catalogued version. */
export function resolveTargetVersion(to: string | undefined, catalog: Catalog, flag = '--to'): string {
  if (!to) return catalog.recommended[catalog.recommended.length - 1]!;
  const spec = parseVersionSpec(to);
  if (!spec) throw new InputError(`${flag} ${to} is not a version like 1.39 or 1.39.7.`);
  if (spec.patch !== null) return parseVersion(to)!;
  const recommended = recommendedFor(catalog, to);
  if (!recommended) throw new InputError(`${flag} ${to}: no recommended patch of ${spec.major}.${spec.minor} is catalogued; give the full version.`);
  return recommended;
}
