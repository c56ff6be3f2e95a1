import {Box, useInput} from 'ink';
import {useEffect, useState, type ReactNode} from 'react';

/**
 * Keys that belong to the terminal, not to a screen. In raw mode the terminal sends Ctrl-C and Ctrl-Z as bytes
 * (never as SIGINT / SIGTSTP), so they are turned back into what a shell user expects here, for every screen.
 */
const BLANK_MS = 80;

export function TerminalKeys({onInterrupt, onSuspend, redraw, children}: TerminalKeysProps) {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') onInterrupt();
    else if (key.ctrl && input === 'z') onSuspend();
  });
  // Ink writes only a frame that differs from its last one: one blank frame, then the real one, repaints it all
  // (hidden, not unmounted: the screen keeps its state).
  const [blank, setBlank] = useState(false);
  useEffect(() => {
    redraw.request = () => setBlank(true);
    return () => {
      redraw.request = undefined;
    };
  }, [redraw]);
  useEffect(() => {
    if (!blank) return;
    // Held past Ink's frame throttle (~33 ms): a blank frame and the real one inside one throttle window would be
    // written as the real one alone, equal to the last frame Ink wrote, and skipped: the screen would stay empty.
    const timer = setTimeout(() => setBlank(false), BLANK_MS);
    return () => clearTimeout(timer);
  }, [blank]);
  return (
    <Box flexDirection="column" display={blank ? 'none' : 'flex'}>
      {children}
    </Box>
  );
}

export interface TerminalKeysProps {
  onInterrupt: () => void;
  onSuspend: () => void;
  redraw: {request?: () => void};
  children: ReactNode;
}
