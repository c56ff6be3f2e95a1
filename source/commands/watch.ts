import {ConsoleError, explainFault} from '../aws/errors.js';
import {isNoise} from '../domain/reasons.js';
import {shortStackName} from '../domain/stack-from-events.js';
import type {StackEvent} from '../domain/types.js';
import {postMortemJson} from '../report/postmortem-json.js';
import {ConsoleStore} from '../store/store.js';
import type {CommandContext, CommonFlags} from './context.js';
import {requireStack} from './context.js';
import {postMortemExitCode, renderPostMortem} from './postmortem.js';

export function createStore(ctx: CommandContext, stack: string, flags: CommonFlags): ConsoleStore {
  return new ConsoleStore(ctx.gateway, {
    query: stack,
    region: ctx.region,
    profile: ctx.profile,
    intervalMs: flags.interval ? flags.interval * 1000 : 2000,
    cloudtrail: flags.cloudtrail,
  });
}

const isRealFailure = (e: StackEvent) => e.status.endsWith('_FAILED') && !isNoise(e.reason);

/** The full-screen console on a store, until the user quits. */
export async function watchFullScreen(ctx: CommandContext, store: ConsoleStore, flags: CommonFlags): Promise<number> {
  const {runFullScreen} = await import('../ui/run.js');
  if (flags.bell) {
    store.watch({
      onEvents: events => {
        // A BEL draws nothing, so it cannot tear Ink's frame.
        if (events.some(isRealFailure)) ctx.stdout.write('\x07');
      },
    });
  }
  store.start();
  try {
    await runFullScreen(store, {});
  } finally {
    store.stop();
  }
  return 0;
}

function textLine(e: StackEvent, rootName: string): string {
  const time = e.timestamp.slice(11, 19);
  const reason = e.reason ? `  ${e.reason}` : '';
  return `${time}  ${shortStackName(e.stackName, rootName).padEnd(14)} ${e.logicalResourceId.padEnd(32)} ${e.status}${reason}\n`;
}

/**
 * `watch` without a terminal: a tail of every event (nested stacks included) as it is seen, each exactly once,
 * then the post-mortem when the root's operation ends. JSON lines with --format json.
 */
export async function watchTail(ctx: CommandContext, store: ConsoleStore, flags: CommonFlags): Promise<number> {
  const json = flags.format === 'json';
  let buffer: StackEvent[] = [];
  const unwatch = store.watch({
    onEvents: events => buffer.push(...events),
    onStackStatus: (stack, previous) => {
      if (json && previous !== null && previous !== 'UNKNOWN')
        ctx.stdout.write(`${JSON.stringify({type: 'stack', stackName: stack.stackName, stackId: stack.stackId, status: stack.status})}\n`);
    },
  });
  let lastFault = '';
  try {
    for (;;) {
      const wait = await store.pollOnce();
      const snap = store.getSnapshot();
      if (snap.fatal) throw new ConsoleError(snap.fatal, 2);
      const rootName = snap.rootStackId ? (snap.stacks.get(snap.rootStackId)?.stackName ?? '') : '';
      // Oldest first within a poll, across stacks.
      const batch = buffer.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
      buffer = [];
      for (const e of batch) {
        ctx.stdout.write(json ? `${JSON.stringify({type: 'event', ...eventJson(e)})}\n` : textLine(e, rootName));
      }
      const fault = snap.poll.cloudformation.lastError;
      if (fault) {
        if (fault.kind === 'expired-credentials' || fault.kind === 'access-denied') {
          throw new ConsoleError(explainFault({kind: fault.kind, code: fault.kind, message: fault.message}, {profile: ctx.profile}), 3);
        }
        const line = `${fault.kind}: ${fault.message}`;
        if (line !== lastFault) ctx.stderr.write(`panther-console: ${fault.kind === 'throttled' ? 'throttled, backing off' : 'AWS unreachable, retrying'} (${fault.message})\n`);
        lastFault = line;
      } else lastFault = '';
      if (store.settled && !fault) {
        const pm = snap.postMortem;
        if (pm) {
          ctx.stdout.write(json ? `${JSON.stringify({type: 'postmortem', ...postMortemJson(pm)})}\n` : `\n${renderPostMortem(pm, 'text')}`);
          return postMortemExitCode(pm);
        }
        const root = snap.rootStackId ? snap.stacks.get(snap.rootStackId) : undefined;
        if (!json) ctx.stdout.write(`\n${rootName}: ${root?.status ?? 'UNKNOWN'}: no failed operation.\n`);
        return 0;
      }
      if (wait === null) return 0;
      await new Promise(resolve => setTimeout(resolve, wait));
    }
  } finally {
    unwatch();
  }
}

function eventJson(e: StackEvent) {
  return {
    eventId: e.eventId,
    stackName: e.stackName,
    stackId: e.stackId,
    logicalResourceId: e.logicalResourceId,
    resourceType: e.resourceType,
    status: e.status,
    reason: e.reason,
    timestamp: e.timestamp,
  };
}

export async function watchCommand(ctx: CommandContext, flags: CommonFlags): Promise<number> {
  const stack = requireStack(flags, 'watch');
  const store = createStore(ctx, stack, flags);
  return ctx.interactive && flags.format === 'text' ? watchFullScreen(ctx, store, flags) : watchTail(ctx, store, flags);
}
