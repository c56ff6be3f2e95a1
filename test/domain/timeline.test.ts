import {describe, expect, it} from 'vitest';
import {buildTimeline, classifyEvent, firstErrorIndex, mergeByTime, mergeSorted, nextFailure} from '../../source/domain/timeline.js';
import {buildStackTree, shortNames, subtreeIds} from '../../source/domain/tree.js';
import {failedDeployFixture, makeEvent, makeStack} from '../ui/fixtures.js';

function fixtureRows(opts = {}) {
  const f = failedDeployFixture();
  const tree = buildStackTree(f.snapshot)!;
  const rows = buildTimeline(f.snapshot.events, subtreeIds(tree), {shortNames: shortNames(tree), ...opts});
  return {...f, rows};
}

describe('classifyEvent', () => {
  const s = makeStack('s');
  const ev = (status: string, reason: string, self = false) =>
    makeEvent(s, self ? 's' : 'R', self ? 'AWS::CloudFormation::Stack' : 'AWS::S3::Bucket', status, 1, reason, self ? s.stackId : '');
  it('tells real failures from cancellations and summaries', () => {
    expect(classifyEvent(ev('CREATE_FAILED', 'Access Denied'))).toEqual({kind: 'failure', summary: false});
    expect(classifyEvent(ev('CREATE_FAILED', 'Resource creation cancelled'))).toEqual({kind: 'noise', summary: false});
    expect(classifyEvent(ev('UPDATE_FAILED', 'Resource update cancelled')).kind).toBe('noise');
    expect(classifyEvent(ev('CREATE_FAILED', 'Embedded stack arn:x was not successfully created: boom'))).toEqual({kind: 'failure', summary: true});
    expect(classifyEvent(ev('ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [A].', true)).kind).toBe('stack');
    expect(classifyEvent(ev('CREATE_COMPLETE', '')).kind).toBe('complete');
    expect(classifyEvent(ev('CREATE_IN_PROGRESS', '')).kind).toBe('progress');
  });
});

describe('buildTimeline', () => {
  it('merges every stack of the subtree oldest first, naming rows by nested logical ID', () => {
    const {rows, snapshot} = fixtureRows();
    const total = [...snapshot.events.values()].reduce((n, l) => n + l.length, 0);
    expect(rows).toHaveLength(total);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].event.timestamp <= rows[i].event.timestamp).toBe(true);
    expect(rows.find(r => r.event.logicalResourceId === 'ProcessedDataBucket')!.stackShortName).toBe('LogAnalysis');
  });

  it('keeps each stack own order on equal timestamps', () => {
    const a = makeStack('a');
    const b = makeStack('b', {stackId: 'b'});
    const a1 = makeEvent(a, 'X', 'T', 'CREATE_IN_PROGRESS', 5);
    const a2 = makeEvent(a, 'X', 'T', 'CREATE_COMPLETE', 5);
    const b1 = makeEvent(b, 'Y', 'T', 'CREATE_IN_PROGRESS', 5);
    const b0 = makeEvent(b, 'Y', 'T', 'CREATE_IN_PROGRESS', 4);
    const merged = mergeByTime(
      new Map([
        [a.stackId, [a1, a2]],
        ['b', [b0, b1]],
      ]),
      [a.stackId, 'b'],
    );
    expect(merged.map(e => e.eventId)).toEqual([b0.eventId, a1.eventId, a2.eventId, b1.eventId]);
  });

  it('shows only the selected stacks', () => {
    const f = failedDeployFixture();
    const rows = buildTimeline(f.snapshot.events, [f.nested.Web.stackId]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(r => r.event.stackId === f.nested.Web.stackId)).toBe(true);
  });

  it('filters to failures only, and by text in any field', () => {
    const {rows: failures} = fixtureRows({failuresOnly: true});
    expect(failures.length).toBeGreaterThan(2);
    expect(failures.every(r => r.kind === 'failure')).toBe(true);
    const {rows: text} = fixtureRows({filter: 'webservice'});
    expect(text.length).toBe(5); // its 3 own events, plus the two that name it in their reason
    const {rows: both} = fixtureRows({filter: 'service control', failuresOnly: true});
    expect(both.map(r => r.event.logicalResourceId)).toEqual(['ProcessedDataBucket']);
    // Case-insensitive, and never across two fields (the end of a type and the start of a status).
    expect(fixtureRows({filter: 'WEBSERVICE'}).rows).toHaveLength(5);
    expect(fixtureRows({filter: 'bucketcreate_failed'}).rows).toHaveLength(0);
    expect(fixtureRows({filter: 's3::bucketcreate'}).rows).toHaveLength(0);
  });
});

