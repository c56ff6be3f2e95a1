// A display cap for untrusted text. A status reason can be megabytes (a crafted template, a runaway custom
// resource); drawn or laid out whole it freezes the screen and bloats a report. The screen and the text and
// Markdown reports show the first DISPLAY_CAP characters and say how much was left out; `--format json` keeps it all.

export const DISPLAY_CAP = 4000;

/**
 * Room for the note (`… (N more characters; …)`): text at most this much over the cap is left whole, since cutting
 * it would save nothing. It also makes capping idempotent: capped text is never capped again.
 */
const SLACK = 100;

/** The first `max` characters (never half a surrogate pair) and a note of how many more there were. */
export function capText(s: string, max = DISPLAY_CAP): string {
  if (s.length <= max + SLACK) return s;
  const head = headOf(s, max);
  return `${head}… (${s.length - head.length} more characters; full text in --format json)`;
}

/** The first `n` UTF-16 units of `s`, one fewer if the last would split a surrogate pair. */
export function headOf(s: string, n: number): string {
  if (s.length <= n) return s;
  const last = s.charCodeAt(n - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}
