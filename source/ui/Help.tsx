import {Box, Text} from 'ink';
import {COMMAND_IDS, KEYMAP} from './keymap.js';
import {pad, truncate} from './text.js';
import {useTheme} from './useTheme.js';

export interface HelpProps {
  width: number;
  height: number;
}

/** Generated from the keymap, so it can never disagree with the keys. */
export function Help({width, height}: HelpProps) {
  const theme = useTheme();
  const inner = Math.max(0, width - 2);
  const room = Math.max(1, height - 3);
  const columns = COMMAND_IDS.length > room && inner >= 60 ? 2 : 1;
  const perColumn = Math.ceil(COMMAND_IDS.length / columns);
  const colWidth = Math.floor(inner / columns);
  const labelWidth = Math.min(12, Math.max(...COMMAND_IDS.map(id => KEYMAP[id].label.length)) + 2);
  const lines = Array.from({length: Math.min(perColumn, room)}, (_, i) =>
    Array.from({length: columns}, (_, c) => COMMAND_IDS[c * perColumn + i]).filter(Boolean),
  );
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} borderStyle="round" borderColor={theme.focus.border} overflow="hidden">
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...theme.text.title}>
          {truncate('Keys (? or Esc to close)', inner)}
        </Text>
      </Box>
      {lines.map((ids, i) => (
        <Box key={i} flexShrink={0} height={1}>
          <Text wrap="truncate">
            {ids.map(id => (
              <Text key={id}>
                <Text {...theme.text.key}>{pad(KEYMAP[id].label, labelWidth)}</Text>
                <Text>{pad(KEYMAP[id].description, Math.max(0, colWidth - labelWidth))}</Text>
              </Text>
            ))}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