describe('firstErrorIndex and nextFailure', () => {
  it('opens on the root cause when known', () => {
    const {rows, rootCause, webFailure} = fixtureRows();
    expect(rows[firstErrorIndex(rows, rootCause.eventId)].event.eventId).toBe(rootCause.eventId);
    expect(rows[firstErrorIndex(rows, webFailure.eventId)].event.eventId).toBe(webFailure.eventId);
  });

  it('falls back to the first real failure, skipping cancellations and summaries', () => {
    const {rows, rootCause} = fixtureRows();
    expect(rows[firstErrorIndex(rows)].event.eventId).toBe(rootCause.eventId);
    expect(rows[firstErrorIndex(rows, 'not-in-these-rows')].event.eventId).toBe(rootCause.eventId);
    const s = makeStack('s');
    const onlySummary = buildTimeline(
      new Map([
        [s.stackId, [makeEvent(s, 'C', 'AWS::CloudFormation::Stack', 'CREATE_FAILED', 1, 'Embedded stack x was not successfully created: y')]],
      ]),
      [s.stackId],
    );
    expect(firstErrorIndex(onlySummary)).toBe(0);
    expect(firstErrorIndex([])).toBe(-1);
  });

  it('steps across failures in both directions', () => {
    const {rows, rootCause, webFailure} = fixtureRows();
    const at = firstErrorIndex(rows, rootCause.eventId);
    const next = nextFailure(rows, at, 1);
    expect(rows[next].event.eventId).toBe(webFailure.eventId);
    expect(nextFailure(rows, next, -1)).toBe(at);
    expect(nextFailure(rows, at, -1)).toBe(-1);
    const last = rows.length - 1;
    expect(nextFailure(rows, last, 1)).toBe(-1);
  });
});

describe('mergeSorted', () => {
  /** The plain k-way merge (every head scanned for every item), as the order to keep. */
  function scanMerge(lists: string[][]): string[] {
    const heads = lists.map(() => 0);
    const out: string[] = [];
    const total = lists.reduce((n, l) => n + l.length, 0);
    while (out.length < total) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        if (heads[i]! >= lists[i]!.length) continue;
        if (best === -1 || lists[i]![heads[i]!]!.slice(0, 2) < lists[best]![heads[best]!]!.slice(0, 2)) best = i;
      }
      out.push(lists[best]![heads[best]!++]!);
    }
    return out;
  }

  it('orders as a scan of every head would, ties by list then by position, on 200 random trees', () => {
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 200; round++) {
      // Items "tt:list:pos": the time is two digits, with many ties across and within lists.
      const lists = Array.from({length: 1 + random(9)}, (_, l) => {
        const times = Array.from({length: random(30)}, () => String(random(40)).padStart(2, '0')).sort();
        return times.map((t, i) => `${t}:${l}:${i}`);
      });
      expect(mergeSorted(lists, item => item.slice(0, 2))).toEqual(scanMerge(lists));
    }
  });

  it('keeps the rows of a stack whose events did not change (the same objects, not rebuilt)', () => {
    const f = failedDeployFixture();
    const tree = buildStackTree(f.snapshot)!;
    const first = buildTimeline(f.snapshot.events, subtreeIds(tree), {shortNames: shortNames(tree)});
    const again = buildTimeline(new Map(f.snapshot.events), subtreeIds(tree), {shortNames: shortNames(tree)});
    expect(again.every((row, i) => row === first[i])).toBe(true);
    // One stack read again (a new list): its rows are new, the others' are the same objects, the order the same.
    const events = new Map(f.snapshot.events);
    const web = f.nested.Web!.stackId;
    events.set(web, [...events.get(web)!]);
    const third = buildTimeline(events, subtreeIds(tree), {shortNames: shortNames(tree)});
    expect(third.map(r => r.event.eventId)).toEqual(first.map(r => r.event.eventId));
    expect(third.filter((r, i) => r !== first[i]).every(r => r.event.stackId === web)).toBe(true);
    expect(third.some(r => r.event.stackId === web && !first.includes(r))).toBe(true);
  });
});
