// The full-screen upgrade console: the walk runs while the screen shows it and asks for each typed confirmation.
// Leaving the screen while an update runs (q, Ctrl-C) stops the walk, not the update: the last line on the normal
// screen says what still runs in CloudFormation and how to follow and resume it (exit 130).
import {describeAwsError, explainFault} from '../aws/errors.js';
import {sanitize} from '../text/sanitize.js';
import type {WalkOptions} from './driver.js';
import {walkExitCode, walkLastLine, AWS_FAULTS} from './report.js';
import type {WalkSession} from './session.js';

const delay = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

export async function upgradeFullScreen(session: WalkSession, options: WalkOptions = {}): Promise<number> {
  // JSX stays in ui/: the element is made there (an `import('react')` namespace has no createElement once bundled).
  const [{runFullScreen}, {upgradeAppElement}] = await Promise.all([import('../ui/run.js'), import('../ui/UpgradeApp.js')]);
  const pending = new Map<number, (ok: boolean) => void>();
  const signal = {aborted: false};
  const store = session.store!;
  // One read for the panes before anything happens (the walk's own polls keep them current after that); a deploy's
  // stack does not exist yet: its walk reads it once created.
  const first = session.readFirst === false ? Promise.resolve(null) : store.pollOnce().catch(() => null);
  let walkError: {error: unknown} | null = null;
  const walking = first.then(() =>
    session
      .run({
        ...options,
        signal,
        // Asked after the screen has closed (the walk was reading change sets when the user left): no one will answer.
        confirm: index => (signal.aborted ? Promise.resolve(false) : new Promise<boolean>(resolve => pending.set(index, resolve))),
      })
      .catch((error: unknown) => {
        // The failure is in the walk's state (the screen shows it, with its fault kind); the exit code says it.
        walkError = {error};
      }),
  );
  const element = upgradeAppElement({
    walk: session.walk,
    source: store,
    onConfirm: (index: number, ok: boolean) => {
      pending.get(index)?.(ok);
      pending.delete(index);
    },
  });
  // A signal (SIGTERM, SIGHUP, a SIGINT from outside) ends the screen like q: the walk stops, what runs is said.
  session.ctx.screenOpen = true;
  const ended = await runFullScreen(store, {element, bracketedPaste: true, onSignal: 'return'}).finally(() => {
    session.ctx.screenOpen = false;
  });
  signal.aborted = true;
  for (const resolve of pending.values()) resolve(false);
  // The walk notices at its next wait; what it says then (what still runs) is the line printed below. A walk with a
  // change set of its own not executed yet (a deploy's: with the REVIEW_IN_PROGRESS stack holding the name) is given
  // the time to delete it: it stops at its next wait or before its next write, and discards first.
  await Promise.race([walking, delay(session.mustTidy?.() ? 120_000 : (options.pollMs ?? 2500))]);
  // Change sets of a declined rung are being deleted: let that finish (bounded) before the process exits.
  if (session.discarding) await Promise.race([session.discarding.catch(() => undefined), delay(15_000)]);
  const state = session.walk.getState();
  let code = ended?.signalCode ?? walkExitCode(state);
  const failure = walkError as {error: unknown} | null;
  if (failure) {
    const fault = describeAwsError(failure.error);
    // A fault the walk's state could not record (the walk was already over) still decides the exit code.
    if (code === 0) code = AWS_FAULTS.has(fault.kind) ? 3 : 1;
    // The screen is gone: the one line on stderr that says what went wrong.
    session.ctx.stderr.write(`panther-console: ${sanitize(explainFault(fault, {profile: session.ctx.profile, region: session.ctx.region}))}\n`);
    return code;
  }
  if (state.outcome === 'running' || state.outcome === 'awaiting-confirmation') {
    // The walk did not get to say it in time: it was still running when the user left.
    session.ctx.stderr.write(
      `panther-console: interrupted: the walk of ${state.stackName} stopped; any ${state.kind === 'deploy' ? 'create' : 'update'} already started continues in CloudFormation ` +
        `(\`panther-console watch -s ${state.stackName}\` follows it)\n`,
    );
    return 130;
  }
  // What to do next (a failed deploy's cleanup plan), then where the walk ended, on the normal screen (stderr:
  // stdout may be a log).
  for (const line of session.epilogue?.() ?? []) session.ctx.stdout.write(`${sanitize(line)}\n`);
  if (state.outcome !== 'succeeded' && state.outcome !== 'planned') session.ctx.stderr.write(`panther-console: ${sanitize(walkLastLine(state))}\n`);
  return code;
}
