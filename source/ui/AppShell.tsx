import {Box, type Key} from 'ink';
import {useMemo, type ReactNode} from 'react';
import {helpCommands, type CommandId} from './keymap.js';
import {Text} from './SafeText.js';
import type {KeyUse} from './shell-state.js';
import {truncate} from './text.js';
import {ShellContext, type HelpBox, type Shell, type ShellView} from './useAppShell.js';
import {ThemeContext} from './useTheme.js';

export interface AppShellProps {
  /** From useAppShell, called by the screen (its size and theme are what the screen lays out with). */
  shell: Shell;
  /** The screen's own commands (what its reducer does); its help lists them with the shell's: ?, Ctrl-Z, q. */
  commands: readonly CommandId[];
  /** Below this terminal size the screen is not drawn: the shell says the terminal is too small. */
  minSize: {width: number; height: number};
  /** One key press, not the shell's (Ctrl-C, Ctrl-Z, or any key while the help is open): what the screen did with it. */
  onKey: (input: string, key: Key) => KeyUse;
  /** A bracketed paste's text; dropped when absent. */
  onPaste?: (text: string) => void;
  /** What the screen is, said first on a terminal too small for it. */
  headline?: string;
  /** The screen's own words for a terminal too small for what it must show; else "terminal too small (WxH)". */
  sizeMessage?: string | null;
  /** The screen: its main area in a HelpArea, which the help overlay covers while open. */
  children: ReactNode;
}

/**
 * The shell every full screen runs in: the theme, the terminal size (and the "too small" message), the keys every
 * screen shares (q quit, Ctrl-C interrupt, Ctrl-Z suspend, ? the help overlay, Esc closing it) and the overlay with
 * the screen's own key list. The screen handles only its own keys.
 */
export function AppShell({shell, commands, minSize, onKey, onPaste, headline, sizeMessage, children}: AppShellProps) {
  const help = useMemo(() => helpCommands(commands), [commands]);
  // Read by the key handler at the next key: always this render's.
  const screen = shell.screen.current;
  screen.onKey = onKey;
  screen.onPaste = onPaste;
  screen.commands = help;
  const view = useMemo<ShellView>(
    () => ({
      help: shell.state.help,
      helpScroll: shell.state.helpScroll,
      commands: help,
      place: (box: HelpBox) => {
        shell.screen.current.helpBox = box;
      },
    }),
    [shell.state.help, shell.state.helpScroll, help, shell.screen],
  );

  const w = Math.max(0, Math.floor(shell.width));
  const h = Math.max(0, Math.floor(shell.height));
  // One row less than the terminal, as every screen draws: Ink redraws everything for a frame as tall as the terminal.
  const body =
    w < minSize.width || h < minSize.height ? (
      <Box flexDirection="column" width={w} height={Math.max(1, h - 1)} overflow="hidden">
        {headline ? <Text wrap="truncate">{truncate(headline, w)}</Text> : null}
        <Text wrap="wrap">{sizeMessage ?? truncate(`terminal too small (${w}x${h})`, w)}</Text>
      </Box>
    ) : (
      children
    );
  return (
    <ThemeContext.Provider value={shell.theme}>
      <ShellContext.Provider value={view}>{body}</ShellContext.Provider>
    </ThemeContext.Provider>
  );
}
