import {Box, Text, useApp, useInput, type Key} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useSyncExternalStore} from 'react';
import {resourceProgress, type ResourceProgress} from '../domain/progress.js';
import {buildTimeline} from '../domain/timeline.js';
import {buildStackTree, findNode, flattenTree, shortNames, subtreeIds} from '../domain/tree.js';
import {rungStateLabel, type WalkState} from '../domain/upgrade-walk.js';
import {Banner} from './Banner.js';
import {ConfirmPrompt} from './ConfirmPrompt.js';
import {Details} from './Details.js';
import {Help} from './Help.js';
import {helpLayout} from './layout.js';
import {Ladder} from './Ladder.js';
import {Pane} from './Pane.js';
import {rungDetailLines} from './rung-details.js';
import {stacksTitle, StackTree} from './StackTree.js';
import {stackIndex, timelineIndex, timelineTop, type UiContext} from './state.js';
import {StatusBar} from './StatusBar.js';
import {truncate} from './text.js';
import {makeTheme, noColorFromEnv} from './theme.js';
import {Timeline} from './Timeline.js';
import {awaitedRung, initialUpgradeUi, selectedRung, upgradeUiReducer, type UpgradeUiContext, type UpgradeUiState} from './upgrade-state.js';
import {useSnapshot, type SnapshotSource} from './useSnapshot.js';
import {useTerminalSize} from './useTerminalSize.js';
import {ThemeContext} from './useTheme.js';

export interface WalkSource {
  subscribe(listener: () => void): () => void;
  getState(): WalkState;
}

export interface UpgradeAppProps {
  walk: WalkSource;
  /** The live store of the root stack (Stacks and Timeline panes, status bar). */
  source: SnapshotSource;
  /** The typed confirmation of a rung (true) or its cancellation (false). */
  onConfirm: (index: number, ok: boolean) => void;
  width?: number;
  height?: number;
  noColor?: boolean;
  onQuit?: () => void;
  initialState?: Partial<UpgradeUiState>;
}

