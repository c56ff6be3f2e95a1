import {Box, type Key} from 'ink';
import {Text} from './SafeText.js';
import {useCallback, useMemo, useReducer, useRef, useSyncExternalStore} from 'react';
import {resourceProgress, type ResourceProgress} from '../domain/progress.js';
import {buildTimeline} from '../domain/timeline.js';
import {buildStackTree, findNode, flattenTree, shortNames, subtreeIds} from '../domain/tree.js';
import {rungDangers, rungStateLabel, rungUnread, type WalkState} from '../panther/upgrade-walk.js';
import {AppShell} from './AppShell.js';
import {Banner} from './Banner.js';
import {bannerLines} from './banner-lines.js';
import {rootCauseHeadline} from './failure-headline.js';
import {ConfirmPrompt} from './ConfirmPrompt.js';
import {Details} from './Details.js';
import {HelpArea} from './HelpArea.js';
import {Ladder} from './Ladder.js';
import {Pane} from './Pane.js';
import {rungDetailLines} from './rung-details.js';
import {stacksTitle, StackTree} from './StackTree.js';
import {stackIndex, timelineIndex, timelineTop, type UiContext} from './state.js';
import {StatusBar} from './StatusBar.js';
import type {KeyUse} from './shell-state.js';
import {truncate} from './text.js';
import {Timeline} from './Timeline.js';
import {
  awaitedRung,
  initialUpgradeUi,
  selectedRung,
  UPGRADE_COMMANDS,
  upgradeKey,
  upgradePaste,
  type UpgradeUiContext,
  type UpgradeUiState,
} from './upgrade-state.js';
import {detailsBox, fitReview, MIN_UPGRADE_SIZE, upgradeLayout, type UpgradeLayout} from './upgrade-layout.js';
import {useAppShell} from './useAppShell.js';
import {useSnapshot, type SnapshotSource} from './useSnapshot.js';

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

function hint(walk: WalkState): string {
  const r = walk.rungs[walk.current];
  if (walk.attach && !walk.attach.over) {
    return `Following the update of ${walk.attach.stackName} already running (${walk.attach.status}) before the first rung · q leaves (it continues in AWS)`;
  }
  switch (walk.outcome) {
    case 'planned':
      return `DRY RUN: nothing was written (no change set created) · run with --execute to ${walk.kind} · q quit`;
    case 'succeeded':
      return `${walk.kind === 'deploy' ? 'Deploy' : 'Upgrade'} complete: Panther ${walk.rungs[walk.rungs.length - 1]?.verified ?? walk.from} · q quit`;
    case 'failed':
      return walk.kind === 'deploy'
        ? `The deploy of ${walk.stackName} failed · e first error · q quit (the cleanup plan is printed)`
        : `Rung ${r?.version} failed: the walk stopped · e first error · q quit`;
    case 'cancelled':
    case 'stopped':
    case 'interrupted':
      return `${walk.stop?.message ?? `Stopped at ${r?.version ?? '?'}`} · q quit`;
    default:
      if (!r) return 'Reading the stacks…';
      if (r.state === 'preparing') return `Creating and reading the change sets of ${r.version} (nested stacks included)…`;
      if (r.waiting)
        return `${walk.kind === 'deploy' ? 'Deploying' : 'Walking'} ${r.version}: waiting for ${r.waiting} · q leaves the screen (it continues in AWS)`;
      return `${walk.kind === 'deploy' ? 'Deploying' : 'Walking'} ${r.version}: ${rungStateLabel(r)} · q leaves the screen (it continues in AWS)`;
  }
}

/** The screen as an element, for the command that runs it (it has no JSX of its own). */
export function upgradeAppElement(props: UpgradeAppProps) {
  return <UpgradeApp {...props} />;
}

