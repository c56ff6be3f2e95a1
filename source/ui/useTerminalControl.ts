import {createContext, useContext} from 'react';

/** What only the terminal layer (run.tsx) can do: it owns the process, the alternate screen and raw mode. */
export interface TerminalControl {
  /** Ctrl-C: end the screen as an interrupt (130, as the shell's SIGINT would be). */
  interrupt(): void;
  /** Ctrl-Z: give the terminal back and stop, as the shell's SIGTSTP would. */
  suspend(): void;
}

// Outside the full screen (a test's render) there is no terminal to give back: Ctrl-C only quits, Ctrl-Z does nothing.
const NONE: TerminalControl = {interrupt: () => undefined, suspend: () => undefined};

export const TerminalControlContext = createContext<TerminalControl>(NONE);

export function useTerminalControl(): TerminalControl {
  return useContext(TerminalControlContext);
}
