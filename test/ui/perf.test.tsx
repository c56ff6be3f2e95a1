import {describe, expect, it} from 'vitest';
import {bigSnapshot} from './fixtures.js';
import {renderApp} from './helpers.js';

describe('a timeline of 20,000 events', () => {
  it('opens on the root cause and moves through every key (timings live in npm run bench)', async () => {
    const {snapshot} = bigSnapshot(20_000);
    const app = renderApp({snapshot, width: 100, height: 30});
    await app.until(() => expect(app.cursorLine()).toContain('◆'), 10_000);
    expect(app.frame()).toMatch(/· \d+\/20000 ·/);
    expect(app.frame()).toContain('ROOT CAUSE');

    const position = (): number => Number(/· (\d+)\/20000 ·/.exec(app.frame())?.[1]);
    const keys = ['j', 'j', 'k', 'n', 'N', 'G', 'g', 'e', 'f', 'f', 'j', 'j', 'j', 'k', 'k', 'j', 'G', 'e', 'j', 'k'];
    for (const key of keys) {
      const before = app.frame();
      app.press(key);
      await app.until(f => expect(f).not.toBe(before), 5000);
    }
    expect(position()).toBeGreaterThan(0);
    app.unmount();
  });
});
