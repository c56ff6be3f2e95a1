// What must not leave the account does not: secrets planted in a simulated account never reach the bundle.
import {gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {captureBundle} from '../../source/commands/bundle.js';
import {simSettings} from '../../source/commands/sim.js';
import {encodeBundle, type Bundle} from '../../source/report/bundle.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {worldFromBundle} from '../../source/sim/replay.js';
import {findScenario} from '../../source/sim/scenarios/index.js';
import type {World} from '../../source/sim/world.js';

const SECRETS = {
  password: 'Hunter2-correct-horse',
  noEcho: 'NoEchoValue-7Qz9xK2p',
  privateKeyBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: `IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMiJHMEUCIQD${'a1B2c3D4'.repeat(20)}`,
  reasonPassword: 'pa55-in-a-reason',
};

/** The rolled-back account with secrets planted where real accounts have them. */
function plantedWorld(): World {
  const world = findScenario('rolled-back')!.build({t0: DEFAULT_EPOCH});
  const root = world.stacks.find(s => s.stackId === world.rootStackId)!;
  root.parameters = {
    ...root.parameters,
    DbPassword: SECRETS.password,
    SnowflakeApiKey: SECRETS.noEcho,
    TlsPrivateKey: `-----BEGIN PRIVATE KEY-----\n${SECRETS.privateKeyBody}\n-----END PRIVATE KEY-----`,
  };
  root.template.Parameters.DbPassword = {Type: 'String', Default: SECRETS.password};
  root.template.Parameters.SnowflakeApiKey = {Type: 'String', NoEcho: true, Default: SECRETS.noEcho};
  // The sim shows a NoEcho value raw where AWS shows ****: the bundle must still not carry it.
  const nested = world.stacks.find(s => s.parentId === root.stackId)!;
  nested.parameters = {...nested.parameters, SnowflakeApiKey: SECRETS.noEcho};
  nested.template.Parameters.SnowflakeApiKey = {Type: 'String', NoEcho: true};
  // No PantherVersion tag anywhere: the ladder then reads the root template (GetTemplate), defaults and all.
  for (const s of world.stacks) delete s.tags.PantherVersion;
  const failed = root.events.find(e => e.status === 'CREATE_FAILED');
  if (failed) failed.reason = `${failed.reason} (password=${SECRETS.reasonPassword})`;
  for (const r of world.trail) {
    r.record = {...r.record, responseElements: {credentials: {sessionToken: SECRETS.sessionToken, secretAccessKey: SECRETS.secretKey}}};
  }
  return world;
}

describe('bundle redaction', () => {
  let sim: RunningSim;
  let bundle: Bundle;
  let text: string;

  beforeAll(async () => {
    sim = await startSim({world: plantedWorld(), clock: 'fixed'});
    bundle = (
      await captureBundle(
        {...simSettings(sim), callsPerSecond: {cloudformation: 500, cloudtrail: 100}},
        {format: 'text', cloudtrail: true, bell: false, stack: 'panther-prod'},
      )
    ).bundle;
    text = gunzipSync(encodeBundle(bundle)).toString('utf8');
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
  });

  it('actually recorded the planted places (parameters, the template, CloudTrail records)', () => {
    const ops = bundle.calls.map(c => c.operation);
    expect(ops).toContain('GetTemplate');
    expect(ops).toContain('LookupEvents');
    expect(text).toContain('DbPassword');
    expect(text).toContain('SnowflakeApiKey');
    expect(text).toContain('sessionToken');
  });

  it.each(Object.entries(SECRETS))('carries no %s anywhere', (_name, secret) => {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('keeps the non-secret Panther parameters and identifiers a replay needs', () => {
    expect(text).not.toContain('secops@example.com'); // the first user's address is personal data
    expect(text).toMatch(/arn:aws:secretsmanager:us-east-2:123456789012:secret:panther-pulumi-/);
    expect(text).toContain('RequestToken: ');
    expect(bundle.redaction.noEcho).toBeGreaterThan(0);
    expect(bundle.redaction.parameters).toBeGreaterThan(0);
  });

  it('still replays to the same root cause', async () => {
    const world = worldFromBundle(bundle);
    const replay = await startSim({world, clock: 'fixed'});
    try {
      const stacks = await fetch(`${replay.url}/__sim/status`).then(r => r.json());
      expect(stacks.rootStackName).toBe('panther-prod');
      const root = world.stacks.find(s => s.stackId === world.rootStackId)!;
      expect(root.parameters.SnowflakeApiKey).toBe('<redacted>');
      expect(root.parameters.FirstUserEmail).toBe('<redacted>');
    } finally {
      await replay.close();
    }
  });
});
