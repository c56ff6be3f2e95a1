import {describe, expect, it} from 'vitest';
import {buildTimeline} from '../../source/domain/timeline.js';
import {buildStackTree, flattenTree, shortNames, subtreeIds} from '../../source/domain/tree.js';
import {commandsOf, KEYMAP, keyOf, matchCommand, splitKeys} from '../../source/ui/keymap.js';
import {initialUiState, timelineIndex, timelineTop, uiReducer, windowTop, type UiContext, type UiState} from '../../source/ui/state.js';
import {failedDeployFixture} from './fixtures.js';

function setup(state: Partial<UiState> = {}) {
  const f = failedDeployFixture();
  const tree = buildStackTree(f.snapshot)!;
  const rows = buildTimeline(f.snapshot.events, subtreeIds(tree), {shortNames: shortNames(tree)});
  const ctx: UiContext = {
    stackRows: flattenTree(tree),
    rows,
    rootCauseEventId: f.rootCause.eventId,
    viewport: {stacks: 10, timeline: 10, details: 5},
    detailsLines: 20,
  };
  let s = initialUiState(state);
  const run = (...commands: Parameters<typeof matchCommand>[0][]) => {
    for (const input of commands) {
      for (const command of commandsOf(input, keyOf())) s = uiReducer(s, {type: 'command', command}, ctx);
    }
    return s;
  };
  const cmd = (command: Parameters<typeof uiReducer>[1] & {type: 'command'}) => (s = uiReducer(s, command, ctx));
  const selected = () => rows[timelineIndex(s, ctx)];
  return {
    f,
    ctx,
    rows,
    run,
    cmd,
    selected,
    get state() {
      return s;
    },
  };
}

