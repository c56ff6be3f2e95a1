// Everything the screen derives from (snapshot, ui state, size), memoised on the identity of its inputs so a
// key press costs a window of rows, not a rebuild: 20,000 events are merged once per snapshot/filter change.
import {displayNow, resourceProgress, type ResourceProgress} from '../domain/progress.js';
import {buildTimeline, type TimelineRow} from '../domain/timeline.js';
import {buildStackTree, findNode, flattenTree, shortNames, subtreeIds, type TreeNode, type TreeRow} from '../domain/tree.js';
import type {StackEvent} from '../domain/types.js';
import type {SessionsSnapshot} from '../store/console-sessions.js';
import type {PulumiSnapshot} from '../store/pulumi-watch.js';
import type {Snapshot} from '../store/snapshot.js';
import {buildBanner, buildDetails, buildKey, buildRow} from './build-lines.js';
import {detailsLines, type Line} from './details-lines.js';
import {bannerLines, bannerReserve, credentialsLine, headlineRows, type BannerLine} from './banner-lines.js';
import {failureHeadline, type FailureHeadline} from './failure-headline.js';
import {computeLayout, detailsOverlay, MIN_FULL, type Layout} from './layout.js';
import {operationBanner, type OperationBanner} from './operation-banner.js';
import {extraLines, type PickerView} from './picker-lines.js';
import {filterDeployments, pickerIndex, pickerTop} from './picker-state.js';
import {PANES, stackIndex, timelineIndex, timelineTop, type PaneId, type UiContext, type UiState} from './state.js';
import type {Theme} from './theme.js';

export interface ViewModel {
  layout: Layout;
  tree: TreeNode | null;
  stackRows: TreeRow[];
  names: Map<string, string>;
  progress: Map<string, ResourceProgress>;
  /** The subtree the timeline shows. */
  scope: TreeNode | null;
  rows: TimelineRow[];
  rootCauseEventId: string | null;
  ctx: UiContext;
  cursor: number;
  top: number;
  stackCursor: number;
  selected: TimelineRow | null;
  details: Line[];
  credentialsExpired: boolean;
  operation: OperationBanner | null;
  /** What failed first (or the root cause), whole: the banner's lead. */
  headline: FailureHeadline | null;
  /** The banner's rows, laid out for the layout's banner height. */
  banner: BannerLine[];
  /** "Now" for elapsed times (displayNow): the same for every pane. */
  now: number;
  /** Rows of the Stacks pane's tree (one less than its viewport when the build's row is under it). */
  stacksViewport: number;
  /** The panther-pulumi build's row under the Stacks pane's tree. */
  buildRow: ReturnType<typeof buildRow>;
  /** The deployment picker, when open. */
  picker: PickerView | null;
  /** What the console does beside the data (opening another deployment), for the status bar. */
  activity: string | null;
  /** The screen's own warning for the status bar (the build check was denied). */
  warning: string | null;
}

/** What the watch console shows beside its store's snapshot: its deployments and the panther-pulumi build. */
export interface ConsoleAux {
  sessions: SessionsSnapshot | null;
  pulumi: PulumiSnapshot | null;
  /** The local clock (a build's elapsed time counts on it). */
  localNow: number;
}

/** Remembers the last call: recomputes only when an argument changes identity. */
function memoLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: {args: A; value: R} | null = null;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((a, i) => Object.is(a, args[i]))) return last.value;
    const value = fn(...args);
    last = {args, value};
    return value;
  };
}

/** A small terminal: the timeline, and Details over it (Enter, Tab); the Stacks pane takes no keys. */
const COMPACT_PANES: readonly PaneId[] = ['timeline', 'details'];

export type Deriver = (snapshot: Snapshot, state: UiState, width: number, height: number, theme: Theme, aux?: ConsoleAux) => ViewModel;

/** Lines of the picker's list: the main area less its title and key line (and its border, in the full layout). */
export function pickerViewport(layout: Pick<Layout, 'mode' | 'main'>): number {
  return Math.max(1, layout.main - (layout.mode === 'full' ? 4 : 2));
}

