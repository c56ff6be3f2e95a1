// `npm run bench`: one JSON line per metric ({"metric", "value", "unit", ...context}). Runs against the built
// dist/ and the embedded sim on 127.0.0.1; nothing here is a test and no timing is asserted anywhere.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {performance} from 'node:perf_hooks';
import {diagnosisCorpus} from './diagnosis-corpus.js';
import {textLayout} from './text-layout.js';

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
    const child = spawn(
      'script',
      ['-qfec', `stty cols 100 rows 30; exec ${process.execPath} ${bin} demo --scenario rolled-back --no-bell`, '/dev/null'],
      {
        env: {...process.env, CI: 'false', TERM: 'xterm-256color'},
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let seen = false;
    // The console may be gone by the time a late write arrives: that is the end of the run, not an error.
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no frame within 15 s'));
    }, 15000);
    child.stdout.on('data', d => {
      out += d;
      // The tree pane's title is drawn in the very first frame.
      if (!seen && /Stacks/.test(out)) {
        seen = true;
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.stdin.write('q');
        setTimeout(() => child.kill('SIGTERM'), 200);
        resolve(ms);
      }
    });
  });
}

/** The floor: `node -e 0` started the same way (script, stty, exec), timed until the pty closes. */
function nodeBaselineOnce() {
  return new Promise(resolve => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; exec ${process.execPath} -e 0`, '/dev/null'], {
      env: {...process.env, CI: 'false', TERM: 'xterm-256color'},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    child.on('close', () => resolve(performance.now() - started));
  });
}

async function startup() {
  // Interleaved, so a busy moment of the machine weighs on both alike.
  const runs = [];
  const baseline = [];
  for (let i = 0; i < 7; i++) {
    baseline.push(await nodeBaselineOnce());
    runs.push(await firstFrameOnce());
  }
  emit('startup.node_baseline_ms', median(baseline), 'ms', {runs: baseline.length, command: 'node -e 0'});
  emit('startup.first_frame_ms', median(runs), 'ms', {runs: runs.length, x_baseline: Math.round((median(runs) / median(baseline)) * 10) / 10});
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
  if (!root) throw new Error(`no root stack ${sim.rootStackName}`);
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
    rootStackId: root.stackId,
    stacks,
    events,
    trail: [],
    trailAvailable: false,
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

async function storeOn(sim, extra = {}) {
  const {createClients} = await import('../dist/aws/clients.js');
  const {Gateway} = await import('../dist/aws/gateway.js');
  const {simSettings} = await import('../dist/commands/sim.js');
  const {ConsoleStore} = await import('../dist/store/store.js');
  // A manual clock plays minutes in milliseconds: the bench counts calls per story minute, so the client-side
  // rate limit (a wall-clock guard) is lifted; the SDK still retries as in production.
  const clients = createClients({
    ...simSettings(sim),
    maxAttempts: extra.maxAttempts ?? 4,
    callsPerSecond: {cloudformation: 10000, cloudtrail: 10000},
  });
  const store = new ConsoleStore(new Gateway(clients), {query: sim.rootStackName, region: sim.region, intervalMs: 2000, ...extra.store});
  return {store, clients};
}

/** Nested stacks in progress at story time t (from the world, the sim's own truth). */
function inProgressAt(world, t) {
  let n = 0;
  for (const st of world.stacks) {
    if (st.parentId === null) continue;
    let status = null;
    for (const e of st.events) {
      if (e.time > t) break;
      if (e.logicalId === st.name && e.resourceType === 'AWS::CloudFormation::Stack') status = e.status;
    }
    if (status?.endsWith('_IN_PROGRESS')) n++;
  }
  return n;
}

const sum = o => Object.values(o).reduce((a, b) => a + b, 0);

/** Calls the store makes over one story minute from `t`, polling on its own schedule (waits it returns). */
async function storeMinute(sim, store, t) {
  sim.clock.set(t);
  await store.pollOnce(); // catch up first: the measurement is the steady state
  sim.resetCalls();
  let elapsed = 0;
  let polls = 0;
  while (elapsed < 60_000) {
    const wait = (await store.pollOnce()) ?? 60_000;
    polls++;
    elapsed += wait;
    sim.clock.advance(wait);
  }
  return {calls: sum(sim.calls()), polls};
}

/** The naive poller (rain's way): every known stack, every 2 s, DescribeStacks + DescribeStackEvents + ListStackResources. */
async function naiveMinute(sim, t) {
  const {CloudFormationClient, DescribeStacksCommand, DescribeStackEventsCommand, ListStackResourcesCommand, ListStacksCommand} = await import(
    '@aws-sdk/client-cloudformation'
  );
  const {simSettings} = await import('../dist/commands/sim.js');
  const st = simSettings(sim);
  const cfn = new CloudFormationClient({region: st.region, endpoint: st.endpointUrl, credentials: st.credentials});
  sim.clock.set(t);
  const list = await cfn.send(new ListStacksCommand({}));
  const ids = (list.StackSummaries ?? []).map(s => s.StackId);
  sim.resetCalls();
  for (let elapsed = 0; elapsed < 60_000; elapsed += 2000) {
    for (const id of ids) {
      await cfn.send(new DescribeStacksCommand({StackName: id}));
      await cfn.send(new DescribeStackEventsCommand({StackName: id}));
      await cfn.send(new ListStackResourcesCommand({StackName: id}));
    }
    sim.clock.advance(2000);
  }
  cfn.destroy();
  return sum(sim.calls());
}

async function watch() {
  const {startSim} = await import('../dist/sim/index.js');
  // Calls per minute on a generated 36-stack deploy, while 3 nested stacks are in progress and while idle.
  const sim = await startSim({scenario: 'large', clock: 'manual', startAt: 0});
  try {
    const world = sim.world;
    // The generated deploy has 3 nested stacks in progress only for seconds at a time: measure the polls made at
    // such moments (catch-up first, then steady state) and scale by the active poll rate (one poll per 2 s).
    // Prefer the moments when the most stacks exist: that is where polling everything costs the most.
    const existing = t => world.stacks.filter(st => st.events[0] && st.events[0].time <= t).length;
    const candidates = [];
    for (let t = world.startTime; t < world.endTime; t += 2000) if (inProgressAt(world, t) === 3) candidates.push(t);
    const moments = candidates.sort((a, b) => existing(b) - existing(a)).slice(0, 5);
    const {store, clients} = await storeOn(sim);
    let calls = 0;
    for (const t of moments) {
      sim.clock.set(t - 2000);
      await store.pollOnce();
      sim.clock.set(t);
      sim.resetCalls();
      await store.pollOnce();
      // Steady state: the one-time template summaries (progress totals) of newly seen stacks are not polling.
      const {'CloudFormation.GetTemplateSummary': _totals, ...polling} = sim.calls();
      calls += sum(polling);
    }
    const perPoll = calls / Math.max(1, moments.length);
    emit('watch.active3.calls_per_min', perPoll * 30, 'calls/min', {
      calls_per_poll: Math.round(perPoll * 100) / 100,
      polls_per_min: 30,
      moments: moments.length,
      stacks_existing: existing(moments[0] ?? world.endTime),
      stacks: world.stacks.length,
    });
    const idle = await storeMinute(sim, store, world.endTime + 60_000);
    emit('watch.idle.calls_per_min', idle.calls, 'calls/min', {polls: idle.polls});
    clients.destroy();
    const naive = await naiveMinute(sim, moments[0] ?? world.endTime);
    emit('watch.naive.calls_per_min', naive, 'calls/min', {
      stacks_polled: 'all known',
      interval_s: 2,
      ratio_ours: Math.round(((perPoll * 30) / naive) * 1000) / 1000,
    });
  } finally {
    await sim.close();
  }

  // Events missed with 20% of calls throttled (SDK retries off: the store alone must lose nothing).
  const throttled = await startSim({scenario: 'first-deploy', clock: 'manual', startAt: 0, faults: {throttle: {probability: 0.2}, seed: 11}});
  try {
    const {store, clients} = await storeOn(throttled, {maxAttempts: 1});
    while (!throttled.clock.atEnd()) {
      throttled.clock.advance(2000);
      await store.pollOnce();
    }
    for (let i = 0; i < 20 && (!store.settled || store.getSnapshot().poll.cloudformation.lastError); i++) await store.pollOnce();
    const held = new Set();
    for (const list of store.getSnapshot().events.values()) for (const e of list) held.add(e.eventId);
    const missed = throttled.world.stacks.reduce((n, st) => n + st.events.filter(e => !held.has(e.eventId)).length, 0);
    emit('watch.throttle20.missed_events', missed, 'events', {held: held.size, throttled_calls: '20%'});
    clients.destroy();
  } finally {
    await throttled.close();
  }

  // Event to frame: a live deploy on a realtime clock, the real store polling on its schedule, the real App rendering.
  const {render} = await import('ink-testing-library');
  const React = (await import('react')).default;
  const {App} = await import('../dist/ui/App.js');
  const speed = 20;
  const live = await startSim({scenario: 'first-deploy', speed});
  try {
    const {store, clients} = await storeOn(live);
    const app = render(React.createElement(App, {source: store, width: 100, height: 30, noColor: true}));
    const seen = new Set();
    const delays = [];
    const startedReal = Date.now();
    const storyStart = live.clock.now();
    store.subscribe(() => {
      const snap = store.getSnapshot();
      const fresh = [];
      for (const list of snap.events.values())
        for (const e of list)
          if (!seen.has(e.eventId)) {
            seen.add(e.eventId);
            fresh.push(e);
          }
      if (fresh.length === 0) return;
      const before = app.lastFrame();
      // The frame is drawn after React commits: wait for it, then charge each event from when the sim showed it.
      const check = () => {
        if (app.lastFrame() === before) {
          setImmediate(check);
          return;
        }
        const now = Date.now();
        for (const e of fresh) {
          const appearedReal = startedReal + (Date.parse(e.timestamp) - storyStart) / speed;
          if (appearedReal >= startedReal) delays.push(now - appearedReal);
        }
      };
      setImmediate(check);
    });
    store.start();
    await new Promise(r => setTimeout(r, 25_000));
    store.stop();
    app.unmount();
    clients.destroy();
    emit('watch.event_to_frame_ms', median(delays), 'ms', {events: delays.length, interval_ms: 2000, speed});
    emit('watch.event_to_frame_p95_ms', p95(delays), 'ms', {events: delays.length});
  } finally {
    await live.close();
  }
}

/** Keypress to frame with the large scenario's ~21,800 events in the timeline (the real App, ink-testing-library). */
async function timeline() {
  const {startSim} = await import('../dist/sim/index.js');
  const {render} = await import('ink-testing-library');
  const React = (await import('react')).default;
  const {App} = await import('../dist/ui/App.js');
  const sim = await startSim({scenario: 'large'});
  try {
    const {store, clients} = await storeOn(sim);
    for (let i = 0; i < 5 && !store.getSnapshot().postMortem; i++) await store.pollOnce();
    const snap = store.getSnapshot();
    const events = [...snap.events.values()].reduce((n, l) => n + l.length, 0);
    const app = render(React.createElement(App, {snapshot: snap, width: 100, height: 30, noColor: true}));
    await new Promise(r => setTimeout(r, 300));
    const keys = ['j', 'j', 'k', 'n', 'N', 'G', 'g', 'e', 'j', 'k', '\t', '\t', 'j', 'k', 'n', 'n', 'N', 'G', 'e', 'j'];
    const times = [];
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        const before = app.lastFrame();
        const t0 = performance.now();
        app.stdin.write(key);
        await new Promise(resolve => {
          const check = () => (app.lastFrame() !== before || performance.now() - t0 > 1000 ? resolve(undefined) : setImmediate(check));
          check();
        });
        times.push(performance.now() - t0);
      }
    }
    app.unmount();
    clients.destroy();
    emit('timeline.keypress_ms', median(times), 'ms', {events, keys: times.length});
    emit('timeline.keypress_p95_ms', p95(times), 'ms', {events});
  } finally {
    await sim.close();
  }
}

// ---- The console at real size: the real built CLI in a pseudo-terminal, against the sim's large and huge trees. ----

const ESU = '\x1b[?2026l'; // Ink ends each frame's synchronized update with it: a frame has fully arrived
const stripAnsi = s => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '');

function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** kB of a /proc/<pid>/status field (VmHWM: the peak resident set, VmRSS: now), null once the process is gone. */
function procStatusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The console (`watch`) on `sim` in a 120x40 pty. Measures the console process itself (the child `script` execs:
 * it renames itself panther-console, so it is found by parentage): its peak RSS, when the root cause is drawn, and
 * keypress-to-frame while the history is still loading (polling) and after it has loaded (idle).
 */
function consoleOn(sim, {loadKeysMax = 60, idleKeys = 30, timeoutMs = Number(process.env.BENCH_CONSOLE_TIMEOUT_MS ?? 600_000)} = {}) {
  return new Promise((resolve, reject) => {
    const args = `watch -s ${sim.rootStackName} -r ${sim.region} --endpoint-url ${sim.url} --no-bell`;
    const started = performance.now();
    const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${process.execPath} ${bin} ${args}`, '/dev/null'], {
      env: {...process.env, CI: 'false', TERM: 'xterm-256color', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x'},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.on('error', () => undefined);
    let pid = null;
    let hwmKb = 0;
    let rssMaxKb = 0;
    let window = '';
    let frames = 0;
    let rootCauseMs = null;
    // The status bar counts API calls: loading the history pages at the client-side pace, so once the count has
    // not moved for a few seconds (idle polls come every 10 s) the history is loaded.
    let apiCalls = -1;
    let apiChangedAt = performance.now();
    let waiter = null; // {after: frame count when the key went out, t0, resolve}
    const sample = () => {
      pid ??= childPids(child.pid)[0] ?? null;
      if (pid === null) return;
      hwmKb = Math.max(hwmKb, procStatusKb(pid, 'VmHWM') ?? 0);
      rssMaxKb = Math.max(rssMaxKb, procStatusKb(pid, 'VmRSS') ?? 0);
    };
    const sampler = setInterval(sample, 100);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`console on ${sim.scenario}: no root cause within ${timeoutMs / 1000} s; last output:\n${stripAnsi(window).slice(-3000)}`));
    }, timeoutMs);
    child.stdout.on('data', d => {
      const text = d.toString();
      window = (window + text).slice(-20_000);
      const ends = text.split(ESU).length - 1;
      frames += ends;
      const plain = stripAnsi(window);
      if (rootCauseMs === null && /ROOT CAUSE\s+(?!\s|reading)/.test(plain)) rootCauseMs = performance.now() - started;
      const calls = [...plain.matchAll(/API (\d+)/g)].at(-1)?.[1];
      if (calls !== undefined && Number(calls) !== apiCalls) {
        apiCalls = Number(calls);
        apiChangedAt = performance.now();
      }
      if (waiter && ends > 0) {
        const w = waiter;
        waiter = null;
        w.resolve(performance.now() - w.t0);
      }
    });
    // One key, timed to the end of the next whole frame (2 s without one: counted as a timeout, not a time).
    const press = key =>
      new Promise(res => {
        const t0 = performance.now();
        const expire = setTimeout(() => {
          waiter = null;
          res(null);
        }, 2000);
        waiter = {t0, resolve: ms => (clearTimeout(expire), res(ms))};
        child.stdin.write(key);
      });
    const sleep = ms => new Promise(r => setTimeout(r, ms));
    // Keys that always change the frame wherever the cursor is (a key that changes nothing draws no frame, and its
    // time would be the wait for the next data frame): the timeline's cursor down and up, to the next failure and
    // back, to the bottom and the top; Tab to Details, Tab to Stacks, the stack cursor down and up, Tab back.
    const keys = ['j', 'k', 'n', 'N', 'G', 'g', '\t', '\t', 'j', 'k', '\t'];
    (async () => {
      // Wait for the first frame, then press keys while the history loads (the store polls, frames for data too).
      while (frames === 0) await sleep(20);
      const polling = [];
      let timeoutsPolling = 0;
      const loaded = () => rootCauseMs !== null && performance.now() - apiChangedAt > 4000;
      for (let i = 0; !loaded() && i < loadKeysMax; i++) {
        const ms = await press(keys[i % keys.length]);
        if (ms === null) timeoutsPolling++;
        else polling.push(ms);
        await sleep(150);
      }
      while (!loaded()) await sleep(100);
      const loadedMs = apiChangedAt - started;
      // Idle: the history loaded, the root cause drawn, nothing arriving.
      const idle = [];
      let timeoutsIdle = 0;
      const idleSlow = [];
      for (let i = 0; i < idleKeys; i++) {
        const ms = await press(keys[i % keys.length]);
        if (ms === null || ms > 500) idleSlow.push(`${JSON.stringify(keys[i % keys.length])}:${ms === null ? 'timeout' : Math.round(ms)}`);
        if (ms === null) timeoutsIdle++;
        else idle.push(ms);
        await sleep(60);
      }
      sample();
      clearInterval(sampler);
      child.stdin.write('q');
      child.on('close', code => {
        clearTimeout(timer);
        resolve({
          code,
          rootCauseMs,
          loadedMs,
          apiCalls,
          idleSlow,
          hwmMb: hwmKb / 1024,
          rssMaxMb: rssMaxKb / 1024,
          polling,
          idle,
          timeoutsPolling,
          timeoutsIdle,
          frames,
        });
      });
    })().catch(reject);
  });
}

