// What the screen says of the panther-pulumi build (store/pulumi-watch.ts), pure: the banner's line (the offer, the
// build's progress, its end), the row under the Stacks pane's tree, the Details' lines once it has ended, and what
// `b` does. Every text is cut to the width it is given by the caller.
import {formatDuration} from '../domain/progress.js';
import type {PulumiSnapshot} from '../store/pulumi-watch.js';
import type {BannerTone} from './banner-lines.js';
import type {Line} from './details-lines.js';
import {clock, width as textWidth, wrap} from './text.js';
import type {Theme} from './theme.js';

export interface BuildBanner {
  text: string;
  tone: BannerTone;
}

/** The first candidate that fits `width` columns (else the last, which the banner cuts). */
function fitting(candidates: readonly string[], width: number): string {
  return candidates.find(c => textWidth(c) <= width) ?? candidates[candidates.length - 1]!;
}

/** How long the followed build has run: from CodeBuild's own start and end, or (running) the local clock. */
export function buildElapsed(p: PulumiSnapshot, localNow: number): string | null {
  const b = p.build;
  if (!b) return null;
  const start = Date.parse(b.startedAt);
  if (!Number.isFinite(start)) return null;
  const end = b.endedAt ? Date.parse(b.endedAt) : p.clockOffset !== null ? localNow - p.clockOffset : Number.NaN;
  return Number.isFinite(end) ? formatDuration(Math.max(0, end - start)) : null;
}

/** The banner's line about the build, or null when there is nothing to say there. */
export function buildBanner(p: PulumiSnapshot | null, width: number, localNow: number): BuildBanner | null {
  if (!p) return null;
  const project = p.project;
  const op = p.operation?.type ?? 'deploy';
  const version = p.version ? `Panther ${p.version}` : 'Panther';
  const b = p.build;
  switch (p.status) {
    case 'offer': {
      if (b) {
        const ended = `${b.status}${b.failure ? ` (${b.failure})` : ''}`;
        return {
          tone: 'info',
          text: fitting(
            [
              `DEPLOY NOT FINISHED: the ${project} build after the ${op} ended ${ended} · b runs it again`,
              `DEPLOY NOT FINISHED: ${project} build ${b.status} · b runs it again`,
              `NOT FINISHED: build ${b.status} · b runs it again`,
            ],
            width,
          ),
        };
      }
      const since = p.operation ? ` since ${clock(p.operation.endedAt)} UTC` : '';
      return {
        tone: 'info',
        text: fitting(
          [
            `DEPLOY NOT FINISHED: ${version} needs the ${project} build after its ${op}; none has run${since} · b starts it`,
            `DEPLOY NOT FINISHED: no ${project} build since the ${op} · b starts it`,
            `NOT FINISHED: no ${project} build · b starts it`,
            `NOT FINISHED · b builds`,
          ],
          width,
        ),
      };
    }
    case 'starting':
      return {tone: 'info', text: `${project} build: starting…`};
    case 'running': {
      const elapsed = buildElapsed(p, localNow);
      const when = elapsed ? ` · ${elapsed}` : b ? ` · started ${clock(b.startedAt)} UTC` : '';
      const phase = b?.phase ? ` · ${b.phase}` : '';
      const who = p.startedHere ? '' : ' (started before the console opened)';
      const stale = p.readError ? ' · last read failed, retrying' : '';
      return {tone: 'info', text: `${project} build IN_PROGRESS${phase}${when}${who}${stale}`};
    }
    case 'succeeded': {
      const elapsed = buildElapsed(p, localNow);
      return {
        tone: 'success',
        text: `${project} build SUCCEEDED${elapsed ? ` · ${elapsed}` : ''} · the ${op} is finished${b?.logsLink ? ` · logs: ${b.logsLink}` : ''}`,
      };
    }
    case 'failed': {
      const failure = b?.failure ? ` · ${b.failure}` : '';
      return {tone: 'error', text: `${project} build ${b?.status ?? 'FAILED'}${failure} · b runs it again (details below)`};
    }
    case 'error':
      return {tone: 'error', text: `${p.message ?? `cannot start the ${project} build`} · b tries again`};
    default:
      // idle says nothing; denied is said in the status bar.
      return null;
  }
}

/** What `b` does now: ask for the confirmation, or say why there is nothing to start. */
export function buildKey(p: PulumiSnapshot): {canStart: boolean; project: string; why: string} {
  const project = p.project;
  const why = ((): string => {
    switch (p.status) {
      case 'starting':
      case 'running':
        return `the ${project} build is already running`;
      case 'succeeded':
        return `the ${project} build succeeded: nothing to start`;
      case 'denied':
        return p.message ?? `cannot check the ${project} build`;
      default:
        if (p.build?.status === 'SUCCEEDED') return `nothing to start: a ${project} build succeeded after the ${p.operation?.type ?? 'deploy'}`;
        if (p.version && p.operation) return `nothing to start: Panther ${p.version} has no ${project} build (from 1.22)`;
        return `nothing to start: b is offered after a 1.22+ deploy or update with no ${project} build since`;
    }
  })();
  return {canStart: p.canStart, project, why};
}

/** The row under the Stacks pane's tree: the build as one more thing the deploy runs; null when there is none. */
export function buildRow(
  p: PulumiSnapshot | null,
  localNow: number,
): {name: string; right: string; tone: 'inProgress' | 'complete' | 'failed' | 'muted'} | null {
  if (!p) return null;
  switch (p.status) {
    case 'offer':
      return {name: p.project, right: p.build ? p.build.status.toLowerCase() : 'not run', tone: p.build ? 'failed' : 'muted'};
    case 'starting':
      return {name: p.project, right: 'starting', tone: 'inProgress'};
    case 'running': {
      const elapsed = buildElapsed(p, localNow);
      return {name: p.project, right: `${p.build?.phase || 'IN_PROGRESS'}${elapsed ? ` ${elapsed}` : ''}`, tone: 'inProgress'};
    }
    case 'succeeded':
      return {name: p.project, right: 'ok', tone: 'complete'};
    case 'failed':
      return {name: p.project, right: 'failed', tone: 'failed'};
    case 'error':
      return {name: p.project, right: 'not started', tone: 'failed'};
    default:
      return null;
  }
}

/** Once the followed build has ended: its status, the failed phase's message and the logs, whole, for Details. */
export function buildDetails(p: PulumiSnapshot | null, width: number, theme: Theme, localNow: number): Line[] {
  if (!p || (p.status !== 'succeeded' && p.status !== 'failed') || !p.build) return [];
  const b = p.build;
  const ok = p.status === 'succeeded';
  const lines: Line[] = [];
  const elapsed = buildElapsed(p, localNow);
  lines.push([
    {
      text: `${p.project} build ${b.status}${elapsed ? ` · ${elapsed}` : ''}`,
      style: ok ? theme.status.complete : {...theme.status.failed, bold: !theme.noColor},
    },
  ]);
  const field = (label: string, value: string, style?: Theme['text']['muted']): void => {
    wrap(value, Math.max(8, width - 11)).forEach((text, i) => {
      lines.push([
        {text: (i === 0 ? label : '').padEnd(11), style: theme.text.muted},
        {text, style},
      ]);
    });
  };
  if (b.failure) field('Failed', b.failure, theme.status.failed);
  if (b.logsLink) field('Logs', b.logsLink, theme.text.accent);
  field('Build', b.id);
  lines.push([{text: ''}]);
  return lines;
}
