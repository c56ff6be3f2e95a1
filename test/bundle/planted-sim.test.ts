// The bundle command end to end on a simulated account with secrets and personal data planted where a real
// account shows them (tags, outputs, a failed resource's reason, CloudTrail callers): none reaches the bundle,
// its Markdown summary included, and the bundle still replays to the same root cause.
import {gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {captureBundle} from '../../source/commands/bundle.js';
import {simSettings} from '../../source/commands/sim.js';
import {encodeBundle, type Bundle} from '../../source/report/bundle.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {worldFromBundle} from '../../source/sim/replay.js';
import {findScenario} from '../../source/sim/scenarios/index.js';
import type {World} from '../../source/sim/world.js';

const PLANTED = {
  firstUser: 'first.user@customer-corp.com',
  engineer: 'jane.engineer@customer-corp.com',
  company: 'Initech Holdings Ltd',
  tagToken: 'tag-api-token-5d1e9a',
  outputPassword: 'output-admin-pw-77c3',
  githubPat: 'github_pat_11PLANTEDSIM0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
  slackHook: 'plantedSimSlackHook0123',
  prosePassword: 'hunter2!sim',
};

const SSO_ROLE = 'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a';

function plantedWorld(): World {
  const world = findScenario('rolled-back')!.build({t0: DEFAULT_EPOCH});
  const root = world.stacks.find(s => s.stackId === world.rootStackId)!;
  root.parameters = {...root.parameters, FirstUserEmail: PLANTED.firstUser, CompanyDisplayName: PLANTED.company};
  root.tags = {...root.tags, ApiToken: PLANTED.tagToken, Owner: PLANTED.firstUser, Customer: PLANTED.company};
  root.outputs = {...root.outputs, AdminPassword: PLANTED.outputPassword, Banner: `Panther for ${PLANTED.company}`};
  // The root cause's reason, as a handler that echoes its input would write it.
  const failed = world.stacks.flatMap(s => s.events).find(e => e.logicalId === 'AuditLogsBucket' && e.status === 'CREATE_FAILED')!;
  failed.reason =
    `${failed.reason} Notify ${PLANTED.firstUser} at https://hooks.slack.com/services/T0SIM/B0SIM/${PLANTED.slackHook}; ` +
    `token ${PLANTED.githubPat}; the password is ${PLANTED.prosePassword}`;
  const sso = `arn:aws:sts::${world.account}:assumed-role/${SSO_ROLE}/${PLANTED.engineer}`;
  for (const r of world.trail) {
    const record = r.record as {userIdentity?: Record<string, unknown>; errorMessage?: string};
    r.username = PLANTED.engineer;
    r.record = {
      ...record,
      userIdentity: {...record.userIdentity, arn: sso, principalId: `AROAEXAMPLE:${PLANTED.engineer}`},
      errorMessage: `${record.errorMessage ?? ''} (${PLANTED.company}, ${PLANTED.firstUser})`,
    };
  }
  world.caller = {arn: sso, userId: `AROAEXAMPLE:${PLANTED.engineer}`};
  return world;
}

describe('bundle command on a planted account', () => {
  let sim: RunningSim;
  let bundle: Bundle;
  let text: string;

  beforeAll(async () => {
    sim = await startSim({world: plantedWorld(), clock: 'fixed'});
    bundle = (
      await captureBundle(
        {...simSettings(sim), callsPerSecond: {cloudformation: 500, cloudtrail: 100}},
        {format: 'text', cloudtrail: true, bell: false, stack: 'panther-prod', maskAccount: true},
      )
    ).bundle;
    text = gunzipSync(encodeBundle(bundle)).toString('utf8');
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
  });

  it('recorded the planted places, the summary included', () => {
    expect(text).toContain('"Key":"ApiToken"');
    expect(bundle.calls.some(c => c.operation === 'LookupEvents')).toBe(true);
    expect(bundle.summaryMarkdown).toContain('AuditLogsBucket');
    expect(bundle.summaryMarkdown).toContain('hooks.slack.com/services/');
  });

  it.each(Object.entries(PLANTED))('carries no %s, in the calls or the summary', (_what, secret) => {
    expect(text).not.toContain(secret);
    expect(bundle.summaryMarkdown.replace(/\\(.)/g, '$1')).not.toContain(secret);
  });

  it('masks people without losing who did what: the SSO caller keeps its ARN shape, the domain is gone', () => {
    expect(text).not.toContain('customer-corp');
    expect(text).toMatch(new RegExp(`arn:aws:sts::000000000000:assumed-role/${SSO_ROLE}/user-\\d@example\\.invalid`));
    expect(bundle.redaction.emails).toBe(2);
    expect(bundle.redaction.accounts).toBeGreaterThan(0);
  });

  it('still replays to the same root cause', () => {
    const world = worldFromBundle(bundle);
    const root = world.stacks.find(s => s.stackId === world.rootStackId)!;
    expect(root.name).toBe('panther-prod');
    expect(root.parameters.PantherVersion).toBe('1.28.7');
    expect(root.tags.ApiToken).toBe('<redacted>');
    expect(world.stacks.flatMap(s => s.events).some(e => e.logicalId === 'AuditLogsBucket' && e.status === 'CREATE_FAILED')).toBe(true);
    expect(bundle.summaryMarkdown).toMatch(/Resource \| AuditLogsBucket/);
  });
});
