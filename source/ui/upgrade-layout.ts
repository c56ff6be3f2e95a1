// The upgrade screen's layout, pure: Ladder and Details above, Stacks and Timeline below, then the prompt line and
// the status bar, one row spare. While a rung waits for its typed confirmation the layout must show that rung's
// change set summary whole (pinned at the top of the Details pane): when the usual layout cannot, the Details pane
// takes the whole screen (`review`); when even that cannot, the screen says the size it needs and asks nothing.

export interface UpgradeLayout {
  mode: 'full' | 'compact' | 'review' | 'tiny';
  width: number;
  rows: number;
  banners: number;
  top: number;
  bottom: number;
  leftWidth: number;
  rightWidth: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Pane border (2) and title (1). */
export const PANE_CHROME = 3;
/** The prompt (or hint) line, the status bar, and the row Ink needs spare. */
const FOOTER = 3;

/** Below it the upgrade screen says the terminal is too small (its shell does): the `tiny` layout. */
export const MIN_UPGRADE_SIZE = {width: 30, height: 7};

export function upgradeLayout(width: number, height: number, banners: number, reviewing = false): UpgradeLayout {
  const w = Math.max(0, Math.floor(width));
  const rows = Math.max(0, Math.floor(height) - 1);
  if (w < MIN_UPGRADE_SIZE.width || rows + 1 < MIN_UPGRADE_SIZE.height)
    return {mode: 'tiny', width: w, rows, banners: 0, top: 0, bottom: 0, leftWidth: 0, rightWidth: 0};
  const compact = w < 60 || height < 15;
  const b = compact ? 0 : Math.min(banners, 1);
  const main = rows - b - 2;
  if (compact) return {mode: 'compact', width: w, rows, banners: 0, top: main, bottom: 0, leftWidth: w, rightWidth: 0};
  // While a change set waits for its confirmation, its summary gets most of the room.
  const top = clamp(Math.floor(main * (reviewing ? 0.62 : 0.5)), 6, main - 5);
  const leftWidth = clamp(Math.round(w * 0.32), 28, 40);
  return {mode: 'full', width: w, rows, banners: b, top, bottom: main - top, leftWidth, rightWidth: w - leftWidth};
}

/** The Details pane alone, full width and height: the review of the rung being confirmed. */
export function reviewLayout(width: number, height: number): UpgradeLayout {
  const w = Math.max(0, Math.floor(width));
  const rows = Math.max(0, Math.floor(height) - 1);
  const main = Math.max(0, rows - 2);
  return {mode: 'review', width: w, rows, banners: 0, top: main, bottom: 0, leftWidth: 0, rightWidth: w};
}

/** The Details pane's inner width and rows in a layout. */
export function detailsBox(layout: UpgradeLayout): {width: number; rows: number} {
  switch (layout.mode) {
    case 'full':
      return {width: Math.max(10, layout.rightWidth - 2), rows: Math.max(1, layout.top - PANE_CHROME)};
    case 'review':
      return {width: Math.max(10, layout.width - 2), rows: Math.max(1, layout.top - PANE_CHROME)};
    default:
      return {width: Math.max(10, layout.width - 2), rows: 0};
  }
}

export interface ReviewFit {
  layout: UpgradeLayout;
  /** Whether the summary is whole on screen: only then is the confirmation asked. */
  fits: boolean;
  /** The terminal height the summary needs at this width (for the "too small" line). */
  neededHeight: number;
}

/**
 * Where the summary of the rung being confirmed goes: the usual layout if its Details pane holds it, else the
 * Details pane alone; `summaryLinesAt(width)` counts the summary's lines wrapped to a width.
 */
export function fitReview(width: number, height: number, banners: number, summaryLinesAt: (width: number) => number): ReviewFit {
  const usual = upgradeLayout(width, height, banners, true);
  if (usual.mode === 'full') {
    const box = detailsBox(usual);
    if (summaryLinesAt(box.width) <= box.rows) return {layout: usual, fits: true, neededHeight: height};
  }
  const review = reviewLayout(width, height);
  const box = detailsBox(review);
  const lines = summaryLinesAt(box.width);
  const neededHeight = lines + PANE_CHROME + FOOTER;
  const fits = usual.mode !== 'tiny' && review.width >= 30 && lines <= box.rows && review.top >= PANE_CHROME + 1;
  return {layout: review, fits, neededHeight};
}
