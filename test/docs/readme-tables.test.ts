// The README's command, flag and key tables are generated: from the command registry (source/commands/registry.ts)
// and the one keymap (source/ui/keymap.ts). The test fails when the README and the code drift apart;
// `UPDATE_DOCS=1 npx vitest run test/docs` writes the tables again.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {commandsTable, flagsTable} from '../../source/commands/help.js';
import {keysTable} from '../../source/ui/keys-table.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

const SECTIONS: Record<string, () => string> = {commands: commandsTable, flags: flagsTable, keys: keysTable};

/** The README with every generated section rewritten from the code. */
function regenerate(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
    out = `${out.slice(0, a + start.length)}\n${render()}\n${out.slice(b)}`;
  }
  return out;
}

describe('README.md tables', () => {
  it('are the registry and the keymap as they are in the code', () => {
    const expected = regenerate(readFileSync(readme, 'utf8'));
    if (process.env.UPDATE_DOCS) writeFileSync(readme, expected);
    expect(readFileSync(readme, 'utf8')).toBe(expected);
  });

  it('a changed flag shows up as drift (the check can fail)', () => {
    const text = regenerate(readFileSync(readme, 'utf8'));
    const tampered = text.replace('| `--port N` |', '| `--port NUMBER` |');
    expect(tampered).not.toBe(text);
    expect(regenerate(tampered)).toBe(text);
  });
});
