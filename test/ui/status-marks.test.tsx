import {describe, expect, it} from 'vitest';
import {failedDeployFixture} from './fixtures.js';
import {renderApp} from './helpers.js';

// What the status bar says about where the data comes from: a recorded bundle is marked as one, and what the
// console worked around while reading is said, not hidden.
describe('the status bar', () => {
  it('marks a replayed bundle with REPLAY and when it was recorded, instead of a poll state', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot: {...snapshot, replay: {recordedAt: '2026-11-02T14:40:31.000Z'}}, width: 120, height: 30});
    await app.until(f => expect(f).toContain('REPLAY 2026-11-02 14:40 · '));
    const bar = app.lines().find(l => l.includes('REPLAY'))!;
    expect(bar).toMatch(/ · recorded · API \d+/);
    expect(bar).not.toMatch(/waiting|polling/);
  });

  it('is not marked on a live account', async () => {
    const {snapshot} = failedDeployFixture();
    const app = renderApp({snapshot, width: 120, height: 30});
    await app.until(f => expect(f).toContain('ROOT CAUSE'));
    expect(app.frame()).not.toContain('REPLAY');
  });

  it('shows the latest paging warning', async () => {
    const {snapshot} = failedDeployFixture();
    const warnings = [
      'DescribeStackEvents of panther-prod: AWS returned a page token it had already returned; stopped after 3 pages (the rest may be missing).',
    ];
    const app = renderApp({snapshot: {...snapshot, warnings}, width: 200, height: 30});
    await app.until(f => expect(f).toContain('warning: DescribeStackEvents of panther-prod: AWS returned a page token'));
  });
});
