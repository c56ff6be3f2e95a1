import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {Gateway} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';

// 250 stacks: three pages of ListStacks (100 a page).
let sim: RunningSim;
let gateway: Gateway;

beforeAll(async () => {
  sim = await startSim({scenario: 'large', largeOptions: {stacks: 250, depth: 2, eventsPerStack: 4}});
  gateway = new Gateway(createClients(simSettings(sim)));
});
afterAll(async () => {
  gateway.clients.destroy();
  await sim.close();
});

describe('listing stacks', () => {
  it("reads every page, with each stack's template description", async () => {
    const all = await gateway.listStacks();
    expect(all).toHaveLength(250);
    expect(sim.calls()['CloudFormation.ListStacks']).toBe(3);
    expect(all.every(s => typeof s.description === 'string')).toBe(true);
  });

  it('stops after the pages it may read', async () => {
    sim.resetCalls();
    expect(await gateway.listStacks(2)).toHaveLength(200);
    expect(sim.calls()['CloudFormation.ListStacks']).toBe(2);
  });
});
