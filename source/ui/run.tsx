import {render} from 'ink';
import type {ReactElement} from 'react';
import {App} from './App.js';
import type {SnapshotSource} from './useSnapshot.js';

export interface FullScreenOptions {
  onQuit?: () => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Let Ink draw console output above the frame instead of tearing it (default true). */
  patchConsole?: boolean;
  /** Another screen to show instead of the watch console (e.g. the upgrade screen). */
  element?: ReactElement;
  /**
   * Bracketed paste: the terminal marks pasted text (ESC[200~ ... ESC[201~), so a screen can take a paste as text,
   * never as keys (a pasted newline is not Enter). Only for screens that read the marks (the upgrade screen).
   */
  bracketedPaste?: boolean;
  /**
   * On SIGINT, SIGTERM or SIGHUP: 'exit' (the default) restores the screen and exits 128+n at once; 'return' restores
   * it and resolves, naming the signal, so the caller can stop what it runs and say what is left (the upgrade walk).
   */
  onSignal?: 'exit' | 'return';
}

export interface FullScreenResult {
  /** The signal that ended the screen, if one did. */
  signal: NodeJS.Signals | null;
  /** 128 + the signal's number (the exit code shells expect), null without a signal. */
  signalCode: number | null;
}

const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';
const SIGNALS = {SIGINT: 2, SIGTERM: 15, SIGHUP: 1} as const;

/**
 * The console on the alternate screen. Ink 6 has no alternate-screen option, so we write the codes ourselves
 * and restore the screen however we leave: quit, SIGINT, SIGTERM, SIGHUP (then exit 128+n, as shells expect).
 * Resolves when the user quits.
 */
export function runFullScreen(source: SnapshotSource | null, opts: FullScreenOptions = {}): Promise<FullScreenResult> {
  if (!source && !opts.element) throw new Error('runFullScreen needs a snapshot source or an element');
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  stdout.write(opts.bracketedPaste ? ENTER + PASTE_ON : ENTER);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(opts.bracketedPaste ? PASTE_OFF + LEAVE : LEAVE);
  };
  const handlers = new Map<NodeJS.Signals, () => void>();
  const detach = (): void => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('exit', restore);
  };
  const result: FullScreenResult = {signal: null, signalCode: null};
  for (const [signal, n] of Object.entries(SIGNALS) as [NodeJS.Signals, number][]) {
    const handler = (): void => {
      result.signal = signal;
      result.signalCode = 128 + n;
      instance.unmount();
      restore();
      detach();
      if (opts.onSignal !== 'return') process.exit(128 + n);
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  process.on('exit', restore);

  const instance = render(opts.element ?? <App source={source!} onQuit={opts.onQuit} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: opts.patchConsole ?? true,
  });
  return instance.waitUntilExit().then(
    () => {
      restore();
      detach();
      return result;
    },
    (error: unknown) => {
      restore();
      detach();
      throw error;
    },
  );
}
