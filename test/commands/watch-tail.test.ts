import {afterEach, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {runCli} from '../support/run-cli.js';

// `watch` without a terminal, on a live deploy played fast: the tail CI and scripts read.
let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const allEventIds = (s: RunningSim) => s.world.stacks.flatMap(st => st.events.map(e => e.eventId)).sort();

describe('watch without a terminal', () => {
  it('prints every event of a live deploy exactly once as JSON lines, then the post-mortem, and exits 1', async () => {
    sim = await startSim({scenario: 'first-deploy', speed: 400});
    const out = await runCli(['watch', '--stack', 'panther-prod', '--endpoint-url', sim.url, '--format', 'json', '--interval', '0.2']);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as Record<string, any>);
    const events = lines.filter(l => l.type === 'event');
    const ids = events.map(e => e.eventId as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(allEventIds(sim));
    expect(lines.some(l => l.type === 'stack' && l.status === 'ROLLBACK_COMPLETE' && l.stackName === 'panther-prod')).toBe(true);
    // Every stack's status changes are there, from its first one, each right after the event that made it.
    const stackLines = lines.filter(l => l.type === 'stack');
    expect(new Set(stackLines.map(l => l.stackId)).size).toBe(sim.world.stacks.length);
    expect(stackLines.filter(l => l.stackName === 'panther-prod').map(l => l.status)).toEqual([
      'CREATE_IN_PROGRESS',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_COMPLETE',
    ]);
    lines.forEach((l, i) => {
      if (l.type !== 'stack') return;
      const before = lines[i - 1]!;
      expect(before).toMatchObject({type: 'event', stackId: l.stackId, status: l.status, logicalResourceId: l.stackName});
    });
    const last = lines.at(-1)!;
    expect(last.type).toBe('postmortem');
    expect(last.rootCause.logicalResourceId).toBe('AuditLogsBucket');
    expect(last.rootCause.category).toBe('scp-deny');
    expect(out.code).toBe(1);
  }, 60_000);

  it('prints each event once and ends with the post-mortem through a storm of throttling that outlasts retries', async () => {
    // The first 6 CloudFormation requests are throttled: all six attempts of the first call, so a poll fails.
    const storm = {times: 6, services: ['cloudformation' as const]};
    sim = await startSim({scenario: 'first-deploy', speed: 400, faults: {throttle: storm, seed: 7}});
    const out = await runCli(['watch', '--stack', 'panther-prod', '--endpoint-url', sim.url, '--format', 'json', '--interval', '0.2']);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as Record<string, any>);
    const ids = lines.filter(l => l.type === 'event').map(e => e.eventId as string);
    expect(ids.length).toBe(new Set(ids).size);
    expect([...ids].sort()).toEqual(allEventIds(sim));
    expect(lines.at(-1)!.type).toBe('postmortem');
    expect(lines.at(-1)!.rootCause.logicalResourceId).toBe('AuditLogsBucket');
    expect(out.stderr).toMatch(/throttled, backing off/);
    expect(out.code).toBe(1);
  }, 120_000);

  it('prints a readable tail with the nested stack of each event, then the root cause', async () => {
    sim = await startSim({scenario: 'first-deploy', speed: 400});
    const out = await runCli(['watch', '--stack', 'panther-prod', '--endpoint-url', sim.url, '--interval', '0.2']);
    const eventLines = out.stdout.split('\n').filter(l => /^\d\d:\d\d:\d\d {2}/.test(l));
    expect(eventLines.length).toBe(allEventIds(sim).length);
    expect(eventLines.some(l => /LogProcessingRole\s+AuditLogsBucket\s+CREATE_FAILED/.test(l))).toBe(true);
    expect(out.stdout).toMatch(/ROOT CAUSE/);
    expect(out.stdout).not.toMatch(/\x1b/);
    expect(out.code).toBe(1);
  }, 60_000);

  it('ends a successful deploy with a post-mortem line too (no root cause) and exits 0', async () => {
    sim = await startSim({scenario: 'healthy'});
    const out = await runCli(['watch', '-s', 'panther-prod', '--endpoint-url', sim.url, '--format', 'json']);
    const last = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Record<string, any>;
    expect(last.type).toBe('postmortem');
    expect(last.rootCause).toBeNull();
    expect(last.operation.outcome).toBe('SUCCEEDED');
    expect(out.code).toBe(0);
  }, 60_000);

  it('on a stack that already rolled back: the failed operation, then the post-mortem', async () => {
    sim = await startSim({scenario: 'rolled-back'});
    const out = await runCli(['watch', '-s', 'panther-prod', '--endpoint-url', sim.url, '--format', 'json']);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as {type: string});
    expect(lines.filter(l => l.type === 'event').length).toBeGreaterThan(1500);
    expect(lines.at(-1)!.type).toBe('postmortem');
    expect(out.code).toBe(1);
  }, 60_000);
});
