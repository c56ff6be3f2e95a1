// Text helpers of the screen. The column layout (width, truncate, pad, wrap) is shared with the reports and lives in
// text/layout.ts; it is re-exported here so components import everything from one place.
import {safeText} from '../text/display.js';

import {cut, fits, width} from '../text/columns.js';

export {pad, truncate, width, wrap} from '../text/layout.js';

/**
 * One line, safe to draw: capped (a 10 MB reason is read no further than the cap), escape sequences and control
 * characters dropped, line breaks and tabs as spaces.
 */
export function clean(s: string): string {
  return safeText(s);
}

/** hh:mm:ss (UTC) of an ISO time or epoch ms. */
export function clock(t: string | number): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  return d.toISOString().slice(11, 19);
}

/**
 * At most `max` columns, cut in the middle when it must be: both ends stay, where names differ
 * (`LogProcessingRole/…NotificationsFunction`). `head`: columns kept before the `…` (default: half).
 */
export function truncateMiddle(s: string, max: number, head?: number): string {
  if (max <= 0) return '';
  const text = clean(s);
  if (fits(text, max)) return text;
  const room = max - 1; // the ellipsis
  const headRoom = Math.max(0, Math.min(room, head ?? Math.floor(room / 2)));
  // cli-truncate's middle cut keeps half of the columns before the `…`; here the caller says how many. So: the head
  // as a cut at the end keeps it, the tail as a cut at the start, each without its `…`. The tail fills what the head
  // left (a wide character that does not fit leaves a column empty, never overflows).
  const start = cut(text, headRoom + 1, 'end').slice(0, -1);
  const end = cut(text, room - width(start) + 1, 'start').slice(1);
  return `${start}…${end}`;
}
