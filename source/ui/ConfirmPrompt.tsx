import {Box} from 'ink';
import {Text} from './SafeText.js';
import {DANGER_WORD} from '../panther/upgrade-walk.js';
import {truncate, width as textWidth} from './text.js';
import {useTheme} from './useTheme.js';

export interface ConfirmPromptProps {
  version: string;
  /** DANGER changes in the rung: then the version and the word are typed. */
  danger?: number;
  typed: string;
  error: string | null;
  width: number;
}

/** The typed confirmation: the rung's version (and `replace` for a DANGER rung), Enter executes, Esc or q cancels. */
export function ConfirmPrompt({version, danger = 0, typed, error, width}: ConfirmPromptProps) {
  const theme = useTheme();
  // A wrong entry replaces the question (the line has no room for both): what was wrong, what to type. The
  // question shortens as the typing grows, so the typed text is never cut.
  const dangerWord = `${version} ${DANGER_WORD}`;
  const candidates = error
    ? [`${error} (Esc or q cancels): `, `${error}: `]
    : danger
      ? [
          `${danger} DANGER change${danger === 1 ? '' : 's'} above. Type ${dangerWord} and press Enter to execute (Esc or q cancels): `,
          `${danger} DANGER above: type ${dangerWord}, Enter executes (Esc/q cancels): `,
          `Type ${dangerWord} + Enter (Esc cancels): `,
        ]
      : [
          `Type ${version} and press Enter to execute (Esc or q cancels): `,
          `Type ${version} + Enter to execute (Esc/q cancels): `,
          `Type ${version} + Enter: `,
        ];
  const ask = candidates.find(c => textWidth(c) + textWidth(typed) + 1 <= width) ?? candidates[candidates.length - 1];
  const used = textWidth(ask);
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate">
        <Text {...(danger || error ? theme.status.failed : theme.banner.warning)}>{truncate(ask, width)}</Text>
        <Text {...theme.text.key}>{truncate(typed, Math.max(0, width - used - 1))}</Text>
        <Text {...theme.text.accent}>{used + textWidth(typed) < width ? '█' : ''}</Text>
      </Text>
    </Box>
  );
}
