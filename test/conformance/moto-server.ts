// Starts and stops an independent CloudFormation emulator (moto) for the conformance suite.
// moto is optional: when it (or the AWS CLI) is missing the suite skips with a visible message, never fails.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import net from 'node:net';

export interface Availability {
  ok: boolean;
  /** Why the suite cannot run (shown to the user when it skips). */
  reason: string;
}

/** Whether `python3 -m moto.server` (with its flask/werkzeug deps) and the AWS CLI can run here. Synchronous: the
 * answer decides at collection time whether the suite runs. */
export function detectMoto(): Availability {
  const py = spawnSync('python3', ['-c', 'import moto, moto.server, flask, werkzeug; print(moto.__version__)'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (py.error || py.status !== 0) {
    const why = py.error ? py.error.message : (py.stderr || '').trim().split('\n').at(-1);
    return {ok: false, reason: `python3 cannot import moto.server/flask/werkzeug (${why})`};
  }
  const cli = spawnSync('aws', ['--version'], {encoding: 'utf8', timeout: 20_000});
  if (cli.error || cli.status !== 0) return {ok: false, reason: 'the AWS CLI (`aws`) is not on PATH'};
  return {ok: true, reason: `moto ${py.stdout.trim()}, ${(cli.stdout || cli.stderr).trim().split(' ')[0]}`};
}

/** A free TCP port on 127.0.0.1 (the OS picks it; tiny race until moto binds it, acceptable for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export interface MotoServer {
  endpoint: string;
  port: number;
  pid: number;
  /** stderr/stdout tail, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: whatever happens to the test run, no moto process outlives the worker. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export async function startMoto(timeoutMs = 15_000): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, PYTHONUNBUFFERED: '1'},
  });
  live.add(child);
  installExitHook();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  const exitedPromise = new Promise<void>(resolve =>
    child.once('exit', code => {
      exited = code;
      live.delete(child);
      resolve();
    }),
  );

  const stop = async (): Promise<void> => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exitedPromise;
    clearTimeout(killer);
  };

  // Bounded wait until moto answers HTTP.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`moto.server exited early (code ${exited}):\n${output}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`, {signal: AbortSignal.timeout(1000)});
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto.server did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 150));
  }
  return {endpoint, port, pid: child.pid ?? -1, log: () => output, stop};
}
