import {Box} from 'ink';
import {useEffect, useMemo, useState, type ReactNode} from 'react';
import {TerminalControlContext} from './useTerminalControl.js';

/**
 * What the terminal layer gives every screen: Ctrl-C and Ctrl-Z (in raw mode the terminal sends them as bytes, never
 * as SIGINT / SIGTSTP: the screen's shell reads the keys and asks for these), and the full redraw after `fg`.
 */
const BLANK_MS = 80;

export function TerminalLayer({onInterrupt, onSuspend, redraw, children}: TerminalLayerProps) {
  const control = useMemo(() => ({interrupt: onInterrupt, suspend: onSuspend}), [onInterrupt, onSuspend]);
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
    <TerminalControlContext.Provider value={control}>
      <Box flexDirection="column" display={blank ? 'none' : 'flex'}>
        {children}
      </Box>
    </TerminalControlContext.Provider>
  );
}

export interface TerminalLayerProps {
  onInterrupt: () => void;
  onSuspend: () => void;
  redraw: {request?: () => void};
  children: ReactNode;
}