describe('uiReducer', () => {
  it('opens on the root cause, a third of the way down', () => {
    const t = setup();
    expect(t.selected().event.eventId).toBe(t.f.rootCause.eventId);
    const i = timelineIndex(t.state, t.ctx);
    expect(timelineTop(t.state, t.ctx)).toBe(i - 3);
  });

  it('moves with j/k and keeps the cursor visible; e comes back to the root cause', () => {
    const t = setup();
    t.run('g');
    expect(timelineIndex(t.state, t.ctx)).toBe(0);
    expect(timelineTop(t.state, t.ctx)).toBe(0);
    t.run('jjjjjjjjjjjj');
    expect(timelineIndex(t.state, t.ctx)).toBe(12);
    expect(timelineTop(t.state, t.ctx)).toBe(3);
    t.run('e');
    expect(t.selected().event.eventId).toBe(t.f.rootCause.eventId);
  });

  it('steps through failures with n and N, skipping cancellations', () => {
    const t = setup();
    t.run('n');
    expect(t.selected().event.eventId).toBe(t.f.webFailure.eventId);
    t.run('n');
    expect(t.selected().event.reason).toMatch(/^Embedded stack .*Web/);
    t.run('N', 'N');
    expect(t.selected().event.eventId).toBe(t.f.rootCause.eventId);
    expect(t.state.note).toBeNull();
  });

  it('n and N wrap around the ends, and say so once in a note', () => {
    const t = setup();
    const failures = t.rows.flatMap((r, i) => (r.kind === 'failure' ? [i] : []));
    t.run('G');
    t.run('N');
    expect(timelineIndex(t.state, t.ctx)).toBe(failures.at(-1));
    expect(t.state.note).toBeNull();
    t.run('n');
    expect(timelineIndex(t.state, t.ctx)).toBe(failures[0]);
    expect(t.state.note).toBe('wrapped to the first failure');
    t.run('N');
    expect(timelineIndex(t.state, t.ctx)).toBe(failures.at(-1));
    expect(t.state.note).toBe('wrapped to the last failure');
    t.run('k');
    expect(t.state.note).toBeNull(); // the next key takes it away
  });

  it('cycles focus with Tab and Shift-Tab', () => {
    const t = setup();
    expect(t.state.focus).toBe('timeline');
    t.cmd({type: 'command', command: 'nextPane'});
    expect(t.state.focus).toBe('details');
    t.cmd({type: 'command', command: 'nextPane'});
    expect(t.state.focus).toBe('stacks');
    t.cmd({type: 'command', command: 'prevPane'});
    expect(t.state.focus).toBe('details');
  });

  it('Enter on a stack selects its subtree and focuses the timeline; Esc widens again', () => {
    const t = setup({focus: 'stacks'});
    t.run('jj');
    expect(t.state.stackCursor).toBe(t.f.nested.BootstrapGateway.stackId);
    t.cmd({type: 'command', command: 'enter'});
    expect(t.state.selectedStackId).toBe(t.f.nested.BootstrapGateway.stackId);
    expect(t.state.focus).toBe('timeline');
    expect(t.state.cursor).toEqual({mode: 'auto'});
    t.cmd({type: 'command', command: 'back'});
    expect(t.state.focus).toBe('stacks');
    t.cmd({type: 'command', command: 'back'});
    expect(t.state.selectedStackId).toBeNull();
  });

  it('Enter on the timeline opens Details, which scrolls within its lines', () => {
    const t = setup();
    t.cmd({type: 'command', command: 'enter'});
    expect(t.state.focus).toBe('details');
    t.run('j', 'j');
    expect(t.state.detailsScroll).toBe(2);
    t.run('G');
    expect(t.state.detailsScroll).toBe(15);
    t.cmd({type: 'command', command: 'back'});
    expect(t.state.focus).toBe('timeline');
  });

  it('collapses and expands a stack', () => {
    const t = setup({focus: 'stacks'});
    t.run('jj', 'h');
    expect(t.state.collapsed.has(t.f.nested.BootstrapGateway.stackId)).toBe(true);
    t.run('l');
    expect(t.state.collapsed.size).toBe(0);
  });

  it('edits, applies and cancels a filter', () => {
    const t = setup();
    t.run('/');
    expect(t.state.filterDraft).toBe('');
    let s = t.state;
    for (const ch of 'Web') s = uiReducer(s, {type: 'filterKey', input: ch, key: keyOf()}, t.ctx);
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({backspace: true})}, t.ctx);
    expect(s.filterDraft).toBe('We');
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({return: true})}, t.ctx);
    expect(s).toMatchObject({filter: 'We', filterDraft: null});
    s = uiReducer(s, {type: 'command', command: 'filter'}, t.ctx);
    s = uiReducer(s, {type: 'filterKey', input: 'xyz', key: keyOf()}, t.ctx);
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({escape: true})}, t.ctx);
    expect(s).toMatchObject({filter: 'We', filterDraft: null});
  });

  it('filters as the text is typed; / again opens the applied filter selected, so typing replaces it', () => {
    const t = setup();
    t.run('/');
    let s = t.state;
    for (const ch of 'Web') s = uiReducer(s, {type: 'filterKey', input: ch, key: keyOf()}, t.ctx);
    expect(s).toMatchObject({filter: 'Web', filterDraft: 'Web'}); // applied before Enter
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({return: true})}, t.ctx);
    s = uiReducer(s, {type: 'command', command: 'filter'}, t.ctx);
    expect(s).toMatchObject({filterDraft: 'Web', filterSelected: true});
    s = uiReducer(s, {type: 'filterKey', input: 'C', key: keyOf({shift: true})}, t.ctx);
    expect(s).toMatchObject({filterDraft: 'C', filter: 'C', filterSelected: false});
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({escape: true})}, t.ctx);
    expect(s).toMatchObject({filter: 'Web', filterDraft: null}); // Esc puts back what was applied
    // Selected, → keeps the text to edit; Backspace on the selection clears it.
    s = uiReducer(s, {type: 'command', command: 'filter'}, t.ctx);
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({rightArrow: true})}, t.ctx);
    s = uiReducer(s, {type: 'filterKey', input: 'S', key: keyOf({shift: true})}, t.ctx);
    expect(s.filterDraft).toBe('WebS');
    s = uiReducer(s, {type: 'command', command: 'filter'}, t.ctx);
    s = uiReducer({...s, filterSelected: true}, {type: 'filterKey', input: '', key: keyOf({backspace: true})}, t.ctx);
    expect(s).toMatchObject({filterDraft: '', filter: ''});
  });

  it('clearing a filter keeps the event under the cursor selected', () => {
    const t = setup();
    t.run('/');
    let s = t.state;
    for (const ch of 'Web') s = uiReducer(s, {type: 'filterKey', input: ch, key: keyOf()}, t.ctx);
    s = uiReducer(s, {type: 'filterKey', input: '', key: keyOf({return: true})}, t.ctx);
    // The rows the filter leaves (the reducer's context follows them), and the cursor moved onto one of them.
    const f = t.f;
    const tree = buildStackTree(f.snapshot)!;
    const filtered = buildTimeline(f.snapshot.events, subtreeIds(tree), {shortNames: shortNames(tree), filter: 'Web'});
    const ctx = {...t.ctx, rows: filtered};
    s = uiReducer(s, {type: 'command', command: 'down'}, ctx);
    s = uiReducer(s, {type: 'command', command: 'down'}, ctx);
    const chosen = filtered[timelineIndex(s, ctx)]!.event.eventId;
    s = uiReducer(s, {type: 'command', command: 'back'}, ctx);
    expect(s.filter).toBe('');
    expect(t.rows[timelineIndex(s, t.ctx)]!.event.eventId).toBe(chosen);
    // The same when the typed text is erased to nothing.
    s = uiReducer(s, {type: 'input', input: '/Web', key: keyOf()}, t.ctx);
    s = uiReducer(s, {type: 'command', command: 'down'}, ctx);
    const again = filtered[timelineIndex(s, ctx)]!.event.eventId;
    s = uiReducer(s, {type: 'filterKey', input: 'u', key: keyOf({ctrl: true})}, ctx);
    expect(s.filter).toBe('');
    expect(t.rows[timelineIndex(s, t.ctx)]!.event.eventId).toBe(again);
  });

  it('in the compact layout Enter and Tab open Details over the timeline; j k scroll it; Enter or Esc close it', () => {
    const t = setup();
    const compact: UiContext = {...t.ctx, visiblePanes: ['timeline', 'details'], detailsOverlay: true};
    let s = uiReducer(t.state, {type: 'command', command: 'enter'}, compact);
    expect(s.focus).toBe('details');
    s = uiReducer(s, {type: 'command', command: 'down'}, compact);
    expect(s.detailsScroll).toBe(1);
    s = uiReducer(s, {type: 'command', command: 'enter'}, compact);
    expect(s.focus).toBe('timeline');
    s = uiReducer(s, {type: 'command', command: 'nextPane'}, compact);
    expect(s.focus).toBe('details');
    s = uiReducer(s, {type: 'command', command: 'back'}, compact);
    expect(s.focus).toBe('timeline');
  });

  it("toggles failures only and follows; the shell's keys (?, q, Ctrl-Z) change nothing here", () => {
    const t = setup();
    t.run('f');
    expect(t.state.failuresOnly).toBe(true);
    t.run('F');
    expect(t.state.cursor).toEqual({mode: 'follow'});
    expect(timelineIndex(t.state, t.ctx)).toBe(t.rows.length - 1);
    const before = t.state;
    t.run('?', 'q', '\x1a');
    expect(t.state).toBe(before);
  });

  it('Esc on the Timeline clears an applied filter and failures only first, then goes back to Stacks', () => {
    const t = setup({filter: 'Web', failuresOnly: true});
    t.cmd({type: 'command', command: 'back'});
    expect(t.state).toMatchObject({filter: '', failuresOnly: false, focus: 'timeline'});
    t.cmd({type: 'command', command: 'back'});
    expect(t.state.focus).toBe('stacks');
  });

  it('keeps every key on the Timeline when it is the only pane on screen', () => {
    const t = setup();
    const compact: UiContext = {...t.ctx, visiblePanes: ['timeline']};
    let s = t.state;
    for (const command of ['nextPane', 'prevPane', 'enter', 'back'] as const) {
      s = uiReducer(s, {type: 'command', command}, compact);
      expect(s.focus).toBe('timeline');
    }
    // A pane that went off screen (the terminal shrank) gives its keys to the timeline.
    s = uiReducer({...s, focus: 'stacks'}, {type: 'command', command: 'top'}, compact);
    expect(s.focus).toBe('timeline');
    expect(timelineIndex(s, compact)).toBe(0);
  });

  it('falls back to the first error when a pinned event is filtered away', () => {
    const t = setup();
    t.run('g');
    const hidden = {...t.ctx, rows: t.rows.filter((_, i) => i !== 0)};
    expect(hidden.rows[timelineIndex(t.state, hidden)].event.eventId).toBe(t.f.rootCause.eventId);
  });
});

