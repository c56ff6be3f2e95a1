// Pane sizes from the terminal size, in one pure function so the reducer and the components agree on
// viewport heights. Ink redraws the whole screen when a frame is as tall as the terminal: we use one row less.
import {KEYMAP, type CommandId} from './keymap.js';
import type {PaneId} from './state.js';

export type LayoutMode = 'full' | 'compact' | 'tiny';

export interface Layout {
  mode: LayoutMode;
  width: number;
  /** Rows actually drawn: the terminal height minus one. */
  rows: number;
  banners: number;
  /** Height of the pane area between the banners and the status bar. */
  main: number;
  stacksWidth: number;
  rightWidth: number;
  timelineHeight: number;
  detailsHeight: number;
  viewport: {stacks: number; timeline: number; details: number};
  /** Inner widths (inside borders). */
  inner: {stacks: number; timeline: number; details: number};
}

export const MIN_FULL = {width: 60, height: 15};
/** Below it the watch console says the terminal is too small (its shell does): the `tiny` layout. */
export const MIN_SIZE = {width: 20, height: 5};

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

export function computeLayout(width: number, height: number, banners: number, focus: PaneId): Layout {
  const w = Math.max(0, Math.floor(width));
  const rows = Math.max(0, Math.floor(height) - 1);
  const empty = {stacks: 0, timeline: 0, details: 0};
  if (w < MIN_SIZE.width || rows + 1 < MIN_SIZE.height) {
    return {
      mode: 'tiny',
      width: w,
      rows,
      banners: 0,
      main: 0,
      stacksWidth: 0,
      rightWidth: 0,
      timelineHeight: 0,
      detailsHeight: 0,
      viewport: empty,
      inner: empty,
    };
  }
  if (w < MIN_FULL.width || height < MIN_FULL.height) {
    // Only the timeline, no borders: the one pane that answers "what failed".
    // The failure headline keeps two rows where the timeline still gets six.
    const b = rows >= 9 ? Math.min(banners, 3) : rows >= 6 ? Math.min(banners, 1) : 0;
    const main = rows - b - 1;
    return {
      mode: 'compact',
      width: w,
      rows,
      banners: b,
      main,
      stacksWidth: 0,
      rightWidth: w,
      timelineHeight: main,
      detailsHeight: 0,
      viewport: {stacks: 0, timeline: main, details: 0},
      inner: {stacks: 0, timeline: w, details: 0},
    };
  }
  // Credentials, the failure headline (four rows from 24 up) and the operation line; the panes keep 11 rows.
  const b = Math.max(0, Math.min(banners, height >= 24 ? 6 : 3, rows - 12));
  const main = rows - b - 1;
  const stacksWidth = clamp(Math.round(w * 0.28), 26, 40);
  const rightWidth = w - stacksWidth;
  const detailsHeight = focus === 'details' ? clamp(Math.floor(main * 0.6), 6, main - 5) : clamp(Math.floor(main * 0.36), 6, 12);
  const timelineHeight = main - detailsHeight;
  return {
    mode: 'full',
    width: w,
    rows,
    banners: b,
    main,
    stacksWidth,
    rightWidth,
    timelineHeight,
    detailsHeight,
    // Borders take two rows, the pane title one; the Stacks pane also has a footer line.
    viewport: {stacks: Math.max(1, main - 4), timeline: Math.max(1, timelineHeight - 3), details: Math.max(1, detailsHeight - 3)},
    inner: {stacks: stacksWidth - 2, timeline: rightWidth - 2, details: rightWidth - 2},
  };
}

export interface HelpLayout {
  columns: 1 | 2;
  /** Lines of key rows (each holds one command per column). */
  lines: number;
  /** Key rows shown at once; when fewer than `lines`, a "more" marker takes the row below them. */
  rows: number;
  scrolls: boolean;
  labelWidth: number;
  colWidth: number;
  inner: number;
}

/**
 * The help overlay listing `commands` in a box of `width` x `height` (border and title included): two columns when
 * both fit whole.
 */
export function helpLayout(width: number, height: number, commands: readonly CommandId[]): HelpLayout {
  const inner = Math.max(0, width - 2);
  const room = Math.max(1, height - 3); // borders and the title
  const labelWidth = Math.min(12, Math.max(0, ...commands.map(id => KEYMAP[id].label.length)) + 2);
  const widest = Math.max(0, ...commands.map(id => KEYMAP[id].description.length));
  const columns = commands.length > room && inner >= 2 * (labelWidth + widest + 1) ? 2 : 1;
  const lines = Math.ceil(commands.length / columns);
  const scrolls = lines > room;
  return {
    columns,
    lines,
    rows: scrolls ? Math.max(1, room - 1) : lines,
    scrolls,
    labelWidth,
    colWidth: Math.floor(inner / columns),
    inner,
  };
}

/**
 * Details over the timeline in the compact layout: it takes the main area, a title row first, no borders
 * (the compact layout has none).
 */
export function detailsOverlay(layout: Pick<Layout, 'mode' | 'main' | 'width'>): {rows: number; width: number} {
  if (layout.mode !== 'compact') return {rows: 0, width: 0};
  return {rows: Math.max(1, layout.main - 1), width: layout.width};
}