export function UpgradeApp({walk: walkSource, source, onConfirm, width, height, noColor, onQuit, initialState}: UpgradeAppProps) {
  const walk = useSyncExternalStore(walkSource.subscribe, walkSource.getState, walkSource.getState);
  const snapshot = useSnapshot(source);
  const shell = useAppShell({width, height, noColor, onQuit});
  const {width: w, height: h, theme} = shell;
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
  const rootCause = useMemo(() => rootCauseHeadline(snapshot.postMortem, names), [snapshot.postMortem, names]);
  const banners = rootCause ? 1 : 0;
  const awaited = awaitedRung(walk);
  // A new rung to confirm opens on its review's top, with nothing typed.
  const lastAwaited = useRef<number | null>(null);
  if (awaited !== lastAwaited.current) {
    lastAwaited.current = awaited;
    stateRef.current = {...stateRef.current, detailsScroll: 0, typed: '', promptError: null};
  }
  const selected = selectedRung(state, walk);
  // The rung's details at a width (the review's layout depends on how many lines its summary takes).
  const detailsAt = useMemo(() => {
    const cache = new Map<number, ReturnType<typeof rungDetailLines>>();
    return (cols: number) => {
      let d = cache.get(cols);
      if (!d) cache.set(cols, (d = rungDetailLines(walk, selected, cols, theme)));
      return d;
    };
  }, [walk, selected, theme]);
  // A rung waiting for its confirmation: its summary whole on screen, or no prompt at all.
  const review = awaited !== null ? fitReview(w, h, banners, cols => detailsAt(cols).summaryLines) : null;
  const layout: UpgradeLayout = review ? review.layout : upgradeLayout(w, h, banners, false);
  const box = detailsBox(layout);
  const details = detailsAt(box.width);
  const sticky = review ? details.summaryLines : 0;
  const stacksRows = Math.max(1, layout.bottom - 3);
  const timelineRows = Math.max(1, layout.bottom - 3);
  const detailsRows = Math.max(1, box.rows - sticky);
  const panesCtx: UiContext = {
    stackRows,
    rows,
    rootCauseEventId,
    viewport: {stacks: stacksRows, timeline: timelineRows, details: 1},
    detailsLines: 0,
  };
  const ctx: UpgradeUiContext = {
    walk,
    panes: panesCtx,
    detailsLines: details.lines.length - sticky,
    detailsRows,
    summaryVisible: review ? review.fits : undefined,
  };
  const latest = useRef(ctx);
  latest.current = ctx;

  const onKey = useCallback(
    (input: string, key: Key): KeyUse => {
      const [next, effect, use] = upgradeKey(stateRef.current, input, key, latest.current);
      if (next !== stateRef.current) {
        stateRef.current = next;
        rerender();
      }
      if (effect) onConfirm(effect.index, effect.ok);
      return use;
    },
    [onConfirm],
  );
  const onPaste = useCallback((text: string) => {
    stateRef.current = upgradePaste(stateRef.current, text, latest.current);
    rerender();
  }, []);

  // Too small for the review being confirmed: say the size it needs, and ask nothing.
  const tooSmall =
    review && !review.fits
      ? `Terminal too small to show ${walk.rungs[awaited!].version}'s change set summary: it needs ${Math.max(w, 60)}x${
          w >= 60 ? review.neededHeight : fitReview(60, 200, 0, cols => detailsAt(cols).summaryLines).neededHeight
        } (now ${w}x${h}). Resize to review and confirm it; Esc cancels the rung.`
      : null;

  const mode = walk.mode === 'dry-run' ? 'DRY RUN' : 'EXECUTE';
  const ladderTitle = `${walk.kind === 'deploy' ? 'Deploy' : 'Ladder'} → ${walk.to} · ${mode}`;
  const ladder = (
    <Pane title={ladderTitle} focused={state.focus === 'ladder'} width={layout.leftWidth} height={layout.top}>
      <Ladder walk={walk} selected={selected} focused={state.focus === 'ladder'} width={layout.leftWidth - 2} height={Math.max(1, layout.top - 3)} />
    </Pane>
  );
  const bottomLine = tooSmall ? (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate" {...theme.banner.warning}>
        {truncate(tooSmall, layout.width)}
      </Text>
    </Box>
  ) : awaited !== null ? (
    <ConfirmPrompt
      version={walk.rungs[awaited].version}
      danger={rungDangers(walk.rungs[awaited]).length + rungUnread(walk.rungs[awaited]).length}
      typed={state.typed}
      error={state.promptError}
      width={layout.width}
    />
  ) : (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate" {...(walk.outcome === 'failed' ? theme.status.failed : theme.text.muted)}>
        {truncate(hint(walk), layout.width)}
      </Text>
    </Box>
  );

  const detailsPane = (title: string, width: number) => (
    <Pane title={title} focused={state.focus === 'details' || layout.mode === 'review'} width={width} height={layout.top}>
      <Details lines={details.lines} scroll={state.detailsScroll} height={box.rows} width={box.width} sticky={sticky} />
    </Pane>
  );
  const detailsTitle =
    awaited !== null
      ? `Review ${walk.rungs[awaited].version} · pinned while it waits for your confirmation${details.lines.length > box.rows ? ' · ↑↓ scroll' : ''}`
      : `Rung details${state.focus === 'details' ? ' · ↑↓ scroll' : ''}`;
  let main;
  if (layout.mode === 'review') {
    main = detailsPane(detailsTitle, layout.width);
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
          {detailsPane(detailsTitle, layout.rightWidth)}
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
    // On a terminal too small for the panes, the review's own words when a rung waits: the size it needs.
    <AppShell shell={shell} commands={UPGRADE_COMMANDS} minSize={MIN_UPGRADE_SIZE} onKey={onKey} onPaste={onPaste} sizeMessage={tooSmall}>
      <Box flexDirection="column" width={layout.width} height={layout.rows} overflow="hidden">
        {layout.banners > 0 ? (
          <Banner
            lines={bannerLines({credentials: null, headline: rootCause, operation: null}, layout.width, layout.banners, 1)}
            width={layout.width}
          />
        ) : null}
        <HelpArea width={layout.width} height={layout.top + layout.bottom}>
          {main}
        </HelpArea>
        {bottomLine}
        <StatusBar snapshot={snapshot} width={layout.width} filterDraft={null} />
      </Box>
    </AppShell>
  );
}
