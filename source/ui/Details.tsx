import {Box} from 'ink';
import {Text} from './SafeText.js';
import {memo} from 'react';
import {fitLine, type Line} from './details-lines.js';
import {width as textWidth} from './text.js';
import {useTheme} from './useTheme.js';

export interface DetailsProps {
  lines: readonly Line[];
  scroll: number;
  height: number;
  width: number;
  /** Lines kept at the top while the rest scrolls under them (a review's summary while it is being confirmed). */
  sticky?: number;
}

/** The first line shown of the scrolling part: `scroll` clamped so the last page is full. */
export function scrollTop(lines: number, scroll: number, room: number): number {
  return Math.max(0, Math.min(scroll, lines - room));
}

/**
 * The marks of a scrolled window of `room` rows from `top` over `total` lines: how many lines are hidden above
 * (said on the first row) and below (on the last). One row says both.
 */
export function scrollMarks(total: number, top: number, room: number): {first: string; last: string} {
  const above = top;
  const below = Math.max(0, total - top - room);
  if (room === 1)
    return {
      first: [above > 0 ? `↑ ${above}` : '', below > 0 ? `↓ ${below}` : ''].filter(Boolean).join(' ') + (above + below > 0 ? ' more' : ''),
      last: '',
    };
  return {first: above > 0 ? `↑ ${above} more` : '', last: below > 0 ? `↓ ${below} more` : ''};
}

/**
 * The selected event in full; the lines are pre-wrapped to `width`, only the visible ones are drawn. When lines
 * are hidden, the first and last rows end with how many ("↑ 3 more", "↓ 12 more"): a cut pane never looks whole.
 */
function DetailsView({lines, scroll, height, width, sticky = 0}: DetailsProps) {
  const theme = useTheme();
  const pinned = lines.slice(0, Math.min(sticky, height));
  const rest = lines.slice(pinned.length);
  const room = Math.max(0, height - pinned.length);
  const top = scrollTop(rest.length, scroll, room);
  const marks = scrollMarks(rest.length, top, room);
  const shown = rest.slice(top, top + room);
  const visible = [
    ...pinned.map((line, i) => ({key: `s${i}`, line, mark: ''})),
    ...shown.map((line, i) => ({key: `r${top + i}`, line, mark: i === 0 ? marks.first : i === shown.length - 1 ? marks.last : ''})),
  ];
  return (
    <Box flexDirection="column">
      {visible.map(({key, line, mark}) => {
        const markWidth = mark ? textWidth(mark) + 1 : 0;
        const cut = fitLine(line, Math.max(0, width - markWidth));
        const used = cut.reduce((n, seg) => n + textWidth(seg.text), 0);
        return (
          <Box key={key} flexShrink={0} height={1}>
            <Text wrap="truncate">
              {cut.map((seg, j) => (
                <Text key={j} {...seg.style}>
                  {seg.text}
                </Text>
              ))}
              {mark ? <Text {...theme.text.accent}>{' '.repeat(Math.max(1, width - used - markWidth + 1)) + mark}</Text> : null}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}

export const Details = memo(DetailsView);
