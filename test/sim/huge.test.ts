import {describe, expect, it} from 'vitest';
import {buildContext} from '../../source/commands/context.js';
import {computePostMortem} from '../../source/commands/postmortem.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim} from '../../source/sim/index.js';
import type {World, WorldEvent} from '../../source/sim/world.js';

// `huge`: the large story at the far end of real size (60+ nested stacks, ~100,000 events), for the benchmark's
// memory and latency at scale. Still one root cause, found by the real post-mortem through the SDK.
const isNoise = (e: WorldEvent) => e.reason === 'Resource creation cancelled' || e.reason.startsWith('Embedded stack');

describe('the huge scenario', () => {
  it('is a 4-level tree of 60+ nested stacks and ~100,000 events, failed once deep down and rolled back', async () => {
    const sim = await startSim({scenario: 'huge'});
    try {
      const w: World = sim.world;
      expect(w.rootStackName).toBe('panther-huge');
      expect(w.stacks.length - 1).toBeGreaterThanOrEqual(60);
      const events = w.stacks.flatMap(s => s.events);
      expect(events.length).toBeGreaterThanOrEqual(95_000);
      const depth = (id: string | null): number => (id ? 1 + depth(w.stacks.find(s => s.stackId === id)!.parentId) : 0);
      expect(Math.max(...w.stacks.map(s => depth(s.stackId)))).toBe(4);
      const first = events.filter(e => e.status.endsWith('_FAILED') && !isNoise(e)).sort((a, b) => a.time - b.time)[0]!;
      expect(first.logicalId).toBe('ArchiveBucket');
      expect(depth(first.stackId)).toBe(4);
      for (const s of w.stacks.slice(1)) expect(s.events.at(-1)!.status).toBe('DELETE_COMPLETE');
      expect(w.stacks[0]!.events.at(-1)!.status).toBe('ROLLBACK_COMPLETE');

      const ctx = await buildContext(simSettings(sim));
      try {
        const pm = await computePostMortem(ctx, sim.rootStackName, {format: 'json', cloudtrail: false, bell: false});
        expect(pm.rootCause?.logicalResourceId).toBe('ArchiveBucket');
        expect(pm.rootCause?.stackName).toBe((w.facts.rootCause as {stackName: string}).stackName);
      } finally {
        ctx.clients.destroy();
      }
    } finally {
      await sim.close();
    }
  }, 60_000);
});
