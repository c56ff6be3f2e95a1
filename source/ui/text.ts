// Text helpers of the screen. The column layout (width, truncate, pad, wrap) is shared with the reports and lives in
// text/layout.ts; it is re-exported here so components import everything from one place.
import {safeText} from '../text/display.js';

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
