// The shell the three full screens share (AppShell): the same keys and the same "too small" message on each, with
// each screen's own key list in its help.
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {describe, expect, it, vi} from 'vitest';
import {initialWalk} from '../../source/panther/upgrade-walk.js';
import {emptySnapshot} from '../../source/store/snapshot.js';
import {WalkStore} from '../../source/store/walk-store.js';
import {App} from '../../source/ui/App.js';
import {ChecksApp} from '../../source/ui/ChecksApp.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {UpgradeApp} from '../../source/ui/UpgradeApp.js';
import {staticSource} from '../../source/ui/useSnapshot.js';
import {failedDeployFixture} from './fixtures.js';
import {preflightReport} from './preflight-fixture.js';

type Size = {width: number; height: number};

const report = preflightReport;

const walk = () => new WalkStore(initialWalk({mode: 'execute', stackName: 'panther-prod', from: '1.24.3', to: '1.25.18', rungs: []}));

interface Screen {
  render(size: Size, onQuit: () => void): ReactElement;
  /** On the first frame. */
  ready: string;
  /** Keys of this screen only, and keys it does not take (its help must not list them). */
  own: string[];
  notOwn: string[];
  /** A size just too small for it. */
  tooSmall: Size;
}

const SCREENS: Record<string, Screen> = {
  'the watch console': {
    render: (size, onQuit) => <App snapshot={failedDeployFixture().snapshot} {...size} onQuit={onQuit} noColor />,
    ready: 'ROOT CAUSE',
    own: [KEYMAP.filter.description, KEYMAP.collapse.description],
    notOwn: [],
    tooSmall: {width: 80, height: 4},
  },
  'the upgrade walk': {
    render: (size, onQuit) => (
      <UpgradeApp
        walk={walk()}
        source={staticSource(emptySnapshot('panther-prod', 'us-east-2'))}
        onConfirm={vi.fn()}
        {...size}
        onQuit={onQuit}
        noColor
      />
    ),
    ready: 'Ladder',
    own: [KEYMAP.collapse.description, KEYMAP.follow.description],
    notOwn: [KEYMAP.filter.description],
    tooSmall: {width: 80, height: 6},
  },
  'the preflight checks': {
    render: (size, onQuit) => <ChecksApp report={report} {...size} onQuit={onQuit} noColor />,
    ready: '›✗ Legacy role PantherAuditRole-us-east-2',
    own: [KEYMAP.nextFailure.description],
    notOwn: [KEYMAP.filter.description, KEYMAP.collapse.description, KEYMAP.follow.description],
    tooSmall: {width: 80, height: 8},
  },
};

describe('the shell of every full screen', () => {
  it.each(Object.keys(SCREENS))('%s: ? opens its help, Esc closes it, q quits; a terminal too small says so', async name => {
    const screen = SCREENS[name]!;
    const onQuit = vi.fn();
    const app = render(screen.render({width: 100, height: 30}, onQuit));
    const until = (check: (f: string) => void) => vi.waitFor(() => check(app.lastFrame() ?? ''), {timeout: 3000, interval: 5});
    await until(f => expect(f).toContain(screen.ready));
    const before = app.lastFrame();

    app.stdin.write('?');
    await until(f => expect(f).toContain('Keys (? or Esc to close)'));
    // Its own keys, and the shell's: the same on every screen.
    for (const words of [...screen.own, KEYMAP.help.description, KEYMAP.suspend.description, KEYMAP.quit.description]) {
      expect(app.lastFrame()).toContain(words);
    }
    for (const words of screen.notOwn) expect(app.lastFrame()).not.toContain(words);
    expect(app.lastFrame()!.split('\n')).toHaveLength(29);

    app.stdin.write('\u001B');
    await until(f => expect(f).not.toContain('Keys (?'));
    expect(app.lastFrame()).toBe(before);

    app.stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalledTimes(1));
    app.unmount();

    const {width, height} = screen.tooSmall;
    const small = render(screen.render(screen.tooSmall, vi.fn()));
    await vi.waitFor(() => expect(small.lastFrame()).toContain(`terminal too small (${width}x${height})`), {timeout: 3000, interval: 5});
    expect(small.lastFrame()!.split('\n').length).toBeLessThanOrEqual(height - 1);
    small.unmount();
  });
});
