import {Box} from 'ink';
import {Text} from './SafeText.js';
import {memo} from 'react';
import type {Line} from './details-lines.js';
import {truncate} from './text.js';

export interface DetailsProps {
  lines: readonly Line[];
  scroll: number;
  height: number;
  width: number;
  /** Lines kept at the top while the rest scrolls under them (a review's summary while it is being confirmed). */
  sticky?: number;
}

/** The selected event in full; the lines are pre-wrapped to `width`, only the visible ones are drawn. */
function DetailsView({lines, scroll, height, width, sticky = 0}: DetailsProps) {
  const pinned = lines.slice(0, Math.min(sticky, height));
  const rest = lines.slice(pinned.length);
  const room = Math.max(0, height - pinned.length);
  const top = Math.max(0, Math.min(scroll, rest.length - room));
  const visible = [...pinned.map((line, i) => ({key: `s${i}`, line})), ...rest.slice(top, top + room).map((line, i) => ({key: `r${top + i}`, line}))];
  return (
    <Box flexDirection="column">
      {visible.map(({key, line}) => (
        <Box key={key} flexShrink={0} height={1}>
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
