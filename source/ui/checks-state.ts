// The Checks screen's logic as a pure reducer (keys in, state out), tested on its own; ChecksApp only renders.
import type {Check} from '../domain/preflight/types.js';
import type {CommandId} from './keymap.js';

export interface ChecksState {
  cursor: number;
  /** Only checks that need attention (fail, warn, could not check). */
  problemsOnly: boolean;
}

export const initialChecksState: ChecksState = {cursor: 0, problemsOnly: false};

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

export function checksReducer(state: ChecksState, command: CommandId, checks: readonly Check[], page: number): ChecksState {
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
      const next =
        command === 'nextFailure'
          ? (failing.find(i => i > state.cursor) ?? failing[0]!)
          : ([...failing].reverse().find(i => i < state.cursor) ?? failing[failing.length - 1]!);
      return {...state, cursor: next};
    }
    case 'failuresOnly': {
      // Keep the same check under the cursor when it stays visible.
      const current = rows[state.cursor];
      const problemsOnly = !state.problemsOnly;
      const after = visibleChecks(checks, {problemsOnly});
      const at = current ? after.indexOf(current) : -1;
      return {...state, problemsOnly, cursor: Math.max(0, Math.min(after.length - 1, at >= 0 ? at : 0))};
    }
    default:
      return state;
  }
}
