import {Box} from 'ink';
import {Text} from './SafeText.js';
import type {Snapshot} from '../store/snapshot.js';
import {clock, truncate, truncateMiddle, width as textWidth} from './text.js';
import {statusStyle} from './theme.js';
import {useTheme} from './useTheme.js';

export interface StatusBarProps {
  snapshot: Snapshot;
  width: number;
  /** The filter being typed, shown instead of the status while editing. */
  filterDraft: string | null;
  /** The draft is the reopened filter, selected (typing replaces it): drawn highlighted. */
  filterSelected?: boolean;
  /** A one-off word ("wrapped to the first failure"), said first. */
  note?: string | null;
  /** Name the root stack (the watch console: which deployment is open) instead of saying "root". */
  showStackName?: boolean;
  /** What goes on beside the data (opening another deployment...), said first (after a note), highlighted. */
  activity?: string | null;
  /** A warning of the screen's own (the build check was denied), after the store's. */
  warning?: string | null;
}

/** "stale since hh:mm:ss" when the last CloudFormation call failed after the last success; else null. */
export function staleLabel(snapshot: Snapshot): string | null {
  const cf = snapshot.poll.cloudformation;
  if (!cf.lastError) return null;
  if (cf.lastSuccessAt !== null && cf.lastSuccessAt >= cf.lastError.at) return null;
  return `stale since ${cf.lastSuccessAt === null ? 'start' : clock(cf.lastSuccessAt)}`;
}

export function apiCallTotal(snapshot: Snapshot): number {
  return Object.values(snapshot.apiCalls).reduce((a, b) => a + b, 0);
}

export function StatusBar({
  snapshot,
  width,
  filterDraft,
  filterSelected = false,
  note = null,
  showStackName = false,
  activity = null,
  warning: ownWarning = null,
}: StatusBarProps) {
  const theme = useTheme();
  if (filterDraft !== null) {
    const draft = truncate(filterDraft, Math.max(0, width - 36));
    const hint = `  ${filterSelected ? 'typing replaces · ' : ''}Enter apply · Ctrl-U clear · Esc cancel`;
    return (
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate">
          <Text {...theme.text.key}>/</Text>
          <Text {...(filterSelected ? theme.selection : {})}>{draft}</Text>
          <Text {...theme.text.accent}>█</Text>
          <Text {...theme.text.muted}>{truncate(hint, Math.max(0, width - textWidth(draft) - 2))}</Text>
        </Text>
      </Box>
    );
  }
  const root = snapshot.rootStackId ? snapshot.stacks.get(snapshot.rootStackId) : undefined;
  const stale = staleLabel(snapshot);
  // What is not known yet (the caller's account before STS answers) is left out, not shown as "?".
  const where = [snapshot.identity?.account, snapshot.region, snapshot.profile ? `(${snapshot.profile})` : ''].filter(Boolean).join(' ');
  const head = where ? `${where} · ` : '';
  // The stack's name keeps at most 30 columns: the status after it is what changes.
  const name = showStackName ? truncateMiddle(root?.stackName || snapshot.query, 30) : 'root';
  const rootText = root ? `${name} ${root.status}` : snapshot.query ? `${name}${showStackName ? '' : ` ${snapshot.query}`}` : '';
  // A bundle is a picture of an account at one moment: said first, so no one takes it for the live account.
  const replay = snapshot.replay
    ? `REPLAY${snapshot.replay.recordedAt ? ` ${snapshot.replay.recordedAt.slice(0, 16).replace('T', ' ')}` : ''} · `
    : '';
  const warning = ownWarning ?? snapshot.warnings.at(-1);
  const sep = rootText ? ' · ' : '';
  // In the order drawn. When the place, the stale mark, the poll state and the call count do not all fit, the help
  // hint goes, then the poll state and the call count: the place and the stale mark stay. A warning fills what is
  // left (cut at the end); it never pushes the others out.
  const segments: {text: string; style: object; drop: number}[] = [
    {text: note ? `${note} · ` : '', style: theme.text.accent, drop: 0},
    {text: activity ? `${activity} · ` : '', style: theme.text.accent, drop: 0},
    {text: replay, style: theme.text.accent, drop: 0},
    {text: head, style: theme.text.muted, drop: 0},
    {text: rootText, style: root ? statusStyle(theme, root.status) : {}, drop: 0},
    {text: `${sep}${snapshot.replay ? 'recorded' : snapshot.poll.state} · API ${apiCallTotal(snapshot)}`, style: theme.text.muted, drop: 3},
    {text: stale ? ` · ${stale}` : '', style: theme.banner.warning, drop: 1},
    {text: warning ? ` · warning: ${warning}` : '', style: theme.banner.warning, drop: -1},
    {text: '  ? help', style: theme.text.muted, drop: 4},
  ];
  const total = () => segments.reduce((n, g) => n + (g.drop < 0 ? 0 : textWidth(g.text)), 0);
  for (let level = 4; level >= 3 && total() > width; level--) {
    for (const g of segments) if (g.drop === level) g.text = '';
  }
  let budget = width;
  const seg = (text: string): string => {
    const t = truncate(text, budget);
    budget -= textWidth(t);
    return t;
  };
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate">
        {segments.map((g, i) =>
          g.text ? (
            <Text key={i} {...g.style}>
              {seg(g.text)}
            </Text>
          ) : null,
        )}
      </Text>
    </Box>
  );
}
