import {explainFault} from '../aws/errors.js';
import {InputError, AwsError} from '../errors.js';
import {isStackLevel} from '../domain/operations.js';
import {buildStackTree, shortNames} from '../domain/tree.js';
import type {Stack, StackEvent} from '../domain/types.js';
import {capText} from '../text/cap.js';
import {sanitize} from '../text/sanitize.js';
import {postMortemJson} from '../report/postmortem-json.js';
import type {WatchLine} from '../report/watch-line-schema.js';
import {byTime} from '../store/postmortem-loader.js';
import {resolveRootStack} from '../store/resolve-root.js';
import type {FaultKind} from '../aws/fault-kind.js';
import {runPollLoop} from '../store/poll-loop.js';
import {ConsoleSessions} from '../store/console-sessions.js';
import {ConsoleStore} from '../store/store.js';
import type {CommandContext, CommonFlags} from './context.js';
import {requireStack} from './context.js';
import {postMortemExitCode, renderPostMortem, reportWidth} from './postmortem.js';
import {deploymentsPort, sessionScope, startSession, type PickerScope, type SessionOptions} from './watch-sessions.js';

export function createStore(ctx: CommandContext, stack: string, flags: CommonFlags): ConsoleStore {
  return new ConsoleStore(ctx.gateway, {
    query: stack,
    region: ctx.region,
    profile: ctx.profile,
    intervalMs: flags.interval ? flags.interval * 1000 : 2000,
    cloudtrail: flags.cloudtrail,
    ...(ctx.replay ? {replay: ctx.replay} : {}),
  });
}

/** What the full screen offers beyond the one root: the deployments its picker lists, and the demo's clock. */
export interface ConsoleScope {
  /** null: no picker (a recorded bundle holds one deployment). */
  scope: PickerScope | null;
  wrapPulumi?: SessionOptions['wrapPulumi'];
}

/**
 * The full-screen console on a root, until the user quits. `d` lists the deployments of `scope` and switches to one
 * in place (a session of its own; the one left is closed); `b` starts the panther-pulumi build it offers.
 */
export async function watchFullScreen(
  ctx: CommandContext,
  store: ConsoleStore,
  root: Stack,
  flags: CommonFlags,
  console: ConsoleScope,
): Promise<number> {
  const {runFullScreen} = await import('../ui/run.js');
  const options: SessionOptions = {flags, scope: console.scope, createStore, ...(console.wrapPulumi ? {wrapPulumi: console.wrapPulumi} : {})};
  ctx.screenOpen = true;
  const sessions = new ConsoleSessions(startSession(ctx, store, root, options), console.scope ? deploymentsPort(console.scope, options) : null);
  try {
    // q: 0; Ctrl-C: 130, as an interrupt is everywhere else.
    return (await runFullScreen(null, {sessions})).signalCode ?? 0;
  } finally {
    ctx.screenOpen = false;
    // Whichever deployment is open last: its polling stopped and its clients destroyed.
    sessions.close();
  }
}

const FAULT_WORDS: Partial<Record<FaultKind, string>> = {
  throttled: 'throttled, backing off',
  network: 'AWS unreachable, retrying',
  'bad-response': "AWS's answer could not be read, retrying",
};

function textLine(e: StackEvent, names: ReadonlyMap<string, string>): string {
  const time = e.timestamp.slice(11, 19);
  // Sanitised at the gateway; capped here (a tail line of megabytes helps no one: --format json keeps it whole).
  const reason = e.reason ? `  ${capText(e.reason)}` : '';
  return `${time}  ${(names.get(e.stackId) ?? e.stackName).padEnd(14)} ${e.logicalResourceId.padEnd(32)} ${e.status}${reason}\n`;
}

/**
 * `watch` without a terminal: a tail of every event (nested stacks included) as it is seen, each exactly once,
 * then the post-mortem when the root's operation ends. JSON lines with --format json.
 */
export async function watchTail(ctx: CommandContext, store: ConsoleStore, flags: CommonFlags): Promise<number> {
  const json = flags.format === 'json';
  // Each line's type is the schema's (watch-line-schema.ts, docs/schemas/watch-line.schema.json).
  const write = (line: WatchLine) => ctx.stdout.write(`${JSON.stringify(line)}\n`);
  let buffer: StackEvent[] = [];
  const unwatch = store.watch({onEvents: events => buffer.push(...events)});
  // A stack line follows the stack-level event that changed the status, so the order of lines is the order of
  // things; the first status of each stack is a change too.
  const printedStatus = new Map<string, string>();
  let lastFault = '';
  try {
    let exit: number | null = null;
    /** Prints what a poll brought; true once the operation has ended and its post-mortem is printed. */
    const report = (): boolean => {
      const snap = store.getSnapshot();
      if (snap.fatal) throw new InputError(snap.fatal);
      const names = shortNames(buildStackTree({rootStackId: snap.rootStackId, stacks: snap.stacks, events: snap.events}));
      // Oldest first within a poll, across stacks (a stable sort keeps each stack's own order on ties).
      const batch = buffer.sort(byTime);
      buffer = [];
      for (const e of batch) {
        if (!json) {
          ctx.stdout.write(textLine(e, names));
          continue;
        }
        write({type: 'event', ...eventJson(e)});
        if (isStackLevel(e) && printedStatus.get(e.stackId) !== e.status) {
          printedStatus.set(e.stackId, e.status);
          write({type: 'stack', stackName: e.stackName, stackId: e.stackId, status: e.status});
        }
      }
      const fault = snap.poll.cloudformation.lastError;
      if (fault) {
        if (fault.kind === 'expired-credentials' || fault.kind === 'access-denied') {
          throw new AwsError(explainFault({kind: fault.kind, code: fault.kind, message: fault.message}, {profile: ctx.profile}));
        }
        const line = `${fault.kind}: ${fault.message}`;
        const what = FAULT_WORDS[fault.kind] ?? 'an AWS call failed, retrying';
        if (line !== lastFault) ctx.stderr.write(`panther-console: ${what} (${sanitize(fault.message)})\n`);
        lastFault = line;
      } else lastFault = '';
      if (!(store.ended && snap.postMortem)) return false;
      const pm = snap.postMortem;
      if (json) write({type: 'postmortem', ...postMortemJson(pm)});
      else ctx.stdout.write(`\n${renderPostMortem(pm, 'text', reportWidth(ctx.stdout))}`);
      exit = postMortemExitCode(pm);
      return true;
    };
    // The store's one poll loop: its in-flight guard is shared with anything else polling the same store.
    await runPollLoop({
      poll: async () => {
        const wait = await store.pollOnce();
        return report() ? null : wait;
      },
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    });
    return exit ?? 0;
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
  if (ctx.interactive && flags.format === 'text') {
    // A mistyped name is a one-line error and exit 2, not a full screen that says so: resolve it first (1-2 calls).
    const root = await resolveRootStack(ctx.gateway, stack, ctx.region);
    return watchFullScreen(ctx, store, root, flags, {scope: ctx.replay ? null : sessionScope(ctx, flags)});
  }
  return watchTail(ctx, store, flags);
}
