// The failure the screen leads with: the first real failure of the root's operation the moment it is seen (FIRST
// FAILURE, through the whole rollback), and the post-mortem's root cause once the operation has ended (ROOT CAUSE).
// Pure: derived from the snapshot, memoised by the view model on the collections it reads.
import {categoryLabel} from '../domain/category-labels.js';
import {classifyFailure} from '../domain/classify.js';
import {splitOperations} from '../domain/operations.js';
import {isRealFailure, unwrap} from '../domain/reasons.js';
import type {Category, StackEvent} from '../domain/types.js';
import type {Snapshot} from '../store/snapshot.js';
import {clean} from './text.js';

export type HeadlineKind = 'first-failure' | 'root-cause' | 'searching' | 'none-yet';

export interface FailureHeadline {
  kind: HeadlineKind;
  /** `<stack>/<logicalId>`; empty while searching or when nothing has failed. */
  where: string;
  category: Category | null;
  /** The whole reason, inside AWS's wrappers ("Resource handler returned message: …", request tokens). */
  reason: string;
  /** What to do (the classification's hint), when known. */
  hint: string;
  /** The event it is about (the timeline's cursor lands there with `e`). */
  eventId: string | null;
  /** The root's operation is still running (a first failure becomes the root cause only when it ends). */
  running: boolean;
}

export type HeadlineInput = Pick<Snapshot, 'rootStackId' | 'stacks' | 'events' | 'postMortem'>;

const FAILING = /FAILED|ROLLBACK/;

/** The earliest real failure at or after `since` across every stack held. */
function firstFailureSince(events: Snapshot['events'], since: string): StackEvent | null {
  let first: StackEvent | null = null;
  for (const list of events.values()) {
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
      if (e.timestamp < since) break;
      if (isRealFailure(e) && (!first || e.timestamp < first.timestamp)) first = e;
    }
  }
  return first;
}

/** What AWS said, without the wrappers that repeat on every registry failure; cleaned for the screen. */
export function bareReason(reason: string): string {
  const u = unwrap(clean(reason));
  const code = u.errorCode ? ` (${u.errorCode})` : '';
  return `${u.message || reason.trim()}${code}`;
}

/** The post-mortem's root cause as a headline (null when there is none). */
export function rootCauseHeadline(pm: Snapshot['postMortem'], names: ReadonlyMap<string, string>, running = false): FailureHeadline | null {
  const rc = pm?.rootCause;
  if (!rc) return null;
  const where = `${names.get(rc.stackId) ?? rc.stackName}/${rc.logicalResourceId}`;
  return {kind: 'root-cause', where, category: rc.category, reason: bareReason(rc.reason), hint: rc.hint, eventId: rc.eventId, running};
}

export function failureHeadline(input: HeadlineInput, names: ReadonlyMap<string, string>): FailureHeadline | null {
  const root = input.rootStackId ? input.stacks.get(input.rootStackId) : undefined;
  if (!root) return null;
  const rootEvents = input.events.get(root.stackId) ?? [];
  const last = splitOperations(rootEvents, root).at(-1);
  const running = last ? last.outcome === 'IN_PROGRESS' : root.status.endsWith('_IN_PROGRESS');
  const where = (e: {stackId: string; stackName: string; logicalResourceId: string}) =>
    `${names.get(e.stackId) ?? e.stackName}/${e.logicalResourceId}`;

  const rootCause = running ? null : rootCauseHeadline(input.postMortem, names);
  if (rootCause) return rootCause;

  const failing = FAILING.test(root.status);
  // A finished operation is explained by its post-mortem alone: before it is made, the failures read so far may
  // not hold the first one (the history is still loading), and naming one would point at the wrong resource.
  if (!running) return failing && !input.postMortem ? searching(running) : null;
  const since = last?.startedAt;
  const first = since ? firstFailureSince(input.events, since) : null;
  if (first) {
    // CloudTrail is read for the post-mortem, once the operation ended: a running failure's hint promises no listing.
    const {category, hint} = classifyFailure(first, {cloudTrail: false});
    return {kind: 'first-failure', where: where(first), category, reason: bareReason(first.reason), hint, eventId: first.eventId, running};
  }
  if (failing) return searching(running);
  return {kind: 'none-yet', where: '', category: null, reason: '', hint: '', eventId: null, running};
}

function searching(running: boolean): FailureHeadline {
  return {kind: 'searching', where: '', category: null, reason: '', hint: '', eventId: null, running};
}

/** The headline as one paragraph, label first: the banner wraps it over the rows it has. */
export function headlineText(h: FailureHeadline): string {
  // Cleaned whole, before the banner cuts it into rows: a control sequence split across two rows would lose its
  // introducer only and leave its payload on screen.
  return clean(rawHeadlineText(h));
}

function rawHeadlineText(h: FailureHeadline): string {
  // The hint follows the reason: on rows a short reason leaves free, it says what to do.
  const hint = h.hint ? `  ▸ ${h.hint}` : '';
  switch (h.kind) {
    case 'root-cause':
      return `ROOT CAUSE  ${h.where} · ${categoryLabel(h.category!)} · ${h.reason}${hint}`;
    case 'first-failure':
      return `FIRST FAILURE  ${h.where} · ${categoryLabel(h.category!)} · ${h.reason}${hint}`;
    case 'searching':
      return h.running ? 'FIRST FAILURE  reading the failed nested stacks…' : 'ROOT CAUSE  reading the failed nested stacks…';
    case 'none-yet':
      return 'No failure so far.';
  }
}
