// Render the App at a given size, send keys, and wait for frames (never sleep).
import {render} from 'ink-testing-library';
import {vi} from 'vitest';
import {App, type AppProps} from '../../source/ui/App.js';

export const KEYS = {
  tab: '\t',
  shiftTab: '\u001B[Z',
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  pageDown: '\u001B[6~',
  backspace: '\u007F',
  ctrlC: '\u0003',
};

export function renderApp(props: AppProps & {width: number; height: number}) {
  const r = render(<App {...props} />);
  const frame = (): string => r.lastFrame() ?? '';
  const lines = (): string[] => frame().split('\n');
  /** Waits until `check` passes on the latest frame (it should throw/expect otherwise). */
  const until = async (check: (frame: string) => void, timeout = 3000): Promise<void> => {
    await vi.waitFor(() => check(frame()), {timeout, interval: 5});
  };
  /** The timeline row under the cursor. */
  const cursorLine = (): string => {
    for (const l of lines()) {
      const m = /›[◆✗ ]\d\d:\d\d:\d\d.*$/.exec(l) ?? /^›[◆✗ ].*$/.exec(l);
      if (m) return m[0];
    }
    return '';
  };
  /** The visible timeline rows (gutter, hh:mm:ss, space). */
  // A row starts right after the pane's border (or at the line start in the compact layout).
  const timelineRows = (): string[] => lines().filter(l => /(^|[│┃])[› ][◆✗ ]\d\d:\d\d:\d\d /.test(l));
  const press = (keys: string): void => {
    r.stdin.write(keys);
  };
  return {...r, frame, lines, until, cursorLine, timelineRows, press};
}
