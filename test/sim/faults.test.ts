import {DescribeStacksCommand} from '@aws-sdk/client-cloudformation';
import {LookupEventsCommand} from '@aws-sdk/client-cloudtrail';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {clients} from './clients.js';

let sim: RunningSim;
let c: ReturnType<typeof clients>;
/** The injected latencies the sim waited out, in ms (recorded, not slept: no test depends on the wall clock). */
const waited: number[] = [];

beforeAll(async () => {
  sim = await startSim({scenario: 'rolled-back', clock: 'manual', sleep: async ms => void waited.push(ms)});
  c = clients(sim);
});
afterAll(() => sim.close());

const describeRoot = () => c.cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}));

describe('faults', () => {
  it('throttles CloudFormation with the Throttling error the SDK recognises', async () => {
    sim.setFaults({throttle: true});
    await expect(describeRoot()).rejects.toMatchObject({name: 'Throttling', message: 'Rate exceeded', $metadata: {httpStatusCode: 400}});
    sim.setFaults({});
    await expect(describeRoot()).resolves.toBeDefined();
  });

  it('throttles CloudTrail with ThrottlingException', async () => {
    sim.setFaults({throttle: {services: ['cloudtrail']}});
    await expect(c.trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({name: 'ThrottlingException'});
    await expect(describeRoot()).resolves.toBeDefined();
    sim.setFaults({});
  });

  it('reports expired credentials per service', async () => {
    sim.setFaults({expiredToken: true});
    await expect(describeRoot()).rejects.toMatchObject({name: 'ExpiredToken'});
    await expect(c.trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({name: 'ExpiredTokenException'});
    sim.setFaults({});
  });

  it('resets the connection during an outage', async () => {
    sim.setFaults({outage: true});
    const err = (await describeRoot().then(
      () => null,
      (e: unknown) => e,
    )) as Error & {code?: string};
    expect(err).toBeInstanceOf(Error);
    expect(String(err.code ?? err.message)).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    sim.setFaults({});
    await expect(describeRoot()).resolves.toBeDefined();
  });

  it('applies faults inside scenario-time windows only', async () => {
    sim.clock.set(sim.clock.start + 10 * 60_000);
    sim.setFaults({throttle: {windows: [{start: 5 * 60_000, end: 15 * 60_000}]}});
    await expect(describeRoot()).rejects.toMatchObject({name: 'Throttling'});
    sim.clock.advance(10 * 60_000);
    await expect(describeRoot()).resolves.toBeDefined();
    sim.setFaults({});
  });

  it('throttles a seeded share of requests by probability', async () => {
    sim.setFaults({throttle: {probability: 0.5}, seed: 42});
    const results = await Promise.allSettled(Array.from({length: 40}, () => describeRoot()));
    const throttled = results.filter(r => r.status === 'rejected').length;
    expect(throttled).toBeGreaterThan(8);
    expect(throttled).toBeLessThan(32);
    sim.setFaults({});
  });

  it('adds latency and counts every call, faulted ones included', async () => {
    sim.resetCalls();
    waited.length = 0;
    sim.setFaults({latencyMs: 60});
    await expect(describeRoot()).resolves.toBeDefined();
    expect(waited).toEqual([60]);
    sim.setFaults({throttle: true});
    await describeRoot().catch(() => undefined);
    sim.setFaults({});
    await describeRoot();
    expect(waited).toEqual([60]);
    expect(sim.calls()).toEqual({'CloudFormation.DescribeStacks': 3});
  });

  it('loses the responses of one action the given number of times, after performing it', async () => {
    sim.resetCalls();
    sim.setFaults({lostResponse: {action: 'DescribeStacks', times: 2}});
    for (let i = 0; i < 2; i++) {
      const err = (await describeRoot().then(
        () => null,
        (e: unknown) => e,
      )) as Error & {code?: string};
      expect(String(err.code ?? err.message)).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    }
    await expect(describeRoot()).resolves.toBeDefined();
    // Other actions are answered meanwhile.
    sim.setFaults({lostResponse: {action: 'ExecuteChangeSet'}});
    await expect(describeRoot()).resolves.toBeDefined();
    sim.setFaults({});
    expect(sim.calls()).toEqual({'CloudFormation.DescribeStacks': 4});
  });

  it('answers an unknown action with InvalidAction', async () => {
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: 'Action=CreateStack&Version=2010-05-15&StackName=x',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    const text = await res.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toContain('<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">');
  });
});
