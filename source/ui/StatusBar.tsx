import {Box} from 'ink';
import {Text} from './SafeText.js';
import type {Snapshot} from '../store/snapshot.js';
import {clock, truncate, width as textWidth} from './text.js';
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

export function StatusBar({snapshot, width, filterDraft, filterSelected = false, note = null}: StatusBarProps) {
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
  const rootText = root ? `root ${root.status}` : snapshot.query ? `root ${snapshot.query}` : '';
  const help = '  ? help';
  // A bundle is a picture of an account at one moment: said first, so no one takes it for the live account.
  const replay = snapshot.replay
    ? `REPLAY${snapshot.replay.recordedAt ? ` ${snapshot.replay.recordedAt.slice(0, 16).replace('T', ' ')}` : ''} · `
    : '';
  const warning = snapshot.warnings.at(-1);
  const rest = `${rootText ? ' · ' : ''}${snapshot.replay ? 'recorded' : snapshot.poll.state} · API ${apiCallTotal(snapshot)}${stale ? ' · ' : ''}`;
  let budget = width;
  const seg = (s: string): string => {
    const t = truncate(s, budget);
    budget -= textWidth(t);
    return t;
  };
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate">
        {note ? <Text {...theme.text.accent}>{seg(`${note} · `)}</Text> : null}
        {replay ? <Text {...theme.text.accent}>{seg(replay)}</Text> : null}
        <Text {...theme.text.muted}>{seg(head)}</Text>
        <Text {...(root ? statusStyle(theme, root.status) : {})}>{seg(rootText)}</Text>
        <Text {...theme.text.muted}>{seg(rest)}</Text>
        {stale ? <Text {...theme.banner.warning}>{seg(stale)}</Text> : null}
        {warning ? <Text {...theme.banner.warning}>{seg(` · warning: ${warning}`)}</Text> : null}
        <Text {...theme.text.muted}>{budget >= help.length ? help : ''}</Text>
      </Text>
    </Box>
  );
}
