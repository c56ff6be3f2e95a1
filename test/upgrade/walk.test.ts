// The walk's state machine on its own: rung states, what may follow what, and the guards that keep writes behind a
// confirmation.
import {describe, expect, it} from 'vitest';
import {planLadder} from '../../source/panther/ladder.js';
import {
  assertMayExecute,
  confirmationMatches,
  initialWalk,
  parseApprove,
  plannedSummary,
  updateProgress,
  walkReducer,
  type WalkEvent,
  type WalkState,
} from '../../source/panther/upgrade-walk.js';
import type {StackEvent} from '../../source/domain/types.js';
import {defaultCatalog} from '../../source/panther/catalog.js';

const ladder = planLadder({from: '1.24.3', to: '1.26', catalog: defaultCatalog(), region: 'us-east-2', parameters: null});
const start = (mode: WalkState['mode']) => initialWalk({mode, stackName: 'panther-prod', from: ladder.from, to: ladder.to, rungs: ladder.rungs});
const run = (state: WalkState, events: WalkEvent[]) => events.reduce(walkReducer, state);
const summary = plannedSummary({
  target: 'root',
  stackName: 'panther-prod',
  templateUrl: 'https://x/v1.24.12/panther.yml',
  parameters: [{key: 'A', fate: 'kept', value: '1', previous: '1', source: null, description: '', noEcho: false}],
});

