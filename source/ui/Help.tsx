import {Box} from 'ink';
import {Text} from './SafeText.js';
import {KEYMAP, type CommandId} from './keymap.js';
import {helpLayout} from './layout.js';
import {pad, truncate} from './text.js';
import {useTheme} from './useTheme.js';

export interface HelpProps {
  width: number;
  height: number;
  /** First key row shown (the overlay scrolls when it does not fit). */
  scroll?: number;
  /** The screen's commands (and the shell's), in the keymap's order. */
  commands: readonly CommandId[];
}

/** Generated from the keymap, so it can never disagree with the keys; each screen lists the keys it takes. */
export function Help({width, height, scroll = 0, commands}: HelpProps) {
  const theme = useTheme();
  const {columns, lines, rows, scrolls, labelWidth, colWidth, inner} = helpLayout(width, height, commands);
  const top = Math.max(0, Math.min(scroll, lines - rows));
  const perColumn = lines;
  const shown = Array.from({length: Math.min(rows, lines - top)}, (_, i) =>
    Array.from({length: columns}, (_, c) => commands[c * perColumn + top + i]).filter(id => id !== undefined),
  );
  const below = top + rows < lines;
  const marker = below ? `more ↓ (${top + rows}/${lines}) · j k PgDn PgUp g G` : `more ↑ · k PgUp g`;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="round" borderColor={theme.focus.border} overflow="hidden">
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...theme.text.title}>
          {truncate('Keys (? or Esc to close)', inner)}
        </Text>
      </Box>
      {shown.map((ids, i) => (
        <Box key={i} flexShrink={0} height={1}>
          <Text wrap="truncate">
            {ids.map(id => (
              <Text key={id}>
                <Text {...theme.text.key}>{pad(KEYMAP[id].label, labelWidth)}</Text>
                <Text>{pad(truncate(KEYMAP[id].description, Math.max(0, colWidth - labelWidth - 1)), Math.max(0, colWidth - labelWidth))}</Text>
              </Text>
            ))}
          </Text>
        </Box>
      ))}
      {scrolls ? (
        <Box flexShrink={0} height={1}>
          <Text wrap="truncate" {...theme.text.muted}>
            {truncate(marker, inner)}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