export function createDeriver(): Deriver {
  const tree = memoLast((rootStackId: string | null, stacks: Snapshot['stacks'], events: Snapshot['events']) =>
    buildStackTree({rootStackId, stacks, events}),
  );
  const names = memoLast((t: TreeNode | null) => shortNames(t));
  const stackRows = memoLast((t: TreeNode | null, collapsed: ReadonlySet<string>) => flattenTree(t, collapsed));
  // Per stack, kept while its event list and total are the same: a read of one stack recounts that stack only.
  const progressByList = new WeakMap<readonly StackEvent[], {total: number | undefined; progress: ResourceProgress}>();
  const progress = memoLast((events: Snapshot['events'], totals: Snapshot['resourceTotals']) => {
    const out = new Map<string, ResourceProgress>();
    for (const [id, list] of events) {
      const total = totals.get(id);
      let held = progressByList.get(list);
      if (!held || held.total !== total) progressByList.set(list, (held = {total, progress: resourceProgress(list, total)}));
      out.set(id, held.progress);
    }
    return out;
  });
  const scopeIds = memoLast((scope: TreeNode | null) => subtreeIds(scope));
  const rows = memoLast((events: Snapshot['events'], ids: string[], failuresOnly: boolean, filter: string, n: Map<string, string>) =>
    buildTimeline(events, ids, {failuresOnly, filter, shortNames: n}),
  );
  const details = memoLast(
    (row: TimelineRow | null, stacks: Snapshot['stacks'], pm: Snapshot['postMortem'], n: Map<string, string>, width: number, theme: Theme) =>
      detailsLines({row, stacks, postMortem: pm, names: n, width, theme}),
  );

  // Recomputed when events or stacks change, or once a second while an operation runs (its elapsed time). Whether
  // something failed is the headline's: the events are not scanned again every second.
  const operation = memoLast((rootStackId: string | null, events: Snapshot['events'], stacks: Snapshot['stacks'], second: number, failed: boolean) =>
    operationBanner({rootStackId, events, stacks}, second * 1000, failed),
  );
  const headline = memoLast(
    (
      rootStackId: string | null,
      stacks: Snapshot['stacks'],
      events: Snapshot['events'],
      postMortem: Snapshot['postMortem'],
      n: Map<string, string>,
    ) => failureHeadline({rootStackId, stacks, events, postMortem}, n),
  );

  const withBuild = memoLast((pulumi: PulumiSnapshot | null, lines: Line[], width: number, theme: Theme) => {
    const build = buildDetails(pulumi, width, theme, 0);
    return build.length > 0 ? [...build, ...lines] : lines;
  });
  const pickerRows = memoLast((report: SessionsSnapshot['listing']['report'], filter: string) =>
    filterDeployments(report?.deployments ?? [], filter),
  );

  return (snapshot, state, width, height, theme, aux) => {
    const pulumi = aux?.pulumi ?? null;
    const sessions = aux?.sessions ?? null;
    const localNow = aux?.localNow ?? Date.now();
    const t = tree(snapshot.rootStackId, snapshot.stacks, snapshot.events);
    const n = names(t);
    const sr = stackRows(t, state.collapsed);
    const scope = (state.selectedStackId ? findNode(t, state.selectedStackId) : null) ?? t;
    const r = rows(snapshot.events, scopeIds(scope), state.failuresOnly, state.filter, n);
    const rootCauseEventId = snapshot.postMortem?.rootCause?.eventId ?? null;
    const health = [snapshot.poll.cloudformation, snapshot.poll.cloudtrail];
    const credentialsExpired = health.some(h => h.lastError?.kind === 'expired-credentials');
    const now = displayNow(snapshot.events, Date.now());
    const lead = headline(snapshot.rootStackId, snapshot.stacks, snapshot.events, snapshot.postMortem, n);
    const op = operation(snapshot.rootStackId, snapshot.events, snapshot.stacks, Math.floor(now / 1000), lead?.kind === 'first-failure');
    const bannerInput = {
      credentials: credentialsExpired ? credentialsLine(snapshot) : null,
      headline: lead,
      operation: op,
      build: buildBanner(pulumi, Math.max(0, Math.floor(width)), localNow),
    };
    const failureRows = headlineRows(width < MIN_FULL.width || height < MIN_FULL.height ? 'compact' : 'full', height);
    const layout = computeLayout(width, height, bannerReserve(bannerInput, failureRows), state.focus);
    // The cursor's first stop: the root cause, or while the operation runs, the first failure seen.
    const firstStop = rootCauseEventId ?? (lead?.kind === 'first-failure' ? lead.eventId : null);
    const partial = {rows: r, rootCauseEventId: firstStop};
    const cursor = timelineIndex(state, partial);
    const selected = cursor >= 0 ? r[cursor] : null;
    // The compact layout shows Details over the timeline, as wide as the terminal.
    const overlay = detailsOverlay(layout);
    const detailsWidth = layout.mode === 'compact' ? overlay.width : layout.inner.details;
    const d = withBuild(
      pulumi,
      details(selected, snapshot.stacks, snapshot.postMortem, n, Math.max(10, detailsWidth), theme),
      Math.max(10, detailsWidth),
      theme,
    );
    const visiblePanes: readonly PaneId[] = layout.mode === 'full' ? PANES : COMPACT_PANES;
    // The build's row takes the last row of the Stacks pane's tree.
    const bRow = layout.mode === 'full' ? buildRow(pulumi, localNow) : null;
    const stacksViewport = bRow ? Math.max(1, layout.viewport.stacks - 1) : layout.viewport.stacks;
    const report = sessions?.listing.report ?? null;
    const pv = pickerViewport(layout);
    const extra = extraLines(report);
    const ctx: UiContext = {
      stackRows: sr,
      rows: r,
      rootCauseEventId: firstStop,
      viewport: layout.mode === 'compact' ? {...layout.viewport, details: overlay.rows} : {...layout.viewport, stacks: stacksViewport},
      detailsLines: d.length,
      visiblePanes,
      detailsOverlay: layout.mode === 'compact',
      ...(sessions?.canSwitch
        ? {switcher: {deployments: report?.deployments ?? [], viewport: pv, extraLines: extra, currentStackId: snapshot.rootStackId}}
        : sessions
          ? {switchRefusal: 'a recorded bundle holds one deployment: no other to switch to'}
          : {}),
      ...(pulumi ? {build: buildKey(pulumi)} : {}),
    };
    let picker: PickerView | null = null;
    if (state.picker && sessions) {
      const rows = pickerRows(report, state.picker.filter);
      const index = pickerIndex(state.picker, rows);
      picker = {
        rows,
        index,
        top: pickerTop(state.picker.top, index, rows.length, {viewport: pv, extraLines: extra}),
        viewport: pv,
        filter: state.picker.filter,
        typing: state.picker.typing,
        listing: sessions.listing,
        currentStackId: snapshot.rootStackId,
        openingStackId: sessions.opening?.stackId ?? null,
      };
    }
    const opening = sessions?.opening;
    return {
      layout,
      tree: t,
      stackRows: sr,
      names: n,
      progress: progress(snapshot.events, snapshot.resourceTotals),
      scope,
      rows: r,
      rootCauseEventId,
      ctx,
      cursor,
      top: timelineTop(state, ctx, cursor),
      stackCursor: stackIndex(state, ctx),
      selected,
      details: d,
      credentialsExpired,
      operation: op,
      headline: lead,
      banner: bannerLines(bannerInput, layout.width, layout.banners, failureRows),
      now,
      stacksViewport,
      buildRow: bRow,
      picker,
      activity: opening ? `opening ${opening.stackName} (${opening.region})…` : null,
      warning: pulumi?.status === 'denied' ? pulumi.message : null,
    };
  };
}
