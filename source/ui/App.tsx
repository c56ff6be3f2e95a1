import type {Key} from 'ink';
import {useCallback, useMemo, useReducer, useRef} from 'react';
import type {Snapshot} from '../store/snapshot.js';
import {AppShell} from './AppShell.js';
import {isShellCommand, matchCommand} from './keymap.js';
import {MIN_SIZE} from './layout.js';
import {Screen} from './Screen.js';
import type {KeyUse} from './shell-state.js';
import {initialUiState, uiReducer, WATCH_COMMANDS, type UiState} from './state.js';
import {useAppShell} from './useAppShell.js';
import {useSnapshotOf, type SnapshotSource} from './useSnapshot.js';
import {useTick} from './useTick.js';
import {createDeriver} from './view-model.js';

export interface AppProps {
  /** A fixed snapshot, or… */
  snapshot?: Snapshot;
  /** …the live store (either one is required; the source wins). */
  source?: SnapshotSource;
  /** The terminal size; the real terminal's (resize aware) when absent. */
  width?: number;
  height?: number;
  onQuit?: () => void;
  /** Defaults to NO_COLOR from the environment. */
  noColor?: boolean;
  /** Starting UI state (tests, or a command that opens on a given pane). */
  initialState?: Partial<UiState>;
}

/** The watch console: the Stacks, Timeline and Details panes of one root stack, in the shell every screen shares. */
export function App({snapshot: fixed, source, width, height, onQuit, noColor, initialState}: AppProps) {
  const snapshot = useSnapshotOf(fixed, source);
  const shell = useAppShell({width, height, noColor, onQuit});
  const {width: w, height: h, theme} = shell;
  const derive = useMemo(() => createDeriver(), []);
  // A ref, not React state: the shell asks, key by key, whether a key was the console's (typed into the filter).
  const stateRef = useRef<UiState>(initialUiState(initialState));
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const state = stateRef.current;
  // Elapsed times count on between snapshots: a redraw a second while the root stack's operation runs.
  const root = snapshot.rootStackId ? snapshot.stacks.get(snapshot.rootStackId) : undefined;
  useTick(Boolean(root?.status.endsWith('_IN_PROGRESS')) && !snapshot.fatal);
  const vm = derive(snapshot, state, w, h, theme);

  // The reducer runs against the context of the state it is given (memoised), so "fn" typed fast still works.
  const latest = useRef({snapshot, w, h, theme});
  latest.current = {snapshot, w, h, theme};
  const onKey = useCallback(
    (input: string, key: Key): KeyUse => {
      const before = stateRef.current;
      const {snapshot: snap, w: cw, h: ch, theme: th} = latest.current;
      const next = uiReducer(before, {type: 'input', input, key}, derive(snap, before, cw, ch, th).ctx);
      if (next !== before) {
        stateRef.current = next;
        rerender();
      }
      // While a filter is typed every key is text (q and ? too); otherwise the shell's keys are the shell's.
      return before.filterDraft === null && isShellCommand(matchCommand(input, key)) ? 'pass' : 'taken';
    },
    [derive],
  );

  return (
    <AppShell shell={shell} commands={WATCH_COMMANDS} minSize={MIN_SIZE} onKey={onKey}>
      <Screen snapshot={snapshot} state={state} vm={vm} />
    </AppShell>
  );
}
