import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {initialWalk} from '../../source/panther/upgrade-walk.js';
import {emptySnapshot} from '../../source/store/snapshot.js';
import {WalkStore} from '../../source/store/walk-store.js';
import {UpgradeApp} from '../../source/ui/UpgradeApp.js';
import {staticSource} from '../../source/ui/useSnapshot.js';

describe('the upgrade screen help overlay', () => {
  it('scrolls with j/G/g when the keys do not fit (60x15), and reopens at the top', async () => {
    const walk = new WalkStore(initialWalk({mode: 'execute', stackName: 'panther-prod', from: '1.24.3', to: '1.25.18', rungs: []}));
    const r = render(
      <UpgradeApp walk={walk} source={staticSource(emptySnapshot('panther-prod', 'us-east-2'))} onConfirm={vi.fn()} width={60} height={15} />,
    );
    const until = (check: (f: string) => void) => vi.waitFor(() => check(r.lastFrame() ?? ''), {timeout: 3000, interval: 5});
    await until(f => expect(f).toContain('Ladder'));
    // The screen's 18 commands and the shell's 3, 8 rows at a time.
    r.stdin.write('?');
    await until(f => expect(f).toContain('more ↓ (8/21)'));
    r.stdin.write('j');
    await until(f => expect(f).toContain('more ↓ (9/21)'));
    r.stdin.write('G');
    await until(f => expect(f).toContain('more ↑'));
    r.stdin.write('g');
    await until(f => expect(f).toContain('more ↓ (8/21)'));
    r.stdin.write('G');
    await until(f => expect(f).toContain('more ↑'));
    r.stdin.write('?');
    await until(f => expect(f).not.toContain('Keys (?'));
    r.stdin.write('?');
    await until(f => expect(f).toContain('more ↓ (8/21)'));
    r.unmount();
  });
});
