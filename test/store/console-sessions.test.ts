// Switching deployments in the watch console, as the store layer does it: the list read in the background (the one
// held stays meanwhile), a new session opened before the old one is closed, a failed open said once, a late answer
// to an older open closed unseen, everything closed at the end.
import {describe, expect, it, vi} from 'vitest';
import type {Deployment, DeploymentsReport} from '../../source/panther/deployments.js';
import {ConsoleSessions, type ConsoleSession, type DeploymentsPort} from '../../source/store/console-sessions.js';
import {emptySnapshot} from '../../source/store/snapshot.js';

function deployment(stackName: string, region = 'us-east-2'): Deployment {
  return {
    account: '123456789012',
    region,
    stackName,
    stackId: `arn:aws:cloudformation:${region}:123456789012:stack/${stackName}/1`,
    version: '1.28.7',
    versionSource: 'template',
    status: 'UPDATE_COMPLETE',
    lastOperation: 'UPDATE',
    lastOperationAt: '2026-10-29T14:08:39.000Z',
    rungsBehind: 11,
    latestVersion: '1.39.7',
    profiles: ['prod'],
  };
}

function report(deployments: Deployment[]): DeploymentsReport {
  return {profiles: ['prod'], regions: ['us-east-2'], deployments, unreadable: [], warnings: [], apiCalls: {cloudformation: 3}};
}

function session(stackName: string): ConsoleSession & {closed: number} {
  const snapshot = emptySnapshot(stackName, 'us-east-2');
  const s = {
    stackId: `arn:${stackName}`,
    store: {subscribe: () => () => {}, getSnapshot: () => snapshot},
    pulumi: null,
    closed: 0,
    close: () => {
      s.closed++;
    },
  };
  return s;
}

/** A promise the test settles when it wants. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {promise, resolve, reject};
}

describe('the console sessions', () => {
  it('reads the list in the background, with progress, and keeps the last list while reading again', async () => {
    const reads: ReturnType<typeof deferred<DeploymentsReport>>[] = [];
    let progress: ((done: number, total: number) => void) | null = null;
    const port: DeploymentsPort = {
      list: p => {
        progress = p;
        const d = deferred<DeploymentsReport>();
        reads.push(d);
        return d.promise;
      },
      open: () => Promise.reject(new Error('not used')),
    };
    const sessions = new ConsoleSessions(session('panther-prod'), port);
    sessions.list();
    // A second ask while reading starts no second read.
    sessions.list();
    expect(reads).toHaveLength(1);
    expect(sessions.getSnapshot().listing.state).toBe('reading');
    progress!(3, 10);
    expect(sessions.getSnapshot().listing.progress).toEqual({done: 3, total: 10});
    reads[0]!.resolve(report([deployment('panther-prod'), deployment('panther-eu', 'eu-west-1')]));
    await vi.waitFor(() => expect(sessions.getSnapshot().listing.state).toBe('read'));
    sessions.list();
    expect(sessions.getSnapshot().listing).toMatchObject({state: 'reading'});
    expect(sessions.getSnapshot().listing.report?.deployments).toHaveLength(2);
    reads[1]!.reject(new Error('boom'));
    await vi.waitFor(() => expect(sessions.getSnapshot().listing.state).toBe('failed'));
    expect(sessions.getSnapshot().listing.error).toContain('boom');
    expect(sessions.getSnapshot().listing.report?.deployments).toHaveLength(2);
  });

  it('switches only once the new session is open, then closes the old one', async () => {
    const first = session('panther-prod');
    const second = session('panther-eu');
    const opening = deferred<ConsoleSession>();
    const port: DeploymentsPort = {list: async () => report([]), open: () => opening.promise};
    const sessions = new ConsoleSessions(first, port);
    const eu = deployment('panther-eu', 'eu-west-1');
    sessions.open(eu);
    expect(sessions.getSnapshot()).toMatchObject({opening: eu, generation: 0});
    expect(sessions.getSnapshot().session).toBe(first);
    expect(first.closed).toBe(0);
    opening.resolve(second);
    await vi.waitFor(() => expect(sessions.getSnapshot().session).toBe(second));
    expect(sessions.getSnapshot()).toMatchObject({opening: null, generation: 1});
    expect(first.closed).toBe(1);
    sessions.close();
    expect(second.closed).toBe(1);
    expect(first.closed).toBe(1);
  });

  it('says once why a deployment could not be opened, and keeps the one open', async () => {
    const first = session('panther-prod');
    const port: DeploymentsPort = {
      list: async () => report([]),
      open: () => Promise.reject(Object.assign(new Error('The security token included in the request is expired'), {name: 'ExpiredToken'})),
    };
    const sessions = new ConsoleSessions(first, port);
    sessions.open(deployment('panther-staging'));
    await vi.waitFor(() => expect(sessions.getSnapshot().notice).not.toBeNull());
    expect(sessions.getSnapshot().notice!.text).toMatch(/^cannot open panther-staging \(us-east-2\): AWS credentials are expired/);
    expect(sessions.getSnapshot()).toMatchObject({opening: null, generation: 0});
    expect(sessions.getSnapshot().session).toBe(first);
    expect(first.closed).toBe(0);
  });

  it('closes a session that opens after a newer choice (or after the console closed), never showing it', async () => {
    const first = session('panther-prod');
    const slow = session('panther-eu');
    const fast = session('panther-staging');
    const late = session('panther-sandbox');
    const answers = [deferred<ConsoleSession>(), deferred<ConsoleSession>(), deferred<ConsoleSession>()];
    let n = 0;
    const port: DeploymentsPort = {list: async () => report([]), open: () => answers[n++]!.promise};
    const sessions = new ConsoleSessions(first, port);
    sessions.open(deployment('panther-eu'));
    sessions.open(deployment('panther-staging'));
    answers[1]!.resolve(fast);
    await vi.waitFor(() => expect(sessions.getSnapshot().session).toBe(fast));
    answers[0]!.resolve(slow);
    await vi.waitFor(() => expect(slow.closed).toBe(1));
    expect(sessions.getSnapshot().session).toBe(fast);
    sessions.open(deployment('panther-sandbox'));
    sessions.close();
    expect(fast.closed).toBe(1);
    answers[2]!.resolve(late);
    await vi.waitFor(() => expect(late.closed).toBe(1));
  });

  it('cannot switch without a port (a recorded bundle)', () => {
    const sessions = new ConsoleSessions(session('panther-prod'), null);
    sessions.list();
    sessions.open(deployment('panther-eu'));
    expect(sessions.getSnapshot()).toMatchObject({canSwitch: false, opening: null, listing: {state: 'idle'}});
  });
});
