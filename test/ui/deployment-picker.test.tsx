// The deployment picker in the watch console: d opens it (reading the list in the background), / filters it, Enter
// switches the console to another deployment in place: the status bar names the new one, the panes start afresh on
// it (cursor on its root cause), the old session is closed.
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Deployment, DeploymentsReport} from '../../source/panther/deployments.js';
import {ConsoleSessions, type ConsoleSession, type DeploymentsPort} from '../../source/store/console-sessions.js';
import {emptySnapshot, type Snapshot} from '../../source/store/snapshot.js';
import {width as textWidth} from '../../source/ui/text.js';
import {staticSource} from '../../source/ui/useSnapshot.js';
import {failedDeployFixture, makeEvent, makeStack} from './fixtures.js';
import {KEYS, renderApp} from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** panther-eu: a first deploy that succeeded, the deployment open when the console starts. */
function healthySnapshot(): Snapshot {
  const root = makeStack('panther-eu', {status: 'CREATE_COMPLETE'});
  const events = [
    makeEvent(root, 'panther-eu', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 0, 'User Initiated', root.stackId),
    makeEvent(root, 'Queue', 'AWS::SQS::Queue', 'CREATE_IN_PROGRESS', 5),
    makeEvent(root, 'Queue', 'AWS::SQS::Queue', 'CREATE_FAILED', 6, 'Resource creation cancelled'),
    makeEvent(root, 'Queue', 'AWS::SQS::Queue', 'CREATE_COMPLETE', 9, '', 'queue-1'),
    makeEvent(root, 'panther-eu', 'AWS::CloudFormation::Stack', 'CREATE_COMPLETE', 12, '', root.stackId),
  ];
  return {
    ...emptySnapshot('panther-eu', 'eu-west-1', 'prod'),
    rootStackId: root.stackId,
    stacks: new Map([[root.stackId, root]]),
    events: new Map([[root.stackId, events]]),
    identity: {account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/ReadOnly/me'},
    poll: {...emptySnapshot('', '').poll, state: 'waiting'},
  };
}

function deployment(snapshot: Snapshot, over: Partial<Deployment>): Deployment {
  const root = snapshot.stacks.get(snapshot.rootStackId!)!;
  return {
    account: '123456789012',
    region: snapshot.region,
    stackName: root.stackName,
    stackId: root.stackId,
    version: '1.31.1',
    versionSource: 'template',
    status: root.status,
    lastOperation: 'CREATE',
    lastOperationAt: '2025-03-01T10:00:00.000Z',
    rungsBehind: 0,
    latestVersion: '1.31.1',
    profiles: ['prod'],
    ...over,
  };
}

function session(snapshot: Snapshot): ConsoleSession & {closed: number} {
  const s = {
    stackId: snapshot.rootStackId!,
    store: staticSource(snapshot),
    pulumi: null,
    closed: 0,
    close: () => {
      s.closed++;
    },
  };
  return s;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>(res => {
    resolve = res;
  });
  return {promise, resolve};
}

function setup() {
  const eu = healthySnapshot();
  const prod = failedDeployFixture().snapshot;
  const first = session(eu);
  const second = session(prod);
  // Each read answers when the test says (the first one), later ones at once.
  const listing = deferred<DeploymentsReport>();
  const opening = deferred<ConsoleSession>();
  let reads = 0;
  const port: DeploymentsPort = {
    list: vi.fn(() => (reads++ === 0 ? listing.promise : new Promise<DeploymentsReport>(() => {}))),
    open: vi.fn(() => opening.promise),
  };
  const report: DeploymentsReport = {
    profiles: ['prod', 'staging'],
    regions: ['eu-west-1', 'us-east-1'],
    deployments: [
      deployment(eu, {}),
      deployment(prod, {version: '1.28.7', rungsBehind: 11, latestVersion: '1.39.7', lastOperation: 'ROLLBACK'}),
      deployment(prod, {
        stackName: 'panther-staging',
        stackId: prod.rootStackId!.replace('panther-prod', 'panther-staging'),
        account: '222222222222',
        profiles: ['staging'],
        version: null,
        versionSource: null,
        rungsBehind: null,
      }),
    ],
    unreadable: [
      {
        profile: 'staging',
        region: 'eu-west-1',
        kind: 'access-denied',
        reason: "Access denied to the console's own call: not authorized to perform: cloudformation:ListStacks",
      },
    ],
    warnings: [],
    apiCalls: {cloudformation: 6},
  };
  return {eu, prod, first, second, listing, opening, port, report, sessions: new ConsoleSessions(first, port)};
}

describe.each([
  [100, 30],
  [80, 24],
])('the deployment picker at %ix%i', (width, height) => {
  it('lists the deployments while the console goes on, filters them, and switches to one in place', async () => {
    const t = setup();
    const app = renderApp({sessions: t.sessions, width, height, noColor: true});
    await app.until(() => expect(app.lines().at(-1)).toMatch(/^123456789012 eu-west-1 \(prod\) · panther-eu CREATE_COMPLETE · /));
    // Failures only, on the first deployment: the switch must not carry it over.
    app.press('f');
    if (width >= 100) await app.until(f => expect(f).toContain('failures only'));

    app.press('d');
    await app.until(f => expect(f).toContain('Reading the Panther deployments your credentials reach'));
    expect(t.port.list).toHaveBeenCalledTimes(1);
    t.listing.resolve(t.report);
    await app.until(f => expect(f).toContain('Deployments · 3 in 2 profiles x 2 regions'));
    // The one open is marked and under the cursor; the one not read is listed with why.
    expect(app.frame()).toMatch(/›● panther-eu +eu-west-1 +1\.31\.1 +CREATE_COMPLETE +current/);
    expect(app.frame()).toMatch(/panther-prod +us-east-1 +1\.28\.7 +ROLLBACK_COMPLETE +11 rungs behind/);
    expect(app.frame()).toContain('staging (222222222222) · last CREATE');
    expect(app.frame()).toContain('✗ not read: staging · eu-west-1 · access-denied: Access denied');
    for (const line of app.lines()) expect(textWidth(line)).toBeLessThanOrEqual(width);
    expect(app.lines()).toHaveLength(height - 1);

    app.press('/');
    app.press('panther-p');
    await app.until(f => expect(f).toMatch(/\/panther-p█/));
    expect(app.frame()).not.toContain('panther-eu  ');
    expect(app.frame()).not.toContain('panther-staging');
    app.press(KEYS.enter);
    // The current deployment goes on until the new one is open.
    await app.until(f => expect(f).toContain('opening panther-prod (us-east-1)…'));
    expect(app.frame()).not.toContain('Deployments ·');
    expect(t.port.open).toHaveBeenCalledWith(expect.objectContaining({stackName: 'panther-prod'}));
    expect(t.first.closed).toBe(0);

    t.opening.resolve(t.second);
    await app.until(() => expect(app.lines().at(-1)).toMatch(/^123456789012 us-east-1 \(prod\) · panther-prod ROLLBACK_COMPLETE( · |$)/));
    // Afresh on the new root: its root cause in the banner and under the cursor, nothing filtered.
    expect(app.frame()).toContain('ROOT CAUSE LogAnalysis/ProcessedDataBucket');
    expect(app.cursorLine()).toMatch(/›◆.*CREATE_FAILED/);
    expect(app.frame()).not.toContain('failures only');
    expect(t.first.closed).toBe(1);
    expect(t.second.closed).toBe(0);
    app.unmount();
  });

  it('Esc closes it without switching; d again reads the list again', async () => {
    const t = setup();
    const app = renderApp({sessions: t.sessions, width, height, noColor: true});
    await app.until(f => expect(f).toContain('panther-eu CREATE_COMPLETE'));
    app.press(':');
    t.listing.resolve(t.report);
    await app.until(f => expect(f).toContain('Deployments · 3'));
    app.press('j');
    app.press(KEYS.escape);
    await app.until(f => expect(f).not.toContain('Deployments ·'));
    expect(t.port.open).not.toHaveBeenCalled();
    app.press('d');
    // The list held is shown at once, while it is read again.
    await app.until(f => expect(f).toMatch(/Deployments · 3 in 2 profiles x 2 regions · reading…/));
    expect(t.port.list).toHaveBeenCalledTimes(2);
    // Enter on the one open only closes the picker.
    app.press(KEYS.enter);
    await app.until(f => expect(f).toContain('panther-eu is the one open'));
    expect(t.port.open).not.toHaveBeenCalled();
    app.unmount();
  });
});

describe('the deployment picker', () => {
  it('says once why a deployment could not be opened, and stays on the one open', async () => {
    const t = setup();
    const port: DeploymentsPort = {
      list: async () => t.report,
      open: () => Promise.reject(Object.assign(new Error('The security token included in the request is expired'), {name: 'ExpiredToken'})),
    };
    const app = renderApp({sessions: new ConsoleSessions(t.first, port), width: 100, height: 30, noColor: true});
    app.press('d');
    await app.until(f => expect(f).toContain('Deployments · 3'));
    app.press('j');
    app.press(KEYS.enter);
    await app.until(() => expect(app.lines().at(-1)).toMatch(/^cannot open panther-prod \(us-east-1\): AWS credentials are expired/));
    expect(app.frame()).toContain('Timeline · panther-eu');
    // Said once: the next key takes it away.
    app.press('k');
    await app.until(() => expect(app.lines().at(-1)).toMatch(/^123456789012 eu-west-1/));
    app.unmount();
  });

  it('lists d and : in the help overlay', async () => {
    const t = setup();
    const app = renderApp({sessions: t.sessions, width: 100, height: 30});
    app.press('?');
    await app.until(f => expect(f).toMatch(/d : +switch deployment/));
    expect(app.frame()).toMatch(/b +start the panther-pulumi build/);
    app.unmount();
  });
});