/** The real CLI's post-mortem (a child process, start-up included) on the same endpoint. */
function postmortemCli(sim) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [bin, 'postmortem', '-s', sim.rootStackName, '-r', sim.region, '--endpoint-url', sim.url, '--format', 'json'],
      {
        env: {...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x'},
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.on('error', reject);
    child.on('close', code => {
      const ms = performance.now() - t0;
      let rootCause = null;
      try {
        rootCause = JSON.parse(out).rootCause?.logicalResourceId ?? null;
      } catch {
        // Reported as null: the metric still says how long it took.
      }
      resolve({ms, code, rootCause});
    });
  });
}

async function consoleSuite() {
  const {startSim} = await import('../dist/sim/index.js');
  const latencyMs = 50; // as postmortem.large: AWS answers in tens of ms, not instantly
  const peaks = {};
  // BENCH_CONSOLE_SCENARIOS=huge (comma-separated) runs only those.
  for (const scenario of (process.env.BENCH_CONSOLE_SCENARIOS ?? 'large,huge').split(',')) {
    const sim = await startSim({scenario, faults: {latencyMs}});
    try {
      const events = sim.world.stacks.reduce((n, st) => n + st.events.length, 0);
      const context = {events, stacks: sim.world.stacks.length, latency_ms: latencyMs};
      if (scenario === 'large') {
        const pm = await postmortemCli(sim);
        emit('postmortem.large.cli_wall_ms', pm.ms, 'ms', {
          ...context,
          rootCause: pm.rootCause,
          exit: pm.code,
          via: 'the built CLI, a child process, same endpoint as console.large',
        });
      }
      const r = await consoleOn(sim);
      peaks[scenario] = r.hwmMb;
      emit(`console.${scenario}.rss_peak_mb`, r.hwmMb, 'MB', {
        ...context,
        vm_rss_max_mb: Math.round(r.rssMaxMb),
        target: scenario === 'large' ? '< 300' : '< 2x large',
        ...(scenario === 'huge' && peaks.large ? {x_large: Math.round((r.hwmMb / peaks.large) * 100) / 100} : {}),
      });
      emit(`console.${scenario}.root_cause_ms`, r.rootCauseMs, 'ms', {
        ...context,
        exit: r.code,
        history_loaded_ms: Math.round(r.loadedMs),
        api_calls: r.apiCalls,
      });
      emit(`console.${scenario}.keypress_p95_ms`, Math.max(p95(r.polling) ?? 0, p95(r.idle) ?? 0), 'ms', {
        polling_p95: r.polling.length ? Math.round(p95(r.polling)) : null,
        polling_median: r.polling.length ? Math.round(median(r.polling)) : null,
        polling_keys: r.polling.length,
        polling_timeouts: r.timeoutsPolling,
        idle_p95: r.idle.length ? Math.round(p95(r.idle)) : null,
        idle_median: r.idle.length ? Math.round(median(r.idle)) : null,
        idle_keys: r.idle.length,
        idle_timeouts: r.timeoutsIdle,
        idle_slow_keys: r.idleSlow.join(' ') || null,
      });
    } finally {
      await sim.close();
    }
  }
}

const suites = {startup, postmortems, diagnosis: () => diagnosisCorpus(emit), timeline, watch, console: consoleSuite, text: () => textLayout(emit)};
for (const [name, suite] of Object.entries(suites)) {
  if (only && only !== name) continue;
  await suite();
}
emit('rss_peak_mb', process.resourceUsage().maxRSS / 1024, 'MB');
