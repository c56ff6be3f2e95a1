import {spawn, spawnSync} from 'node:child_process';
import {beforeAll, describe, expect, it} from 'vitest';
import {cliReady} from '../support/cli-ready.js';
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

beforeAll(cliReady, 180_000);

describe.skipIf(!hasScript)('the full-screen console in a terminal', () => {
  it.each([
    ['demo --scenario rolled-back --no-bell', /ROOT CAUSE/, [0]],
    ['demo --scenario first-deploy --no-bell', /IN PROGRESS/, [0]],
    // q stops the upgrade walk before its target: at the typed confirmation it cancels the rung (exit 1), before it
    // it interrupts the walk (130); either way the last line says so.
    ['demo --scenario upgrade --no-bell', /Ladder/, [1, 130]],
  ])(
    '%s: draws its first frame, quits on q and restores the screen',
    async (args, expected, codes) => {
      const run = await inTerminal(args, expected);
      expect(run.sawFrame).toBe(true);
      expect(run.output).toContain('\x1b[?1049h');
      expect(run.output).toContain('\x1b[?1049l');
      expect(run.output).not.toMatch(/TypeError|ReferenceError|at .*\.js:\d+/);
      expect(codes).toContain(run.code);
      if (args.includes('upgrade')) {
        // Bracketed paste was on for the walk's prompt, and off again after.
        expect(run.output).toContain('\x1b[?2004h');
        expect(run.output).toContain('\x1b[?2004l');
        expect(run.output).toMatch(/panther-console: (interrupted|cancelled)/);
      }
    },
    30_000,
  );
});

describe.skipIf(!hasScript)('watch on a terminal, for a stack that does not exist', () => {
  it('prints one line and exits 2 without opening the full screen', async () => {
    const {startSim} = await import('../../source/sim/index.js');
    const sim = await startSim({scenario: 'rolled-back'});
    try {
      const result = await new Promise<{code: number | null; output: string}>(resolve => {
        const child = spawn(
          'script',
          [
            '-qfec',
            `stty cols 100 rows 30; exec ${process.execPath} ${binPath} watch -s panther-nope -r us-east-2 --endpoint-url ${sim.url}`,
            '/dev/null',
          ],
          {
            env: {...process.env, CI: 'false', TERM: 'xterm-256color', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x'},
            stdio: ['pipe', 'pipe', 'pipe'],
          },
        );
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.on('close', code => resolve({code, output}));
      });
      expect(result.code).toBe(2);
      expect(result.output).toMatch(/panther-console: Stack panther-nope not found in us-east-2/);
      expect(result.output).not.toContain('\x1b[?1049h');
    } finally {
      await sim.close();
    }
  }, 30_000);
});
