import {describe, expect, it} from 'vitest';
import type {Deployment} from '../../source/panther/deployments.js';
import {keyOf} from '../../source/ui/keymap.js';
import {pickerLines} from '../../source/ui/picker-lines.js';
import {makeTheme} from '../../source/ui/theme.js';
import {filterDeployments, openPicker, pickerKey, pickerTop, type PickerContext, type PickerState} from '../../source/ui/picker-state.js';

function deployment(stackName: string, region: string, account = '123456789012', profiles = ['prod']): Deployment {
  return {
    account,
    region,
    stackName,
    stackId: `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/1`,
    version: '1.28.7',
    versionSource: 'template',
    status: 'UPDATE_COMPLETE',
    lastOperation: 'UPDATE',
    lastOperationAt: '2026-10-29T14:08:39.000Z',
    rungsBehind: 11,
    latestVersion: '1.39.7',
    profiles,
  };
}

const list = [
  deployment('panther-eu', 'eu-west-1'),
  deployment('panther-prod', 'us-east-2'),
  deployment('panther-sandbox', 'eu-west-1', '222222222222', ['staging']),
  deployment('panther-staging', 'us-east-2', '222222222222', ['staging']),
];
const ctx: PickerContext = {deployments: list, viewport: 4, extraLines: 3};

/** Types each character (or a named key) into the picker. */
function keys(p: PickerState, ...inputs: (string | Parameters<typeof keyOf>[0])[]) {
  let state: PickerState | null = p;
  let open: Deployment | null = null;
  for (const input of inputs) {
    if (!state) break;
    const out: ReturnType<typeof pickerKey> =
      typeof input === 'string' ? pickerKey(state, input, keyOf({shift: /[A-Z]/.test(input)}), ctx) : pickerKey(state, '', keyOf(input), ctx);
    state = out.picker;
    open = out.open ?? open;
  }
  return {state, open};
}

describe('the deployment picker', () => {
  it('filters on every word, in any field, any case', () => {
    expect(filterDeployments(list, 'EU').map(d => d.stackName)).toEqual(['panther-eu', 'panther-sandbox']);
    expect(filterDeployments(list, 'staging us-east').map(d => d.stackName)).toEqual(['panther-staging']);
    expect(filterDeployments(list, '222222222222').map(d => d.stackName)).toEqual(['panther-sandbox', 'panther-staging']);
    expect(filterDeployments(list, '')).toHaveLength(4);
  });

  it('opens on the deployment shown, moves with j k and arrows, and opens the row under the cursor with Enter', () => {
    const start = openPicker(list[1]!.stackId);
    const moved = keys(start, 'j', {downArrow: true}, 'k');
    expect(moved.state?.cursor).toBe(list[2]!.stackId);
    const enter = keys(moved.state!, {return: true});
    expect(enter).toEqual({state: null, open: list[2]});
    // Past either end, the cursor stays on the last row.
    expect(keys(start, 'G', 'j', 'j').state?.cursor).toBe(list[3]!.stackId);
    expect(keys(start, 'g', 'k').state?.cursor).toBe(list[0]!.stackId);
  });

  it('types a filter after /, where j and k are letters; Esc clears it, a second Esc closes', () => {
    // "stag" would keep panther-sandbox too: its profile is staging.
    const typed = keys(openPicker(null), '/', '-', 's', 't', 'a', 'g');
    expect(typed.state).toMatchObject({filter: '-stag', typing: true, cursor: list[3]!.stackId});
    const k = keys(typed.state!, 'k');
    expect(k.state?.filter).toBe('-stagk');
    const back = keys(k.state!, {backspace: true}, {upArrow: true});
    expect(back.state).toMatchObject({filter: '-stag', cursor: list[3]!.stackId});
    expect(keys(typed.state!, {return: true}).open).toBe(list[3]);
    const cleared = keys(typed.state!, {escape: true});
    expect(cleared.state).toMatchObject({filter: '', typing: false});
    expect(keys(cleared.state!, {escape: true}).state).toBeNull();
    expect(keys(openPicker(null), 'd').state).toBeNull();
  });

  it('keeps the cursor two lines in view, and shows the lines under the list on its last row', () => {
    // 4 rows x 2 lines + 3 lines not read = 11 lines; 4 in view.
    expect(pickerTop(0, 0, 4, ctx)).toBe(0);
    expect(pickerTop(0, 2, 4, ctx)).toBe(2);
    expect(pickerTop(4, 1, 4, ctx)).toBe(2);
    expect(pickerTop(0, 3, 4, ctx)).toBe(7);
    expect(keys(openPicker(null), 'G').state?.top).toBe(7);
  });
});

describe('the picker with nothing to list', () => {
  it('says so, and that the stack open now is no Panther root (any stack can be watched)', () => {
    const report = {profiles: ['default'], regions: ['us-east-2'], deployments: [], unreadable: [], warnings: [], apiCalls: {cloudformation: 1}};
    const view = {
      rows: [],
      index: -1,
      top: 0,
      viewport: 10,
      filter: '',
      typing: false,
      listing: {state: 'read' as const, report, progress: null, error: null},
      currentStackId: 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-large/1',
      openingStackId: null,
    };
    const text = pickerLines(view as never, 100, makeTheme(true), Date.now())
      .map(line => line.map(s => s.text).join(''))
      .join('\n');
    expect(text).toBe('No Panther deployment found in 1 profile x 1 region. The stack open now is not a Panther root stack.');
  });
});
