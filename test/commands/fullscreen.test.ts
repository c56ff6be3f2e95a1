import {spawn, spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {binPath} from '../support/run-cli.js';

// The built, bundled CLI in a real pseudo-terminal (util-linux `script`), as a user starts it: the first frame
// appears, `q` quits, the screen is restored. This is what catches a bundle that only breaks on a terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.warn('fullscreen: util-linux `script` not found, skipping the pseudo-terminal tests');

function inTerminal(args: string, expected: RegExp): Promise<{code: number | null; output: string; sawFrame: boolean}> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; exec ${process.execPath} ${binPath} ${args}`, '/dev/null'], {
      env: {...process.env, CI: 'false', TERM: 'xterm-256color', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let sawFrame = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no frame matching ${expected} within 15 s:\n${output.slice(-2000)}`));
    }, 15_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!sawFrame && expected.test(output)) {
        sawFrame = true;
        child.stdin.write('q');
      }
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({code, output, sawFrame});
    });
  });
}

describe.skipIf(!hasScript)('the full-screen console in a terminal', () => {
  it.each([
    ['demo --scenario rolled-back --no-bell', /ROOT CAUSE/],
    ['demo --scenario first-deploy --no-bell', /IN PROGRESS/],
    ['demo --scenario upgrade --no-bell', /Ladder/],
  ])('%s: draws its first frame, quits on q and restores the screen', async (args, expected) => {
    const run = await inTerminal(args, expected);
    expect(run.sawFrame).toBe(true);
    expect(run.output).toContain('\x1b[?1049h');
    expect(run.output).toContain('\x1b[?1049l');
    expect(run.output).not.toMatch(/TypeError|ReferenceError|at .*\.js:\d+/);
    expect(run.code).toBe(0);
  }, 30_000);
});
