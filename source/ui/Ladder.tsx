import {Box} from 'ink';
import {Text} from './SafeText.js';
import {memo} from 'react';
import {executingStatus, rungStateLabel, type RungRun, type WalkState} from '../panther/upgrade-walk.js';
import {pad, truncate, width as textWidth} from './text.js';
import type {Style, Theme} from './theme.js';
import {useTheme} from './useTheme.js';

export interface LadderProps {
  walk: WalkState;
  /** The rung the Details pane shows. */
  selected: number;
  focused: boolean;
  width: number;
  height: number;
}

/** The mark before a rung: what state it is in, readable without colour. */
export function rungMark(r: RungRun, current: boolean): string {
  switch (r.state) {
    case 'done':
      return '✓';
    case 'failed':
      return '✗';
    case 'needs-input':
      return '!';
    case 'cancelled':
      return '⊘';
    case 'planned':
      return '·';
    case 'pending':
      return ' ';
    default:
      return current ? '▶' : ' ';
  }
}

export function rungStyle(theme: Theme, r: RungRun): Style {
  switch (r.state) {
    case 'done':
      return theme.status.complete;
    case 'failed':
      return theme.status.failed;
    case 'needs-input':
    case 'change-set-ready':
      return theme.banner.warning;
    case 'executing':
    case 'building':
    case 'verifying':
    case 'preparing':
      return theme.status.inProgress;
    case 'pending':
    case 'cancelled':
      return theme.text.muted;
    default:
      return theme.text.primary;
  }
}

/**
 * A rung's words in `cols` columns: a stack status in CloudFormation's own words, cut at the end (…) when it must be,
 * after the stack it is of (root or role) while that leaves the status ten columns; the build named in full while
 * it fits. `deployed` marks the highest rung done (the version the stacks are on now).
 */
export function ladderLabel(r: RungRun, cols: number, deployed: boolean): string {
  const first = (...candidates: string[]) => candidates.find(c => textWidth(c) <= cols) ?? candidates[candidates.length - 1];
  switch (r.state) {
    case 'executing': {
      const running = executingStatus(r);
      if (!running) return 'executing';
      const {target, status} = running;
      // The whole status word first; then the stack it is of, while that leaves the status ten columns.
      return first(`${target} ${status}`, status, cols - target.length - 1 >= 10 ? truncate(`${target} ${status}`, cols) : truncate(status, cols));
    }
    case 'building': {
      const status = r.build?.status ?? 'IN_PROGRESS';
      return first(`panther-pulumi build: ${status}`, `pulumi build: ${status}`, truncate(`build: ${status}`, cols));
    }
    case 'done':
      return deployed ? 'deployed' : 'done';
    default:
      return rungStateLabel(r);
  }
}

/** The ladder: the deployed version, then each rung with its state; only the visible window is drawn. */
function LadderView({walk, selected, focused, width, height}: LadderProps) {
  const theme = useTheme();
  const versionWidth = Math.max(8, ...walk.rungs.map(r => r.version.length)) + 1;
  const labelWidth = Math.max(0, width - versionWidth - 3);
  // Once a rung is done the stacks are on it: the mark moves there, and the start is only where the walk began.
  let highestDone = -1;
  walk.rungs.forEach((r, i) => {
    if (r.state === 'done') highestDone = i;
  });
  const rows: {key: string; cursor: boolean; mark: string; version: string; label: string; style: Style}[] = [
    {
      key: 'from',
      cursor: false,
      mark: ' ',
      version: walk.from,
      label: walk.kind === 'deploy' ? 'no stack yet' : highestDone < 0 ? 'deployed' : 'was deployed',
      style: theme.text.muted,
    },
    ...walk.rungs.map((r, i) => ({
      key: r.version,
      cursor: i === selected,
      mark: rungMark(r, i === walk.current),
      version: r.version,
      label: ladderLabel(r, labelWidth, i === highestDone),
      style: rungStyle(theme, r),
    })),
  ];
  if (walk.rungs.length === 0) rows.push({key: 'none', cursor: false, mark: ' ', version: '', label: 'nothing to upgrade', style: theme.text.muted});
  // Keep the selected rung in view.
  const top = Math.max(0, Math.min(selected + 1 - Math.floor(height / 2), rows.length - height));
  return (
    <Box flexDirection="column">
      {rows.slice(top, top + height).map(row => (
        <Box key={row.key} flexShrink={0} height={1}>
          <Text wrap="truncate" {...(row.cursor && focused ? theme.selection : {})}>
            <Text>{row.cursor ? '›' : ' '}</Text>
            <Text {...row.style}>{row.mark} </Text>
            <Text {...theme.text.primary}>{pad(row.version, versionWidth)}</Text>
            <Text {...row.style}>{truncate(row.label, labelWidth)}</Text>
          </Text>
        </Box>
      ))}
    </Box>
  );
}

export const Ladder = memo(LadderView);