describe('windowTop', () => {
  it('keeps the cursor inside the window', () => {
    expect(windowTop(0, 15, 10, 100)).toBe(6);
    expect(windowTop(20, 15, 10, 100)).toBe(15);
    expect(windowTop(null, 50, 9, 100)).toBe(47);
    expect(windowTop(null, 99, 10, 100)).toBe(90);
    expect(windowTop(5, 3, 10, 8)).toBe(0);
  });
});

describe('keymap', () => {
  it('matches keys to commands, case-sensitively for letters', () => {
    expect(matchCommand('j', keyOf())).toBe('down');
    expect(matchCommand('', keyOf({downArrow: true}))).toBe('down');
    expect(matchCommand('n', keyOf())).toBe('nextFailure');
    expect(matchCommand('N', keyOf({shift: true}))).toBe('prevFailure');
    expect(matchCommand('G', keyOf({shift: true}))).toBe('bottom');
    expect(matchCommand('', keyOf({tab: true}))).toBe('nextPane');
    expect(matchCommand('', keyOf({tab: true, shift: true}))).toBe('prevPane');
    expect(matchCommand('c', keyOf({ctrl: true}))).toBe('quit');
    expect(matchCommand('c', keyOf())).toBeNull();
    expect(matchCommand('x', keyOf())).toBeNull();
  });

  it('splits fast keys typed as one string', () => {
    expect(commandsOf('jjj', keyOf())).toEqual(['down', 'down', 'down']);
    expect(commandsOf('jNx', keyOf())).toEqual(['down', 'prevFailure']);
  });

  it('reads the control characters of a burst as the keys they stand for (Backspace held, a paste ending in Enter)', () => {
    expect(splitKeys('\x7f\x7f', keyOf())).toEqual([
      {input: '', key: keyOf({backspace: true})},
      {input: '', key: keyOf({backspace: true})},
    ]);
    expect(splitKeys('a\b\r', keyOf()).map(k => k.key.backspace || k.key.return || k.input)).toEqual(['a', true, true]);
    expect(splitKeys('\t\t', keyOf()).every(k => k.key.tab)).toBe(true);
    expect(commandsOf('j\x15', keyOf())).toEqual(['down', 'clearText']);
    // Ink's own reading of a key that came alone is kept.
    expect(splitKeys('\x7f', keyOf({delete: true}))).toEqual([{input: '\x7f', key: keyOf({delete: true})}]);
    expect(splitKeys('N', keyOf({shift: true}))).toEqual([{input: 'N', key: keyOf({shift: true})}]);
  });

  it('lists Ctrl-U, which clears the typed text', () => {
    expect(matchCommand('u', keyOf({ctrl: true}))).toBe('clearText');
    expect(KEYMAP.clearText).toMatchObject({label: 'Ctrl-U', description: 'clear the typed text'});
  });
});

