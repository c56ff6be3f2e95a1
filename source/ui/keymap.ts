// The one key table: every command, its keys and the words the help overlay shows. Matchers are pure.
import type {Key} from 'ink';

export type CommandId =
  | 'nextPane'
  | 'prevPane'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'enter'
  | 'back'
  | 'collapse'
  | 'expand'
  | 'firstError'
  | 'nextFailure'
  | 'prevFailure'
  | 'filter'
  | 'clearText'
  | 'failuresOnly'
  | 'follow'
  | 'deployments'
  | 'pulumiBuild'
  | 'help'
  | 'suspend'
  | 'quit';

type NamedKey = 'tab' | 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape';

/** A binding: a printable character (case-sensitive), or a named key with modifiers. */
export interface KeyBinding {
  char?: string;
  name?: NamedKey;
  shift?: boolean;
  ctrl?: boolean;
}

export interface CommandSpec {
  keys: readonly KeyBinding[];
  /** How the keys read in the help overlay. */
  label: string;
  description: string;
}

/** Ctrl-C: quits like q, but as an interrupt (exit 130, as the shell's SIGINT would be). */
const INTERRUPT: KeyBinding = {char: 'c', ctrl: true};

export const KEYMAP: Readonly<Record<CommandId, CommandSpec>> = {
  nextPane: {keys: [{name: 'tab'}], label: 'Tab', description: 'next pane'},
  prevPane: {keys: [{name: 'tab', shift: true}], label: 'Shift-Tab', description: 'previous pane'},
  up: {keys: [{name: 'up'}, {char: 'k'}], label: '↑ k', description: 'move up'},
  down: {keys: [{name: 'down'}, {char: 'j'}], label: '↓ j', description: 'move down'},
  pageUp: {keys: [{name: 'pageUp'}], label: 'PgUp', description: 'page up'},
  pageDown: {keys: [{name: 'pageDown'}], label: 'PgDn', description: 'page down'},
  top: {keys: [{char: 'g'}, {name: 'home'}], label: 'g Home', description: 'go to the top'},
  bottom: {keys: [{char: 'G'}, {name: 'end'}], label: 'G End', description: 'go to the bottom'},
  // Stacks: show that subtree's timeline; Timeline: open the event's details (over the timeline on a small
  // terminal); Details: back to the timeline.
  enter: {keys: [{name: 'return'}], label: 'Enter', description: 'drill in; close details'},
  back: {keys: [{name: 'escape'}], label: 'Esc', description: 'back, clear filter, close'},
  collapse: {keys: [{name: 'left'}, {char: 'h'}], label: '← h', description: 'collapse a stack'},
  expand: {keys: [{name: 'right'}, {char: 'l'}], label: '→ l', description: 'expand a stack'},
  firstError: {keys: [{char: 'e'}], label: 'e', description: 'first error (root cause)'},
  nextFailure: {keys: [{char: 'n'}], label: 'n', description: 'next failure'},
  prevFailure: {keys: [{char: 'N'}], label: 'N', description: 'previous failure'},
  // Applied as it is typed; / again opens the applied filter selected (typing replaces it, ← → keep it to edit).
  filter: {keys: [{char: '/'}], label: '/', description: 'filter as you type; / again edits'},
  // Only while typing a filter (or a confirmation); Esc on the Timeline clears an applied filter.
  clearText: {keys: [{char: 'u', ctrl: true}], label: 'Ctrl-U', description: 'clear the typed text'},
  failuresOnly: {keys: [{char: 'f'}], label: 'f', description: 'failures only (toggle)'},
  follow: {keys: [{char: 'F'}], label: 'F', description: 'follow new events'},
  // The picker of every Panther deployment the credentials reach: Enter opens one in place of the current.
  deployments: {keys: [{char: 'd'}, {char: ':'}], label: 'd :', description: 'switch deployment'},
  // Offered when a 1.22+ deploy has no panther-pulumi build since it; asks for `build` typed first.
  pulumiBuild: {keys: [{char: 'b'}], label: 'b', description: 'start the panther-pulumi build'},
  // help, suspend and quit are the shell's (AppShell), the same on every screen: the screens' reducers ignore them.
  help: {keys: [{char: '?'}], label: '?', description: 'this help'},
  suspend: {keys: [{char: 'z', ctrl: true}], label: 'Ctrl-Z', description: 'suspend (fg resumes)'},
  // Ctrl-C also quits, as an interrupt (exit 130): see isInterrupt.
  quit: {keys: [{char: 'q'}, INTERRUPT], label: 'q Ctrl-C', description: 'quit'},
};

