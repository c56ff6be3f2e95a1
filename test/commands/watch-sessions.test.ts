// The watch console's sessions as the command layer builds them, on the sim's two accounts and two regions: the
// picker's list, a deployment opened with its own clients (its account, its region), and a closed session that
// makes no call any more.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {demoScope} from '../../source/commands/demo.js';
import type {CommonFlags} from '../../source/commands/context.js';
import {createStore} from '../../source/commands/watch.js';
import {deploymentsPort, type SessionOptions} from '../../source/commands/watch-sessions.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import type {Snapshot} from '../../source/store/snapshot.js';

let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

// A fast poll, so a session left running would show in the call counts at once.
const flags: CommonFlags = {format: 'text', cloudtrail: false, bell: false, interval: 0.02};
const options: SessionOptions = {flags, scope: null, createStore};
const totalCalls = (s: RunningSim) => Object.values(s.calls()).reduce((a, b) => a + b, 0);

describe('the watch console sessions on the sim', () => {
  it('lists every deployment of both accounts, and opens one with its own account and region; closed, it calls nothing', {
    timeout: 40_000,
  }, async () => {
    sim = await startSim({scenario: 'deployments'});
    const scope = demoScope(sim);
    expect(scope.profiles.map(p => p.label)).toEqual(['AKIDPROD', 'AKIDSTAGE']);
    const port = deploymentsPort(scope, options);
    const progress: number[] = [];
    const report = await port.list(done => progress.push(done));
    expect(progress.at(-1)).toBe(20);
    expect(report.deployments.map(d => `${d.stackName} ${d.region} ${d.account} ${d.version}`).sort()).toEqual([
      'panther-eu eu-west-1 123456789012 1.31.1',
      'panther-prod us-east-2 123456789012 1.28.7',
      'panther-sandbox eu-west-1 222222222222 1.27.8',
      'panther-staging us-east-2 222222222222 1.24.3',
    ]);
    const staging = report.deployments.find(d => d.stackName === 'panther-staging')!;
    const session = await port.open(staging);
    try {
      expect(session.stackId).toBe(staging.stackId);
      let snap: Snapshot = session.store.getSnapshot();
      await vi.waitFor(() => {
        snap = session.store.getSnapshot();
        expect(snap.identity?.account).toBe('222222222222');
        expect(snap.stacks.get(staging.stackId)?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
      });
      expect(snap.region).toBe('us-east-2');
      // The rolled-back update's root cause is found in the other account's stack.
      await vi.waitFor(() => expect(session.store.getSnapshot().postMortem?.rootCause?.logicalResourceId).toBe('AlertDeliveryFunction'));
      // A failed update: the build check reads nothing.
      expect(Object.keys(sim.calls()).filter(k => k.startsWith('CodeBuild.'))).toEqual([]);
    } finally {
      session.close();
    }
    // The reads already on their way end (paced by the rate limiter: gaps of a few hundred ms between them on a loaded
    // machine); then nothing more, whereas a store left running would poll every 20 ms.
    let after = -1;
    await vi.waitFor(
      async () => {
        const before = totalCalls(sim!);
        await new Promise(resolve => setTimeout(resolve, 1000));
        after = totalCalls(sim!);
        expect(after).toBe(before);
      },
      {timeout: 15_000, interval: 1},
    );
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(totalCalls(sim)).toBe(after);
  });

  it('says why a deployment cannot be opened (it is gone) in one line', async () => {
    sim = await startSim({scenario: 'deployments'});
    const port = deploymentsPort(demoScope(sim), options);
    const report = await port.list(() => {});
    const eu = report.deployments.find(d => d.stackName === 'panther-eu')!;
    const gone = {...eu, stackId: eu.stackId.replace(/\/[^/]+$/, '/00000000-0000-0000-0000-000000000000'), stackName: 'panther-gone'};
    await expect(port.open(gone)).rejects.toThrow(/not found in eu-west-1/);
  });

  it('lists the one region of a single-account scenario (its world answers any region)', async () => {
    sim = await startSim({scenario: 'healthy'});
    const scope = demoScope(sim);
    expect(scope.regions).toEqual(['us-east-2']);
    const report = await deploymentsPort(scope, options).list(() => {});
    expect(report.deployments.map(d => `${d.stackName} ${d.region} ${d.status}`)).toEqual(['panther-prod us-east-2 CREATE_COMPLETE']);
  });
});
