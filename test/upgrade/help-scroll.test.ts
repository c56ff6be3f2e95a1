import {describe, expect, it} from 'vitest';
import {initialWalk} from '../../source/panther/upgrade-walk.js';
import {keyOf} from '../../source/ui/keymap.js';
import type {UiContext} from '../../source/ui/state.js';
import {initialUpgradeUi, upgradeUiReducer, type UpgradeUiContext} from '../../source/ui/upgrade-state.js';

describe('the upgrade screen help overlay', () => {
  it('scrolls with j/G/g when the keys do not fit, and reopens at the top', () => {
    const walk = initialWalk({mode: 'execute', stackName: 'panther-prod', from: '1.24.3', to: '1.25.18', rungs: []});
    const panes: UiContext = {stackRows: [], rows: [], rootCauseEventId: null, viewport: {stacks: 5, timeline: 5, details: 5}, detailsLines: 0};
    const ctx: UpgradeUiContext = {walk, panes, detailsLines: 0, detailsRows: 5, help: {lines: 21, rows: 8}};
    const press = (s: ReturnType<typeof initialUpgradeUi>, input: string) => upgradeUiReducer(s, input, keyOf(), ctx)[0];
    let s = press(initialUpgradeUi(), '?');
    expect(s.help).toBe(true);
    s = press(s, 'j');
    expect(s.helpScroll).toBe(1);
    s = press(s, 'G');
    expect(s.helpScroll).toBe(13);
    s = press(s, 'g');
    expect(s.helpScroll).toBe(0);
    s = press(press(press(s, 'G'), '?'), '?');
    expect(s.helpScroll).toBe(0);
  });
});