describe('raw input', () => {
  it('erases one character per Backspace when several arrive in one chunk', () => {
    const t = setup();
    let s = uiReducer(t.state, {type: 'input', input: '/WebServicxx', key: keyOf()}, t.ctx);
    s = uiReducer(s, {type: 'input', input: '\x7f\x7f', key: keyOf()}, t.ctx);
    expect(s.filterDraft).toBe('WebServic');
    s = uiReducer(s, {type: 'input', input: '\b\b', key: keyOf()}, t.ctx);
    expect(s.filterDraft).toBe('WebServ');
    s = uiReducer(s, {type: 'input', input: 'ice\x7fe\r', key: keyOf()}, t.ctx);
    expect(s).toMatchObject({filter: 'WebService', filterDraft: null});
    s = uiReducer(s, {type: 'input', input: '/abc', key: keyOf()}, t.ctx);
    s = uiReducer(s, {type: 'input', input: 'u', key: keyOf({ctrl: true})}, t.ctx);
    expect(s.filterDraft).toBe('');
  });

  it('reads a burst like "/Web" as the filter command followed by typed text', () => {
    const t = setup();
    let s = uiReducer(t.state, {type: 'input', input: '/Web', key: keyOf()}, t.ctx);
    expect(s.filterDraft).toBe('Web');
    s = uiReducer(s, {type: 'input', input: '\r', key: keyOf({return: true})}, t.ctx);
    expect(s).toMatchObject({filter: 'Web', filterDraft: null});
    s = uiReducer(s, {type: 'input', input: 'jjf', key: keyOf()}, t.ctx);
    expect(s.failuresOnly).toBe(true);
  });
});
