// What a --catalog file may hold, as a zod schema: a list of Panther versions, either alone or as the
// `recommended` key of an object (other keys are the user's own: comments, a date). One patch per minor, since the
// catalog gives each minor's recommended patch.
import * as z from 'zod/mini';
import {minorKey, parseVersion} from './version.js';
import {checkWith, quote} from '../text/schema-issue.js';

const VERSION_WORDS = 'a version like "1.40.2"';

/** A version as typed (`v1.40.2`, `1.40.2`), read as `1.40.2`. */
const version = z.pipe(
  z.string({error: VERSION_WORDS}),
  z.transform((text: string, ctx) => {
    const parsed = parseVersion(text);
    if (parsed) return parsed;
    ctx.issues.push({code: 'custom', message: VERSION_WORDS, input: text});
    return z.NEVER;
  }),
);

/** The versions, one per minor (two patches of one minor would make the ladder ambiguous: the user picks). */
export const CatalogVersionsSchema = z.array(version, {error: 'a list of versions'}).check(z.minLength(1, {error: 'at least one version'}), ctx => {
  const byMinor = new Map<string, string>();
  ctx.value.forEach((v, i) => {
    const other = byMinor.get(minorKey(v));
    if (other && other !== v) ctx.issues.push({code: 'custom', path: [i], message: 'one patch per minor', params: {other}, input: v});
    byMinor.set(minorKey(v), v);
  });
});

export type CatalogVersionsResult = {ok: true; versions: string[]} | {ok: false; problem: string};

/**
 * The versions a parsed catalog file lists, or its first problem as the rest of a line after the file's name:
 * `: entry 2 (140) is not a version like "1.40.2"`. Entries are counted from 1, as a reader counts them.
 */
export function catalogVersions(data: unknown): CatalogVersionsResult {
  const isObject = data !== null && typeof data === 'object' && !Array.isArray(data);
  const inObject = isObject && 'recommended' in data;
  if (!Array.isArray(data) && !inObject) return {ok: false, problem: ' must be a JSON array of versions or {"recommended": ["1.40.2", ...]}'};
  const list = inObject ? (data as {recommended: unknown}).recommended : data;
  const checked = checkWith(CatalogVersionsSchema, list);
  if (checked.ok) return {ok: true, versions: checked.data};
  const {issue, value} = checked;
  const where = inObject ? 'recommended ' : '';
  if (issue.path.length === 0) {
    // Only `recommended` can be something else than a list: a list of its own is one.
    return {ok: false, problem: issue.code === 'too_small' ? ' lists no versions' : `: recommended is ${quote(value)}, not a list of versions`};
  }
  const entry = `${where}entry ${Number(issue.path[0]) + 1}`;
  if (issue.code === 'custom' && typeof issue.params?.other === 'string') {
    const v = parseVersion(String(value))!;
    return {ok: false, problem: ` gives two recommended patches for ${minorKey(v)}: ${issue.params.other} and ${v} (${entry}). Keep one`};
  }
  return {ok: false, problem: `: ${entry} (${quote(value)}) is not ${VERSION_WORDS}`};
}
