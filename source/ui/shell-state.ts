// The shell's own state as a pure reducer, the same for every screen (AppShell): the help overlay, open and
// scrolled, and quitting. The screens' reducers never see these keys while the overlay is open.
import type {CommandId} from './keymap.js';
import {scrollDetails} from './state.js';

export interface ShellState {
  help: boolean;
  /** First visible line of the help overlay. */
  helpScroll: number;
  quit: boolean;
}

export const initialShellState: ShellState = {help: false, helpScroll: 0, quit: false};

/** Lines of the help overlay and how many it shows at once. */
export interface HelpSize {
  lines: number;
  rows: number;
}

/**
 * What a screen did with one key press: `taken` (its own key, or text it is typing), `pass` (not its key: the
 * shell's keys apply), `final` (taken, and the rest of the keys that arrived with it are dropped: the screen must
 * catch up with what the key decided first, e.g. a typed confirmation).
 */
export type KeyUse = 'taken' | 'pass' | 'final';

/**
 * The shell's keys. q quits; ? opens the overlay at the top; while open it is modal: ? or Esc close it, movement
 * keys scroll it when it does not fit (`size`), everything else is swallowed. Null: not the shell's key.
 */
export function shellReducer(state: ShellState, command: CommandId | null, size?: HelpSize): ShellState | null {
  if (command === 'quit') return {...state, quit: true};
  if (!state.help) return command === 'help' ? {...state, help: true, helpScroll: 0} : null;
  if (command === 'help' || command === 'back') return {...state, help: false};
  const scroll = size && command ? scrollDetails(state.helpScroll, command, size.lines, size.rows) : null;
  return scroll === null ? state : {...state, helpScroll: scroll};
}
