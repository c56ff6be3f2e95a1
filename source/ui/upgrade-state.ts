// The upgrade screen's logic as a pure reducer: focus, the rung cursor, the typed confirmation, and the Stacks and
// Timeline panes (their own reducer from state.ts, reused). A confirmation comes back as an effect for the
// component to deliver: the reducer decides, the component does the I/O.
//
// While a rung waits for its confirmation the Details pane is pinned to that rung (movement keys scroll its review,
// never show another rung), q and Esc cancel the rung (they do not quit mid-walk), and typing counts only while the
// rung's change set summary is on screen. A bracketed paste is text: its newline is never Enter.
import type {Key} from 'ink';
import {confirmationMatches, DANGER_WORD, isWalkOver, rungNeedsWord, type WalkState} from '../panther/upgrade-walk.js';
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
  /** Between a bracketed paste's start and end marks: what arrives is text, never keys. */
  pasting: boolean;
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
  /** Whether the awaited rung's change set summary is on screen (the prompt takes typing only then). */
  summaryVisible?: boolean;
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
    pasting: false,
    // Live updates: the timeline follows the newest event, and jumps to the first error when there is one.
    panes: initialUiState({focus: 'timeline'}),
    ...overrides,
  };
}

/** The rung the Details pane shows: the one waiting for its confirmation, while it waits (pinned). */
export function selectedRung(state: UpgradeUiState, walk: WalkState): number {
  const awaited = awaitedRung(walk);
  if (awaited !== null) return awaited;
  const last = walk.rungs.length - 1;
  if (state.rungCursor !== null) return Math.max(0, Math.min(last, state.rungCursor));
  return Math.max(0, Math.min(last, walk.current));
}

/** Whether the typed confirmation is being asked for, and for which rung. */
export function awaitedRung(walk: WalkState): number | null {
  return walk.outcome === 'awaiting-confirmation' && walk.current >= 0 ? walk.current : null;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

const PASTE_START = '[200~';
const PASTE_END = '[201~';

/** What a confirmation may contain: the version (digits, dots, a leading v) and, for a DANGER rung, its word. */
function typable(ch: string, danger: boolean): boolean {
  if (/^[0-9.vV]$/.test(ch)) return true;
  // The word comes after a space; j, k (scroll) and q (cancel) are never in it.
  return danger && /^[a-zA-Z ]$/.test(ch) && !/^[jkq]$/.test(ch);
}

function onPrompt(state: UpgradeUiState, input: string, key: Key, index: number, ctx: UpgradeUiContext): [UpgradeUiState, Effect] {
  const walk = ctx.walk;
  const version = walk.rungs[index].version;
  const danger = rungNeedsWord(walk.rungs[index]);
  if (key.escape || (input === 'q' && !key.ctrl)) return [{...state, typed: '', promptError: null}, {type: 'confirm', index, ok: false}];
  // The review being confirmed scrolls; it never gives way to another rung.
  const command = matchCommand(input, key);
  if (command && ['up', 'down', 'pageUp', 'pageDown', 'top', 'bottom'].includes(command) && !(danger && /^[a-zA-Z]$/.test(input) && !/^[jk]$/.test(input))) {
    const scroll = scrollDetails(state.detailsScroll, command, ctx.detailsLines, ctx.detailsRows);
    return [scroll === null ? state : {...state, detailsScroll: scroll}, null];
  }
  // The summary is not on screen (a terminal too small): nothing typed counts, nothing executes.
  if (ctx.summaryVisible === false) return [state, null];
  if (key.return) {
    if (confirmationMatches(state.typed, version, danger)) return [{...state, typed: '', promptError: null}, {type: 'confirm', index, ok: true}];
    const expected = danger ? `${version} ${DANGER_WORD}` : version;
    return [{...state, promptError: `not ${state.typed || 'empty'}: type exactly ${expected}`}, null];
  }
  if (key.backspace || key.delete) return [{...state, typed: Array.from(state.typed).slice(0, -1).join(''), promptError: null}, null];
  if (key.ctrl && input === 'u') return [{...state, typed: ''}, null];
  if (!key.ctrl && !key.meta && typable(input, danger) && state.typed.length < 30) {
    const ch = /^[vV]$/.test(input) && state.typed.length === 0 ? 'v' : input;
    return [{...state, typed: state.typed + (danger ? ch : ch.toLowerCase()), promptError: null}, null];
  }
  return [state, null];
}

/** A pasted text's characters, as typing (a newline is dropped, never Enter). */
function pasted(state: UpgradeUiState, text: string, ctx: UpgradeUiContext): UpgradeUiState {
  const awaited = awaitedRung(ctx.walk);
  if (awaited === null || state.help || ctx.summaryVisible === false) return state;
  const danger = rungNeedsWord(ctx.walk.rungs[awaited]);
  let typed = state.typed;
  for (const ch of text.replace(/[\r\n]+/g, '')) {
    if ((typable(ch, danger) || (danger && /^[jk]$/.test(ch))) && typed.length < 30) typed += danger ? ch : ch.toLowerCase();
  }
  return {...state, typed, promptError: null};
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
  if (key.ctrl && input === 'c') return [{...state, quit: true, pasting: false}, []];
  // Bracketed paste: Ink hands over the marks (ESC stripped) and the text between them as their own inputs.
  if (input === PASTE_START || input.startsWith(PASTE_START)) {
    const rest = input.slice(PASTE_START.length);
    const end = rest.indexOf(PASTE_END);
    if (end >= 0) return [{...pasted(state, rest.slice(0, end), ctx), pasting: false}, []];
    return [{...pasted(state, rest, ctx), pasting: true}, []];
  }
  if (state.pasting) {
    const end = input.indexOf(PASTE_END);
    if (end >= 0) return [{...pasted(state, input.slice(0, end), ctx), pasting: false}, []];
    // Inside a paste even Enter and Escape are text (a pasted newline arrives as Enter): nothing executes.
    return [pasted(state, key.return ? '' : input, ctx), []];
  }
  const effects: Effect[] = [];
  let s = state;
  for (const split of splitKeys(input, key)) {
    const k = asNamedKey(split.input, split.key);
    const awaited = awaitedRung(ctx.walk);
    if (awaited !== null && !s.help && effects.length === 0) {
      const command = matchCommand(k.input, k.key);
      // Help and Tab still work at the prompt; everything else is the prompt's.
      if (command === 'help' || command === 'nextPane' || command === 'prevPane') {
        s = onCommand(s, command, ctx);
        continue;
      }
      const [next, effect] = onPrompt(s, k.input, k.key, awaited, ctx);
      s = next;
      if (effect) effects.push(effect);
      continue;
    }
    if (effects.length > 0) continue;
    const command = matchCommand(k.input, k.key);
    if (command) s = onCommand(s, command, ctx);
  }
  if (isWalkOver(ctx.walk) && s.typed) s = {...s, typed: ''};
  return [s, effects];
}
