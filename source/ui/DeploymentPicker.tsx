import {Box} from 'ink';
import {Details} from './Details.js';
import {pickerFooter, pickerLines, pickerTitle, type PickerView} from './picker-lines.js';
import {Text} from './SafeText.js';
import {truncate, width as textWidth} from './text.js';
import {useTheme} from './useTheme.js';

export interface DeploymentPickerProps {
  view: PickerView;
  width: number;
  height: number;
  /** The compact layout: no border (the terminal is small). */
  bare: boolean;
  now: number;
}

/**
 * Every Panther deployment the credentials reach, over the panes: a title (how many, where, still reading), the
 * list (two lines each, windowed: only what is in view is drawn) and the key line or the filter being typed.
 */
export function DeploymentPicker({view, width, height, bare, now}: DeploymentPickerProps) {
  const theme = useTheme();
  const inner = bare ? width : Math.max(0, width - 2);
  const lines = pickerLines(view, inner, theme, now);
  const footer = pickerFooter(view);
  const promptWidth = Math.max(0, inner - textWidth(footer.keys) - 2);
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      flexShrink={0}
      overflow="hidden"
      {...(bare ? {} : {borderStyle: 'round' as const, borderColor: theme.focus.border})}
    >
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate" {...theme.text.title}>
          {truncate(pickerTitle(view), inner)}
        </Text>
      </Box>
      <Box flexDirection="column" height={view.viewport} flexShrink={0} overflow="hidden">
        <Details lines={lines} scroll={view.top} height={view.viewport} width={inner} />
      </Box>
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate">
          {footer.prompt !== null ? (
            <Text>
              <Text {...theme.text.key}>/</Text>
              <Text>{truncate(footer.prompt, promptWidth)}</Text>
              <Text {...theme.text.accent}>█</Text>
            </Text>
          ) : null}
          <Text {...theme.text.muted}>{truncate(footer.keys, Math.max(0, inner - (footer.prompt !== null ? textWidth(footer.prompt) + 2 : 0)))}</Text>
        </Text>
      </Box>
    </Box>
  );
}
