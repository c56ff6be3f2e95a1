// The walk without a terminal: a header that says what will be touched, one line per step as the walk goes, the
// post-mortem of a failed rung, and a last line that says where the walk ended; the exit code of
// docs/output-formats.md. Ctrl-C stops the walk at its next wait and says what still runs in CloudFormation (exit 130).
import {isWalkOver, type WalkState} from '../panther/upgrade-walk.js';
import {sanitize} from '../text/sanitize.js';
import {renderPostMortem} from '../commands/postmortem.js';
import type {WalkOptions} from './driver.js';
import type {UpgradeSession, WalkSession} from './session.js';

/** Faults of the console's own AWS calls: exit 3 (docs/output-formats.md), not the failure of an operation. */
export const AWS_FAULTS = new Set(['expired-credentials', 'throttled', 'network', 'bad-response', 'access-denied']);

/** The exit code of a finished walk (docs/output-formats.md). */
export function walkExitCode(state: WalkState): number {
  switch (state.outcome) {
    case 'planned':
      return state.rungs.some(r => r.state === 'needs-input') ? 2 : 0;
    case 'succeeded':
      // On the target, but the last deploy's panther-pulumi build has not succeeded: not finished.
      return state.pendingBuild ? 1 : 0;
    case 'failed':
      if (state.fault && AWS_FAULTS.has(state.fault.kind)) return 3;
      // CloudFormation refusing a request as invalid is the input's problem (docs/output-formats.md).
      return state.fault?.kind === 'refused' ? 2 : 1;
    case 'interrupted':
      return 130;
    case 'stopped':
    case 'cancelled': {
      const reason = state.stop?.reason;
      return reason === 'needs-input' || reason === 'danger-not-allowed' || reason === 'backwards' ? 2 : 1;
    }
    default:
      return 0;
  }
}

export function walkHeader(session: UpgradeSession): string[] {
  const {plan, walk} = session;
  const state = walk.getState();
  const versions = plan.ladder.rungs.map(r => r.version);
  const lines = [
    `upgrade ${state.stackName} in ${plan.ladder.region}: ${plan.ladder.from} -> ${plan.ladder.to}, ${versions.length} rung${versions.length === 1 ? '' : 's'}` +
      (versions.length ? ` (${versions.join(', ')})` : ''),
    `  deployed version ${plan.ladder.from}: read from ${plan.detected.detail}`,
    session.execute
      ? `  executing rungs approved with --approve: ${[...session.approved].join(', ') || 'none'}${session.flags.allowReplacement ? ' (--allow-replacement: DANGER changes allowed)' : ''}`
      : '  DRY RUN: nothing is written (no change set is created); add --execute to upgrade',
    session.roleStack
      ? `  deployment role stack: ${session.roleStack.stack.stackName} (deploys ${session.roleStack.role.physicalId}; updated first on every rung)`
      : '  no PantherDeploymentRole stack: the root stack only',
  ];
  if (!session.execute) {
    lines.push(
      "  Shown for each rung: the deployment role and root stack template URLs, the parameters from each rung's own template " +
        '(kept, set, dropped, new with a default, needing a value), the migrations and after-deploy steps. Which resources ' +
        'change is known only from the change sets, which --execute creates and shows (nested stacks included) before executing anything.',
    );
  }
  for (const note of [...plan.detected.notes, ...plan.ladder.notes]) lines.push(`  Note: ${note}`);
  if (!session.execute && session.flags.approve) lines.push('  Note: --approve is ignored without --execute.');
  return lines;
}

/** API calls in all and per rung; the writes by kind. */
export function callsLine(session: WalkSession): string {
  const calls = session.ctx.clients.counter.all;
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const writes = Object.entries(calls).filter(([k]) => /\.(CreateChangeSet|ExecuteChangeSet|DeleteChangeSet|DeleteStack|StartBuild)$/.test(k));
  const written = writes.reduce((n, [, v]) => n + v, 0);
  const rungs = session.walk.getState().rungs;
  const marks = session.callsAtRung;
  const writeList = writes.map(([k, v]) => `${v} ${k.split('.')[1]}`).join(', ');
  const writesPart = `${written} write${written === 1 ? '' : 's'}${writeList ? ` (${writeList})` : ''}`;
  // A dry run's calls are its plan's; a walk's are the plan's, then each rung's.
  if (!session.execute || marks.length === 0) return `${total} API calls (reads only: the plan); ${writesPart}`;
  const perRung = marks.map((start, i) => `${rungs[i]?.version} ${(marks[i + 1] ?? total) - start}`);
  return `${total} API calls: ${marks[0]} to plan, then per rung ${perRung.join(', ')}; ${writesPart}`;
}

