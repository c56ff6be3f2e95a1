// The Checks screen's logic as a pure reducer (keys in, state out), tested on its own; ChecksApp only renders.
import type {Check} from '../panther/preflight/types.js';
import type {CommandId} from './keymap.js';
import {scrollDetails} from './state.js';

export interface ChecksState {
  cursor: number;
  /** Only checks that need attention (fail, warn, could not check). */
  problemsOnly: boolean;
  /** The pane the movement keys act on: the list moves the cursor, Details scrolls. */
  focus: 'list' | 'details';
  detailsScroll: number;
  /** A one-off word for the key line ("wrapped to the first failure"); cleared by the next key. */
  note: string | null;
}

/** The commands the reducer acts on (and the help lists, with the shell's own). */
export const CHECKS_COMMANDS: readonly CommandId[] = [
  'nextPane',
  'prevPane',
  'up',
  'down',
  'pageUp',
  'pageDown',
  'top',
  'bottom',
  'enter',
  'back',
  'firstError',
  'nextFailure',
  'prevFailure',
  'failuresOnly',
];

export const initialChecksState: ChecksState = {cursor: 0, problemsOnly: false, focus: 'list', detailsScroll: 0, note: null};

/** The Details pane's size: its wrapped lines and the rows it shows. */
export interface DetailsSize {
  lines: number;
  rows: number;
}

export const needsAttention = (c: Check): boolean => c.status !== 'pass';

export function visibleChecks(checks: readonly Check[], state: Pick<ChecksState, 'problemsOnly'>): Check[] {
  return state.problemsOnly ? checks.filter(needsAttention) : [...checks];
}

/** Opens on the first failed check (else the first warning, else the top): what the user came to see. */
export function openingState(checks: readonly Check[]): ChecksState {
  const first = checks.findIndex(c => c.status === 'fail');
  const warn = checks.findIndex(c => c.status === 'warn');
  return {...initialChecksState, cursor: first >= 0 ? first : Math.max(0, warn)};
}

export function checksReducer(
  current: ChecksState,
  command: CommandId,
  checks: readonly Check[],
  page: number,
  details: DetailsSize = {lines: 0, rows: 0},
): ChecksState {
  const state = current.note === null ? current : {...current, note: null};
  // The same keys as the console's Details: Tab or Enter go there, Esc, Enter or Tab come back, movement scrolls.
  if (command === 'nextPane' || command === 'prevPane') return {...state, focus: state.focus === 'list' ? 'details' : 'list'};
  if (command === 'enter') return {...state, focus: state.focus === 'list' ? 'details' : 'list'};
  if (command === 'back') return {...state, focus: 'list'};
  if (state.focus === 'details') {
    const scroll = scrollDetails(state.detailsScroll, command, details.lines, details.rows);
    if (scroll !== null) return {...state, detailsScroll: scroll};
  }
  const next = moveCursor(state, command, checks, page);
  return next.cursor === state.cursor && next.problemsOnly === state.problemsOnly ? next : {...next, detailsScroll: 0};
}

function moveCursor(state: ChecksState, command: CommandId, checks: readonly Check[], page: number): ChecksState {
  const rows = visibleChecks(checks, state);
  const last = Math.max(0, rows.length - 1);
  const clamp = (n: number) => Math.max(0, Math.min(last, n));
  switch (command) {
    case 'up':
      return {...state, cursor: clamp(state.cursor - 1)};
    case 'down':
      return {...state, cursor: clamp(state.cursor + 1)};
    case 'pageUp':
      return {...state, cursor: clamp(state.cursor - page)};
    case 'pageDown':
      return {...state, cursor: clamp(state.cursor + page)};
    case 'top':
      return {...state, cursor: 0};
    case 'bottom':
      return {...state, cursor: last};
    case 'nextFailure':
    case 'prevFailure':
    case 'firstError': {
      const failing = rows.map((c, i) => (c.status === 'fail' ? i : -1)).filter(i => i >= 0);
      if (failing.length === 0) return state;
      if (command === 'firstError') return {...state, cursor: failing[0]!};
      const ahead = command === 'nextFailure' ? failing.find(i => i > state.cursor) : [...failing].reverse().find(i => i < state.cursor);
      if (ahead !== undefined) return {...state, cursor: ahead};
      // Around the end to the other end, and said so.
      const next = command === 'nextFailure' ? failing[0]! : failing[failing.length - 1]!;
      const note = next === state.cursor ? 'no other failure' : `wrapped to the ${command === 'nextFailure' ? 'first' : 'last'} failure`;
      return {...state, cursor: next, note};
    }
    case 'failuresOnly': {
      // Keep the same check under the cursor when it stays visible.
      const current = rows[state.cursor];
      const problemsOnly = !state.problemsOnly;
      const after = visibleChecks(checks, {problemsOnly});
      const at = current ? after.indexOf(current) : -1;
      return {...state, problemsOnly, cursor: Math.max(0, Math.min(after.length - 1, Math.max(at, 0)))};
    }
    default:
      return state;
  }
}
