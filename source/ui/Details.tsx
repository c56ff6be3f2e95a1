import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Line} from './details-lines.js';
import {truncate} from './text.js';

export interface DetailsProps {
  lines: readonly Line[];
  scroll: number;
  height: number;
  width: number;
}

/** The selected event in full; the lines are pre-wrapped to `width`, only the visible ones are drawn. */
function DetailsView({lines, scroll, height, width}: DetailsProps) {
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const visible = lines.slice(top, top + height);
  return (
    <Box flexDirection="column">
      {visible.map((line, i) => (
        <Box key={top + i} flexShrink={0} height={1}>
          <Text wrap="truncate">
            {line.map((seg, j) => (
              <Text key={j} {...seg.style}>
                {truncate(seg.text, width)}
              </Text>
            ))}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

export const Details = memo(DetailsView);
