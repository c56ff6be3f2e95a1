// Defect 5 on the screen: a 10 MB status reason (timeline row, banner, details) is drawn from its capped head; the
// screen renders and the details end with how much was left out.
import {describe, expect, it} from 'vitest';
import type {Snapshot} from '../../source/store/snapshot.js';
import {DISPLAY_CAP} from '../../source/text/cap.js';
import {initialUiState} from '../../source/ui/state.js';
import {makeTheme} from '../../source/ui/theme.js';
import {createDeriver} from '../../source/ui/view-model.js';
import {failedDeployFixture} from './fixtures.js';
import {KEYS, renderApp} from './helpers.js';

function hugeReasonSnapshot(): {snapshot: Snapshot; reason: string} {
  const {snapshot, rootCause} = failedDeployFixture();
  const reason = `Resource handler returned message: "${'A'.repeat(10 * 1024 * 1024)}" END`;
  Object.assign(rootCause, {reason});
  const pm = snapshot.postMortem!;
  return {snapshot: {...snapshot, postMortem: {...pm, rootCause: {...pm.rootCause!, reason}}}, reason};
}

describe('a 10 MB status reason on the screen', () => {
  it('renders the console: the banner and the row show its head, the details scroll to its end', async () => {
    const {snapshot} = hugeReasonSnapshot();
    const app = renderApp({snapshot, width: 100, height: 30, noColor: true});
    await app.until(f => expect(f).toContain('ROOT CAUSE LogAnalysis/ProcessedDataBucket · SCP deny · AAAA'));
    expect(app.cursorLine()).toMatch(/›◆.*DataBucket.*CREATE_FAILED.*AAAA/);
    // To the Details pane, then its bottom: the reason's capped end, and what was left out.
    app.press(KEYS.tab);
    await app.until(f => expect(f).toContain('» Details'));
    app.press('G');
    await app.until(f => expect(f).toContain('control policy'));
    // Up from the bottom (the denied calls) to the end of the reason.
    const details = (): string =>
      app
        .lines()
        .filter(l => l.includes('┃'))
        .map(l => l.slice(l.indexOf('┃') + 1, l.lastIndexOf('┃')))
        .join(' ')
        .replace(/\s+/g, ' ');
    const note = /\d+ more characters; full text in --format json\)/;
    for (let i = 0; i < 40 && !note.test(details()); i++) {
      const before = app.frame();
      app.press(KEYS.up);
      await app.until(f => expect(f).not.toBe(before));
    }
    expect(details()).toMatch(note);
    expect(app.frame()).not.toContain('END');
    app.unmount();
  });

  it('lays out only the capped head in the details, ending with how much more there is', () => {
    const {snapshot, reason} = hugeReasonSnapshot();
    const vm = createDeriver()(snapshot, initialUiState(), 100, 30, makeTheme(true));
    const text = vm.details.map(line => line.map(seg => seg.text).join('')).join('\n');
    expect(text.length).toBeLessThan(3 * DISPLAY_CAP);
    expect(text.replace(/\s+/g, ' ')).toContain(`${reason.length - DISPLAY_CAP} more characters; full text in --format json`);
  });
});