describe('the upgrade walk', () => {
  it('starts with every rung pending', () => {
    const s = start('execute');
    expect(s.rungs.map(r => [r.version, r.state])).toEqual([
      ['1.24.12', 'pending'],
      ['1.25.18', 'pending'],
      ['1.26.9', 'pending'],
    ]);
    expect(s.outcome).toBe('running');
  });

  it('walks a rung: change set ready, confirmed, executing, building, verified, done; then the next', () => {
    let s = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {type: 'summary', index: 0, summary},
      {type: 'awaiting-confirmation', index: 0},
    ]);
    expect(s.rungs[0].state).toBe('change-set-ready');
    expect(s.outcome).toBe('awaiting-confirmation');
    expect(() => assertMayExecute(s, 0)).toThrow(/not confirmed/);
    s = run(s, [{type: 'confirmed', index: 0, by: 'typed'}]);
    expect(() => assertMayExecute(s, 0)).not.toThrow();
    s = run(s, [
      {type: 'executing', index: 0, target: 'root'},
      {type: 'stack-status', index: 0, target: 'root', status: 'UPDATE_COMPLETE'},
      {type: 'build-started', index: 0, id: 'panther-pulumi:1'},
      {type: 'build-status', index: 0, status: 'SUCCEEDED', phase: 'COMPLETED'},
      {type: 'verifying', index: 0},
      {type: 'verified', index: 0, version: '1.24.12'},
    ]);
    expect(s.rungs[0].state).toBe('done');
    expect(s.log).toContain('  done: Panther 1.24.12 verified (the deployed template)');
    s = walkReducer(s, {type: 'rung-started', index: 1});
    expect(s.current).toBe(1);
  });

  it('refuses to start a rung before the one below is done, and to execute in a dry run', () => {
    expect(() => walkReducer(start('execute'), {type: 'rung-started', index: 1})).toThrow(/cannot start/);
    const s = run(start('execute'), [{type: 'rung-started', index: 0}]);
    expect(() => walkReducer(s, {type: 'confirmed', index: 0, by: 'typed'})).toThrow(/not allowed/);
    const dry = run(start('dry-run'), [{type: 'rung-started', index: 0}]);
    expect(() => walkReducer(dry, {type: 'awaiting-confirmation', index: 0})).toThrow(/never asks/);
    expect(() => assertMayExecute(dry, 0)).toThrow();
  });

  it('a failed rung ends the walk', () => {
    const s = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {type: 'failed', index: 0, message: 'UPDATE_ROLLBACK_COMPLETE'},
    ]);
    expect(s.outcome).toBe('failed');
    expect(() => walkReducer(s, {type: 'rung-started', index: 1})).toThrow(/over/);
  });

  it('a version that does not match after the update fails the rung', () => {
    const s = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {type: 'awaiting-confirmation', index: 0},
      {type: 'confirmed', index: 0, by: 'approve'},
      {type: 'verifying', index: 0},
      {type: 'verified', index: 0, version: '1.24.3'},
    ]);
    expect(s.rungs[0].state).toBe('failed');
    expect(s.rungs[0].message).toBe('the deployed template says 1.24.3 after the update, not 1.24.12');
  });

  it('Esc cancels; a rung missing from --approve stops the walk before its change sets exist', () => {
    const ready = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {type: 'awaiting-confirmation', index: 0},
    ]);
    const cancelled = walkReducer(ready, {type: 'stopped', index: 0, reason: 'cancelled', message: 'cancelled before executing 1.24.12'});
    expect(cancelled).toMatchObject({outcome: 'cancelled', stop: {reason: 'cancelled'}});
    expect(cancelled.rungs[0].state).toBe('cancelled');
    const preparing = run(start('execute'), [{type: 'rung-started', index: 0}]);
    const stopped = walkReducer(preparing, {type: 'stopped', index: 0, reason: 'not-approved', message: 'stopped before 1.24.12: not approved'});
    expect(stopped).toMatchObject({outcome: 'stopped', stop: {reason: 'not-approved', message: 'stopped before 1.24.12: not approved'}});
    expect(stopped.rungs[0].state).toBe('stopped');
    expect(stopped.log.at(-1)).toBe('  STOPPED  stopped before 1.24.12: not approved');
  });

  it('an interruption leaves an executing rung executing (its update runs on in CloudFormation)', () => {
    const executing = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {type: 'awaiting-confirmation', index: 0},
      {type: 'confirmed', index: 0, by: 'typed'},
      {type: 'executing', index: 0, target: 'root'},
    ]);
    const s = walkReducer(executing, {
      type: 'stopped',
      index: 0,
      reason: 'interrupted',
      message: 'interrupted: the update of panther-prod continues',
    });
    expect(s.outcome).toBe('interrupted');
    expect(s.rungs[0].state).toBe('executing');
  });

  it('a rung already deployed is done without a write, and the walk goes on', () => {
    const s = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {type: 'already-there', index: 0, version: '1.24.12', why: 'the deployed template is already this version'},
    ]);
    expect(s.rungs[0]).toMatchObject({state: 'done', verified: '1.24.12'});
    expect(walkReducer(s, {type: 'rung-started', index: 1}).current).toBe(1);
  });

  it('follows an update already running before the first rung, and only then', () => {
    let s = run(start('execute'), [
      {type: 'attach-status', target: 'root', stackName: 'panther-prod', status: 'UPDATE_IN_PROGRESS'},
      {type: 'attach-status', target: 'root', stackName: 'panther-prod', status: 'UPDATE_IN_PROGRESS'},
      {type: 'attach-status', target: 'root', stackName: 'panther-prod', status: 'UPDATE_COMPLETE'},
      {type: 'attach-done'},
    ]);
    expect(s.attach).toEqual({target: 'root', stackName: 'panther-prod', status: 'UPDATE_COMPLETE', over: true});
    expect(s.log).toEqual([
      'ATTACHED to the update of panther-prod already running (UPDATE_IN_PROGRESS): following it to its end before the first rung',
      '  panther-prod: UPDATE_COMPLETE',
    ]);
    s = walkReducer(s, {type: 'rung-started', index: 0});
    expect(() => walkReducer(s, {type: 'attach-done'})).toThrow(/before the first rung/);
  });

  it('a dry run plans every rung, blocked ones included, and ends planned', () => {
    let s = start('dry-run');
    s = run(s, [
      {type: 'rung-started', index: 0},
      {type: 'planned', index: 0},
      {type: 'rung-started', index: 1},
      {type: 'blocked', index: 1, message: 'needs X'},
    ]);
    s = run(s, [{type: 'rung-started', index: 2}, {type: 'planned', index: 2}, {type: 'walk-done'}]);
    expect(s.rungs.map(r => r.state)).toEqual(['planned', 'needs-input', 'planned']);
    expect(s.outcome).toBe('planned');
  });

  it('accepts the typed version exactly (a leading v allowed)', () => {
    expect(confirmationMatches('1.25.18', '1.25.18')).toBe(true);
    expect(confirmationMatches(' v1.25.18 ', '1.25.18')).toBe(true);
    expect(confirmationMatches('1.25.1', '1.25.18')).toBe(false);
    expect(confirmationMatches('yes', '1.25.18')).toBe(false);
  });

  it('with a DANGER change, takes the version and the word replace, and the version alone no more', () => {
    expect(confirmationMatches('1.26.9', '1.26.9', true)).toBe(false);
    expect(confirmationMatches('1.26.9 replace', '1.26.9', true)).toBe(true);
    expect(confirmationMatches(' v1.26.9  REPLACE ', '1.26.9', true)).toBe(true);
    expect(confirmationMatches('1.26.9 replaced', '1.26.9', true)).toBe(false);
    expect(confirmationMatches('1.26.9 replace', '1.26.9', false)).toBe(false);
  });

  it('reads --approve against the rungs', () => {
    expect(parseApprove('1.24.12, v1.25.18', ['1.24.12', '1.25.18'])).toEqual({ok: true, approved: new Set(['1.24.12', '1.25.18']), ignored: []});
    expect(parseApprove('1.27.8', ['1.24.12'])).toMatchObject({ok: false});
    expect(parseApprove(undefined, ['1.24.12'])).toEqual({ok: true, approved: new Set(), ignored: []});
    // A resumed walk: the rung the interrupted walk deployed is approved again, and is no longer a rung.
    expect(parseApprove('1.24.12,1.25.18', ['1.25.18'], '1.24.12')).toEqual({ok: true, approved: new Set(['1.25.18']), ignored: ['1.24.12']});
    expect(parseApprove('1.26.9', ['1.25.18'], '1.24.12')).toMatchObject({ok: false});
  });

  it('a planned rung (dry run) lists its migrations and after-deploy steps; the role update has its own line', () => {
    const plan = planLadder({
      from: '1.18.8',
      to: '1.22',
      catalog: defaultCatalog(),
      region: 'us-east-2',
      parameters: {},
      supplied: {
        ApiCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
        PulumiSecretArn: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:p-AbCdEf',
        PulumiSecretKeyArn: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:k-GhIjKl',
      },
    });
    let s = initialWalk({mode: 'dry-run', stackName: 'panther-prod', from: plan.from, to: plan.to, rungs: plan.rungs});
    plan.rungs.forEach((_, index) => {
      s = run(s, [
        {type: 'rung-started', index},
        {type: 'planned', index},
      ]);
    });
    const log = s.log.join('\n');
    expect(log).toContain(
      '  migration       Set ApiCertificateArn (ACM certificate in us-east-1 for api.<your Panther domain>): set ApiCertificateArn = arn:aws:acm:',
    );
    expect(log).toContain(
      '  after deploy    create the Route53 alias record stack for api.<your Panther domain> (ladder --write-alias-template FILE)',
    );
    expect(log).toMatch(
      / {2}migration {7}Set PulumiSecretArn and PulumiSecretKeyArn \(Secrets Manager ARNs\): set PulumiSecretArn = arn:aws:secretsmanager:\S+, PulumiSecretKeyArn = /,
    );
    expect(log).toContain('  after deploy    start the panther-pulumi CodeBuild build');
    expect(log).not.toMatch(/migration +(Update the PantherDeploymentRole|Route53 alias record)/);
  });

  it('--approve takes the first rungs only, with no gap: a later rung alone is refused naming the one it skips', () => {
    const rungs = ['1.26.9', '1.27.8', '1.28.7'];
    expect(parseApprove('1.27.8', rungs)).toEqual({ok: false, message: '--approve 1.27.8 skips 1.26.9: approve the rungs in order from 1.26.9.'});
    expect(parseApprove('1.26.9,1.28.7', rungs)).toEqual({
      ok: false,
      message: '--approve 1.28.7 skips 1.27.8: approve the rungs in order from 1.26.9.',
    });
    expect(parseApprove('1.27.8,1.26.9', rungs)).toEqual({ok: true, approved: new Set(['1.27.8', '1.26.9']), ignored: []});
    expect(parseApprove('1.26.9,1.27.8,1.28.7', rungs)).toMatchObject({ok: true});
    // Not a rung at all: still its own message.
    expect(parseApprove('1.27.1', rungs)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/--approve 1\.27\.1 is not a rung of this upgrade/),
    });
  });

  it('tells an update from an older operation by the events after the execution', () => {
    const ev = (id: string, status: string): StackEvent => ({
      eventId: id,
      stackId: 'arn:root',
      stackName: 'root',
      logicalResourceId: 'root',
      physicalResourceId: 'arn:root',
      resourceType: 'AWS::CloudFormation::Stack',
      status,
      reason: '',
      timestamp: '2026-01-01T00:00:00.000Z',
      operationId: null,
    });
    const old = [ev('1', 'UPDATE_IN_PROGRESS'), ev('2', 'UPDATE_COMPLETE')];
    expect(updateProgress(old, 'arn:root', '2')).toEqual({phase: 'not-started'});
    expect(updateProgress([...old, ev('3', 'UPDATE_IN_PROGRESS')], 'arn:root', '2')).toEqual({phase: 'running', status: 'UPDATE_IN_PROGRESS'});
    expect(updateProgress([...old, ev('3', 'UPDATE_IN_PROGRESS'), ev('4', 'UPDATE_ROLLBACK_COMPLETE')], 'arn:root', '2')).toEqual({
      phase: 'failed',
      status: 'UPDATE_ROLLBACK_COMPLETE',
    });
  });

  it("does not take an older update's end for this one when the marker event is not held", () => {
    const ev = (id: string, status: string): StackEvent => ({
      eventId: id,
      stackId: 'arn:root',
      stackName: 'root',
      logicalResourceId: 'root',
      physicalResourceId: 'arn:root',
      resourceType: 'AWS::CloudFormation::Stack',
      status,
      reason: '',
      timestamp: '2026-01-01T00:00:00.000Z',
      operationId: null,
    });
    const old = [ev('1', 'UPDATE_IN_PROGRESS'), ev('2', 'UPDATE_COMPLETE')];
    expect(updateProgress(old, 'arn:root', 'not-held')).toEqual({phase: 'not-started'});
    expect(updateProgress([...old, ev('3', 'UPDATE_ROLLBACK_COMPLETE')], 'arn:root', 'not-held')).toEqual({phase: 'not-started'});
  });

  it('records the fault of an AWS call that failed the walk', () => {
    const s = run(start('execute'), [
      {type: 'rung-started', index: 0},
      {
        type: 'failed',
        index: 0,
        message: 'ExpiredToken: The security token included in the request is expired',
        fault: {kind: 'expired-credentials', code: 'ExpiredToken'},
      },
    ]);
    expect(s.outcome).toBe('failed');
    expect(s.fault).toEqual({kind: 'expired-credentials', code: 'ExpiredToken'});
    expect(
      run(start('execute'), [
        {type: 'rung-started', index: 0},
        {type: 'failed', index: 0, message: 'UPDATE_ROLLBACK_COMPLETE'},
      ]).fault,
    ).toBeNull();
  });
});
