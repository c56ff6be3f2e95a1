import {Box} from 'ink';
import {Text} from './SafeText.js';
import {memo} from 'react';
import {formatDuration, operationElapsed, type ResourceProgress} from '../domain/progress.js';
import {countStacks, hasDescendant, type TreeNode, type TreeRow} from '../domain/tree.js';
import type {Stack, StackEvent} from '../domain/types.js';
import {clock, pad, truncate, width as textWidth} from './text.js';
import {statusStyle} from './theme.js';
import {useTheme} from './useTheme.js';

export interface StackTreeProps {
  rows: readonly TreeRow[];
  cursor: number;
  top: number;
  height: number;
  width: number;
  focused: boolean;
  /** The stack whose subtree the timeline shows. */
  selectedStackId: string | null;
  progress: ReadonlyMap<string, ResourceProgress>;
  /** The stack of the root cause: a collapsed stack hiding it is marked. */
  rootCauseStackId?: string | null;
}

/** Marks a collapsed stack whose hidden subtree holds the root cause. */
export const HIDDEN_ROOT_CAUSE_MARK = '◆';

/** "12/40 ██░░": progress of a stack's latest operation. */
export function progressLabel(p: ResourceProgress, cells = 4): string {
  const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(ratio * cells);
  return `${p.done}/${p.total} ${'█'.repeat(filled)}${'░'.repeat(cells - filled)}`;
}

function statusWord(stack: Stack): string {
  const s = stack.status;
  if (s.includes('ROLLBACK') && s.endsWith('_COMPLETE')) return 'rolled back';
  if (s.includes('ROLLBACK') && s.endsWith('_IN_PROGRESS')) return 'rolling back';
  if (s.endsWith('_FAILED')) return 'failed';
  if (s.endsWith('_COMPLETE')) return 'ok';
  return s.toLowerCase().replace(/_/g, ' ');
}

/**
 * The Stacks pane title: how many stacks the tree holds (collapsed ones included), and the legend of the deleted
 * mark when any stack is deleted.
 */
export function stacksTitle(rows: readonly {node: TreeNode; depth: number}[]): string {
  let stacks = 0;
  let deleted = 0;
  for (const row of rows) {
    if (row.depth !== 0) continue; // the top rows hold the whole tree below them
    const n = countStacks(row.node);
    stacks += n.stacks;
    deleted += n.deleted;
  }
  return `Stacks (${stacks})${deleted > 0 ? ` · ✝ ${deleted} deleted` : ''}`;
}

/**
 * The Stacks pane footer for the stack under the cursor: its status and how long its latest operation took (or
 * has taken so far); a deleted stack says when it was deleted, which its status and timing would only garble.
 */
export function stackFooter(stack: Stack, events: readonly StackEvent[], now: number): string {
  const timing = operationElapsed(events, now);
  if (stack.deleted) {
    const at = stack.deletedAt ?? timing?.endedAt ?? null;
    return at ? `deleted at ${clock(at)}` : 'deleted';
  }
  return `${stack.status}${timing ? ` · ${formatDuration(timing.elapsedMs)}` : ''}`;
}

/** The right-hand cell of a stack row: deleted mark, progress, or a status word. */
export function stackRight(stack: Stack, p: ResourceProgress | undefined, totalKnown: boolean): string {
  // One mark for every deleted stack (the pane title explains it): names keep the room.
  if (stack.deleted) return '✝';
  const running = stack.status.endsWith('_IN_PROGRESS') && !stack.status.includes('ROLLBACK');
  if (p && (running || (totalKnown && /^(CREATE|UPDATE|IMPORT)_COMPLETE$/.test(stack.status)))) return progressLabel(p);
  return statusWord(stack);
}

function StackTreeView({rows, cursor, top, height, width, focused, selectedStackId, progress, rootCauseStackId = null}: StackTreeProps) {
  const theme = useTheme();
  const visible = rows.slice(top, top + height);
  return (
    <Box flexDirection="column">
      {visible.map((row, i) => {
        const index = top + i;
        const stack = row.node.stack;
        const p = progress.get(stack.stackId);
        const name = row.node.logicalId ?? stack.stackName;
        const right = stackRight(stack, p, p !== undefined && p.total > 0);
        const isCursor = index === cursor;
        const isScope = stack.stackId === selectedStackId;
        const gutter = (isCursor ? '›' : ' ') + (isScope ? '▸' : ' ');
        const folded = row.hasChildren && row.collapsed;
        const hidesRootCause = folded && rootCauseStackId !== null && hasDescendant(row.node, rootCauseStackId);
        const rightWidth = Math.min(textWidth(right), Math.max(0, width - 8));
        const leftWidth = Math.max(0, width - 2 - rightWidth - 1);
        const fold = truncate(row.guide + (folded ? '+' : ''), leftWidth);
        const mark = truncate(hidesRootCause ? HIDDEN_ROOT_CAUSE_MARK : '', Math.max(0, leftWidth - textWidth(fold)));
        const left = pad(name, Math.max(0, leftWidth - textWidth(fold) - textWidth(mark)));
        const nameStyle = stack.deleted ? theme.status.deleted : theme.text.primary;
        const rowStyle = isCursor && focused ? theme.selection : {};
        return (
          <Box key={stack.stackId} flexShrink={0} height={1}>
            <Text wrap="truncate" {...rowStyle}>
              <Text>{gutter}</Text>
              <Text {...nameStyle}>{fold}</Text>
              {mark ? <Text {...theme.status.failed}>{mark}</Text> : null}
              <Text {...nameStyle}>{left}</Text>
              <Text> </Text>
              <Text {...statusStyle(theme, stack.status, stack.deleted)}>{truncate(right, rightWidth)}</Text>
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

export const StackTree = memo(StackTreeView);
