import {shortReason} from './details-lines.js';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {memo} from 'react';
import type {TimelineRow} from '../domain/timeline.js';
import {clock, pad, truncate, width as textWidth} from './text.js';
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

/** Column widths for a row of `width` columns (2-column gutter first). */
export function timelineColumns(width: number): Columns {
  const time = width >= 44;
  const rest = width - 2 - (time ? 9 : 0);
  const name = Math.max(8, Math.min(40, Math.floor(rest * 0.4)));
  // 18 columns hold CloudFormation's usual statuses whole (CREATE_IN_PROGRESS); longer ones are shortened.
  const status = rest - name - 1 >= 34 ? Math.min(22, Math.max(18, Math.floor(rest * 0.2))) : Math.max(0, Math.min(15, rest - name - 1));
  const reason = Math.max(0, rest - name - 1 - status - 1);
  return {name, status, reason, time};
}

/** `stack/logical` in `cols` columns, shortening the stack part first: the logical ID says more. */
export function joinName(stack: string, logical: string, cols: number): string {
  const full = `${stack}/${logical}`;
  if (textWidth(full) <= cols) return full;
  const room = Math.max(4, cols - textWidth(logical) - 1);
  return truncate(`${truncate(stack, Math.min(textWidth(stack), room))}/${logical}`, cols);
}

/** Long statuses in narrow columns, shortened only as far as needed: CREATE_IN_PROG, UPDATE_ROLLBK_COMPLETE. */
export function fitStatus(status: string, cols: number): string {
  const steps: [string, string][] = [['_COMPLETE_CLEANUP', '_CLEANUP'], ['ROLLBACK', 'ROLLBK'], ['_IN_PROGRESS', '_IN_PROG']];
  let s = status;
  for (const [long, short] of steps) {
    if (s.length <= cols) break;
    s = s.replace(long, short);
  }
  return s;
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
  if (rows.length === 0) {
    return (
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...theme.text.muted}>
          {truncate(emptyText, width)}
        </Text>
      </Box>
    );
  }
  const cols = timelineColumns(width);
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
          ? row.stackShortName
          : singleStack
            ? truncate(e.logicalResourceId, cols.name)
            : joinName(row.stackShortName, e.logicalResourceId, cols.name);
        const base = rowStyle(theme, row);
        const selected = isCursor && focused ? theme.selection : {};
        return (
          <Box key={e.eventId} flexShrink={0} height={1}>
            <Text wrap="truncate" {...selected}>
              <Text {...(isRoot ? theme.status.failed : {})}>{gutter}</Text>
              {cols.time ? <Text {...theme.text.muted}>{clock(e.timestamp) + ' '}</Text> : null}
              <Text {...base} bold={stackLevel && !theme.noColor}>
                {pad(name, cols.name)}
              </Text>
              <Text> </Text>
              <Text {...(row.kind === 'noise' ? theme.text.muted : statusStyle(theme, e.status))}>{pad(fitStatus(e.status, cols.status), cols.status)}</Text>
              {cols.reason > 0 ? (
                // Padded to the edge, so the selection highlight spans the whole row.
                <Text {...(ROUTINE.test(e.reason.trim()) ? theme.text.muted : base)}>{' ' + pad(shortReason(e.reason), cols.reason)}</Text>
              ) : null}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

export const Timeline = memo(TimelineView);
