// The diagnosis corpus: real failure reasons from public trackers, each planted in a Panther deploy on the sim and
// read back through the AWS SDK as `postmortem` reads a user's account. Every entry must come back with the category
// its label gives and a hint naming every labelled fact; an entry the console still gets wrong is marked with a `gap`
// (and why), and the test holds it to being wrong, so a fix has to remove the mark.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildContext} from '../../source/commands/context.js';
import {computePostMortem} from '../../source/commands/postmortem.js';
import {simSettings} from '../../source/commands/sim.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {plantedFailuresWorld, type PlantedPlace} from '../../source/sim/scenarios/planted-failures.js';
import type {Category, PostMortem} from '../../source/domain/types.js';
import {sanitize} from '../../source/text/sanitize.js';
import {classifyFailure} from '../../source/domain/classify.js';
import {isSummary} from '../../source/domain/reasons.js';
import {loadCorpus, missingFacts, NEXT_STEP_WORDS, plantKey} from '../support/diagnosis-corpus.js';

const CATEGORIES: Category[] = [
  'scp-deny',
  'permission-denied',
  'already-exists',
  'limit-exceeded',
  'invalid-parameter',
  'kms-policy',
  'timeout',
  'dependency',
  'delete-failed',
  'internal',
  'unknown',
];
const corpus = loadCorpus();

describe('the diagnosis corpus', () => {
  it('holds 120+ real reasons over every category and 15+ services', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(120);
    expect(new Set(corpus.map(e => e.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(corpus.map(e => e.service)).size).toBeGreaterThanOrEqual(15);
  });

  it('labels as its README says: a public source, a known category, facts copied from the reason or a next-step word', () => {
    const ids = new Set<string>();
    const reasons = new Set<string>();
    for (const e of corpus) {
      expect(e.source, e.id).toMatch(/^https?:\/\/\S+$/);
      expect(CATEGORIES, e.id).toContain(e.category);
      expect(e.resourceType, e.id).toMatch(/^(?:AWS|Custom|Alexa)::/);
      expect(e.status, e.id).toMatch(/^[A-Z_]+$/);
      expect(ids.has(e.id), `duplicate id ${e.id}`).toBe(false);
      expect(reasons.has(e.reason), `duplicate reason in ${e.id}`).toBe(false);
      ids.add(e.id);
      reasons.add(e.reason);
      for (const fact of e.facts) {
        const words = Array.isArray(fact) ? fact : [fact];
        const known = words.some(
          w => e.reason.toLowerCase().includes(w.toLowerCase()) || NEXT_STEP_WORDS.some(n => n.toLowerCase() === w.toLowerCase()),
        );
        expect(known, `${e.id}: fact ${JSON.stringify(fact)} is neither in the reason nor a next-step word`).toBe(true);
      }
    }
  });
});

describe('the corpus planted in a Panther deploy, read back through the AWS SDK', () => {
  let sim: RunningSim;
  let pm: PostMortem;
  const found = new Map<string, {category: Category; hint: string; reason: string}>();

  beforeAll(async () => {
    const world = plantedFailuresWorld({
      t0: DEFAULT_EPOCH,
      failures: corpus.map(e => ({
        key: plantKey(e.id),
        resourceType: e.resourceType,
        status: e.status,
        reason: e.reason,
        logicalResourceId: e.logicalResourceId,
        physicalResourceId: e.physicalResourceId,
      })),
    });
    sim = await startSim({world, clock: 'fixed'});
    // The real clients at a pace a test can afford: one post-mortem reads ~200 failed nested stacks.
    const ctx = await buildContext({...simSettings(sim), callsPerSecond: {cloudformation: 2000, cloudtrail: 100}});
    pm = await computePostMortem(ctx, world.rootStackName, {format: 'json', cloudtrail: false, bell: false});
    const places = world.facts.planted as PlantedPlace[];
    const byStack = new Map(places.map(p => [p.stackName, p.key]));
    const all = [...(pm.rootCause ? [pm.rootCause] : []), ...pm.otherFailures];
    for (const f of all) {
      const key = byStack.get(f.stackName);
      if (key) found.set(key, {category: f.category, hint: f.hint, reason: f.reason});
    }
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
  });

  it('finds every planted failure: one root cause and the rest as other failures', () => {
    expect(pm.rootCause).not.toBeNull();
    const lost = corpus.filter(e => !isSummary(e.reason) && !found.has(plantKey(e.id))).map(e => e.id);
    expect(lost).toEqual([]);
  });

  it('promises no CloudTrail listing when CloudTrail is not consulted', () => {
    for (const [key, f] of found) expect(f.hint, key).not.toMatch(/CloudTrail/);
  });

  it.each(corpus.map(e => [e.id, e] as const))('%s', (_id, entry) => {
    // A reason that only points at other resources is never reported as a failure (the post-mortem follows what it
    // lists instead): such an entry is diagnosed as the screen's FIRST FAILURE line would, from its event.
    const got = isSummary(entry.reason)
      ? {...classifyFailure({...entry, reason: sanitize(entry.reason)}, {cloudTrail: false}), reason: sanitize(entry.reason)}
      : found.get(plantKey(entry.id))!;
    // What the console shows of AWS's text: control characters (newlines too) made safe, as the gateway does.
    expect(got.reason).toBe(sanitize(entry.reason));
    if (entry.gap?.category) expect(got.category, `marked as a gap (${entry.gap.why}) but now right: remove the mark`).not.toBe(entry.category);
    else expect(got.category).toBe(entry.category);
    const missing = missingFacts(entry, got.hint);
    if (entry.gap?.facts) expect(missing.length, `marked as a gap (${entry.gap.why}) but every fact is named: remove the mark`).toBeGreaterThan(0);
    else expect(missing, `hint: ${got.hint}`).toEqual([]);
  });
});
