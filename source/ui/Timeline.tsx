import {shortReason} from './details-lines.js';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {memo, useMemo} from 'react';
import type {TimelineRow} from '../domain/timeline.js';
import {clock, pad, truncate, truncateMiddle, width as textWidth} from './text.js';
import {statusStyle, type Style, type Theme} from './theme.js';
import {useTheme} from './useTheme.js';

export interface TimelineProps {
  rows: readonly TimelineRow[];
  cursor: number;
  top: number;
  height: number;
  width: number;
  focused: boolean;
  rootCauseEventId: string | null;
  /** Shown when there are no rows. */
  emptyText: string;
  /** The timeline shows one stack only: rows name the resource alone (the title names the stack). */
  singleStack?: boolean;
}

export interface Columns {
  name: number;
  status: number;
  reason: number;
  time: boolean;
}

/** Keeps the first and last columns of a name in the middle cut: the stack prefix and the logical ID's end. */
const MIN_NAME = 24;
/** A reason column narrower than this says nothing: the name takes the room instead. */
const MIN_REASON = 12;

/**
 * Column widths for a row of `width` columns (2-column gutter first). The time goes last (only below 28 columns):
 * the status narrows first, then the reason goes. Statuses get 18 columns (CREATE_IN_PROGRESS), 20 from 66
 * (ROLLBACK_IN_PROGRESS), 27 from 140 (UPDATE_ROLLBACK_IN_PROGRESS); the name takes up to 55% of what is left, no
 * more than the longest name needs, and the reason the rest.
 */
export function timelineColumns(width: number, longestName = Number.POSITIVE_INFINITY): Columns {
  const time = width >= 28;
  const rest = Math.max(0, width - 2 - (time ? 9 : 0));
  const wanted = rest >= 140 ? 27 : rest >= 66 ? 20 : 18;
  const status = Math.max(0, Math.min(wanted, rest - 1 - Math.min(MIN_NAME, Math.floor(rest / 2))));
  const avail = Math.max(0, rest - status - (status > 0 ? 1 : 0));
  if (avail < MIN_NAME + 1 + MIN_REASON) return {name: avail, status, reason: 0, time};
  const name = Math.max(MIN_NAME, Math.min(longestName, Math.floor(avail * 0.55), avail - 1 - MIN_REASON));
  return {name, status, reason: avail - name - 1, time};
}

/**
 * `stack/logical` in `cols` columns, cut in the middle: the stack whole when it takes no more than about half the
 * column, and the logical ID's end, which is where sibling resources differ (`LogProcessingRole/…NotificationsFunction`).
 */
export function joinName(stack: string, logical: string, cols: number): string {
  const prefix = textWidth(stack) + 1;
  return truncateMiddle(`${stack}/${logical}`, cols, prefix <= Math.ceil(cols * 0.55) ? prefix : Math.floor((cols - 1) / 2));
}

/** The widest name a row of these can need (rows repeat few names: the set is small). */
export function longestName(rows: readonly TimelineRow[], singleStack: boolean): number {
  // Widths measured once per distinct name, and `stack/logical` summed, not built: 100,000 rows cost a few
  // milliseconds, not a string and a width measure each on every redraw.
  const widths = new Map<string, number>();
  const widthOf = (s: string): number => {
    let w = widths.get(s);
    if (w === undefined) widths.set(s, (w = textWidth(s)));
    return w;
  };
  let max = 0;
  for (const row of rows) {
    const w =
      row.kind === 'stack'
        ? widthOf(row.stackShortName)
        : singleStack
          ? widthOf(row.event.logicalResourceId)
          : widthOf(row.stackShortName) + 1 + widthOf(row.event.logicalResourceId);
    if (w > max) max = w;
  }
  return max;
}

/** Routine reasons ("Resource creation Initiated") carry nothing a reader needs: shown muted. */
const ROUTINE = /^(Resource creation Initiated|Eventual consistency check initiated|User Initiated)$/i;

function rowStyle(theme: Theme, row: TimelineRow): Style {
  if (row.kind === 'failure') return theme.status.failed;
  if (row.kind === 'noise') return theme.text.muted;
  return theme.text.primary;
}

function TimelineView({rows, cursor, top, height, width, focused, rootCauseEventId, emptyText, singleStack = false}: TimelineProps) {
  const theme = useTheme();
  // Over every row, not the window: columns that moved while scrolling would be hard to read.
  const longest = useMemo(() => longestName(rows, singleStack), [rows, singleStack]);
  if (rows.length === 0) {
    return (
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...theme.text.muted}>
          {truncate(emptyText, width)}
        </Text>
      </Box>
    );
  }
  const cols = timelineColumns(width, longest);
  const visible = rows.slice(top, top + height);
  return (
    <Box flexDirection="column">
      {visible.map((row, i) => {
        const index = top + i;
        const e = row.event;
        const isCursor = index === cursor;
        const isRoot = e.eventId === rootCauseEventId;
        const gutter = (isCursor ? '›' : ' ') + (isRoot ? '◆' : row.kind === 'failure' ? '✗' : ' ');
        const stackLevel = row.kind === 'stack';
        const name = stackLevel
          ? truncateMiddle(row.stackShortName, cols.name)
          : singleStack
            ? truncateMiddle(e.logicalResourceId, cols.name)
            : joinName(row.stackShortName, e.logicalResourceId, cols.name);
        const base = rowStyle(theme, row);
        const selected = isCursor && focused ? theme.selection : {};
        return (
          <Box key={e.eventId} flexShrink={0} height={1}>
            <Text wrap="truncate" {...selected}>
              <Text {...(isRoot ? theme.status.failed : {})}>{gutter}</Text>
              {cols.time ? <Text {...theme.text.muted}>{`${clock(e.timestamp)} `}</Text> : null}
              <Text {...base} bold={stackLevel && !theme.noColor}>
                {pad(name, cols.name)}
              </Text>
              <Text> </Text>
              <Text {...(row.kind === 'noise' ? theme.text.muted : statusStyle(theme, e.status))}>{pad(e.status, cols.status)}</Text>
              {cols.reason > 0 ? (
                // Padded to the edge, so the selection highlight spans the whole row.
                <Text {...(ROUTINE.test(e.reason.trim()) ? theme.text.muted : base)}>{` ${pad(shortReason(e.reason), cols.reason)}`}</Text>
              ) : null}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

export const Timeline = memo(TimelineView);
