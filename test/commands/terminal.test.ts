import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {beforeAll, describe, expect, it} from 'vitest';
import {cliReady} from '../support/cli-ready.js';
import {binPath} from '../support/run-cli.js';

// The built CLI on a real pseudo-terminal (util-linux `script`), for what only a terminal shows: Ctrl-C's exit
// code, Ctrl-Z and `fg`, a dumb terminal, and a crash that must give the terminal back before its one line.
const hasScript = spawnSync('script', ['--version']).status === 0;
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
if (!hasScript) console.warn('terminal: util-linux `script` not found, skipping the pseudo-terminal tests');

const ENTER = '\x1b[?1049h';
const LEAVE = '\x1b[?1049l';

interface Run {
  code: number | null;
  output: string;
}

/** Runs `command` (a shell line) in a 100x30 pseudo-terminal; `step` sees the output so far and may type. */
function inTerminal(
  command: string,
  step: (output: string, type: (s: string) => void, pid: number) => void,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${command}`, '/dev/null'], {
      env: {...process.env, CI: 'false', TERM: 'xterm-256color', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdin.on('error', () => undefined);
    const type = (s: string): void => void child.stdin.write(s);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out:\n${JSON.stringify(output.slice(-1500))}`));
    }, 20_000);
    // Polled, not only on output: a stopped process writes nothing, and that is what a step may wait for.
    const tick = setInterval(() => step(output, type, child.pid!), 50);
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', code => {
      clearTimeout(timer);
      clearInterval(tick);
      resolve({code, output});
    });
  });
}

const cli = `${process.execPath} ${binPath}`;

/** Every descendant of pid with its state letter (T: stopped), from /proc. */
function descendants(pid: number): {pid: number; state: string}[] {
  const out: {pid: number; state: string}[] = [];
  const walk = (p: number): void => {
    let kids: number[] = [];
    try {
      kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const k of kids) {
      try {
        out.push({pid: k, state: readFileSync(`/proc/${k}/stat`, 'utf8').replace(/^.*\) /, '')[0]!});
      } catch {
        continue;
      }
      walk(k);
    }
  };
  walk(pid);
  return out;
}

beforeAll(cliReady, 180_000);

describe.skipIf(!hasScript)('the full screen on a real terminal', () => {
  it('Ctrl-C leaves the screen restored and exits 130 (q exits 0: test/commands/fullscreen.test.ts)', async () => {
    let sent = false;
    const run = await inTerminal(`exec ${cli} demo --scenario rolled-back --no-bell`, (output, type) => {
      if (!sent && /ROOT CAUSE/.test(output)) {
        sent = true;
        type('\x03');
      }
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.output.lastIndexOf(LEAVE)).toBeGreaterThan(run.output.indexOf('ROOT CAUSE'));
  }, 30_000);

  // A job-control shell, as a user's: the console is its own process group under the shell (a process group with
  // no parent in the session ignores SIGTSTP), and `fg` gives the terminal back and sends SIGCONT.
  it.skipIf(!hasBash)(
    'Ctrl-Z stops the console with the terminal restored; fg redraws the whole frame',
    async () => {
      let phase: 'frame' | 'stopping' | 'resuming' | 'quitting' = 'frame';
      let stoppedAt = 0;
      let stopped = false;
      const line = `set -m; ${cli} demo --scenario rolled-back --no-bell; echo "status=$?"; read -r _; fg; echo "after-fg=$?"`;
      const run = await inTerminal(`exec bash -c '${line}'`, (output, type, pid) => {
        if (phase === 'frame' && /ROOT CAUSE/.test(output)) {
          phase = 'stopping';
          type('\x1a');
        } else if (phase === 'stopping' && !stopped) {
          stopped = descendants(pid).some(p => p.state === 'T');
        } else if (phase === 'stopping' && output.includes('status=148')) {
          // Everything the console wrote before it stopped has arrived (the shell wrote after it).
          stoppedAt = output.length;
          phase = 'resuming';
          type('\n');
        } else if (phase === 'resuming' && /ROOT CAUSE/.test(output.slice(stoppedAt))) {
          phase = 'quitting';
          type('q');
        }
      });
      expect(stopped).toBe(true);
      const beforeStop = run.output.slice(0, stoppedAt);
      const afterStop = run.output.slice(stoppedAt);
      // Stopped (the process state T, and the shell's 128 + SIGTSTP) with the normal screen back first.
      expect(beforeStop.lastIndexOf(LEAVE)).toBeGreaterThan(beforeStop.lastIndexOf('ROOT CAUSE'));
      expect(beforeStop.lastIndexOf(LEAVE)).toBeLessThan(beforeStop.indexOf('status=148'));
      // fg: the alternate screen again, the frame redrawn, then q quits as usual.
      expect(afterStop).toContain(ENTER);
      expect(afterStop.indexOf('ROOT CAUSE')).toBeGreaterThan(afterStop.indexOf(ENTER));
      expect(afterStop).toContain('after-fg=0');
    },
    30_000,
  );

  it.each(['exception', 'rejection'])(
    'a crash (%s) restores the terminal, then prints one line and exits 70',
    async kind => {
      const run = await inTerminal(`exec ${cli} demo --scenario rolled-back --no-bell`, () => undefined, {PANTHER_CONSOLE_TEST_CRASH: kind});
      expect(run.code).toBe(70);
      const line = run.output.indexOf(`panther-console: internal error: test crash (${kind})`);
      expect(line).toBeGreaterThan(0);
      expect(run.output.lastIndexOf(LEAVE)).toBeGreaterThan(run.output.indexOf(ENTER));
      expect(run.output.lastIndexOf(LEAVE)).toBeLessThan(line);
      // Cursor shown and bracketed paste never left on; no stack trace.
      expect(run.output.slice(run.output.lastIndexOf(LEAVE) - 20)).toContain('\x1b[?25h');
      expect(run.output).not.toMatch(/at .*\.js:\d+/);
    },
    30_000,
  );
});

describe.skipIf(!hasScript)('a terminal that cannot address its cursor (TERM=dumb)', () => {
  it('watch prints the text tail, never the full screen', async () => {
    const {startSim} = await import('../../source/sim/index.js');
    const sim = await startSim({scenario: 'rolled-back'});
    try {
      const run = await inTerminal(`exec ${cli} watch -s ${sim.rootStackName} -r us-east-2 --endpoint-url ${sim.url} --no-bell`, () => undefined, {
        TERM: 'dumb',
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
      });
      expect(run.output).not.toContain(ENTER);
      // One line per event (time, stack, resource, status), then the post-mortem; exit 1: the deploy failed.
      expect(run.output).toMatch(/\d\d:\d\d:\d\d {2}\S+ +\S+ +CREATE_IN_PROGRESS/);
      expect(run.output).toMatch(/ROLLBACK_COMPLETE/);
      expect(run.code).toBe(1);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('demo prints its report instead of the full screen', async () => {
    const run = await inTerminal(`exec ${cli} demo --scenario rolled-back --no-bell`, () => undefined, {TERM: 'dumb'});
    expect(run.output).not.toContain(ENTER);
    expect(run.output).toMatch(/ROOT CAUSE|root cause/i);
    expect(run.code).toBe(1);
  }, 30_000);
});
