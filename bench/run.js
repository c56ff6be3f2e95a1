// `npm run bench`: one JSON line per metric ({"metric", "value", "unit", ...context}). Runs against the built
// dist/ and the embedded sim on 127.0.0.1; nothing here is a test and no timing is asserted anywhere.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {performance} from 'node:perf_hooks';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const only = process.argv[2];
const emit = (metric, value, unit, extra = {}) =>
  process.stdout.write(`${JSON.stringify({metric, value: Math.round(value * 100) / 100, unit, ...extra})}\n`);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = xs => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const bin = fileURLToPath(new URL('../bin/panther-console.js', import.meta.url));

/** Cold start to the first frame: the real CLI in a pseudo-terminal (util-linux `script`), timed to its first paint. */
function firstFrameOnce() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; exec ${process.execPath} ${bin} demo --scenario rolled-back --no-bell`, '/dev/null'], {
      env: {...process.env, CI: 'false', TERM: 'xterm-256color'},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no frame within 15 s'));
    }, 15000);
    child.stdout.on('data', d => {
      out += d;
      // The tree pane's title is drawn in the very first frame.
      if (/Stacks/.test(out)) {
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.stdin.write('q');
        setTimeout(() => child.kill('SIGTERM'), 200);
        resolve(ms);
      }
    });
  });
}

async function startup() {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await firstFrameOnce());
  emit('startup.first_frame_ms', median(runs), 'ms', {runs: runs.length});
}

async function withSim(options, fn) {
  const {startSim} = await import('../dist/sim/index.js');
  const sim = await startSim(options);
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

async function contextFor(sim) {
  const {buildContext} = await import('../dist/commands/context.js');
  const {simSettings} = await import('../dist/commands/sim.js');
  return buildContext(simSettings(sim));
}

async function postmortemOn(sim) {
  const {computePostMortem} = await import('../dist/commands/postmortem.js');
  const ctx = await contextFor(sim);
  const t0 = performance.now();
  const pm = await computePostMortem(ctx, sim.rootStackName, {format: 'json', cloudtrail: true, bell: false});
  const ms = performance.now() - t0;
  ctx.clients.destroy();
  return {ms, calls: pm.apiCalls.cloudformation + pm.apiCalls.cloudtrail, pm};
}

/** The naive way, for comparison: every stack's full event history, then the same analysis. */
async function naivePostmortemOn(sim) {
  const {analysePostMortem} = await import('../dist/domain/root-cause.js');
  const {stackFromEvents} = await import('../dist/domain/stack-from-events.js');
  const ctx = await contextFor(sim);
  const gw = ctx.gateway;
  const t0 = performance.now();
  const summaries = (await gw.listStacks()).filter(s => s.rootId === null || s.rootId !== undefined);
  const root = await gw.describeStack(sim.rootStackName);
  const tree = summaries.filter(s => s.stackId === root.stackId || s.rootId === root.stackId);
  const stacks = new Map();
  const events = new Map();
  for (const s of tree) {
    const all = [];
    let token;
    do {
      const page = await gw.stackEventsPage(s.stackId, token);
      all.push(...page.events);
      token = page.nextToken;
    } while (token);
    events.set(s.stackId, all.reverse());
    stacks.set(s.stackId, s.stackId === root.stackId ? root : stackFromEvents(s.stackId, events.get(s.stackId)));
  }
  const counter = ctx.clients.counter;
  const pm = analysePostMortem({
    rootStackId: root.stackId, stacks, events, trail: [], trailAvailable: false,
    apiCalls: {cloudformation: counter.total('CloudFormation'), cloudtrail: 0},
  });
  const ms = performance.now() - t0;
  const calls = counter.total();
  ctx.clients.destroy();
  return {ms, calls, pm};
}

async function postmortems() {
  await withSim({scenario: 'rolled-back'}, async sim => {
    const r = await postmortemOn(sim);
    emit('postmortem.demo.wall_ms', r.ms, 'ms');
    emit('postmortem.demo.api_calls', r.calls, 'calls', {rootCause: r.pm.rootCause?.logicalResourceId ?? null});
  });
  await withSim({scenario: 'large', faults: {latencyMs: 50}}, async sim => {
    const r = await postmortemOn(sim);
    emit('postmortem.large.wall_ms', r.ms, 'ms', {latency_ms: 50});
    emit('postmortem.large.api_calls', r.calls, 'calls', {rootCause: r.pm.rootCause?.logicalResourceId ?? null});
    const n = await naivePostmortemOn(sim);
    emit('postmortem.large.naive_wall_ms', n.ms, 'ms', {latency_ms: 50, speedup: Math.round((n.ms / r.ms) * 10) / 10});
    emit('postmortem.large.naive_api_calls', n.calls, 'calls', {sameRootCause: n.pm.rootCause?.eventId === r.pm.rootCause?.eventId});
  });
}

const suites = {startup, postmortems};
for (const [name, suite] of Object.entries(suites)) {
  if (only && only !== name) continue;
  await suite();
}
emit('rss_peak_mb', process.resourceUsage().maxRSS / 1024, 'MB');
