import {Box} from 'ink';
import {Text} from './SafeText.js';
import type {ReactNode} from 'react';
import {truncate} from './text.js';
import {useTheme} from './useTheme.js';

export interface PaneProps {
  title: string;
  focused: boolean;
  width: number;
  height: number;
  children: ReactNode;
}

/** A bordered pane with a one-line title; the border marks focus (and, without colour, the title does). */
export function Pane({title, focused, width, height, children}: PaneProps) {
  const theme = useTheme();
  const mark = theme.noColor && focused ? '» ' : '';
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      flexShrink={0}
      borderStyle={focused ? 'bold' : 'round'}
      borderColor={focused ? theme.focus.border : theme.focus.blurred}
      overflow="hidden"
    >
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...(focused ? theme.text.title : theme.text.muted)}>
          {truncate(mark + title, width - 2)}
        </Text>
      </Box>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
