// The banner's rows, pure: what failed first (wrapped over the rows it has, category and whole reason), the
// operation line, and an expired-credentials warning. The rows are decided from the first frame on (the view
// model reserves them), so the screen does not jump as the first reads arrive.
import type {FailureHeadline} from './failure-headline.js';
import {headlineText} from './failure-headline.js';
import type {OperationBanner} from './operation-banner.js';
import type {Snapshot} from '../store/snapshot.js';
import {clock, truncate, width as textWidth} from './text.js';

export type BannerTone = 'rootCause' | 'error' | 'info' | 'success' | 'muted';

export interface BannerLine {
  text: string;
  tone: BannerTone;
}

export interface BannerInput {
  credentials: string | null;
  headline: FailureHeadline | null;
  operation: OperationBanner | null;
  /** The panther-pulumi build's line (the watch console's): the offer, the build's progress, its end. */
  build?: {text: string; tone: BannerTone} | null;
}

/** The expired-credentials row: what to run, and how old what is shown is. */
export function credentialsLine(snapshot: Snapshot): string {
  const last = Math.max(snapshot.poll.cloudformation.lastSuccessAt ?? 0, snapshot.poll.cloudtrail.lastSuccessAt ?? 0);
  const asOf = last > 0 ? `; showing data as of ${clock(last)}` : '';
  const login = snapshot.profile ? `aws sso login --profile ${snapshot.profile}` : 'aws sso login';
  return `CREDENTIALS EXPIRED: refresh them (e.g. ${login}); the console resumes by itself${asOf}`;
}

/**
 * Rows the failure headline may take: at 80x24, four rows hold the place, the category and an access denial's
 * whole message (about 330 characters with its principal and policy ARNs).
 */
export function headlineRows(mode: 'full' | 'compact', height: number): number {
  if (mode === 'compact') return height >= 9 ? 2 : 1;
  return height >= 24 ? 4 : 2;
}

/**
 * Lines of at most `cols` columns, filled: a long token (an ARN) is split at the line's end instead of starting a
 * new line, so a few rows hold as much of the reason as they can. Words are otherwise kept whole.
 */
export function fillLines(text: string, cols: number): string[] {
  if (cols <= 0) return [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = (): void => {
    lines.push(line.trimEnd());
    line = '';
    used = 0;
  };
  for (const word of text.split(/ +/)) {
    if (!word) continue;
    const gap = used > 0 ? 1 : 0;
    const w = textWidth(word);
    if (used + gap + w <= cols) {
      line += (gap ? ' ' : '') + word;
      used += gap + w;
      continue;
    }
    // Short words move to the next line; tokens longer than a fifth of a line are split to fill this one.
    if (w <= Math.max(12, cols / 5) && used > 0) {
      flush();
      line = word;
      used = w;
      continue;
    }
    if (gap && used + 1 < cols) {
      line += ' ';
      used += 1;
    } else if (used > 0) flush();
    for (const ch of word) {
      const cw = textWidth(ch);
      if (used + cw > cols) flush();
      line += ch;
      used += cw;
    }
  }
  if (line) flush();
  return lines;
}

/**
 * Once the operation has ended, its line ("CREATE ROLLED BACK · 7m10s", also in the Stacks pane's footer) gives its
 * row to the root cause: the banner keeps its height from the rollback to the post-mortem.
 */
function operationFolded(input: BannerInput): boolean {
  const h = input.headline;
  return input.operation !== null && h !== null && !h.running && h.kind !== 'none-yet';
}

/** Rows the headline gets of the banner. */
function headlineAllowance(input: BannerInput, failureRows: number): number {
  if (!input.headline) return 0;
  // While an operation runs, its rows are kept even before anything failed: the failure, when it comes, takes
  // them without pushing the panes down.
  return failureRows + (operationFolded(input) ? 1 : 0);
}

/** How many banner rows this input needs, given the headline's allowance (the view model reserves these). */
export function bannerReserve(input: BannerInput, failureRows: number): number {
  const operation = input.operation && !operationFolded(input) ? 1 : 0;
  return (input.credentials ? 1 : 0) + headlineAllowance(input, failureRows) + operation + (input.build ? 1 : 0);
}

function headlineLines(h: FailureHeadline, width: number, rows: number): BannerLine[] {
  const tone: BannerTone = h.kind === 'root-cause' ? 'rootCause' : h.kind === 'first-failure' ? 'error' : 'muted';
  const lines = fillLines(headlineText(h), width);
  const shown = lines.length <= rows ? lines : [...lines.slice(0, rows - 1), truncate(lines.slice(rows - 1).join(' '), width)];
  const out = shown.map(text => ({text, tone}));
  // A short reason keeps its rows: blank, in the headline's colour, so the panes below stay where they were.
  while (out.length < rows) out.push({text: '', tone});
  return out;
}

/**
 * The banner in `rows` rows: the credentials warning first (nothing is fresh until it is fixed), then the failure
 * headline, then the operation line; what does not fit is dropped from the end, the headline shrinking last.
 */
export function bannerLines(input: BannerInput, width: number, rows: number, failureRows: number): BannerLine[] {
  if (rows <= 0 || width <= 0) return [];
  const out: BannerLine[] = [];
  if (input.credentials) out.push({text: truncate(input.credentials, width), tone: 'error'});
  const operation = operationFolded(input) ? null : input.operation;
  const opRows = operation ? 1 : 0;
  if (input.headline) {
    const wanted = headlineAllowance(input, failureRows);
    // The operation line gives way before the headline shrinks below two rows.
    const room = rows - out.length - (rows - out.length - opRows >= Math.min(2, wanted) ? opRows : 0);
    out.push(...headlineLines(input.headline, width, Math.max(1, Math.min(wanted, room))));
  }
  if (operation) {
    const {text, tone} = operation;
    out.push({text: truncate(text, width), tone: tone === 'failed' ? 'error' : tone});
  }
  if (input.build) out.push({text: truncate(input.build.text, width), tone: input.build.tone});
  return out.slice(0, rows);
}
