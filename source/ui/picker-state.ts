// The deployment picker's logic, pure: where its cursor is, what the typed filter keeps, which lines are in view,
// and what a key does (move, filter, open, close). The list itself comes in as context (the command layer reads it).
import type {Key} from 'ink';
import type {Deployment} from '../panther/deployments.js';
import {matchCommand} from './keymap.js';
import {clean} from './text.js';

export interface PickerState {
  /** The stack (ARN) under the cursor; null: the first row. */
  cursor: string | null;
  filter: string;
  /** The filter is being typed: printable keys are its text (j and k too); arrows still move. */
  typing: boolean;
  /** First visible line of the list. */
  top: number;
}

export interface PickerContext {
  /** Every deployment listed, unfiltered, in the list's order. */
  deployments: readonly Deployment[];
  /** Lines of the list in view. */
  viewport: number;
  /** Lines under the deployments (those not read, with why): in view when the cursor is on the last row. */
  extraLines: number;
}

/** What a key did: the picker afterwards (null: closed), and the deployment to open, if it was Enter on one. */
export interface PickerOutcome {
  picker: PickerState | null;
  open: Deployment | null;
}

/** Each deployment takes two lines: what it is, then who sees it and its last operation. */
export const PICKER_ROW_LINES = 2;

/** The longest filter kept (a paste of a paragraph filters nothing better than its first words). */
const MAX_FILTER = 60;

export function openPicker(currentStackId: string | null): PickerState {
  return {cursor: currentStackId, filter: '', typing: false, top: 0};
}

function haystack(d: Deployment): string {
  return [d.stackName, d.region, d.account, ...d.profiles, d.version ?? 'unknown', d.status, d.lastOperation ?? ''].join(' ').toLowerCase();
}

/** The deployments the filter keeps: every word of it found in one of them (any field, any order, any case). */
export function filterDeployments(deployments: readonly Deployment[], filter: string): Deployment[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...deployments];
  return deployments.filter(d => {
    const text = haystack(d);
    return words.every(w => text.includes(w));
  });
}

/** The row under the cursor among `rows`; -1 when there is none. */
export function pickerIndex(picker: Pick<PickerState, 'cursor'>, rows: readonly Deployment[]): number {
  if (rows.length === 0) return -1;
  const i = picker.cursor ? rows.findIndex(d => d.stackId === picker.cursor) : -1;
  return Math.max(0, i);
}

/** The first visible line: the cursor's two lines in view; on the last row, the lines under the list too. */
export function pickerTop(top: number, index: number, rows: number, ctx: Pick<PickerContext, 'viewport' | 'extraLines'>): number {
  const total = rows * PICKER_ROW_LINES + ctx.extraLines;
  const max = Math.max(0, total - ctx.viewport);
  if (index < 0) return Math.min(top, max);
  if (index === rows - 1) return max;
  const first = index * PICKER_ROW_LINES;
  const last = first + PICKER_ROW_LINES - 1;
  let t = Math.min(top, max);
  if (first < t) t = first;
  if (last >= t + ctx.viewport) t = last - ctx.viewport + 1;
  return Math.max(0, Math.min(t, max));
}

function moveTo(picker: PickerState, rows: readonly Deployment[], to: number, ctx: PickerContext): PickerState {
  const i = Math.max(0, Math.min(rows.length - 1, to));
  const row = rows[i];
  if (!row) return picker;
  return {...picker, cursor: row.stackId, top: pickerTop(picker.top, i, rows.length, ctx)};
}

/** Movement keys: the row they go to, or null when the key is not one. */
function movement(input: string, key: Key, typing: boolean, index: number, rows: number, ctx: PickerContext): number | null {
  // While typing, letters are text: only the named keys move.
  const named = key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.home || key.end;
  if (typing && !named) return null;
  const page = Math.max(1, Math.floor(ctx.viewport / PICKER_ROW_LINES) - 1);
  switch (matchCommand(input, key)) {
    case 'up':
      return index - 1;
    case 'down':
      return index + 1;
    case 'pageUp':
      return index - page;
    case 'pageDown':
      return index + page;
    case 'top':
      return 0;
    case 'bottom':
      return rows - 1;
    default:
      return null;
  }
}

/** The filter typed so far: applied at once, the cursor kept on its row while the row still matches. */
function filtered(picker: PickerState, filter: string, ctx: PickerContext): PickerState {
  const rows = filterDeployments(ctx.deployments, filter);
  const kept = rows.some(d => d.stackId === picker.cursor) ? picker.cursor : (rows[0]?.stackId ?? picker.cursor);
  const next = {...picker, filter, cursor: kept};
  return {...next, top: pickerTop(0, pickerIndex(next, rows), rows.length, ctx)};
}

/** One key press while the picker is open. */
export function pickerKey(picker: PickerState, input: string, key: Key, ctx: PickerContext): PickerOutcome {
  const rows = filterDeployments(ctx.deployments, picker.filter);
  const index = pickerIndex(picker, rows);
  const same = (p: PickerState): PickerOutcome => ({picker: p, open: null});
  const to = movement(input, key, picker.typing, index, rows.length, ctx);
  if (to !== null) return same(moveTo(picker, rows, to, ctx));
  if (key.return) return index >= 0 ? {picker: null, open: rows[index]!} : same(picker);
  if (picker.typing) {
    if (key.escape) return same(filtered({...picker, typing: false}, '', ctx));
    if (key.backspace || key.delete) return same(filtered(picker, Array.from(picker.filter).slice(0, -1).join(''), ctx));
    if (matchCommand(input, key) === 'clearText') return same(filtered(picker, '', ctx));
    if (key.ctrl || key.meta || key.tab || !input || key.leftArrow || key.rightArrow) return same(picker);
    return same(filtered(picker, (picker.filter + clean(input)).slice(0, MAX_FILTER), ctx));
  }
  switch (matchCommand(input, key)) {
    case 'back':
      // An applied filter first, then the picker itself.
      return picker.filter ? same(filtered(picker, '', ctx)) : {picker: null, open: null};
    case 'filter':
      return same({...picker, typing: true});
    case 'deployments':
      return {picker: null, open: null};
    default:
      return same(picker);
  }
}
