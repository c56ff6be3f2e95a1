// The gateway's paging through the SDK's paginators: CloudTrail LookupEvents (page cap, a repeated token, the abort
// signal on every page) and a stack's whole event history (what the support bundle reads).
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClients, type AwsClients} from '../../source/aws/clients.js';
import {Gateway} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';

/** A CloudTrail endpoint whose every answer is a page of 50 events and the token `next(n)` (n: the call number). */
async function fakeCloudTrail(next: (n: number) => string | undefined): Promise<{server: Server; url: string; tokens: (string | undefined)[]}> {
  const tokens: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      tokens.push(JSON.parse(body).NextToken);
      const n = tokens.length;
      const events = Array.from({length: 50}, (_, i) => ({EventId: `e${n}-${i}`, EventName: 'PutBucketEncryption', EventTime: 1_793_000_000 + i}));
      res.writeHead(200, {'content-type': 'application/x-amz-json-1.1'});
      res.end(JSON.stringify({Events: events, ...(next(n) ? {NextToken: next(n)} : {})}));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens};
}

const query = {
  attribute: {key: 'EventName' as const, value: 'PutBucketEncryption'},
  startTime: '2026-11-02T14:00:00Z',
  endTime: '2026-11-02T15:00:00Z',
};

describe('CloudTrail LookupEvents', () => {
  let server: Server | null = null;
  let clients: AwsClients | null = null;
  afterEach(async () => {
    clients?.destroy();
    await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)));
    server = null;
  });

  async function gatewayOn(next: (n: number) => string | undefined) {
    const fake = await fakeCloudTrail(next);
    server = fake.server;
    clients = createClients({
      endpointUrl: fake.url,
      region: 'us-east-2',
      credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'},
      maxAttempts: 1,
      callsPerSecond: {cloudtrail: 1000},
    });
    return {gateway: new Gateway(clients), clients, tokens: fake.tokens};
  }

  it('reads page after page, each asking for the token the last one gave, up to the page cap', async () => {
    const {gateway, tokens, clients} = await gatewayOn(n => `token-${n}`);
    const events = await gateway.lookupEvents(query, 3);
    expect(events).toHaveLength(150);
    expect(tokens).toEqual([undefined, 'token-1', 'token-2']);
    expect(clients.counter.total('CloudTrail')).toBe(3);
    // The cap is the caller's choice: no warning.
    expect(clients.warnings.messages).toEqual([]);
  });

  it('stops when the last page gives no token', async () => {
    const {gateway, tokens} = await gatewayOn(n => (n < 2 ? `token-${n}` : undefined));
    expect(await gateway.lookupEvents(query)).toHaveLength(100);
    expect(tokens).toHaveLength(2);
  });

  it('stops on a token it has seen before, keeps what it read, and says so', async () => {
    const {gateway, tokens, clients} = await gatewayOn(() => 'same');
    expect(await gateway.lookupEvents(query)).toHaveLength(100);
    expect(tokens).toEqual([undefined, 'same']);
    expect(clients.warnings.messages).toEqual([
      'CloudTrail LookupEvents (PutBucketEncryption): AWS returned a page token it had already returned; stopped after 2 pages (the rest may be missing).',
    ]);
  });

  it('hands the abort signal to every page', async () => {
    const {gateway, tokens} = await gatewayOn(n => `token-${n}`);
    const controller = new AbortController();
    controller.abort();
    await expect(gateway.lookupEvents(query, 10, controller.signal)).rejects.toThrow(/abort/i);
    expect(tokens).toEqual([]);
  });
});

describe("a stack's whole event history", () => {
  let sim: RunningSim;
  let gateway: Gateway;
  beforeAll(async () => {
    sim = await startSim({scenario: 'large', largeOptions: {stacks: 2, depth: 1, eventsPerStack: 1200}});
    gateway = new Gateway(createClients({...simSettings(sim), callsPerSecond: {cloudformation: 1000}}));
  });
  afterAll(async () => {
    gateway.clients.destroy();
    await sim.close();
  });

  it('is every page of DescribeStackEvents, newest first, one call a page', async () => {
    const stack = sim.world.stacks.find(s => s.events.length > 100)!;
    sim.resetCalls();
    const events = await gateway.allStackEvents(stack.stackId);
    expect(events.map(e => e.eventId)).toEqual(stack.events.map(e => e.eventId).reverse());
    expect(sim.calls()['CloudFormation.DescribeStackEvents']).toBe(Math.ceil(stack.events.length / 100));
  });
});
