import {truncate} from '../text/layout.js';

/**
 * A one-line progress indicator on stderr for long fetches in text mode. Silent when stderr is not a terminal, so
 * pipes and CI logs stay clean.
 */
export function progressLine(stderr: NodeJS.WriteStream): {update(message: string): void; done(): void} {
  const enabled = Boolean(stderr.isTTY);
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let i = 0;
  let shown = false;
  return {
    update(message) {
      if (!enabled) return;
      const width = Math.max(10, (stderr.columns ?? 80) - 4);
      // Messages name stacks: untrusted text, sanitised (by truncate) before it reaches the terminal, and cut to the
      // line's columns (a wider message would wrap, and \r would then clear only its last line).
      stderr.write(`\r\x1b[2K${frames[i++ % frames.length]} ${truncate(message, width)}`);
      shown = true;
    },
    done() {
      if (enabled && shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
