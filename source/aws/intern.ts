// Repeated words of a history held once: a stack's ID and name, a resource's logical ID, physical ID, type and
// status repeat in every event about them (a 100,000-event history repeats each thousands of times), and every page
// of DescribeStackEvents parses them anew into strings of their own.

const MAX_HELD = 200_000;
const pool = new Map<string, string>();

/** The one held copy of `s` (equal text, so callers see no difference; the pool stops growing at its cap). */
export function intern(s: string): string {
  const held = pool.get(s);
  if (held !== undefined) return held;
  if (pool.size < MAX_HELD) pool.set(s, s);
  return s;
}
