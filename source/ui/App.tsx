import type {Key} from 'ink';
import {useCallback, useMemo, useReducer, useRef, useSyncExternalStore} from 'react';
import type {ConsoleSessions, PulumiSource, SessionsSnapshot} from '../store/console-sessions.js';
import type {PulumiSnapshot} from '../store/pulumi-watch.js';
import type {Snapshot} from '../store/snapshot.js';
import {AppShell} from './AppShell.js';
import {isShellCommand, matchCommand} from './keymap.js';
import {MIN_SIZE} from './layout.js';
import {Screen} from './Screen.js';
import type {KeyUse} from './shell-state.js';
import {initialUiState, isTyping, uiReducer, WATCH_COMMANDS, type UiRequest, type UiState} from './state.js';
import {useAppShell} from './useAppShell.js';
import {useSnapshotOf, type SnapshotSource} from './useSnapshot.js';
import {useTick} from './useTick.js';
import {createDeriver, type ConsoleAux} from './view-model.js';

/** What the console asks of its deployments (store/console-sessions.ts): the one open, the list, switching. */
export type SessionsSource = Pick<ConsoleSessions, 'subscribe' | 'getSnapshot' | 'list' | 'open'>;

export interface AppProps {
  /** A fixed snapshot, or… */
  snapshot?: Snapshot;
  /** …the live store (either one is required; the source wins)… */
  source?: SnapshotSource;
  /** …or the console's sessions: the deployment open (its store and build check), the picker's list, switching. */
  sessions?: SessionsSource;
  /** The terminal size; the real terminal's (resize aware) when absent. */
  width?: number;
  height?: number;
  onQuit?: () => void;
  /** Defaults to NO_COLOR from the environment. */
  noColor?: boolean;
  /** Starting UI state (tests, or a command that opens on a given pane). */
  initialState?: Partial<UiState>;
}

const NO_SUBSCRIBE = () => () => {};
const NOTHING = () => null;

/** An optional external store: its snapshot, or null when there is none (hooks are called either way). */
function useOptional<T>(source: {subscribe(l: () => void): () => void; getSnapshot(): T} | null | undefined): T | null {
  const subscribe = useCallback((l: () => void) => (source ? source.subscribe(l) : NO_SUBSCRIBE()), [source]);
  const get = useCallback(() => (source ? source.getSnapshot() : NOTHING()), [source]);
  return useSyncExternalStore(subscribe, get, get);
}

/** The watch console: the Stacks, Timeline and Details panes of one root stack, in the shell every screen shares. */
export function App({snapshot: fixed, source, sessions, width, height, onQuit, noColor, initialState}: AppProps) {
  const sw: SessionsSnapshot | null = useOptional(sessions);
  const session = sw?.session ?? null;
  const snapshot = useSnapshotOf(fixed, session?.store ?? source);
  const pulumiSource: PulumiSource | null = session?.pulumi ?? null;
  const pulumi: PulumiSnapshot | null = useOptional(pulumiSource);
  const shell = useAppShell({width, height, noColor, onQuit});
  const {width: w, height: h, theme} = shell;
  const derive = useMemo(() => createDeriver(), []);
  // A ref, not React state: the shell asks, key by key, whether a key was the console's (typed into the filter).
  const stateRef = useRef<UiState>(initialUiState(initialState));
  // Another deployment opened: the panes start afresh on its root (cursor on its first error, nothing filtered).
  const generation = useRef(sw?.generation ?? 0);
  if (sw && sw.generation !== generation.current) {
    generation.current = sw.generation;
    stateRef.current = initialUiState(initialState);
  }
  // A word from the sessions (an open that failed) is said once, as a note: the next key takes it away.
  const notice = useRef(sw?.notice?.id ?? null);
  if (sw?.notice && sw.notice.id !== notice.current) {
    notice.current = sw.notice.id;
    stateRef.current = {...stateRef.current, note: sw.notice.text};
  }
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const state = stateRef.current;
  // Elapsed times count on between snapshots: a redraw a second while the root's operation or the build runs.
  const root = snapshot.rootStackId ? snapshot.stacks.get(snapshot.rootStackId) : undefined;
  const building = pulumi?.status === 'running' || pulumi?.status === 'starting';
  useTick((Boolean(root?.status.endsWith('_IN_PROGRESS')) && !snapshot.fatal) || building);
  const aux: ConsoleAux = {sessions: sw, pulumi, localNow: Date.now()};
  const vm = derive(snapshot, state, w, h, theme, aux);

  // The reducer runs against the context of the state it is given (memoised), so "fn" typed fast still works.
  const latest = useRef({snapshot, w, h, theme, sw, pulumi, pulumiSource});
  latest.current = {snapshot, w, h, theme, sw, pulumi, pulumiSource};
  const perform = useCallback(
    (request: UiRequest): void => {
      const {pulumiSource: build} = latest.current;
      if (request.type === 'listDeployments') sessions?.list();
      else if (request.type === 'openDeployment') sessions?.open(request.deployment);
      else build?.start();
    },
    [sessions],
  );
  const onKey = useCallback(
    (input: string, key: Key): KeyUse => {
      const before = stateRef.current;
      const {snapshot: snap, w: cw, h: ch, theme: th, sw: s, pulumi: p} = latest.current;
      let next = uiReducer(before, {type: 'input', input, key}, derive(snap, before, cw, ch, th, {sessions: s, pulumi: p, localNow: Date.now()}).ctx);
      // What the key asked of the command layer (read the list, open one, start the build): passed on once.
      if (next.requests.length > 0) {
        const requests = next.requests;
        next = {...next, requests: []};
        stateRef.current = next;
        for (const r of requests) perform(r);
      }
      if (next !== before) {
        stateRef.current = next;
        rerender();
      }
      // While text is typed every key is text (q and ? too); otherwise the shell's keys are the shell's.
      return !isTyping(before) && isShellCommand(matchCommand(input, key)) ? 'pass' : 'taken';
    },
    [derive, perform],
  );

  return (
    <AppShell shell={shell} commands={WATCH_COMMANDS} minSize={MIN_SIZE} onKey={onKey}>
      <Screen snapshot={snapshot} state={state} vm={vm} />
    </AppShell>
  );
}
