import {Box} from 'ink';
import {Text} from './SafeText.js';
import {Details} from './Details.js';
import type {Line} from './details-lines.js';
import {detailsOverlay} from './layout.js';
import {truncate} from './text.js';
import {useTheme} from './useTheme.js';

export interface DetailsOverlayProps {
  lines: readonly Line[];
  scroll: number;
  /** The main area it covers (the compact layout has no room for a Details pane). */
  height: number;
  width: number;
}

/** Details over the timeline in the compact layout: a title row saying how to leave, then the lines. */
export function DetailsOverlay({lines, scroll, height, width}: DetailsOverlayProps) {
  const theme = useTheme();
  const {rows} = detailsOverlay({mode: 'compact', main: height, width});
  return (
    <Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...theme.text.title}>
          {truncate('Details · Enter/Esc close · j k PgUp PgDn scroll', width)}
        </Text>
      </Box>
      <Details lines={lines} scroll={scroll} height={rows} width={width} />
    </Box>
  );
}
