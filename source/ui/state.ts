// The screen's logic as a pure reducer: what is focused, where each cursor is, what the timeline shows.
// Rows and viewport sizes come in as `context` (they derive from the snapshot and the terminal), so the
// state holds only what the user chose: positions are kept as event/stack IDs, not indexes, because rows
// arrive and filters change under the cursor.
import type {Key} from 'ink';
import {firstErrorIndex, nextFailure, rowIndexOf, type TimelineRow} from '../domain/timeline.js';
import type {TreeRow} from '../domain/tree.js';
import type {Deployment} from '../panther/deployments.js';
import {isBuildConfirmation} from '../panther/pulumi-offer.js';
import {ALL_COMMAND_IDS, isShellCommand, matchCommand, splitKeys, type CommandId} from './keymap.js';
import {openPicker, pickerKey, type PickerState} from './picker-state.js';
import {clean} from './text.js';

export type PaneId = 'stacks' | 'timeline' | 'details';
export const PANES: readonly PaneId[] = ['stacks', 'timeline', 'details'];

/**
 * auto: on the first error (root cause) when there is one, else on the newest row (follows);
 * follow: on the newest row; pinned: on one event (auto again if a filter hides it).
 */
export type TimelineCursor = {mode: 'auto'} | {mode: 'follow'} | {mode: 'pinned'; eventId: string};

/** The watch console takes every command of the keymap (help, suspend and quit are its shell's). */
export const WATCH_COMMANDS: readonly CommandId[] = ALL_COMMAND_IDS.filter(id => !isShellCommand(id));

/**
 * What the screen asks of the command layer after a key (the reducer stays pure; the App passes them on): read the
 * deployments again, open one, start the panther-pulumi build the user confirmed.
 */
export type UiRequest = {type: 'listDeployments'} | {type: 'openDeployment'; deployment: Deployment} | {type: 'startBuild'};

/** The typed confirmation of the panther-pulumi build. */
export interface BuildPromptState {
  typed: string;
  /** What was wrong with the last Enter. */
  error: string | null;
}

export interface UiState {
  focus: PaneId;
  /** Stack under the cursor in the Stacks pane; null: the first row. */
  stackCursor: string | null;
  stackTop: number;
  collapsed: ReadonlySet<string>;
  /** The subtree the timeline shows; null: the whole tree. */
  selectedStackId: string | null;
  cursor: TimelineCursor;
  /** First visible timeline row; null: placed so the cursor sits a third of the way down. */
  top: number | null;
  detailsScroll: number;
  failuresOnly: boolean;
  filter: string;
  /** The filter being typed (applied as it is typed); null when not editing. */
  filterDraft: string | null;
  /** The filter applied when `/` opened the prompt: Esc puts it back. */
  filterBefore: string;
  /** The draft is the reopened filter, selected: the first typed character replaces it. */
  filterSelected: boolean;
  /** A one-off word for the status bar ("wrapped to the first failure"); cleared by the next key. */
  note: string | null;
  /** The deployment picker, open over the panes; null when closed. */
  picker: PickerState | null;
  /** The panther-pulumi build's confirmation being typed; null when not asked. */
  buildPrompt: BuildPromptState | null;
  /** For the App to pass on, then clear. */
  requests: readonly UiRequest[];
}

export interface UiContext {
  stackRows: readonly TreeRow[];
  rows: readonly TimelineRow[];
  rootCauseEventId: string | null;
  /** Visible rows of each pane. */
  viewport: {stacks: number; timeline: number; details: number};
  /** Lines of the Details pane's content. */
  detailsLines: number;
  /** The panes on screen (a small terminal shows the timeline alone); all of them when absent. */
  visiblePanes?: readonly PaneId[];
  /** Details opens over the timeline (the compact layout): Enter or Esc close it again. */
  detailsOverlay?: boolean;
  /** The console can switch deployments (absent: `d` does nothing, as on a screen that embeds these panes). */
  switcher?: {
    /** Every deployment listed so far (none before the first read). */
    deployments: readonly Deployment[];
    /** Lines of the picker's list in view, and the lines under the deployments. */
    viewport: number;
    extraLines: number;
    currentStackId: string | null;
  };
  /** Why `d` cannot switch here (a recorded bundle), said when it is pressed. */
  switchRefusal?: string;
  /** The panther-pulumi build check (absent: `b` does nothing). */
  build?: {
    canStart: boolean;
    project: string;
    /** Why `b` has nothing to start. */
    why: string;
  };
}

