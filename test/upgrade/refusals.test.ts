// What `upgrade` and `ladder` refuse before any write (exit 2, one line), on the simulated account through the real
// SDK: a root CloudFormation cannot update (a failed first deploy), an --approve that skips a rung, a format the walk
// does not print. `ladder` still plans a root that cannot update, and says why it cannot be upgraded.
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {ladderCommand} from '../../source/commands/ladder.js';
import {upgradeCommand} from '../../source/commands/upgrade.js';
import {changeSetsOf} from '../../source/sim/changesets.js';
import {CERT} from '../panther/fixtures.js';
import {flags, upgradeContextPerTest, WRITES} from './helpers.js';

const setup = upgradeContextPerTest();

/** Writes as the simulated account counted them (whoever sent them). */
const simWrites = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([k]) => WRITES.includes(k)));

/** A --params file with the certificate 1.29 asks for, so only the stack's status stands in the way. */
async function paramsFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'upgrade-')), 'params.json');
  await writeFile(file, JSON.stringify({ApiCertificateArn: CERT}));
  return file;
}

const ROLLED_BACK =
  'panther-prod is ROLLBACK_COMPLETE (a failed first deploy): it cannot be updated; run `panther-console postmortem -s panther-prod`, delete the stack and deploy again.';

describe('a root stack that cannot be updated (rolled-back: ROLLBACK_COMPLETE after a failed first deploy)', () => {
  it('upgrade --execute refuses with exit 2 and one line, before any write', async () => {
    const t = await setup({scenario: 'rolled-back'});
    const error = await upgradeCommand(t.ctx, flags({to: '1.29', execute: true, approve: '1.29.3', params: await paramsFile()})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe(ROLLED_BACK);
    expect(t.writes()).toEqual({});
    expect(simWrites(t.sim.calls())).toEqual({});
    expect(changeSetsOf(t.sim.world)).toHaveLength(0);
    expect(t.out()).toBe('');
  });

  it('the dry run refuses it the same way (there is nothing it could upgrade)', async () => {
    const t = await setup({scenario: 'rolled-back'});
    const error = await upgradeCommand(t.ctx, flags({to: '1.29', params: await paramsFile()})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe(ROLLED_BACK);
    expect(simWrites(t.sim.calls())).toEqual({});
  });

  it('ladder still prints the plan, with a note that says the same (exit 0)', async () => {
    const t = await setup({scenario: 'rolled-back'});
    expect(await ladderCommand(t.ctx, flags({to: '1.29'}))).toBe(0);
    expect(t.out()).toMatch(/RUNG 1\/1 +1\.29\.3 +\(from 1\.28\.7\)/);
    expect(t.out()).toContain(`  Note: ${ROLLED_BACK}\n`);
    expect(t.err()).toBe('');
    expect(simWrites(t.sim.calls())).toEqual({});
  });

  it('ladder --format json keeps the contract on stdout and says it on stderr', async () => {
    const t = await setup({scenario: 'rolled-back'});
    expect(await ladderCommand(t.ctx, flags({to: '1.29', format: 'json'}))).toBe(0);
    expect(JSON.parse(t.out()).rungs.map((r: {version: string}) => r.version)).toEqual(['1.29.3']);
    expect(t.err()).toBe(`Note: ${ROLLED_BACK}\n`);
  });
});

describe('--approve must name the first rungs, in order, with no gap', () => {
  it.each([
    ['1.25.18', '--approve 1.25.18 skips 1.24.12: approve the rungs in order from 1.24.12.'],
    ['1.27.8', '--approve 1.27.8 skips 1.24.12: approve the rungs in order from 1.24.12.'],
    ['1.24.12,1.26.9', '--approve 1.26.9 skips 1.25.18: approve the rungs in order from 1.24.12.'],
  ])('--approve %s: exit 2 and one line naming the missing rung, before any write', async (approve, message) => {
    const t = await setup();
    const error = await upgradeCommand(t.ctx, flags({to: '1.28', execute: true, approve})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe(message);
    expect(t.writes()).toEqual({});
    expect(simWrites(t.sim.calls())).toEqual({});
    expect(changeSetsOf(t.sim.world)).toHaveLength(0);
  });

  it('the first rungs, listed in any order, are executed; the walk stops before the next one, exit 1', async () => {
    const t = await setup();
    const code = await t.report(flags({to: '1.26', execute: true, approve: '1.25.18,1.24.12'}));
    expect(code, t.out()).toBe(1);
    expect(t.out()).toContain('done: Panther 1.25.18 verified');
    expect(t.out().trimEnd().split('\n').at(-1)).toBe('stopped before 1.26.9: not approved (add it to --approve to go on)');
  });
});

describe('upgrade --format', () => {
  it.each(['json', 'markdown'] as const)('%s: exit 2 and one line, before any AWS call', async format => {
    const t = await setup();
    const error = await upgradeCommand(t.ctx, flags({format, execute: true, approve: '1.24.12'})).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe('upgrade prints text; use ladder --format json for the plan');
    expect(t.clients.counter.total()).toBe(0);
    expect(t.out()).toBe('');
  });
});
