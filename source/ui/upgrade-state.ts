// The upgrade screen's logic as a pure reducer: focus, the rung cursor, the typed confirmation, and the Stacks and
// Timeline panes (their own reducer from state.ts, reused). A confirmation comes back as an effect for the
// component to deliver: the reducer decides, the component does the I/O.
import type {Key} from 'ink';
import {confirmationMatches, isWalkOver, type WalkState} from '../domain/upgrade-walk.js';
import {keyOf, matchCommand, splitKeys, type CommandId} from './keymap.js';
import {helpOverlay, initialUiState, scrollDetails, uiReducer, type UiContext, type UiState} from './state.js';

export type UpgradePane = 'ladder' | 'details' | 'stacks' | 'timeline';
export const UPGRADE_PANES: readonly UpgradePane[] = ['ladder', 'details', 'stacks', 'timeline'];

export interface UpgradeUiState {
  focus: UpgradePane;
  /** The rung the Details pane shows; null: the rung being walked. */
  rungCursor: number | null;
  detailsScroll: number;
  /** The confirmation being typed. */
  typed: string;
  /** Shown under the prompt after a wrong version. */
  promptError: string | null;
  help: boolean;
  /** First visible line of the help overlay. */
  helpScroll: number;
  quit: boolean;
  /** The Stacks and Timeline panes' state (state.ts). */
  panes: UiState;
}

export interface UpgradeUiContext {
  walk: WalkState;
  panes: UiContext;
  /** Lines of the Details pane's content and its visible rows. */
  detailsLines: number;
  detailsRows: number;
  /** Lines of the help overlay and how many it shows at once. */
  help?: {lines: number; rows: number};
}

export type Effect = {type: 'confirm'; index: number; ok: boolean} | null;

export function initialUpgradeUi(overrides: Partial<UpgradeUiState> = {}): UpgradeUiState {
  return {
    focus: 'ladder',
    rungCursor: null,
    detailsScroll: 0,
    typed: '',
    promptError: null,
    help: false,
    helpScroll: 0,
    quit: false,
    // Live updates: the timeline follows the newest event, and jumps to the first error when there is one.
    panes: initialUiState({focus: 'timeline'}),
    ...overrides,
  };
}

/** The rung the Details pane shows. */
export function selectedRung(state: UpgradeUiState, walk: WalkState): number {
  const last = walk.rungs.length - 1;
  if (state.rungCursor !== null) return Math.max(0, Math.min(last, state.rungCursor));
  return Math.max(0, Math.min(last, walk.current));
}

/** Whether the typed confirmation is being asked for, and for which rung. */
export function awaitedRung(walk: WalkState): number | null {
  return walk.outcome === 'awaiting-confirmation' && walk.current >= 0 ? walk.current : null;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function onPrompt(state: UpgradeUiState, input: string, key: Key, index: number, walk: WalkState): [UpgradeUiState, Effect] {
  if (key.escape) return [{...state, typed: '', promptError: null}, {type: 'confirm', index, ok: false}];
  if (key.return) {
    const version = walk.rungs[index].version;
    if (confirmationMatches(state.typed, version)) return [{...state, typed: '', promptError: null}, {type: 'confirm', index, ok: true}];
    return [{...state, promptError: `not ${state.typed || 'empty'}: type exactly ${version}`}, null];
  }
  if (key.backspace || key.delete) return [{...state, typed: Array.from(state.typed).slice(0, -1).join(''), promptError: null}, null];
  if (key.ctrl && input === 'u') return [{...state, typed: ''}, null];
  // A version is digits and dots (a leading v allowed): nothing else can be typed, so no key is misread.
  if (/^[0-9.vV]$/.test(input) && !key.ctrl && !key.meta && state.typed.length < 20) {
    return [{...state, typed: state.typed + input.toLowerCase(), promptError: null}, null];
  }
  return [state, null];
}

function onCommand(state: UpgradeUiState, command: CommandId, ctx: UpgradeUiContext): UpgradeUiState {
  if (command === 'quit') return {...state, quit: true};
  const help = helpOverlay(state, command, ctx.help);
  if (help) return help;
  switch (command) {
    case 'nextPane':
    case 'prevPane': {
      const i = UPGRADE_PANES.indexOf(state.focus);
      const d = command === 'nextPane' ? 1 : UPGRADE_PANES.length - 1;
      const focus = UPGRADE_PANES[(i + d) % UPGRADE_PANES.length];
      const panes = focus === 'stacks' || focus === 'timeline' ? {...state.panes, focus} : state.panes;
      return {...state, focus, panes};
    }
    default:
      break;
  }
  if (state.focus === 'ladder') {
    const current = selectedRung(state, ctx.walk);
    const last = ctx.walk.rungs.length - 1;
    const to =
      command === 'up' ? current - 1 : command === 'down' ? current + 1 : command === 'top' ? 0 : command === 'bottom' ? last : null;
    if (to !== null) return {...state, rungCursor: clamp(to, 0, Math.max(0, last)), detailsScroll: 0};
    if (command === 'enter') return {...state, focus: 'details'};
    if (command === 'back') return {...state, rungCursor: null, detailsScroll: 0};
    return state;
  }
  if (state.focus === 'details') {
    if (command === 'back') return {...state, focus: 'ladder'};
    const scroll = scrollDetails(state.detailsScroll, command, ctx.detailsLines, ctx.detailsRows);
    return scroll === null ? state : {...state, detailsScroll: scroll};
  }
  // Stacks and Timeline: their own reducer; Enter on an event would open the watch screen's Details, which this
  // screen does not have, so focus stays on the two panes.
  const panes = uiReducer({...state.panes, focus: state.focus}, {type: 'command', command}, ctx.panes);
  const focus: UpgradePane = panes.focus === 'stacks' ? 'stacks' : 'timeline';
  return {...state, panes: {...panes, focus}, focus};
}

/**
 * A burst of typing ("1.25.18" then Enter, sent together by a paste or a fast terminal) arrives as one string, and
 * splitting it loses what Ink would have recognised alone: Enter, Backspace.
 */
function asNamedKey(input: string, key: Key): {input: string; key: Key} {
  if (input === '\r' || input === '\n') return {input: '', key: keyOf({return: true})};
  if (input === '\x7f' || input === '\b') return {input: '', key: keyOf({backspace: true})};
  return {input, key};
}

/** One key press (Ink may deliver several characters at once: each is handled in turn). */
export function upgradeUiReducer(state: UpgradeUiState, input: string, key: Key, ctx: UpgradeUiContext): [UpgradeUiState, Effect[]] {
  if (key.ctrl && input === 'c') return [{...state, quit: true}, []];
  const effects: Effect[] = [];
  let s = state;
  for (const split of splitKeys(input, key)) {
    const k = asNamedKey(split.input, split.key);
    const awaited = awaitedRung(ctx.walk);
    const promptKey = k.key.return || k.key.escape || k.key.backspace || k.key.delete || (k.key.ctrl && k.input === 'u') || /^[0-9.vV]$/.test(k.input);
    if (awaited !== null && !s.help && promptKey && effects.length === 0) {
      const [next, effect] = onPrompt(s, k.input, k.key, awaited, ctx.walk);
      s = next;
      if (effect) effects.push(effect);
      continue;
    }
    const command = matchCommand(k.input, k.key);
    if (command) s = onCommand(s, command, ctx);
  }
  if (isWalkOver(ctx.walk) && s.typed) s = {...s, typed: ''};
  return [s, effects];
}
