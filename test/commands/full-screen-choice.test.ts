import {describe, expect, it} from 'vitest';
import {canDrawFullScreen} from '../../source/commands/context.js';

// Where the full screen may open (watch, demo, upgrade, preflight all read ctx.interactive, made from this).
describe('canDrawFullScreen', () => {
  const tty = {isTTY: true};
  it('needs both ends on a terminal', () => {
    expect(canDrawFullScreen(tty, tty, {TERM: 'xterm-256color'}, 'linux')).toBe(true);
    expect(canDrawFullScreen({isTTY: false}, tty, {TERM: 'xterm-256color'}, 'linux')).toBe(false);
    expect(canDrawFullScreen(tty, {}, {TERM: 'xterm-256color'}, 'linux')).toBe(false);
  });

  it('refuses a terminal that cannot address its cursor: TERM=dumb, or no TERM on Unix', () => {
    expect(canDrawFullScreen(tty, tty, {TERM: 'dumb'}, 'linux')).toBe(false);
    expect(canDrawFullScreen(tty, tty, {}, 'linux')).toBe(false);
    expect(canDrawFullScreen(tty, tty, {TERM: ''}, 'darwin')).toBe(false);
    // Windows terminals set no TERM and draw fine.
    expect(canDrawFullScreen(tty, tty, {}, 'win32')).toBe(true);
    expect(canDrawFullScreen(tty, tty, {TERM: 'screen'}, 'linux')).toBe(true);
  });
});
