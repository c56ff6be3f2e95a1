import {Box} from 'ink';
import {Text} from './SafeText.js';
import type {BannerLine, BannerTone} from './banner-lines.js';
import {pad} from './text.js';
import type {Theme} from './theme.js';
import {useTheme} from './useTheme.js';

export interface BannerProps {
  /** The rows, laid out by bannerLines (banner-lines.ts). */
  lines: readonly BannerLine[];
  width: number;
}

function toneStyle(theme: Theme, tone: BannerTone): object {
  return tone === 'muted' ? theme.text.muted : theme.banner[tone];
}

export function Banner({lines, width}: BannerProps) {
  const theme = useTheme();
  return (
    <>
      {lines.map((l, i) => (
        <Box key={i} flexShrink={0} height={1}>
          <Text wrap="truncate" {...toneStyle(theme, l.tone)}>
            {pad(l.text, width)}
          </Text>
        </Box>
      ))}
    </>
  );
}
