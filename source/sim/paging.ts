// Pagination tokens that stay valid while the world grows: a token is a position in an append-only, oldest-first
// sequence, so events appended (at the new end) never shift the pages a client is walking.

export interface Cursor {
  kind: string;
  scope: string;
  index: number;
}

export function encodeToken(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.kind, c.scope, c.index])).toString('base64url');
}

/** Returns the index stored in `token`, or null when it is not a token of this kind and scope. */
export function decodeToken(token: string, kind: string, scope: string): number | null {
  try {
    const [k, s, i] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [string, string, number];
    if (k !== kind || s !== scope || !Number.isInteger(i) || i < 0) return null;
    return i;
  } catch {
    return null;
  }
}

/**
 * Walks an oldest-first sequence of `length` items newest first, from `start` (exclusive) down, keeping those that
 * match, `size` at most. `next` is where the following page starts, or null at the oldest item.
 */
export function pageDescending(
  length: number,
  start: number,
  matches: (index: number) => boolean,
  size: number,
): {indices: number[]; next: number | null} {
  const indices: number[] = [];
  let i = Math.min(start, length) - 1;
  for (; i >= 0 && indices.length < size; i--) if (matches(i)) indices.push(i);
  // Look ahead so the last page carries no token.
  let j = i;
  while (j >= 0 && !matches(j)) j--;
  return {indices, next: j >= 0 ? i + 1 : null};
}
