import {describe, expect, it} from 'vitest';
import {initialShellState, shellReducer} from '../../source/ui/shell-state.js';

describe('shellReducer', () => {
  it('opens the help modally: other keys are swallowed, ? or Esc close it; q quits, open or not', () => {
    expect(shellReducer(initialShellState, 'down')).toBeNull(); // the screen's key, not the shell's
    let s = shellReducer(initialShellState, 'help')!;
    expect(s).toMatchObject({help: true, helpScroll: 0});
    expect(shellReducer(s, 'failuresOnly')).toBe(s);
    expect(shellReducer(s, null)).toBe(s);
    s = shellReducer(s, 'help')!;
    expect(s.help).toBe(false);
    s = shellReducer(shellReducer(s, 'help')!, 'back')!;
    expect(s.help).toBe(false);
    expect(shellReducer(s, 'quit')!.quit).toBe(true);
    expect(shellReducer({...s, help: true}, 'quit')!.quit).toBe(true);
  });

  it('scrolls the help overlay when it does not fit, and opens it at the top', () => {
    const size = {lines: 21, rows: 7};
    let s = shellReducer(initialShellState, 'help', size)!;
    s = shellReducer(s, 'down', size)!;
    expect(s.helpScroll).toBe(1);
    s = shellReducer(s, 'bottom', size)!;
    expect(s.helpScroll).toBe(14);
    s = shellReducer(s, 'pageUp', size)!;
    expect(s.helpScroll).toBe(8);
    s = shellReducer(s, 'back', size)!;
    s = shellReducer(s, 'help', size)!;
    expect(s).toMatchObject({help: true, helpScroll: 0});
    // Without a size (no overlay drawn yet) it does not scroll.
    expect(shellReducer(s, 'down')!.helpScroll).toBe(0);
  });
});
