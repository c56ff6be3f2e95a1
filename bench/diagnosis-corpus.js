// `npm run bench diagnosis`: the diagnosis corpus (test/fixtures/diagnosis-corpus/, real failure reasons from public
// trackers) planted in a Panther deploy on the sim and read back by the post-mortem through the AWS SDK, scored
// against its labels: the share diagnosed with the right category, and the share whose hint names every labelled
// fact. test/fixtures/diagnosis-holdout.json, when present, is scored apart: reasons the rules were not written from.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

function loadEntries(files) {
  return files.flatMap(f => JSON.parse(readFileSync(f, 'utf8')));
}

const plantKey = id => id.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 60);
const names = (hint, fact) => (Array.isArray(fact) ? fact : [fact]).some(w => hint.toLowerCase().includes(w.toLowerCase()));

async function score(entries) {
  const {startSim, DEFAULT_EPOCH} = await import('../dist/sim/index.js');
  const {plantedFailuresWorld} = await import('../dist/sim/scenarios/planted-failures.js');
  const {buildContext} = await import('../dist/commands/context.js');
  const {simSettings} = await import('../dist/commands/sim.js');
  const {computePostMortem} = await import('../dist/commands/postmortem.js');
  const {classifyFailure} = await import('../dist/domain/classify.js');
  const {isSummary} = await import('../dist/domain/reasons.js');
  const world = plantedFailuresWorld({
    t0: DEFAULT_EPOCH,
    failures: entries.map(e => ({
      key: plantKey(e.id),
      resourceType: e.resourceType,
      status: e.status,
      reason: e.reason,
      logicalResourceId: e.logicalResourceId,
      physicalResourceId: e.physicalResourceId,
    })),
  });
  const sim = await startSim({world, clock: 'fixed'});
  try {
    const ctx = await buildContext({...simSettings(sim), callsPerSecond: {cloudformation: 2000, cloudtrail: 100}});
    const pm = await computePostMortem(ctx, world.rootStackName, {format: 'json', cloudtrail: false, bell: false});
    ctx.clients.destroy();
    const planted = /** @type {{stackName: string, key: string}[]} */ (world.facts.planted);
    const byStack = new Map(planted.map(p => [p.stackName, p.key]));
    const found = new Map();
    for (const f of [pm.rootCause, ...pm.otherFailures]) if (f && byStack.has(f.stackName)) found.set(byStack.get(f.stackName), f);
    let category = 0;
    let facts = 0;
    const wrongCategory = [];
    const missingFacts = [];
    for (const e of entries) {
      // A reason that only points at other resources is never reported as a failure: diagnosed from its event alone.
      const got = isSummary(e.reason) ? classifyFailure(e, {cloudTrail: false}) : found.get(plantKey(e.id));
      if (got?.category === e.category) category++;
      else wrongCategory.push(e.id);
      if (got && e.facts.every(f => names(got.hint, f))) facts++;
      else missingFacts.push(e.id);
    }
    return {
      n: entries.length,
      category: category / entries.length,
      facts: facts / entries.length,
      wrongCategory,
      missingFacts,
      services: new Set(entries.map(e => e.service)).size,
    };
  } finally {
    await sim.close();
  }
}

export async function diagnosisCorpus(emit) {
  const dir = `${fixtures}diagnosis-corpus/`;
  const corpus = loadEntries(
    readdirSync(dir)
      .filter(f => f.endsWith('.json'))
      .sort()
      .map(f => dir + f),
  );
  const r = await score(corpus);
  const context = {entries: r.n, services: r.services, via: 'planted in a sim deploy, read by the post-mortem through the AWS SDK'};
  emit('diagnosis.corpus.category_accuracy', r.category * 100, '%', {...context, target: '>= 97', wrong: r.wrongCategory.join(' ') || null});
  emit('diagnosis.corpus.hint_facts', r.facts * 100, '%', {...context, target: '>= 85', missing: r.missingFacts.join(' ') || null});
  const holdout = `${fixtures}diagnosis-holdout.json`;
  if (existsSync(holdout)) {
    const h = await score(loadEntries([holdout]));
    const hc = {entries: h.n, services: h.services, via: 'reasons collected after the rules were written'};
    emit('diagnosis.holdout.category_accuracy', h.category * 100, '%', {...hc, wrong: h.wrongCategory.join(' ') || null});
    emit('diagnosis.holdout.hint_facts', h.facts * 100, '%', {...hc, missing: h.missingFacts.join(' ') || null});
  }
}
