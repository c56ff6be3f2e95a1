import {useApp, useInput, type Key} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {Snapshot} from '../store/snapshot.js';
import {Screen} from './Screen.js';
import {initialUiState, uiReducer, type UiAction, type UiState} from './state.js';
import {makeTheme, noColorFromEnv} from './theme.js';
import {useSnapshotOf, type SnapshotSource} from './useSnapshot.js';
import {useTerminalSize} from './useTerminalSize.js';
import {useTick} from './useTick.js';
import {ThemeContext} from './useTheme.js';
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

export function App({snapshot: fixed, source, width, height, onQuit, noColor, initialState}: AppProps) {
  const snapshot = useSnapshotOf(fixed, source);
  const terminal = useTerminalSize();
  const w = width ?? terminal.width;
  const h = height ?? terminal.height;
  const theme = useMemo(() => makeTheme(noColor ?? noColorFromEnv()), [noColor]);
  const derive = useMemo(() => createDeriver(), []);
  const [state, setState] = useState<UiState>(() => initialUiState(initialState));
  // Elapsed times count on between snapshots: a redraw a second while the root stack's operation runs.
  const root = snapshot.rootStackId ? snapshot.stacks.get(snapshot.rootStackId) : undefined;
  useTick(Boolean(root?.status.endsWith('_IN_PROGRESS')) && !snapshot.fatal);
  const vm = derive(snapshot, state, w, h, theme);

  // The reducer runs against the context of the state it is given (memoised), so "fn" typed fast still works.
  const latest = useRef({snapshot, w, h, theme});
  latest.current = {snapshot, w, h, theme};
  const dispatch = useCallback(
    (action: UiAction) =>
      setState(s => {
        const {snapshot: snap, w: cw, h: ch, theme: th} = latest.current;
        return uiReducer(s, action, derive(snap, s, cw, ch, th).ctx);
      }),
    [derive],
  );

  const {exit} = useApp();
  useEffect(() => {
    if (!state.quit) return;
    onQuit?.();
    exit();
  }, [state.quit, onQuit, exit]);

  // Stable: the reducer decides what each key means, so keys typed before a re-render are never misread.
  const onInput = useCallback((input: string, key: Key) => dispatch({type: 'input', input, key}), [dispatch]);
  useInput(onInput);

  return (
    <ThemeContext.Provider value={theme}>
      <Screen snapshot={snapshot} state={state} vm={vm} />
    </ThemeContext.Provider>
  );
}
