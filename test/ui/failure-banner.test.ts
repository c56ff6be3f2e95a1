// The banner's lead: FIRST FAILURE the moment a real failure is seen (through the rollback), ROOT CAUSE once the
// operation has ended; rows reserved from the first frame so the screen does not jump.
import {describe, expect, it} from 'vitest';
import {bannerLines, bannerReserve, fillLines, headlineRows, type BannerInput} from '../../source/ui/banner-lines.js';
import {failureHeadline} from '../../source/ui/failure-headline.js';
import {operationBanner} from '../../source/ui/operation-banner.js';
import {width as textWidth} from '../../source/ui/text.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {failedDeployFixture, makeEvent, makeStack, SCP_REASON} from './fixtures.js';

const names = new Map<string, string>();
const NOW = Date.parse('2025-03-01T10:30:00.000Z');

/** The failed deploy as it was at `seconds` after its start: the root still rolling back, no post-mortem yet. */
function duringRollback(): Snapshot {
  const {snapshot, root} = failedDeployFixture();
  const cut = '2025-03-01T10:01:30.000Z';
  const events = new Map([...snapshot.events].map(([id, list]) => [id, list.filter(e => e.timestamp <= cut)] as const));
  const stacks = new Map(snapshot.stacks);
  stacks.set(root.stackId, {...root, status: 'ROLLBACK_IN_PROGRESS'});
  return {...snapshot, events, stacks, postMortem: null};
}

/** The same deploy before anything failed: the root creating, no failure among the events. */
function beforeFailure(): Snapshot {
  const {snapshot, root} = failedDeployFixture();
  const cut = '2025-03-01T10:00:30.000Z';
  const events = new Map([...snapshot.events].map(([id, list]) => [id, list.filter(e => e.timestamp <= cut)] as const));
  const stacks = new Map(snapshot.stacks);
  stacks.set(root.stackId, {...root, status: 'CREATE_IN_PROGRESS'});
  return {...snapshot, events, stacks, postMortem: null};
}

function inputOf(snapshot: Snapshot): BannerInput {
  const headline = failureHeadline(snapshot, names);
  return {credentials: null, headline, operation: operationBanner(snapshot, NOW, headline?.kind === 'first-failure')};
}

describe('failureHeadline', () => {
  it('names the first real failure while the root rolls back: category and whole reason, not a summary', () => {
    const h = failureHeadline(duringRollback(), names)!;
    expect(h.kind).toBe('first-failure');
    expect(h.where).toMatch(/LogAnalysis-[A-Z0-9]+\/ProcessedDataBucket$/);
    expect(h.category).toBe('scp-deny');
    // The registry wrapper is gone; everything AWS said inside it stays.
    expect(h.reason).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation is not authorized to perform: s3:PutEncryptionConfiguration on resource: arn:aws:s3:::panther-prod-processeddata with an explicit deny in a service control policy',
    );
    expect(h.running).toBe(true);
  });

  it('becomes the root cause once the operation has ended and the post-mortem is made', () => {
    const {snapshot} = failedDeployFixture();
    const h = failureHeadline(snapshot, names)!;
    expect(h.kind).toBe('root-cause');
    expect(h.eventId).toBe(snapshot.postMortem!.rootCause!.eventId);
    expect(h.hint.length).toBeGreaterThan(0);
  });

  it('says it is searching when the root failed but no failed resource is read yet (the first frame)', () => {
    const {snapshot, root} = failedDeployFixture();
    const first: Snapshot = {...snapshot, events: new Map(), postMortem: null, stacks: new Map([[root.stackId, root]])};
    expect(failureHeadline(first, names)?.kind).toBe('searching');
  });

  it('names no failure of a finished root before its post-mortem (the failures read so far may not hold the first)', () => {
    const {snapshot} = failedDeployFixture();
    expect(failureHeadline({...snapshot, postMortem: null}, names)?.kind).toBe('searching');
  });

  it('says nothing failed so far during a healthy operation, and nothing at all after a success', () => {
    const root = makeStack('panther-ok', {status: 'CREATE_IN_PROGRESS'});
    const start = makeEvent(root, root.stackName, 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 1, 'User Initiated', root.stackId);
    const base: Snapshot = {
      ...failedDeployFixture().snapshot,
      rootStackId: root.stackId,
      stacks: new Map([[root.stackId, root]]),
      events: new Map([[root.stackId, [start]]]),
      postMortem: null,
    };
    expect(failureHeadline(base, names)?.kind).toBe('none-yet');
    const done = makeEvent(root, root.stackName, 'AWS::CloudFormation::Stack', 'CREATE_COMPLETE', 9, '', root.stackId);
    const ok: Snapshot = {
      ...base,
      stacks: new Map([[root.stackId, {...root, status: 'CREATE_COMPLETE'}]]),
      events: new Map([[root.stackId, [start, done]]]),
    };
    expect(failureHeadline(ok, names)).toBeNull();
  });

  it("does not show an older operation's root cause while a new operation runs", () => {
    const {snapshot, root} = failedDeployFixture();
    const again = makeEvent(root, root.stackName, 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 3000, 'User Initiated', root.stackId);
    const events = new Map(snapshot.events);
    events.set(root.stackId, [...events.get(root.stackId)!, again]);
    const stacks = new Map(snapshot.stacks);
    stacks.set(root.stackId, {...root, status: 'DELETE_IN_PROGRESS'});
    const h = failureHeadline({...snapshot, events, stacks}, names);
    expect(h?.kind).not.toBe('root-cause');
  });
});

