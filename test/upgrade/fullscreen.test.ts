// upgradeFullScreen's exit code and stderr line when the walk fails on the console's own AWS calls. The screen
// itself is stood in for: it stays up until the walk is over (or answers the typed confirmation), then the user quits.
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {WalkState} from '../../source/panther/upgrade-walk.js';
import {flags, upgradeContext} from './helpers.js';

const screen = vi.hoisted(() => ({
  /** What the stand-in does while the walk awaits a confirmation: true confirms, false cancels (Esc). */
  onAwait: null as null | ((index: number) => boolean),
}));

vi.mock('../../source/ui/run.js', () => ({
  runFullScreen: async (_source: unknown, opts: {element: {props: {walk: {getState(): WalkState}; onConfirm(i: number, ok: boolean): void}}}) => {
    const {walk, onConfirm} = opts.element.props;
    const answered = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const state = walk.getState();
      if (['succeeded', 'planned', 'failed', 'stopped', 'cancelled'].includes(state.outcome)) return;
      if (state.outcome === 'awaiting-confirmation' && screen.onAwait && !answered.has(state.current)) {
        answered.add(state.current);
        onConfirm(state.current, screen.onAwait(state.current));
      }
      await new Promise(resolve => setTimeout(resolve, 5));
    }
  },
}));

const {upgradeFullScreen} = await import('../../source/upgrade/fullscreen.js');

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  screen.onAwait = null;
  await close?.();
  close = null;
});

describe('the full-screen walk', () => {
  it('exits 3 with one line on stderr when the credentials expire during the walk', async () => {
    const t = await upgradeContext({interactive: true});
    close = t.close;
    const session = await t.prepare(flags({execute: true}), {live: true});
    // The credentials expire once the change sets are shown: the execution's calls are refused.
    screen.onAwait = () => {
      t.sim.setFaults({expiredToken: true});
      return true;
    };
    const code = await upgradeFullScreen(session, {sleep: t.sleep});
    session.close();
    const state = session.walk.getState();
    expect(state.outcome).toBe('failed');
    expect(state.fault).toMatchObject({kind: 'expired-credentials', code: 'ExpiredToken'});
    expect(code).toBe(3);
    expect(t.err()).toMatch(/^panther-console: AWS credentials are expired or invalid \(ExpiredToken\): refresh them/);
    expect(t.err().trim().split('\n')).toHaveLength(1);
    // Deleting its change sets was tried (the credentials refused it too): the line says how to delete them.
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2, 'CloudFormation.DeleteChangeSet': 2});
    expect(state.rungs[0].message).toMatch(/could not delete .*: delete them with aws cloudformation delete-change-set --change-set-name arn:/);
  });

  it("a cancelled confirmation deletes the rung's change sets before the process exits; exit 1 and the stop said", async () => {
    const t = await upgradeContext({interactive: true});
    close = t.close;
    const session = await t.prepare(flags({execute: true}), {live: true});
    screen.onAwait = () => false;
    const code = await upgradeFullScreen(session, {sleep: t.sleep});
    session.close();
    expect(session.walk.getState().outcome).toBe('cancelled');
    expect(code).toBe(1);
    expect(t.writes()).toEqual({'CloudFormation.CreateChangeSet': 2, 'CloudFormation.DeleteChangeSet': 2});
    expect(t.err()).toMatch(/^panther-console: cancelled before executing 1\.24\.12: nothing was executed; deleted its change sets .*\n$/);
  });
});
