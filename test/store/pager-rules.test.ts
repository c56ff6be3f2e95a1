import {describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {Gateway, type EventPage} from '../../source/aws/gateway.js';
import type {StackEvent} from '../../source/domain/types.js';
import {fetchNewEvents} from '../../source/store/event-pager.js';
import {firstReadRule, firstStop, stopAtHeld, stopAtOperationStart, stopOlderThan, type Verdict} from '../../source/store/pager-rules.js';

const arn = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod/1111';
let n = 0;
/** A stack-level event (the stack itself) when no resource is named, else a resource's. */
function ev(status: string, minute: number, logicalId = 'panther-prod'): StackEvent {
  const stackLevel = logicalId === 'panther-prod';
  return {
    eventId: `e${++n}`,
    stackId: arn,
    stackName: 'panther-prod',
    logicalResourceId: logicalId,
    physicalResourceId: stackLevel ? arn : `${logicalId}-id`,
    resourceType: stackLevel ? 'AWS::CloudFormation::Stack' : 'AWS::S3::Bucket',
    status,
    reason: '',
    timestamp: new Date(Date.UTC(2026, 10, 2, 14, minute)).toISOString(),
    operationId: null,
  };
}

/** Verdicts a rule gives each event of a history read newest first, with the read so far it would see. */
function verdicts(rule: (e: StackEvent, r: () => readonly StackEvent[]) => Verdict, oldestFirst: readonly StackEvent[]): Verdict[] {
  const newestFirst = [...oldestFirst].reverse();
  return newestFirst.map((e, i) => rule(e, () => newestFirst.slice(0, i + 1).reverse()));
}

// Two operations: a create that completed, an update that rolled back, oldest first.
const create = [ev('CREATE_IN_PROGRESS', 0), ev('CREATE_IN_PROGRESS', 1, 'Bucket'), ev('CREATE_COMPLETE', 2, 'Bucket'), ev('CREATE_COMPLETE', 3)];
const update = [
  ev('UPDATE_IN_PROGRESS', 10),
  ev('UPDATE_FAILED', 11, 'Bucket'),
  ev('UPDATE_ROLLBACK_IN_PROGRESS', 12),
  ev('UPDATE_ROLLBACK_COMPLETE', 13),
];
const deleted = [ev('DELETE_IN_PROGRESS', 20), ev('DELETE_COMPLETE', 21, 'Bucket'), ev('DELETE_COMPLETE', 22)];

describe('the pager stop rules, event by event (newest first)', () => {
  it.each([
    [
      'held: stops at the first held event, excluding it',
      stopAtHeld(new Set([create[3]!.eventId])),
      [...create, ...update],
      ['continue', 'continue', 'continue', 'continue', 'stop-exclude', 'continue', 'continue', 'continue'],
    ],
    [
      'older than the update: stops at the first older event, including it',
      stopOlderThan(update[0]!.timestamp),
      [...create, ...update],
      ['continue', 'continue', 'continue', 'continue', 'stop-include', 'stop-include', 'stop-include', 'stop-include'],
    ],
    [
      'operation start: the update start ends it',
      stopAtOperationStart,
      [...create, ...update],
      ['continue', 'continue', 'continue', 'stop-include', 'continue', 'continue', 'continue', 'stop-include'],
    ],
    // A successful delete after a failed update: the post-mortem is the update's, so the read goes back past the delete.
    [
      'operation start behind a delete: the delete start is not enough',
      stopAtOperationStart,
      [...update, ...deleted],
      ['continue', 'continue', 'continue', 'continue', 'continue', 'continue', 'stop-include'],
    ],
    ['no start in the history: never stops', stopAtOperationStart, update.slice(1), ['continue', 'continue', 'continue']],
  ] as const)('%s', (_what, rule, history, expected) => {
    expect(verdicts(rule, history)).toEqual(expected);
  });

  it('a held event wins over a rule that would include it', () => {
    const rule = firstStop(stopAtHeld(new Set([update[0]!.eventId])), stopOlderThan(update[1]!.timestamp));
    expect(rule(update[0]!, () => [update[0]!])).toBe('stop-exclude');
    expect(rule(create[3]!, () => [create[3]!])).toBe('stop-include');
    expect(rule(update[3]!, () => [update[3]!])).toBe('continue');
  });
});

/** A history served in pages of `size`, newest first, counting calls and how often the read so far was copied. */
class PagedGateway extends Gateway {
  calls = 0;
  constructor(
    private readonly newestFirst: StackEvent[],
    private readonly size: number,
  ) {
    super(createClients({region: 'us-east-2', credentials: {accessKeyId: 'x', secretAccessKey: 'y'}}));
  }
  override async stackEventsPage(_stackId: string, token?: string): Promise<EventPage> {
    this.calls++;
    const from = token ? Number(token) : 0;
    const to = from + this.size;
    return {events: this.newestFirst.slice(from, to), nextToken: to < this.newestFirst.length ? String(to) : undefined};
  }
}

describe('the pager', () => {
  // 1 create, then 30 updates of 20 events each: 604 events, pages of 10.
  const history = [...create];
  for (let u = 0; u < 30; u++) {
    history.push(ev('UPDATE_IN_PROGRESS', 100 + u * 30));
    for (let r = 0; r < 18; r++) history.push(ev(r % 2 ? 'UPDATE_COMPLETE' : 'UPDATE_IN_PROGRESS', 101 + u * 30 + r, `R${r}`));
    history.push(ev('UPDATE_COMPLETE', 120 + u * 30));
  }
  const newestFirst = [...history].reverse();

  it('reads back to the latest operation start and keeps the rest of that page', async () => {
    const gateway = new PagedGateway(newestFirst, 15);
    const read = await fetchNewEvents(gateway, arn, new Set(), stopAtOperationStart);
    // The start is the 20th newest: on page 2, which is kept whole (30 events).
    expect(gateway.calls).toBe(2);
    expect(read.events).toEqual(newestFirst.slice(0, 30).reverse());
    expect(read.reachedEnd).toBe(false);
  });

  it('stops at the first held event, in the middle of a page, and returns only what is newer', async () => {
    const gateway = new PagedGateway(newestFirst, 10);
    const held = new Set(history.slice(0, history.length - 25).map(e => e.eventId));
    const read = await fetchNewEvents(gateway, arn, held);
    expect(gateway.calls).toBe(3);
    expect(read.events).toEqual(history.slice(history.length - 25));
  });

  it('reads everything when no rule stops it, and says it reached the end', async () => {
    const gateway = new PagedGateway(newestFirst, 10);
    const read = await fetchNewEvents(gateway, arn, new Set());
    expect(gateway.calls).toBe(61);
    expect(read.events).toEqual(history);
    expect(read.reachedEnd).toBe(true);
  });

  it('looks at the read so far only at operation starts, not once per page (no quadratic copying)', async () => {
    const gateway = new PagedGateway(newestFirst, 10);
    let copies = 0;
    const counting = (e: StackEvent, readSoFar: () => readonly StackEvent[]) =>
      stopAtOperationStart(e, () => {
        copies++;
        return readSoFar();
      });
    // Back to the first create: a read of the whole history where every update start asks once.
    const read = await fetchNewEvents(gateway, arn, new Set(), (e, r) =>
      counting(e, r) === 'stop-include' && e.eventId === create[0]!.eventId ? 'stop-include' : 'continue',
    );
    expect(read.events.length).toBe(history.length);
    expect(copies).toBe(31);
  });
});

describe('how far back a first read goes (firstReadRule)', () => {
  const root = {
    stackId: arn,
    stackName: 'panther-prod',
    status: 'UPDATE_ROLLBACK_COMPLETE',
    parentId: null,
    lastOperations: [],
  } as unknown as Parameters<typeof firstReadRule>[1];
  const nested = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod-Core-1/2222';
  it.each([
    ['the root: back to its operation start', arn, [...create, ...update], 'stop-include', update[0]!],
    ['a nested stack: back past the start of the root operation that failed', nested, [...create, ...update], 'stop-include', create[3]!],
    ['a nested stack: an event of that operation is wanted', nested, [...create, ...update], 'continue', update[1]!],
    [
      'a nested stack after a delete that followed the failure: back past the failed one',
      nested,
      [...create, ...update, ...deleted],
      'continue',
      update[1]!,
    ],
  ] as const)('%s', (_what, stackId, rootEvents, verdict, event) => {
    expect(firstReadRule(stackId, root, rootEvents)(event, () => [event])).toBe(verdict);
  });
});