/** Every command, in the keymap's order: what a key can mean, and the order of every help and the README's table. */
export const ALL_COMMAND_IDS = Object.keys(KEYMAP) as CommandId[];

/** The watch console's own: its deployments and its build offer. No other screen takes them or lists them. */
export const WATCH_ONLY_COMMANDS: readonly CommandId[] = ['deployments', 'pulumiBuild'];

/** The commands every screen draws its own list from (the watch console adds WATCH_ONLY_COMMANDS). */
export const COMMAND_IDS: readonly CommandId[] = ALL_COMMAND_IDS.filter(id => !WATCH_ONLY_COMMANDS.includes(id));

/** The commands the shell handles for every screen; a screen's own list never has them. */
export const SHELL_COMMANDS: readonly CommandId[] = ['help', 'suspend', 'quit'];

export function isShellCommand(command: CommandId | null): boolean {
  return command !== null && SHELL_COMMANDS.includes(command);
}

/** A screen's help: its own commands and the shell's, in the keymap's order. */
export function helpCommands(own: readonly CommandId[]): CommandId[] {
  return ALL_COMMAND_IDS.filter(id => own.includes(id) || SHELL_COMMANDS.includes(id));
}

function namedKeyOf(key: Key): NamedKey | null {
  if (key.tab) return 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  return null;
}

function matches(binding: KeyBinding, input: string, key: Key, named: NamedKey | null): boolean {
  if (binding.name) return named === binding.name && Boolean(binding.shift) === Boolean(key.shift) && !key.ctrl;
  if (binding.char !== undefined) {
    // Ink marks upper-case letters as shifted: the character alone decides.
    return input === binding.char && Boolean(binding.ctrl) === Boolean(key.ctrl);
  }
  return false;
}

/** The command of one key press (one character), or null. */
export function matchCommand(input: string, key: Key): CommandId | null {
  const named = namedKeyOf(key);
  for (const id of ALL_COMMAND_IDS) {
    if (KEYMAP[id].keys.some(b => matches(b, input, key, named))) return id;
  }
  return null;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** A Key with only the given flags set (tests and synthetic input). */
export function keyOf(flags: Partial<Key> = {}): Key {
  return {...NO_KEY, ...flags};
}

/**
 * What one control character of a burst means: Ink recognises Enter, Backspace, Tab or Ctrl-U only when the key
 * arrives alone, so "\x7f\x7f" (Backspace held) or "1.25\r" (a paste) would otherwise read as printable text.
 */
function keyOfChar(ch: string): {input: string; key: Key} {
  switch (ch) {
    case '\r':
    case '\n':
      return {input: '', key: keyOf({return: true})};
    case '\t':
      return {input: '', key: keyOf({tab: true})};
    // Terminals send DEL (0x7f) for Backspace, some BS (0x08): both erase the character before the cursor.
    case '\x7f':
    case '\b':
      return {input: '', key: keyOf({backspace: true})};
    default:
      break;
  }
  const code = ch.codePointAt(0) ?? 0;
  // Ctrl-A..Ctrl-Z (0x01..0x1a), as Ink reports them alone: the letter with ctrl.
  if (code >= 0x01 && code <= 0x1a) return {input: String.fromCharCode(code + 0x60), key: keyOf({ctrl: true})};
  return {input: ch, key: keyOf({shift: /[A-Z]/.test(ch)})};
}

/**
 * Fast typing arrives as one string ("jjj", "\x7f\x7f", "web\r"): split it into one key press per character,
 * control characters read as the key they stand for. Named keys (escape sequences) and Ctrl combinations come
 * alone. The shell (useAppShell) splits every screen's raw input here.
 */
export function splitKeys(input: string, key: Key): {input: string; key: Key}[] {
  if (key.ctrl || namedKeyOf(key) || key.backspace || key.delete) return [{input, key}];
  if (input.length === 0) return [{input, key}];
  if (input.length === 1 && (input.codePointAt(0) ?? 0) >= 0x20) return [{input, key}];
  return Array.from(input, keyOfChar);
}

export function isInterrupt(input: string, key: Key): boolean {
  return matches(INTERRUPT, input, key, namedKeyOf(key));
}

export function commandsOf(input: string, key: Key): CommandId[] {
  const out: CommandId[] = [];
  for (const k of splitKeys(input, key)) {
    const c = matchCommand(k.input, k.key);
    if (c) out.push(c);
  }
  return out;
}