export interface UpgradeLayout {
  mode: 'full' | 'compact' | 'tiny';
  width: number;
  rows: number;
  banners: number;
  top: number;
  bottom: number;
  leftWidth: number;
  rightWidth: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Ladder and Details above, Stacks and Timeline below, then the prompt line and the status bar; one row spare. */
export function upgradeLayout(width: number, height: number, banners: number, reviewing = false): UpgradeLayout {
  const w = Math.max(0, Math.floor(width));
  const rows = Math.max(0, Math.floor(height) - 1);
  if (w < 30 || rows < 6) return {mode: 'tiny', width: w, rows, banners: 0, top: 0, bottom: 0, leftWidth: 0, rightWidth: 0};
  const compact = w < 60 || height < 15;
  const b = compact ? 0 : Math.min(banners, 1);
  const main = rows - b - 2;
  if (compact) return {mode: 'compact', width: w, rows, banners: 0, top: main, bottom: 0, leftWidth: w, rightWidth: 0};
  // While a change set waits for its confirmation, its summary gets most of the room.
  const top = clamp(Math.floor(main * (reviewing ? 0.62 : 0.5)), 6, main - 5);
  const leftWidth = clamp(Math.round(w * 0.32), 28, 40);
  return {mode: 'full', width: w, rows, banners: b, top, bottom: main - top, leftWidth, rightWidth: w - leftWidth};
}

function hint(walk: WalkState): string {
  const r = walk.rungs[walk.current];
  switch (walk.outcome) {
    case 'planned':
      return 'DRY RUN: nothing was written (no change set created) · run with --execute to upgrade · q quit';
    case 'succeeded':
      return `Upgrade complete: Panther ${walk.rungs[walk.rungs.length - 1]?.verified ?? walk.from} · q quit`;
    case 'failed':
      return `Rung ${r?.version} failed: the walk stopped · e first error · q quit`;
    case 'cancelled':
    case 'stopped':
      return `Stopped at ${r?.version ?? '?'}: ${r?.message ?? ''} · q quit`;
    default:
      if (!r) return 'Reading the stacks…';
      if (r.state === 'preparing') return `Creating the change sets of ${r.version}…`;
      return `Walking ${r.version}: ${rungStateLabel(r)} · q leaves the screen (an update continues in AWS)`;
  }
}

/** The screen as an element, for the command that runs it (it has no JSX of its own). */
export function upgradeAppElement(props: UpgradeAppProps) {
  return <UpgradeApp {...props} />;
}

export function UpgradeApp({walk: walkSource, source, onConfirm, width, height, noColor, onQuit, initialState}: UpgradeAppProps) {
  const walk = useSyncExternalStore(walkSource.subscribe, walkSource.getState, walkSource.getState);
  const snapshot = useSnapshot(source);
  const terminal = useTerminalSize();
  const w = width ?? terminal.width;
  const h = height ?? terminal.height;
  const theme = useMemo(() => makeTheme(noColor ?? noColorFromEnv()), [noColor]);
  const stateRef = useRef<UpgradeUiState>(initialUpgradeUi(initialState));
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const state = stateRef.current;

  // Everything the panes show, derived from the snapshot (memoised on its collections).
  const tree = useMemo(
    () => buildStackTree({rootStackId: snapshot.rootStackId, stacks: snapshot.stacks, events: snapshot.events}),
    [snapshot.rootStackId, snapshot.stacks, snapshot.events],
  );
  const names = useMemo(() => shortNames(tree), [tree]);
  const stackRows = useMemo(() => flattenTree(tree, state.panes.collapsed), [tree, state.panes.collapsed]);
  const scope = (state.panes.selectedStackId ? findNode(tree, state.panes.selectedStackId) : null) ?? tree;
  const rows = useMemo(
    () => buildTimeline(snapshot.events, subtreeIds(scope), {failuresOnly: state.panes.failuresOnly, filter: state.panes.filter, shortNames: names}),
    [snapshot.events, scope, state.panes.failuresOnly, state.panes.filter, names],
  );
  const progress = useMemo(() => {
    const out = new Map<string, ResourceProgress>();
    for (const [id, list] of snapshot.events) out.set(id, resourceProgress(list, snapshot.resourceTotals.get(id)));
    return out;
  }, [snapshot.events, snapshot.resourceTotals]);

  const rootCauseEventId = snapshot.postMortem?.rootCause?.eventId ?? null;
  const layout = upgradeLayout(w, h, snapshot.postMortem?.rootCause ? 1 : 0, awaitedRung(walk) !== null);
  const stacksRows = Math.max(1, layout.bottom - 3);
  const timelineRows = Math.max(1, layout.bottom - 3);
  const detailsRows = Math.max(1, layout.top - 3);
  const selected = selectedRung(state, walk);
  const details = useMemo(() => rungDetailLines(walk, selected, Math.max(10, layout.rightWidth - 2), theme), [walk, selected, layout.rightWidth, theme]);
  const panesCtx: UiContext = {stackRows, rows, rootCauseEventId, viewport: {stacks: stacksRows, timeline: timelineRows, details: 1}, detailsLines: 0};
  const help = helpLayout(layout.width, layout.top + layout.bottom);
  const ctx: UpgradeUiContext = {walk, panes: panesCtx, detailsLines: details.length, detailsRows, help: {lines: help.lines, rows: help.rows}};
  const latest = useRef(ctx);
  latest.current = ctx;

  const {exit} = useApp();
  const onInput = useCallback(
    (input: string, key: Key) => {
      const [next, effects] = upgradeUiReducer(stateRef.current, input, key, latest.current);
      stateRef.current = next;
      rerender();
      for (const e of effects) if (e) onConfirm(e.index, e.ok);
    },
    [onConfirm],
  );
  useInput(onInput);
  useEffect(() => {
    if (!state.quit) return;
    onQuit?.();
    exit();
  }, [state.quit, onQuit, exit]);

  if (layout.mode === 'tiny') {
    return (
      <Box width={layout.width} height={Math.max(1, layout.rows)} overflow="hidden">
        <Text wrap="truncate">{truncate(`terminal too small (${layout.width}x${layout.rows + 1})`, layout.width)}</Text>
      </Box>
    );
  }

  const awaited = awaitedRung(walk);
  const mode = walk.mode === 'dry-run' ? 'DRY RUN' : 'EXECUTE';
  const ladderTitle = `Ladder → ${walk.to} · ${mode}`;
  const ladder = (
    <Pane title={ladderTitle} focused={state.focus === 'ladder'} width={layout.leftWidth} height={layout.top}>
      <Ladder walk={walk} selected={selected} focused={state.focus === 'ladder'} width={layout.leftWidth - 2} height={Math.max(1, layout.top - 3)} />
    </Pane>
  );
  const bottomLine =
    awaited !== null ? (
      <ConfirmPrompt version={walk.rungs[awaited].version} typed={state.typed} error={state.promptError} width={layout.width} />
    ) : (
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...(walk.outcome === 'failed' ? theme.status.failed : theme.text.muted)}>
          {truncate(hint(walk), layout.width)}
        </Text>
      </Box>
    );

