import {Box, Text} from 'ink';
import {truncate} from './text.js';
import {useTheme} from './useTheme.js';

export interface ConfirmPromptProps {
  version: string;
  typed: string;
  error: string | null;
  width: number;
}

/** The typed confirmation: the user types the rung's version, Enter executes, Esc cancels. One row. */
export function ConfirmPrompt({version, typed, error, width}: ConfirmPromptProps) {
  const theme = useTheme();
  const ask = `Type ${version} and press Enter to execute (Esc cancels): `;
  const tail = error ? `  ${error}` : '';
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate">
        <Text {...theme.banner.warning}>{truncate(ask, width)}</Text>
        <Text {...theme.text.key}>{truncate(typed, Math.max(0, width - ask.length - 1))}</Text>
        <Text {...theme.text.accent}>{ask.length + typed.length < width ? '█' : ''}</Text>
        <Text {...theme.status.failed}>{truncate(tail, Math.max(0, width - ask.length - typed.length - 1))}</Text>
      </Text>
    </Box>
  );
}
