// The two conversions every SDK mapper needs: an optional SDK string to sanitised text, an optional SDK date to ISO.
import {sanitize} from '../text/sanitize.js';

/** An SDK string as one sanitised line ('' when absent). */
export const clean = (s: string | undefined | null): string => sanitize(s ?? '');

/** An SDK date as an ISO timestamp ('' when absent). */
export const iso = (d: Date | undefined): string => (d ? new Date(d).toISOString() : '');