describe('the banner rows', () => {
  it('keeps the same height from the first frame through the rollback to the root cause (no jump)', () => {
    const {snapshot, root} = failedDeployFixture();
    const first: Snapshot = {...snapshot, events: new Map(), postMortem: null, stacks: new Map([[root.stackId, root]])};
    const rows = headlineRows('full', 24);
    const heights = [first, duringRollback(), snapshot].map(s => bannerReserve(inputOf(s), rows));
    // A running deploy keeps them before anything failed: the first failure does not push the panes down.
    expect(failureHeadline(beforeFailure(), names)?.kind).toBe('none-yet');
    heights.push(bannerReserve(inputOf(beforeFailure()), rows));
    expect(new Set(heights).size).toBe(1);
    expect(heights[0]).toBe(5);
  });

  it('wraps the category and the whole reason over its rows at 80 columns, every row within the width', () => {
    const input = inputOf(duringRollback());
    const lines = bannerLines(input, 80, 5, headlineRows('full', 24));
    expect(lines).toHaveLength(5);
    const text = lines
      .slice(0, 4)
      .map(l => l.text)
      .join(' ');
    expect(lines[0]!.text).toMatch(/^FIRST FAILURE panther-prod-LogAnalysis/);
    expect(text).toMatch(/ProcessedDataBucket · SCP deny · User:/);
    expect(text.replace(/\s+/g, '')).toContain(SCP_REASON.slice(38, 300).replace(/\s+/g, '').slice(0, 150));
    expect(lines.at(-1)!.text).toMatch(/ROLLBACK IN PROGRESS/);
    for (const l of lines) expect(textWidth(l.text)).toBeLessThanOrEqual(80);
  });

  it("gives the operation line's row to the root cause once the operation has ended", () => {
    const {snapshot} = failedDeployFixture();
    const lines = bannerLines(inputOf(snapshot), 80, 5, headlineRows('full', 24));
    expect(lines.every(l => l.tone === 'rootCause')).toBe(true);
    expect(lines.map(l => l.text).join(' ')).toContain('explicit deny in a service control policy');
  });

  it('keeps the headline two rows at least when space is short, dropping the operation line first', () => {
    const lines = bannerLines(inputOf(duringRollback()), 80, 2, 4);
    expect(lines.map(l => l.tone)).toEqual(['error', 'error']);
  });

  it('puts credentials first when they expired', () => {
    const input = {...inputOf(duringRollback()), credentials: 'CREDENTIALS EXPIRED: refresh them'};
    expect(bannerLines(input, 80, 4, 2)[0]!.text).toContain('CREDENTIALS EXPIRED');
  });
});

describe('fillLines', () => {
  it.each([
    // A long token is split to fill the line rather than leaving it half empty.
    ['User: arn:aws:sts::123456789012:assumed-role/Role/Session is', 30, ['User: arn:aws:sts::12345678901', '2:assumed-role/Role/Session is']],
    // Short words are never split.
    ['one two three four', 9, ['one two', 'three', 'four']],
    ['', 10, []],
  ])('%j at %i columns', (text, cols, expected) => {
    expect(fillLines(text, cols)).toEqual(expected);
  });

  it('never goes past the width with wide characters', () => {
    for (const l of fillLines('名前がとても長いバケット arn:aws:s3:::名前がとても長いバケット名前がとても長いバケット', 11))
      expect(textWidth(l)).toBeLessThanOrEqual(11);
  });
});
