import {Text} from 'ink';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {AppShell} from '../../source/ui/AppShell.js';
import {runFullScreen} from '../../source/ui/run.js';
import {useAppShell} from '../../source/ui/useAppShell.js';
import {staticSource} from '../../source/ui/useSnapshot.js';
import {FakeStdin, FakeStdout} from '../support/fake-terminal.js';
import {failedDeployFixture} from './fixtures.js';

// The terminal layer of every full screen, on fake terminal streams: Ctrl-C, Ctrl-Z / fg, and a crash each leave
// the terminal as the shell needs it (normal screen, cursor shown, raw mode off) before anything else is said.
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';

function open(element?: React.ReactElement, onSignal?: 'exit' | 'return') {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const done = runFullScreen(element ? null : staticSource(failedDeployFixture().snapshot), {
    patchConsole: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    ...(element ? {element} : {}),
    ...(onSignal ? {onSignal} : {}),
  });
  return {stdout, stdin, done};
}

/** Another screen, in the shell every screen runs in (its shell reads Ctrl-C). */
function Walking() {
  const shell = useAppShell({});
  return (
    <AppShell shell={shell} commands={[]} minSize={{width: 1, height: 1}} onKey={() => 'pass'}>
      <Text>walking</Text>
    </AppShell>
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the full screen and the terminal', () => {
  it('q quits with no signal; Ctrl-C ends it as an interrupt (130) and restores the screen', async () => {
    const quit = open();
    await vi.waitFor(() => expect(quit.stdout.text).toContain('ROOT CAUSE'), {timeout: 5000});
    quit.stdin.send('q');
    expect(await quit.done).toEqual({signal: null, signalCode: null});

    const interrupted = open();
    await vi.waitFor(() => expect(interrupted.stdout.text).toContain('ROOT CAUSE'), {timeout: 5000});
    interrupted.stdin.send('\x03');
    expect(await interrupted.done).toEqual({signal: 'SIGINT', signalCode: 130});
    expect(interrupted.stdout.text).toContain(LEAVE);
    expect(interrupted.stdin.raw.at(-1)).toBe(false);
  });

  it('Ctrl-C on another screen (the upgrade walk returns on signals) is 130 too', async () => {
    const run = open(<Walking />, 'return');
    await vi.waitFor(() => expect(run.stdout.text).toContain('walking'), {timeout: 5000});
    run.stdin.send('\x03');
    expect((await run.done).signalCode).toBe(130);
  });

  it('Ctrl-Z gives the terminal back and stops the process; SIGCONT takes it again and redraws the whole frame', async () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const run = open();
    await vi.waitFor(() => expect(run.stdout.text).toContain('ROOT CAUSE'), {timeout: 5000});
    const before = run.stdout.chunks.length;
    run.stdin.send('\x1a');
    await vi.waitFor(() => expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTSTP'), {timeout: 5000});
    const suspended = run.stdout.chunks.slice(before).join('');
    expect(suspended).toBe(LEAVE);
    expect(run.stdin.raw.at(-1)).toBe(false);

    const stopped = run.stdout.chunks.length;
    process.emit('SIGCONT' as never);
    await vi.waitFor(() => expect(run.stdout.chunks.slice(stopped).join('')).toContain('ROOT CAUSE'), {timeout: 5000});
    const resumed = run.stdout.chunks.slice(stopped).join('');
    expect(resumed.startsWith(`${ENTER}\x1b[H`)).toBe(true);
    expect(run.stdin.raw.at(-1)).toBe(true);
    run.stdin.send('q');
    expect(await run.done).toEqual({signal: null, signalCode: null});
    expect(process.listenerCount('SIGCONT')).toBe(0);
    expect(process.listenerCount('SIGTSTP')).toBe(0);
  });

  it('a render that throws restores the terminal before the error reaches the caller', async () => {
    // biome-ignore lint/correctness/noComponentHookFactories: a component made to throw, declared where it is used.
    const Boom = (): never => {
      throw new Error('render crash');
    };
    const run = open(<Boom />);
    let leftAt = -1;
    await expect(
      run.done.catch((error: unknown) => {
        leftAt = run.stdout.chunks.length;
        throw error;
      }),
    ).rejects.toThrow('render crash');
    expect(run.stdout.chunks.slice(0, leftAt).join('')).toContain(LEAVE);
    expect(run.stdin.raw.at(-1)).toBe(false);
  });

  it('an uncaught exception while open restores the terminal first (before the CLI prints its line)', async () => {
    const run = open();
    await vi.waitFor(() => expect(run.stdout.text).toContain('ROOT CAUSE'), {timeout: 5000});
    // The CLI's own handlers are added at start-up; the screen's must run before them.
    const first = process.listeners('uncaughtException')[0] as (error: Error) => void;
    expect(process.listeners('unhandledRejection')[0]).toBe(first);
    const before = run.stdout.chunks.length;
    first(new Error('timer crash'));
    expect(run.stdout.chunks.slice(before).join('')).toBe(LEAVE);
    expect(run.stdin.raw.at(-1)).toBe(false);
    run.stdin.send('q');
    await run.done;
    expect(process.listeners('uncaughtException')).not.toContain(first);
  });
});
