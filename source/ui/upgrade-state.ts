// The upgrade screen's logic as a pure reducer: focus, the rung cursor, the typed confirmation, and the Stacks and
// Timeline panes (their own reducer from state.ts, reused). A confirmation comes back as an effect for the
// component to deliver: the reducer decides, the component does the I/O.
//
// While a rung waits for its confirmation the Details pane is pinned to that rung (movement keys scroll its review,
// never show another rung), q and Esc cancel the rung (they do not quit mid-walk), and typing counts only while the
// rung's change set summary is on screen. A bracketed paste is text: its newline is never Enter. The screen's shell
// (AppShell) splits the keys, and keeps Ctrl-C, Ctrl-Z, ? and the help overlay's keys.
import type {Key} from 'ink';
import {confirmationMatches, DANGER_WORD, isWalkOver, rungNeedsWord, type WalkState} from '../panther/upgrade-walk.js';
import {COMMAND_IDS, isShellCommand, keyOf, matchCommand, type CommandId} from './keymap.js';
import type {KeyUse} from './shell-state.js';
import {initialUiState, scrollDetails, uiReducer, type UiContext, type UiState} from './state.js';

export type UpgradePane = 'ladder' | 'details' | 'stacks' | 'timeline';
export const UPGRADE_PANES: readonly UpgradePane[] = ['ladder', 'details', 'stacks', 'timeline'];

/** The upgrade screen's commands: the watch console's, but no filter prompt (its Timeline has only failures only). */
export const UPGRADE_COMMANDS: readonly CommandId[] = COMMAND_IDS.filter(id => !isShellCommand(id) && id !== 'filter');

export interface UpgradeUiState {
  focus: UpgradePane;
  /** The rung the Details pane shows; null: the rung being walked. */
  rungCursor: number | null;
  detailsScroll: number;
  /** The confirmation being typed. */
  typed: string;
  /** Shown under the prompt after a wrong version. */
  promptError: string | null;
  /** The Stacks and Timeline panes' state (state.ts). */
  panes: UiState;
}

export interface UpgradeUiContext {
  walk: WalkState;
  panes: UiContext;
  /** Lines of the Details pane's content and its visible rows. */
  detailsLines: number;
  detailsRows: number;
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
  if (key.escape || (input === 'q' && !key.ctrl))
    return [
      {...state, typed: '', promptError: null},
      {type: 'confirm', index, ok: false},
    ];
  // The review being confirmed scrolls; it never gives way to another rung.
  const command = matchCommand(input, key);
  if (
    command &&
    ['up', 'down', 'pageUp', 'pageDown', 'top', 'bottom'].includes(command) &&
    !(danger && /^[a-zA-Z]$/.test(input) && !/^[jk]$/.test(input))
  ) {
    const scroll = scrollDetails(state.detailsScroll, command, ctx.detailsLines, ctx.detailsRows);
    return [scroll === null ? state : {...state, detailsScroll: scroll}, null];
  }
  // The summary is not on screen (a terminal too small): nothing typed counts, nothing executes.
  if (ctx.summaryVisible === false) return [state, null];
  if (key.return) {
    if (confirmationMatches(state.typed, version, danger))
      return [
        {...state, typed: '', promptError: null},
        {type: 'confirm', index, ok: true},
      ];
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
export function upgradePaste(state: UpgradeUiState, text: string, ctx: UpgradeUiContext): UpgradeUiState {
  const awaited = awaitedRung(ctx.walk);
  if (awaited === null || ctx.summaryVisible === false) return state;
  const danger = rungNeedsWord(ctx.walk.rungs[awaited]);
  let typed = state.typed;
  for (const ch of text.replace(/[\r\n]+/g, '')) {
    if ((typable(ch, danger) || (danger && /^[jk]$/.test(ch))) && typed.length < 30) typed += danger ? ch : ch.toLowerCase();
  }
  return {...state, typed, promptError: null};
}

function onCommand(state: UpgradeUiState, command: CommandId, ctx: UpgradeUiContext): UpgradeUiState {
  if (!UPGRADE_COMMANDS.includes(command)) return state;
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
    const to = command === 'up' ? current - 1 : command === 'down' ? current + 1 : command === 'top' ? 0 : command === 'bottom' ? last : null;
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

/** Enter or Backspace as a bare character (synthetic input, tmux send-keys): the key it stands for. */
function asNamedKey(input: string, key: Key): {input: string; key: Key} {
  if (input === '\r' || input === '\n') return {input: '', key: keyOf({return: true})};
  if (input === '\x7f' || input === '\b') return {input: '', key: keyOf({backspace: true})};
  return {input, key};
}

/**
 * One key press. A confirmation (or a cancellation) is `final`: the keys that came with it are dropped, since they
 * were typed for a prompt that is no longer there.
 */
export function upgradeKey(state: UpgradeUiState, input: string, key: Key, ctx: UpgradeUiContext): [UpgradeUiState, Effect, KeyUse] {
  const k = asNamedKey(input, key);
  const command = matchCommand(k.input, k.key);
  const awaited = awaitedRung(ctx.walk);
  let next = state;
  let effect: Effect = null;
  let use: KeyUse = 'taken';
  // At the prompt, ? (the shell's) and Tab still work; everything else is the prompt's, q and Esc included.
  if (awaited !== null && command !== 'help' && command !== 'nextPane' && command !== 'prevPane') {
    [next, effect] = onPrompt(state, k.input, k.key, awaited, ctx);
    if (effect) use = 'final';
  } else if (command === null || isShellCommand(command)) {
    use = 'pass';
  } else {
    next = onCommand(state, command, ctx);
  }
  if (isWalkOver(ctx.walk) && next.typed) next = {...next, typed: ''};
  return [next, effect, use];
}
