import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {Gateway} from '../../source/aws/gateway.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';

// A crafted endpoint (or a crafted --replay bundle) controls every string, enums and IDs included.
const hostile = '\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b31m';
let sim: RunningSim;
let gateway: Gateway;

beforeAll(async () => {
  sim = await startSim({scenario: 'rolled-back'});
  const root = sim.world.stacks[0]!;
  const last = root.events[root.events.length - 1]!;
  last.status = `ROLLBACK_COMPLETE${hostile}`;
  last.eventId = `${last.eventId}${hostile}`;
  last.reason = `done${hostile}`;
  root.parameters = {...root.parameters, SentryEnvironment: `prod${hostile}`};
  root.tags = {...root.tags, Owner: `ops${hostile}`};
  gateway = new Gateway(createClients(simSettings(sim)));
});
afterAll(async () => {
  gateway.clients.destroy();
  await sim.close();
});

const noControls = (value: unknown) => expect(JSON.stringify(value)).not.toMatch(/\\u001b|\\u0007|\\u009b/);

describe('the gateway strips terminal control sequences from every field AWS returns', () => {
  it('in events: status and IDs as well as reasons', async () => {
    const page = await gateway.stackEventsPage(sim.rootStackId);
    expect(page.events[0]!.status).toMatch(/^ROLLBACK_COMPLETE/);
    noControls(page.events);
  });

  it('in stacks: status, parameters, tags', async () => {
    noControls(await gateway.describeStack(sim.rootStackName));
  });
});