  let main;
  if (state.help) {
    main = <Help width={layout.width} height={layout.top + layout.bottom} scroll={state.helpScroll} />;
  } else if (layout.mode === 'compact') {
    main = ladder;
  } else {
    const cursor = timelineIndex(state.panes, panesCtx);
    const top = timelineTop(state.panes, panesCtx, cursor);
    const stackCursor = stackIndex(state.panes, panesCtx);
    const scopeName = scope ? (names.get(scope.stack.stackId) ?? scope.stack.stackName) : walk.stackName;
    main = (
      <Box flexDirection="column" flexShrink={0}>
        <Box height={layout.top} flexShrink={0} overflow="hidden">
          {ladder}
          <Pane title={`Rung details${state.focus === 'details' ? ' · ↑↓ scroll' : ''}`} focused={state.focus === 'details'} width={layout.rightWidth} height={layout.top}>
            <Details lines={details} scroll={state.detailsScroll} height={detailsRows} width={layout.rightWidth - 2} />
          </Pane>
        </Box>
        <Box height={layout.bottom} flexShrink={0} overflow="hidden">
          <Pane title={stacksTitle(stackRows)} focused={state.focus === 'stacks'} width={layout.leftWidth} height={layout.bottom}>
            <StackTree
              rows={stackRows}
              cursor={stackCursor}
              top={Math.min(state.panes.stackTop, Math.max(0, stackRows.length - stacksRows))}
              height={stacksRows}
              width={layout.leftWidth - 2}
              focused={state.focus === 'stacks'}
              selectedStackId={state.panes.selectedStackId}
              progress={progress}
            />
          </Pane>
          <Pane
            title={`Timeline · ${scopeName} · ${rows.length > 0 ? `${cursor + 1}/${rows.length}` : '0'} · UTC`}
            focused={state.focus === 'timeline'}
            width={layout.rightWidth}
            height={layout.bottom}
          >
            <Timeline
              rows={rows}
              cursor={cursor}
              top={top}
              height={timelineRows}
              width={layout.rightWidth - 2}
              focused={state.focus === 'timeline'}
              rootCauseEventId={rootCauseEventId}
              emptyText={snapshot.rootStackId ? 'No events yet.' : 'Reading the stacks…'}
            />
          </Pane>
        </Box>
      </Box>
    );
  }

  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={layout.width} height={layout.rows} overflow="hidden">
        {layout.banners > 0 ? <Banner snapshot={snapshot} names={names} width={layout.width} credentialsExpired={false} operation={null} max={layout.banners} /> : null}
        {main}
        {bottomLine}
        <StatusBar snapshot={snapshot} width={layout.width} filterDraft={null} />
      </Box>
    </ThemeContext.Provider>
  );
}