/** The walk's last line: where it ended. */
export function walkLastLine(state: WalkState): string {
  const versions = state.rungs.map(r => r.version);
  switch (state.outcome) {
    case 'planned': {
      const needs = state.rungs.filter(r => r.state === 'needs-input');
      if (needs.length > 0) {
        const keys = needs.map(r => `${r.version} needs ${r.rung.blocked.map(b => b.parameter).join(', ')}`).join('; ');
        const count = needs.reduce((n, r) => n + r.rung.blocked.length, 0);
        return `dry run: ${keys} (give ${count === 1 ? 'it' : 'them'} in --params FILE); upgrade --execute would stop before any write`;
      }
      if (state.kind === 'deploy') return `dry run complete: nothing written. To deploy: --execute --approve ${versions.join(',')}`;
      return `dry run complete: ${versions.length} rung${versions.length === 1 ? '' : 's'} shown, nothing written. To upgrade: --execute --approve ${versions.join(',')}`;
    }
    case 'succeeded': {
      const on = `${state.stackName} is on ${state.rungs[state.rungs.length - 1]?.verified ?? state.from}`;
      return state.pendingBuild ? `${state.kind} not finished: ${on}, but ${state.pendingBuild}` : `${state.kind} complete: ${on}`;
    }
    case 'failed':
      if (state.kind === 'deploy') {
        // A create that completed and a build (or check) that failed is a deploy not finished, not one not created.
        return state.rungs[0]?.status.root === 'CREATE_COMPLETE'
          ? `deploy not finished: ${state.stackName} is created, but ${state.rungs[0].message}`
          : `deploy failed: ${state.stackName} was not created`;
      }
      return `upgrade stopped: rung ${state.rungs[Math.max(0, state.current)]?.version} failed`;
    default:
      return state.stop?.message ?? `upgrade stopped at ${state.rungs[state.current]?.version ?? '?'}`;
  }
}

export interface ReportOptions extends WalkOptions {
  /** Handle SIGINT (Ctrl-C) by stopping the walk at its next wait (the CLI; tests pass a signal instead). */
  handleSigint?: boolean;
}

/** Without a terminal: progress lines as the walk goes, the post-mortem of a failed rung, an exit code. */
export async function upgradeReport(session: WalkSession, options: ReportOptions = {}): Promise<number> {
  const {ctx, walk} = session;
  const write = (line: string) => ctx.stdout.write(`${sanitize(line)}\n`);
  for (const line of session.header()) write(line);
  let printed = 0;
  const flush = () => {
    const log = walk.getState().log;
    for (; printed < log.length; printed++) write(log[printed]);
  };
  const unsubscribe = walk.subscribe(flush);
  const signal = options.signal ?? {aborted: false};
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    // A second Ctrl-C does not wait for the walk's next poll.
    if (interrupts > 1) process.exit(130);
    signal.aborted = true;
    ctx.stderr.write('panther-console: stopping at the next poll (Ctrl-C again to leave at once)\n');
  };
  if (options.handleSigint) process.on('SIGINT', onSigint);
  try {
    await session.run({...options, signal, confirm: undefined});
  } catch (error) {
    // A failure the walk recorded (its rung failed, with the fault) ends like any failed rung: the report's last
    // lines and the exit code from the walk's state. Anything else is not the walk's to explain.
    if (!isWalkOver(walk.getState()) || walk.getState().outcome !== 'failed') throw error;
  } finally {
    if (options.handleSigint) process.off('SIGINT', onSigint);
    unsubscribe();
    flush();
  }
  if (session.postMortem) ctx.stdout.write(`\n${renderPostMortem(session.postMortem, 'text', ctx.stdout.columns ?? 100)}`);
  const after = session.epilogue?.() ?? [];
  if (after.length) write('');
  for (const line of after) write(line);
  write('');
  write(callsLine(session));
  write(walkLastLine(walk.getState()));
  return walkExitCode(walk.getState());
}
