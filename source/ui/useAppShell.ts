import {useApp, useInput, type Key} from 'ink';
import {createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type RefObject} from 'react';
import {isInterrupt, matchCommand, splitKeys, type CommandId} from './keymap.js';
import {helpLayout} from './layout.js';
import {initialShellState, shellReducer, type HelpSize, type KeyUse, type ShellState} from './shell-state.js';
import {makeTheme, noColorFromEnv, type Theme} from './theme.js';
import {useTerminalControl} from './useTerminalControl.js';
import {useTerminalSize} from './useTerminalSize.js';

export interface AppShellOptions {
  /** The terminal size; the real terminal's (resize aware) when absent. */
  width?: number;
  height?: number;
  /** Defaults to NO_COLOR from the environment. */
  noColor?: boolean;
  onQuit?: () => void;
}

export interface HelpBox {
  width: number;
  height: number;
}

/** What the screen gives its shell at each render (AppShell and HelpArea fill it in). */
export interface ShellScreen {
  onKey: (input: string, key: Key) => KeyUse;
  onPaste?: (text: string) => void;
  /** The help overlay's commands: the screen's and the shell's. */
  commands: readonly CommandId[];
  /** Where the help overlay is drawn (the screen's HelpArea): the overlay scrolls within it. */
  helpBox: HelpBox | null;
}

export interface Shell {
  width: number;
  height: number;
  theme: Theme;
  state: ShellState;
  screen: RefObject<ShellScreen>;
}

/** What HelpArea reads from the AppShell around it. */
export interface ShellView {
  help: boolean;
  helpScroll: number;
  commands: readonly CommandId[];
  place(box: HelpBox): void;
}

export const ShellContext = createContext<ShellView | null>(null);

export function useShellView(): ShellView | null {
  return useContext(ShellContext);
}

// Bracketed paste: Ink hands over the marks (ESC stripped) and the text between them as their own inputs.
const PASTE_START = '[200~';
const PASTE_END = '[201~';

function helpSize(screen: ShellScreen): HelpSize | undefined {
  if (!screen.helpBox) return undefined;
  const h = helpLayout(screen.helpBox.width, screen.helpBox.height, screen.commands);
  return {lines: h.lines, rows: h.rows};
}

/**
 * The state of the shell every full screen runs in (render it with AppShell): the size, the theme, the help
 * overlay, and the keys. Each key goes to the screen first (it may be typing text, where q and ? are letters),
 * then to the shell when the screen passes it; Ctrl-C and Ctrl-Z are the shell's always, and while the overlay is
 * open every key is. Keys typed fast arrive as one string: they are split here, one key at a time, in order.
 */
export function useAppShell({width, height, noColor, onQuit}: AppShellOptions): Shell {
  const terminal = useTerminalSize();
  const theme = useMemo(() => makeTheme(noColor ?? noColorFromEnv()), [noColor]);
  const control = useTerminalControl();
  // A ref, not React state: the keys of one burst each see what the one before did ("?j" opens, then scrolls).
  const stateRef = useRef<ShellState>(initialShellState);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const screen = useRef<ShellScreen>({onKey: () => 'pass', commands: [], helpBox: null});
  const pasting = useRef(false);

  const onInput = useCallback(
    (input: string, key: Key) => {
      const app = screen.current;
      let s = stateRef.current;
      const interrupt = (): void => {
        control.interrupt();
        pasting.current = false;
        s = {...s, quit: true};
      };
      // A paste is text, never keys (a pasted newline is not Enter); the overlay takes none.
      const paste = (text: string): void => {
        if (!s.help && text) app.onPaste?.(text);
      };
      if (isInterrupt(input, key)) {
        interrupt();
      } else if (input.startsWith(PASTE_START)) {
        const rest = input.slice(PASTE_START.length);
        const end = rest.indexOf(PASTE_END);
        paste(end >= 0 ? rest.slice(0, end) : rest);
        pasting.current = end < 0;
      } else if (pasting.current) {
        const end = input.indexOf(PASTE_END);
        paste(end >= 0 ? input.slice(0, end) : key.return ? '' : input);
        pasting.current = end < 0;
      } else {
        for (const k of splitKeys(input, key)) {
          // Even in a burst typed into a filter or a prompt.
          if (isInterrupt(k.input, k.key)) {
            interrupt();
            break;
          }
          const command = matchCommand(k.input, k.key);
          if (command === 'suspend') {
            control.suspend();
            continue;
          }
          if (!s.help) {
            const use = app.onKey(k.input, k.key);
            if (use === 'final') break;
            if (use === 'taken') continue;
          }
          s = shellReducer(s, command, helpSize(app)) ?? s;
          if (s.quit) break;
        }
      }
      if (s === stateRef.current) return;
      stateRef.current = s;
      rerender();
    },
    [control],
  );
  useInput(onInput);

  const state = stateRef.current;
  const {exit} = useApp();
  useEffect(() => {
    if (!state.quit) return;
    onQuit?.();
    exit();
  }, [state.quit, onQuit, exit]);

  return {width: width ?? terminal.width, height: height ?? terminal.height, theme, state, screen};
}