/**
 * input: key input (the shell hands over one key at a time; a burst is split here too): the reducer decides between
 * commands and filter typing per character, so "/web" typed in one burst still works.
 */
export type UiAction =
  | {type: 'input'; input: string; key: Key}
  | {type: 'command'; command: CommandId}
  | {type: 'filterKey'; input: string; key: Key};

export function initialUiState(overrides: Partial<UiState> = {}): UiState {
  return {
    focus: 'timeline',
    stackCursor: null,
    stackTop: 0,
    collapsed: new Set(),
    selectedStackId: null,
    cursor: {mode: 'auto'},
    top: null,
    detailsScroll: 0,
    failuresOnly: false,
    filter: '',
    filterDraft: null,
    filterBefore: '',
    filterSelected: false,
    note: null,
    picker: null,
    buildPrompt: null,
    requests: [],
    ...overrides,
  };
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** The first visible row so that `cursor` is visible (null top: cursor a third of the way down). */
export function windowTop(top: number | null, cursor: number, height: number, length: number): number {
  if (height <= 0 || length <= height) return 0;
  let t = top ?? cursor - Math.floor(height / 3);
  if (cursor >= 0) {
    if (cursor < t) t = cursor;
    if (cursor >= t + height) t = cursor - height + 1;
  }
  return clamp(t, 0, length - height);
}

/** The timeline row index under the cursor, -1 when there are no rows. */
export function timelineIndex(state: UiState, ctx: Pick<UiContext, 'rows' | 'rootCauseEventId'>): number {
  const {rows} = ctx;
  if (rows.length === 0) return -1;
  if (state.cursor.mode === 'pinned') {
    const id = state.cursor.eventId;
    const i = rowIndexOf(rows, id);
    if (i >= 0) return i;
  }
  if (state.cursor.mode !== 'follow') {
    const e = firstErrorIndex(rows, ctx.rootCauseEventId);
    if (e >= 0) return e;
  }
  return rows.length - 1;
}

export function timelineTop(state: UiState, ctx: UiContext, index = timelineIndex(state, ctx)): number {
  const top = state.cursor.mode === 'follow' ? ctx.rows.length : state.top;
  return windowTop(top, index, ctx.viewport.timeline, ctx.rows.length);
}

export function stackIndex(state: UiState, ctx: Pick<UiContext, 'stackRows'>): number {
  if (ctx.stackRows.length === 0) return -1;
  const i = state.stackCursor ? ctx.stackRows.findIndex(r => r.node.stack.stackId === state.stackCursor) : -1;
  return Math.max(i, 0);
}

function pinTo(state: UiState, ctx: UiContext, index: number, jump: boolean): UiState {
  const row = ctx.rows[index];
  if (!row) return state;
  const top = jump && !isVisible(state, ctx, index) ? null : windowTop(timelineTop(state, ctx), index, ctx.viewport.timeline, ctx.rows.length);
  return {...state, cursor: {mode: 'pinned', eventId: row.event.eventId}, top, detailsScroll: 0};
}

/**
 * Before the rows change under the cursor (a filter typed, cleared, failures only): pin the event it is on, so it
 * stays selected when it is still there. Following stays following.
 */
function keepSelection(state: UiState, ctx: UiContext): UiState {
  if (state.cursor.mode === 'follow') return {...state, top: null};
  const row = ctx.rows[timelineIndex(state, ctx)];
  return row ? {...state, cursor: {mode: 'pinned', eventId: row.event.eventId}, top: null} : {...state, top: null};
}

/** The next / previous failure, around the end to the other end (said in the status bar). */
function stepFailure(state: UiState, ctx: UiContext, dir: 1 | -1): UiState {
  const from = timelineIndex(state, ctx);
  let i = nextFailure(ctx.rows, from, dir);
  let note: string | null = null;
  if (i < 0) {
    i = nextFailure(ctx.rows, dir === 1 ? -1 : ctx.rows.length, dir);
    if (i < 0) return {...state, note: 'no failure here', focus: focusTimeline(state)};
    note = i === from ? 'no other failure' : `wrapped to the ${dir === 1 ? 'first' : 'last'} failure`;
  }
  return {...pinTo(state, ctx, i, true), note, focus: focusTimeline(state)};
}

function isVisible(state: UiState, ctx: UiContext, index: number): boolean {
  const top = timelineTop(state, ctx);
  return index >= top && index < top + ctx.viewport.timeline;
}

/** Where a movement command takes a cursor in a list of `length` rows. */
function moved(command: CommandId, index: number, length: number, page: number): number | null {
  const step = Math.max(1, page - 1);
  switch (command) {
    case 'up':
      return clamp(index - 1, 0, length - 1);
    case 'down':
      return clamp(index + 1, 0, length - 1);
    case 'pageUp':
      return clamp(index - step, 0, length - 1);
    case 'pageDown':
      return clamp(index + step, 0, length - 1);
    case 'top':
      return 0;
    case 'bottom':
      return length - 1;
    default:
      return null;
  }
}

function focusTimeline(state: UiState): PaneId {
  // Jumps from Details keep Details in view: it shows the newly selected event.
  return state.focus === 'details' ? 'details' : 'timeline';
}

function onStacks(state: UiState, command: CommandId, ctx: UiContext): UiState {
  const index = stackIndex(state, ctx);
  const row = ctx.stackRows[index];
  const to = moved(command, index, ctx.stackRows.length, ctx.viewport.stacks);
  if (to !== null) {
    const target = ctx.stackRows[to];
    if (!target) return state;
    return {
      ...state,
      stackCursor: target.node.stack.stackId,
      stackTop: windowTop(state.stackTop, to, ctx.viewport.stacks, ctx.stackRows.length),
    };
  }
  if (!row) return state;
  const id = row.node.stack.stackId;
  switch (command) {
    case 'enter':
      return {
        ...state,
        selectedStackId: row.depth === 0 ? null : id,
        focus: 'timeline',
        cursor: {mode: 'auto'},
        top: null,
        detailsScroll: 0,
      };
    case 'back':
      return state.selectedStackId ? {...state, selectedStackId: null, cursor: {mode: 'auto'}, top: null} : state;
    case 'collapse': {
      if (!row.hasChildren || state.collapsed.has(id)) return state;
      return {...state, collapsed: new Set([...state.collapsed, id])};
    }
    case 'expand': {
      if (!state.collapsed.has(id)) return state;
      const collapsed = new Set(state.collapsed);
      collapsed.delete(id);
      return {...state, collapsed};
    }
    default:
      return state;
  }
}

function onTimeline(state: UiState, command: CommandId, ctx: UiContext): UiState {
  const index = timelineIndex(state, ctx);
  const to = moved(command, index, ctx.rows.length, ctx.viewport.timeline);
  if (to !== null) return to >= 0 ? pinTo(state, ctx, to, false) : state;
  switch (command) {
    case 'enter':
      return index >= 0 && visiblePanes(ctx).includes('details') ? {...state, focus: 'details', detailsScroll: 0} : state;
    case 'back':
      // An applied filter first (the title shows it), then back to the Stacks pane when it is on screen.
      if (state.filter || state.failuresOnly) return {...keepSelection(state, ctx), filter: '', failuresOnly: false};
      return visiblePanes(ctx).includes('stacks') ? {...state, focus: 'stacks'} : state;
    default:
      return state;
  }
}

/**
 * A details pane's scroll position after a movement key (null: not a movement key), shared by every screen with
 * a details pane: `lines` long, `rows` visible.
 */
export function scrollDetails(scroll: number, command: CommandId, lines: number, rows: number): number | null {
  const max = Math.max(0, lines - rows);
  const page = Math.max(1, rows - 1);
  switch (command) {
    case 'up':
      return clamp(scroll - 1, 0, max);
    case 'down':
      return clamp(scroll + 1, 0, max);
    case 'pageUp':
      return clamp(scroll - page, 0, max);
    case 'pageDown':
      return clamp(scroll + page, 0, max);
    case 'top':
      return 0;
    case 'bottom':
      return max;
    default:
      return null;
  }
}

function onDetails(state: UiState, command: CommandId, ctx: UiContext): UiState {
  // Enter opened it from the timeline: Enter closes it too (the compact layout's overlay, and the pane alike).
  if (command === 'back' || command === 'enter') return {...state, focus: 'timeline'};
  const scroll = scrollDetails(state.detailsScroll, command, ctx.detailsLines, ctx.viewport.details);
  return scroll === null ? state : {...state, detailsScroll: scroll};
}

/** The panes on screen, in Tab order. */
export function visiblePanes(ctx: Pick<UiContext, 'visiblePanes'>): readonly PaneId[] {
  const visible = ctx.visiblePanes ?? PANES;
  return visible.length > 0 ? PANES.filter(p => visible.includes(p)) : ['timeline'];
}

function onCommand(current: UiState, command: CommandId, ctx: UiContext): UiState {
  const panes = visiblePanes(ctx);
  // A pane that is not on screen (the terminal shrank) never takes keys: the timeline does.
  const state = panes.includes(current.focus) ? current : {...current, focus: panes.includes('timeline') ? 'timeline' : panes[0]!};
  switch (command) {
    case 'nextPane':
    case 'prevPane': {
      const i = panes.indexOf(state.focus);
      const d = command === 'nextPane' ? 1 : panes.length - 1;
      return {...state, focus: panes[(i + d) % panes.length]!};
    }
    case 'firstError': {
      // The root cause outside what the timeline shows (another subtree, a filter): widen to the whole tree and
      // land on it; the auto cursor opens on the root cause.
      if (ctx.rootCauseEventId && rowIndexOf(ctx.rows, ctx.rootCauseEventId) < 0) {
        return {
          ...state,
          selectedStackId: null,
          filter: '',
          failuresOnly: false,
          cursor: {mode: 'auto'},
          top: null,
          detailsScroll: 0,
          focus: focusTimeline(state),
        };
      }
      const i = firstErrorIndex(ctx.rows, ctx.rootCauseEventId);
      if (i < 0) return {...state, focus: focusTimeline(state)};
      return {...pinTo(state, ctx, i, true), focus: focusTimeline(state)};
    }
    case 'nextFailure':
    case 'prevFailure':
      return stepFailure(state, ctx, command === 'nextFailure' ? 1 : -1);
    case 'filter':
      // Reopened, the prompt holds the applied filter, selected: typing replaces it, Backspace clears it,
      // ← → keep it to edit. Esc puts back what was applied when the prompt opened.
      return {...state, filterDraft: state.filter, filterBefore: state.filter, filterSelected: state.filter !== '', focus: focusTimeline(state)};
    case 'failuresOnly':
      return {...keepSelection(state, ctx), failuresOnly: !state.failuresOnly};
    case 'follow':
      return {...state, cursor: {mode: 'follow'}, top: null, focus: focusTimeline(state), detailsScroll: 0};
    case 'deployments':
      // Opens on the deployment shown, and reads the list (again): deployments come and go.
      if (!ctx.switcher) return ctx.switchRefusal ? {...state, note: ctx.switchRefusal} : state;
      return {...state, picker: openPicker(ctx.switcher.currentStackId), requests: [...state.requests, {type: 'listDeployments'}]};
    case 'pulumiBuild':
      if (!ctx.build) return state;
      return ctx.build.canStart ? {...state, buildPrompt: {typed: '', error: null}} : {...state, note: ctx.build.why};
    default:
      break;
  }
  if (state.focus === 'stacks') return onStacks(state, command, ctx);
  if (state.focus === 'timeline') return onTimeline(state, command, ctx);
  return onDetails(state, command, ctx);
}

/** The draft typed so far, applied at once: the timeline filters as you type, the selected event kept. */
function typed(state: UiState, draft: string, ctx: UiContext): UiState {
  const filter = draft.trim();
  const next = {...state, filterDraft: draft, filterSelected: false};
  return filter === state.filter ? next : {...keepSelection(next, ctx), filter};
}

function onFilterKey(state: UiState, input: string, key: Key, ctx: UiContext): UiState {
  const draft = state.filterDraft ?? '';
  const closed = {...state, filterDraft: null, filterSelected: false};
  if (key.escape) return state.filter === state.filterBefore ? closed : {...keepSelection(closed, ctx), filter: state.filterBefore};
  if (key.return) return {...closed, filter: draft.trim()};
  if (key.backspace || key.delete) return typed(state, state.filterSelected ? '' : Array.from(draft).slice(0, -1).join(''), ctx);
  if (matchCommand(input, key) === 'clearText') return typed(state, '', ctx);
  if (key.leftArrow || key.rightArrow || key.home || key.end) return {...state, filterSelected: false};
  if (key.ctrl || key.meta || key.tab || !input) return state;
  return typed(state, (state.filterSelected ? '' : draft) + clean(input), ctx);
}

/** The build's confirmation: `build` (or the project's name) and Enter starts it; Esc cancels, nothing started. */
function onBuildPromptKey(state: UiState, input: string, key: Key, ctx: UiContext): UiState {
  const prompt = state.buildPrompt!;
  const project = ctx.build?.project ?? 'panther-pulumi';
  if (key.escape) return {...state, buildPrompt: null, note: `cancelled: no ${project} build started`};
  if (key.return) {
    if (!isBuildConfirmation(prompt.typed, project)) return {...state, buildPrompt: {typed: '', error: `type build (or ${project}) to start it`}};
    // The offer may have gone while the word was typed (another operation started): nothing to start then.
    if (!ctx.build?.canStart) return {...state, buildPrompt: null, note: ctx.build?.why ?? null};
    return {...state, buildPrompt: null, requests: [...state.requests, {type: 'startBuild'}]};
  }
  if (key.backspace || key.delete) return {...state, buildPrompt: {typed: Array.from(prompt.typed).slice(0, -1).join(''), error: null}};
  if (matchCommand(input, key) === 'clearText') return {...state, buildPrompt: {typed: '', error: null}};
  if (key.ctrl || key.meta || key.tab || !input || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return state;
  return {...state, buildPrompt: {typed: (prompt.typed + clean(input)).slice(0, 40), error: null}};
}

function onPickerKey(state: UiState, input: string, key: Key, ctx: UiContext): UiState {
  const switcher = ctx.switcher;
  if (!switcher) return {...state, picker: null};
  const out = pickerKey(state.picker!, input, key, switcher);
  // The one open already: nothing to switch to (the picker closes on it).
  if (out.open && out.open.stackId === switcher.currentStackId) return {...state, picker: null, note: `${out.open.stackName} is the one open`};
  const requests = out.open ? [...state.requests, {type: 'openDeployment' as const, deployment: out.open}] : state.requests;
  return {...state, picker: out.picker, requests};
}

/** Whether keys are text right now (a filter, the picker's filter, the build's confirmation): q and ? are letters. */
export function isTyping(state: UiState): boolean {
  return state.filterDraft !== null || state.buildPrompt !== null || state.picker?.typing === true;
}

export function uiReducer(state: UiState, action: UiAction, ctx: UiContext): UiState {
  // A note is said once: the next key takes it away.
  const current = state.note === null ? state : {...state, note: null};
  if (action.type === 'filterKey') return onFilterKey(current, action.input, action.key, ctx);
  if (action.type === 'command') return onCommand(current, action.command, ctx);
  let s = current;
  for (const k of splitKeys(action.input, action.key)) {
    if (s.buildPrompt !== null) {
      s = onBuildPromptKey(s, k.input, k.key, ctx);
      continue;
    }
    if (s.picker !== null) {
      s = onPickerKey(s, k.input, k.key, ctx);
      continue;
    }
    if (s.filterDraft !== null) {
      s = onFilterKey(s, k.input, k.key, ctx);
      continue;
    }
    const command = matchCommand(k.input, k.key);
    if (command) s = onCommand(s, command, ctx);
  }
  return s;
}
