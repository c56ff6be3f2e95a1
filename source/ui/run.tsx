import {render} from 'ink';
import type {ReactElement} from 'react';
import {App, type SessionsSource} from './App.js';
import {TerminalLayer} from './TerminalLayer.js';
import type {SnapshotSource} from './useSnapshot.js';

export interface FullScreenOptions {
  onQuit?: () => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Let Ink draw console output above the frame instead of tearing it (default true). */
  patchConsole?: boolean;
  /** Another screen to show instead of the watch console (e.g. the upgrade screen), on AppShell: it reads the keys. */
  element?: ReactElement;
  /** The watch console on sessions (the deployment open, the picker, switching) instead of one source. */
  sessions?: SessionsSource;
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

function setRaw(stdin: NodeJS.ReadStream, on: boolean): void {
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(on);
}

/**
 * The console on the alternate screen. Ink 6 has no alternate-screen option, so we write the codes ourselves
 * and restore the terminal however we leave: quit, Ctrl-C (130, as SIGINT), SIGINT, SIGTERM, SIGHUP (then exit
 * 128+n, as shells expect), a crash (before its one line is printed). Ctrl-Z suspends, `fg` redraws.
 * Resolves when the user quits.
 */
export function runFullScreen(source: SnapshotSource | null, opts: FullScreenOptions = {}): Promise<FullScreenResult> {
  if (!source && !opts.element && !opts.sessions) throw new Error('runFullScreen needs a snapshot source, sessions or an element');
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const enter = opts.bracketedPaste ? ENTER + PASTE_ON : ENTER;
  const leave = opts.bracketedPaste ? PASTE_OFF + LEAVE : LEAVE;
  // While stopped, nothing may be drawn: a render timer that was due fires on SIGCONT before its handler runs, and
  // would paint on the shell's screen. Dropped frames cost nothing: the resume redraws the whole frame.
  const write = stdout.write;
  let held = false;
  const hold = (on: boolean): void => {
    if (held === on) return;
    held = on;
    stdout.write = on
      ? (((_chunk: unknown, ...rest: unknown[]) => {
          const done = rest.find(r => typeof r === 'function') as (() => void) | undefined;
          done?.();
          return true;
        }) as typeof stdout.write)
      : write;
  };
  stdout.write(enter);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    hold(false);
    stdout.write(leave);
    // Ink turns raw mode off when it unmounts; a crash may never get there, and a shell left raw echoes nothing.
    setRaw(stdin, false);
  };
  const handlers = new Map<NodeJS.Signals, () => void>();
  const onCrash = (): void => restore();
  const detach = (): void => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('exit', restore);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('SIGCONT', resume);
    process.off('SIGTSTP', suspend);
  };
  const result: FullScreenResult = {signal: null, signalCode: null};
  const end = (signal: NodeJS.Signals, n: number, exit: boolean): void => {
    result.signal = signal;
    result.signalCode = 128 + n;
    instance.unmount();
    restore();
    detach();
    if (exit) process.exit(128 + n);
  };
  for (const [signal, n] of Object.entries(SIGNALS) as [NodeJS.Signals, number][]) {
    const handler = (): void => end(signal, n, opts.onSignal !== 'return');
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  process.on('exit', restore);
  // Before the CLI's own handlers (cli.tsx), which print the crash's one line and exit: the line must land on the
  // normal screen, after the terminal is given back.
  process.prependListener('uncaughtException', onCrash);
  process.prependListener('unhandledRejection', onCrash);

  // Ctrl-Z (the key in raw mode, or SIGTSTP: sent by the terminal before raw mode is on, or by `kill -TSTP`): give
  // the terminal back as the shell expects it, then stop ourselves with the default action (our handler removed
  // first). On `fg` (SIGCONT) take it again and redraw everything: the shell drew over the screen meanwhile.
  const resume = (): void => {
    hold(false);
    if (restored) return;
    process.on('SIGTSTP', suspend);
    setRaw(stdin, true);
    stdout.write(`${enter}\x1b[H`);
    // The size may have changed while stopped; then the whole frame, drawn from the top.
    stdout.emit('resize');
    redraw.request?.();
  };
  const redraw: {request?: () => void} = {};
  const suspend = (): void => {
    process.off('SIGTSTP', suspend);
    stdout.write(leave);
    hold(true);
    setRaw(stdin, false);
    process.off('SIGCONT', resume);
    process.once('SIGCONT', resume);
    process.kill(process.pid, 'SIGTSTP');
  };
  process.on('SIGTSTP', suspend);

  const screen =
    opts.element ?? (opts.sessions ? <App sessions={opts.sessions} onQuit={opts.onQuit} /> : <App source={source!} onQuit={opts.onQuit} />);
  const instance = render(
    // Ctrl-C is an interrupt whichever screen is open (its shell reads the key): 130, as the shell's SIGINT would be.
    // It never exits here: the command stops what it runs first.
    <TerminalLayer onInterrupt={() => end('SIGINT', SIGNALS.SIGINT, false)} onSuspend={suspend} redraw={redraw}>
      {screen}
    </TerminalLayer>,
    {
      stdout,
      stdin,
      exitOnCtrlC: false,
      patchConsole: opts.patchConsole ?? true,
    },
  );
  testCrash();
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

/**
 * Test hook, for the pseudo-terminal tests only (test/commands/terminal.test.ts): PANTHER_CONSOLE_TEST_CRASH=exception
 * or =rejection crashes the open console a moment after its first frame, the way a bug would, so the tests see the
 * terminal restored before the crash's line. Undocumented for users on purpose; unset, it does nothing.
 */
function testCrash(): void {
  const kind = process.env.PANTHER_CONSOLE_TEST_CRASH;
  if (kind !== 'exception' && kind !== 'rejection') return;
  setTimeout(() => {
    const error = new Error(`test crash (${kind})`);
    if (kind === 'exception') throw error;
    void Promise.reject(error);
  }, 300);
}
