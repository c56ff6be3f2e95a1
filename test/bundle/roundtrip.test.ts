// A bundle recorded on the simulated account, replayed offline, gives the same post-mortem as the live account.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {captureBundle} from '../../source/commands/bundle.js';
import {buildContext, type CommonFlags} from '../../source/commands/context.js';
import {computePostMortem} from '../../source/commands/postmortem.js';
import {simSettings} from '../../source/commands/sim.js';
import {decodeBundle, encodeBundle, type Bundle} from '../../source/report/bundle.js';
import {postMortemJson} from '../../source/report/postmortem-json.js';
import {redactJson} from '../../source/report/redact.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {worldFromBundle} from '../../source/sim/replay.js';
import type {AwsSettings} from '../../source/aws/clients.js';

const fast = {cloudformation: 500, cloudtrail: 100};
const flags: CommonFlags = {format: 'json', cloudtrail: true, bell: false, stack: 'panther-prod'};

async function postMortemWithout(settings: AwsSettings, stack: string): Promise<Record<string, unknown>> {
  const ctx = await buildContext(settings);
  try {
    const json = postMortemJson(await computePostMortem(ctx, stack, flags)) as Record<string, unknown>;
    delete json.apiCalls;
    return json;
  } finally {
    ctx.clients.destroy();
  }
}

async function replayPostMortem(bundle: Bundle): Promise<Record<string, unknown>> {
  const sim = await startSim({world: worldFromBundle(bundle), clock: 'fixed'});
  try {
    return await postMortemWithout(simSettings(sim), bundle.stack);
  } finally {
    await sim.close();
  }
}

describe('support bundle round trip (rolled-back scenario)', () => {
  let live: RunningSim;
  let bundle: Bundle;
  let livePm: Record<string, unknown>;

  beforeAll(async () => {
    live = await startSim({scenario: 'rolled-back'});
    livePm = await postMortemWithout(simSettings(live), 'panther-prod');
    // The sim needs no client-side rate limit: a faster test, the same calls.
    bundle = decodeBundle(encodeBundle((await captureBundle({...simSettings(live), callsPerSecond: fast}, flags)).bundle));
  }, 60_000);
  afterAll(async () => {
    await live?.close();
  });

  it('replaying the bundle gives the post-mortem computed live (apiCalls aside)', async () => {
    expect(livePm.rootCause).not.toBeNull();
    expect((livePm.deniedCalls as unknown[]).length).toBeGreaterThan(0);
    expect(await replayPostMortem(bundle)).toEqual(livePm);
  });

  it('holds the whole tree: every nested stack (deleted ones too) with all its events, and the CloudTrail denies', () => {
    const world = worldFromBundle(bundle);
    expect(world.stacks).toHaveLength(live.world.stacks.length);
    for (const stack of live.world.stacks) {
      const replayed = world.stacks.find(s => s.stackId === stack.stackId);
      expect(replayed, stack.name).toBeDefined();
      expect(replayed!.events.map(e => e.eventId)).toEqual(stack.events.map(e => e.eventId));
    }
    expect(world.stacks.filter(s => s.events.at(-1)!.status === 'DELETE_COMPLETE').length).toBeGreaterThan(5);
    expect(world.trail.some(r => (r.record as {errorCode?: string}).errorCode === 'AccessDenied')).toBe(true);
  });

  it('records calls as plain JSON with their service, operation, region, input and output', () => {
    expect(bundle.format).toBe('panther-console-bundle');
    expect(bundle.version).toBe(1);
    expect(bundle.stack).toBe('panther-prod');
    expect(bundle.region).toBe('us-east-2');
    const ops = new Set(bundle.calls.map(c => `${c.service}.${c.operation}`));
    for (const op of [
      'CloudFormation.DescribeStacks',
      'CloudFormation.DescribeStackEvents',
      'CloudFormation.ListStacks',
      'CloudFormation.ListStackResources',
      'CloudFormation.GetTemplateSummary',
      'CloudTrail.LookupEvents',
      'STS.GetCallerIdentity',
    ]) {
      expect(ops, op).toContain(op);
    }
    const lookup = bundle.calls.find(c => c.operation === 'LookupEvents')!;
    expect(typeof (lookup.input as {StartTime: unknown}).StartTime).toBe('string');
    expect(JSON.stringify(bundle.calls)).not.toContain('$metadata');
    expect(bundle.summaryMarkdown).toContain('# Post-mortem');
    expect(bundle.summaryMarkdown).toContain('AuditLogsBucket');
  });

  it('--mask-account leaves no account ID, keeps distinct accounts distinct, and still replays', async () => {
    const masked = redactJson(bundle, {maskAccount: true}).value;
    const text = JSON.stringify(masked);
    expect(text).not.toContain('123456789012');
    expect(text).toContain('arn:aws:cloudformation:us-east-2:000000000000:stack/panther-prod/');
    // The SCP lives in the organisation's management account: another account, so another mask.
    expect(text).toMatch(/arn:aws:organizations::(\d)\1{11}:policy/);
    expect(text).not.toMatch(/arn:aws:organizations::000000000000:policy/);
    const pm = await replayPostMortem(masked);
    expect((pm.rootCause as {logicalResourceId: string}).logicalResourceId).toBe('AuditLogsBucket');
    expect(JSON.stringify(pm)).not.toContain('123456789012');
  });
});
