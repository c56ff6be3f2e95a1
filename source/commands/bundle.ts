// `bundle`: a redacted support bundle. Runs, with every SDK call recorded, what the console itself reads: the
// post-mortem (root resolution, the failed branches, CloudTrail denies), the whole stack tree (every nested stack,
// live and deleted, with all its events and template summary), the caller identity and, on a live root, what the
// ladder reads (root parameters and tags, nested PantherVersion tags, the template when no tag names the version).
// Then redacts it (report/redact.ts) and writes it gzipped to --out. `--replay FILE` opens it offline.
import type {AwsSettings} from '../aws/clients.js';
import {InputError} from '../errors.js';
import {loadDeployedPanther} from '../aws/panther-version.js';
import {CallRecorder, type RecordedCall} from '../aws/recorder.js';
import {nestedStackIds} from '../domain/stack-from-events.js';
import type {Stack} from '../domain/types.js';
import {encodeBundle, makeBundle, type Bundle} from '../report/bundle.js';
import {code, inline} from '../report/markdown.js';
import {postMortemMarkdown} from '../report/postmortem-markdown.js';
import {resolveRootStack} from '../store/resolve-root.js';
import {buildContext, requireStack, type CommandContext, type CommonFlags} from './context.js';
import {computePostMortem, postMortemExitCode} from './postmortem.js';
import {checkOutputTarget, writeOutputFile} from './output-file.js';
import {progressLine} from './progress-line.js';

export interface BundleFlags extends CommonFlags {
  out?: string;
  maskAccount?: boolean;
  force?: boolean;
}

export interface CaptureResult {
  bundle: Bundle;
  stacks: number;
  events: number;
  notes: string[];
}

/** Every stack of the tree: the root, what its events name (level by level) and what ListStacks ties to it. */
async function readTree(ctx: CommandContext, root: Stack, onProgress: (m: string) => void): Promise<{stacks: Set<string>; events: number}> {
  const seen = new Set<string>([root.stackId]);
  const queue = [root.stackId];
  try {
    for (const s of await ctx.gateway.listStacks()) {
      if ((s.rootId === root.stackId || s.parentId === root.stackId) && !seen.has(s.stackId)) {
        seen.add(s.stackId);
        queue.push(s.stackId);
      }
    }
  } catch {
    // The events still name every nested stack.
  }
  let events = 0;
  while (queue.length > 0) {
    const stackId = queue.shift()!;
    onProgress(`reading ${stackId.split('/')[1] ?? stackId} (${seen.size - queue.length}/${seen.size})`);
    const all = await ctx.gateway.allStackEvents(stackId);
    events += all.length;
    for (const [childId] of nestedStackIds(all)) {
      if (!seen.has(childId)) {
        seen.add(childId);
        queue.push(childId);
      }
    }
    if (stackId !== root.stackId) await ctx.gateway.describeStack(stackId);
    // What `watch` reads for progress totals.
    await ctx.gateway.resourceTotal(stackId).catch(() => null);
  }
  return {stacks: seen, events};
}

/** ListStacks answers list the whole account: keep only the tree's stacks and those named like the root. */
function trimListStacks(calls: RecordedCall[], tree: Set<string>, rootName: string): RecordedCall[] {
  return calls.map(call => {
    if (call.service !== 'CloudFormation' || call.operation !== 'ListStacks' || !call.output) return call;
    const out = call.output as {StackSummaries?: {StackId?: string; StackName?: string}[]};
    const kept = (out.StackSummaries ?? []).filter(s => tree.has(s.StackId ?? '') || s.StackName === rootName);
    return {...call, output: {...out, StackSummaries: kept}};
  });
}

/** Reads everything with the recorder on and returns the redacted bundle (not yet written). */
export async function captureBundle(settings: AwsSettings, flags: BundleFlags, now: () => Date = () => new Date()): Promise<CaptureResult> {
  const stack = requireStack(flags, 'bundle');
  const recorder = new CallRecorder();
  const ctx = await buildContext({...settings, recorder});
  const notes: string[] = [];
  try {
    const root = await resolveRootStack(ctx.gateway, stack, ctx.region);
    const pm = await computePostMortem(ctx, root, flags);
    const identity = await ctx.gateway.callerIdentity().catch(() => null);
    const progress = progressLine(ctx.stderr);
    let tree: {stacks: Set<string>; events: number};
    try {
      tree = await readTree(ctx, root, m => progress.update(m));
      if (!root.deleted) {
        progress.update('reading what the ladder reads');
        try {
          await loadDeployedPanther(ctx.gateway, stack);
        } catch (error) {
          notes.push(`ladder data not read: ${(error as Error).message}`);
        }
      }
    } finally {
      progress.done();
    }
    const account = identity?.account || (/:(\d{12}):/.exec(root.stackId)?.[1] ?? '');
    const summary =
      postMortemMarkdown(pm).trimEnd() +
      '\n\n## Bundle\n\n' +
      // The stack name and the notes (AWS error messages) are untrusted: escaped like every report's text.
      `Recorded by panther-console for ${code(stack)} in ${inline(ctx.region)}: ${tree.stacks.size} stacks, ${tree.events} events. ` +
      `Post-mortem exit code ${postMortemExitCode(pm)}. Open it offline with \`panther-console --replay FILE\`.\n` +
      (notes.length ? `\n${notes.map(n => `- ${inline(n)}`).join('\n')}\n` : '');
    const bundle = makeBundle({
      createdAt: now().toISOString(),
      region: ctx.region,
      account,
      stack,
      stackId: root.stackId,
      summaryMarkdown: summary,
      calls: trimListStacks(recorder.calls, tree.stacks, root.stackName),
      maskAccount: Boolean(flags.maskAccount),
    });
    return {bundle, stacks: tree.stacks.size, events: tree.events, notes};
  } finally {
    ctx.clients.destroy();
  }
}

export async function bundleCommand(settings: AwsSettings, flags: BundleFlags, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (!flags.out) throw new InputError('bundle needs --out FILE (e.g. --out panther-support.json.gz).');
  requireStack(flags, 'bundle');
  const target = {flag: '--out', force: Boolean(flags.force)};
  // Before a minute of reading the account: a name that cannot be written is said now.
  await checkOutputTarget(flags.out, target);
  const {bundle, stacks, events} = await captureBundle(settings, flags);
  const size = await writeOutputFile(flags.out, encodeBundle(bundle), target);
  const r = bundle.redaction;
  stdout.write(
    `wrote ${flags.out}: ${bundle.calls.length} API responses, ${stacks} stacks, ${events} events, ${(size / 1024).toFixed(1)} KiB\n` +
      `redacted: ${count(r.parameters, 'parameter value')}, ${count(r.noEcho, 'NoEcho value')}, ` +
      `${count(r.secrets, 'secret-looking string')}, ${count(r.emails, 'e-mail address', 'e-mail addresses')}` +
      (r.maskAccount ? `, ${count(r.accounts, 'account ID')} masked` : ' (account IDs kept: --mask-account masks them)') +
      '\n',
  );
  return 0;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
