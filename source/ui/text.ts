// Text helpers of the screen. The column layout (width, truncate, pad, wrap) is shared with the reports and lives in
// text/layout.ts; it is re-exported here so components import everything from one place.
import {safeText} from '../text/display.js';

import {width} from '../text/layout.js';

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
  if (width(text) <= max) return text;
  const chars = Array.from(text);
  const room = max - 1; // the ellipsis
  const headRoom = Math.max(0, Math.min(room, head ?? Math.floor(room / 2)));
  let start = '';
  let used = 0;
  let i = 0;
  for (; i < chars.length; i++) {
    const w = width(chars[i]!);
    if (used + w > headRoom) break;
    start += chars[i];
    used += w;
  }
  // The tail fills what the head left (a wide character that does not fit leaves a column empty, never overflows).
  let end = '';
  let tailUsed = 0;
  for (let j = chars.length - 1; j >= i; j--) {
    const w = width(chars[j]!);
    if (used + tailUsed + w > room) break;
    end = chars[j] + end;
    tailUsed += w;
  }
  return `${start}…${end}`;
}
