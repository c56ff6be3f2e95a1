import {Box} from 'ink';
import {Text} from './SafeText.js';
import {truncate, width as textWidth} from './text.js';
import {useTheme} from './useTheme.js';

export interface BuildPromptProps {
  project: string;
  /** Where it runs (account or profile, region): said in the question, the account is what changes. */
  where: string;
  typed: string;
  error: string | null;
  width: number;
}

/**
 * The typed confirmation of the panther-pulumi build, in the status bar's row: `build` (or the project's name) and
 * Enter starts it, Esc cancels. The question shortens as the typing grows, so the typed text is never cut.
 */
export function BuildPrompt({project, where, typed, error, width}: BuildPromptProps) {
  const theme = useTheme();
  const at = where ? ` in ${where}` : '';
  const candidates = error
    ? [`${error} (Esc cancels): `, `${error}: `]
    : [
        `Start the ${project} build${at}? Type build and press Enter (Esc cancels): `,
        `Start ${project}${at}? Type build + Enter (Esc cancels): `,
        `Start the ${project} build? Type build + Enter (Esc cancels): `,
        `Type build + Enter (Esc cancels): `,
        'build + Enter: ',
      ];
  const ask = candidates.find(c => textWidth(c) + textWidth(typed) + 1 <= width) ?? candidates[candidates.length - 1]!;
  const used = textWidth(ask);
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate">
        <Text {...(error ? theme.status.failed : theme.banner.warning)}>{truncate(ask, width)}</Text>
        <Text {...theme.text.key}>{truncate(typed, Math.max(0, width - used - 1))}</Text>
        <Text {...theme.text.accent}>{used + textWidth(typed) < width ? '█' : ''}</Text>
      </Text>
    </Box>
  );
}
