// The README's table of keys, written from the one keymap and each screen's own key list (the help overlays show
// the same words), so the README cannot promise a key a screen does not answer.
import {CHECKS_COMMANDS} from './checks-state.js';
import {ALL_COMMAND_IDS, KEYMAP, SHELL_COMMANDS, type CommandId} from './keymap.js';
import {WATCH_COMMANDS} from './state.js';
import {UPGRADE_COMMANDS} from './upgrade-state.js';

const SCREENS: readonly [string, readonly CommandId[]][] = [
  ['watch', WATCH_COMMANDS],
  ['upgrade', UPGRADE_COMMANDS],
  ['preflight', CHECKS_COMMANDS],
];

export function keysTable(): string {
  const rows = ALL_COMMAND_IDS.map(id => {
    const screens = SHELL_COMMANDS.includes(id)
      ? 'every screen'
      : SCREENS.filter(([, ids]) => ids.includes(id))
          .map(([name]) => name)
          .join(', ');
    const {label, description} = KEYMAP[id];
    return `| ${label
      .split(' ')
      .map(k => `\`${k.replace(/\|/g, '\\|')}\``)
      .join(' ')} | ${description} | ${screens} |`;
  });
  return ['| key | what it does | screens |', '| --- | --- | --- |', ...rows].join('\n');
}
