import {describe, expect, it, vi} from 'vitest';
import {runFullScreen} from '../../source/ui/run.js';
import {staticSource} from '../../source/ui/useSnapshot.js';
import {FakeStdin, FakeStdout} from '../support/fake-terminal.js';
import {failedDeployFixture} from './fixtures.js';

async function runOnce() {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const onQuit = vi.fn();
  const done = runFullScreen(staticSource(failedDeployFixture().snapshot), {
    onQuit,
    patchConsole: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  expect(stdout.chunks[0]).toBe('\u001B[?1049h\u001B[?25l');
  await vi.waitFor(() => expect(stdout.chunks.join('')).toContain('ROOT CAUSE'));
  stdin.send('q');
  await done;
  expect(onQuit).toHaveBeenCalledTimes(1);
  expect(stdout.chunks.at(-1)).toBe('\u001B[?25h\u001B[?1049l');
}

describe('runFullScreen', () => {
  it('enters the alternate screen, draws the console, and restores the screen on quit', async () => {
    await runOnce();
    // Its signal handlers go away with it (Ink's own signal-exit hook stays: count after a first run).
    const counts = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].map(s => process.listenerCount(s));
    const after = counts();
    await runOnce();
    expect(counts()).toEqual(after);
  });
});
