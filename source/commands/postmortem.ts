import type {PostMortem, Stack} from '../domain/types.js';
import {postMortemJson} from '../report/postmortem-json.js';
import {postMortemMarkdown} from '../report/postmortem-markdown.js';
import {postMortemText} from '../report/postmortem-text.js';
import {emptyPostMortemData, loadPostMortem} from '../store/postmortem-loader.js';
import {resolveRootStack} from '../store/resolve-root.js';
import type {CommandContext, CommonFlags} from './context.js';
import {requireStack} from './context.js';
import {progressLine} from './progress-line.js';

/** Exit code of a post-mortem: 1 when the latest operation failed, else 0 (docs/output-formats.md). */
export function postMortemExitCode(pm: PostMortem): number {
  const outcome = pm.operation?.outcome;
  return outcome === 'FAILED' || outcome === 'ROLLED_BACK' || pm.rootCause ? 1 : 0;
}

/** Text is wrapped to a terminal's width; piped or logged, lines stay whole. */
export function reportWidth(stream: NodeJS.WriteStream): number {
  return stream.isTTY ? (stream.columns ?? 100) : Number.POSITIVE_INFINITY;
}

export function renderPostMortem(pm: PostMortem, format: CommonFlags['format'], width = 100): string {
  if (format === 'json') return `${JSON.stringify(postMortemJson(pm), null, 2)}\n`;
  if (format === 'markdown') return postMortemMarkdown(pm);
  return postMortemText(pm, {width});
}

/** The post-mortem of `stack`: the name or ARN the user gave, or the root stack a caller has already resolved. */
export async function computePostMortem(ctx: CommandContext, stack: string | Stack, flags: CommonFlags): Promise<PostMortem> {
  const progress = progressLine(ctx.stderr);
  try {
    if (typeof stack === 'string') progress.update(`finding ${stack}`);
    const root = typeof stack === 'string' ? await resolveRootStack(ctx.gateway, stack, ctx.region) : stack;
    const counter = ctx.clients.counter;
    const pm = await loadPostMortem(ctx.gateway, root, emptyPostMortemData(), {
      cloudtrail: flags.cloudtrail,
      region: ctx.region,
      apiCalls: () => ({cloudformation: counter.total('CloudFormation'), cloudtrail: counter.total('CloudTrail')}),
      onProgress: message => progress.update(message),
    });
    // The counts in the report are the whole command's, resolution of the root included.
    return {...pm, apiCalls: {cloudformation: counter.total('CloudFormation'), cloudtrail: counter.total('CloudTrail')}};
  } finally {
    progress.done();
  }
}

export async function postmortemCommand(ctx: CommandContext, flags: CommonFlags): Promise<number> {
  const stack = requireStack(flags, 'postmortem');
  const pm = await computePostMortem(ctx, stack, flags);
  ctx.stdout.write(renderPostMortem(pm, flags.format, reportWidth(ctx.stdout)));
  return postMortemExitCode(pm);
}
