import {afterEach, describe, expect, it, vi} from 'vitest';
import {CallCounter} from '../../source/aws/call-counter.js';
import type {Gateway} from '../../source/aws/gateway.js';
import {COUNTER_REFRESH_MS, ConsoleStore} from '../../source/store/store.js';

// The status bar's API count moves with every request, but alone it redraws the screen at most once a second: a
// whole frame costs ~25 ms at 120x40, and while a large history loads (eight calls a second) keys must not queue
// behind frames that only move a counter.
afterEach(() => {
  vi.useRealTimers();
});

function storeWithCounter(): {store: ConsoleStore; counter: CallCounter} {
  const counter = new CallCounter();
  const gateway = {clients: {counter, warnings: {messages: []}}} as unknown as Gateway;
  return {store: new ConsoleStore(gateway, {query: 'panther-prod', region: 'us-east-1'}), counter};
}

describe('the API-call count in snapshots', () => {
  it('publishes at most once per refresh interval however many calls are made, with the latest count', () => {
    vi.useFakeTimers();
    const {store, counter} = storeWithCounter();
    let published = 0;
    store.subscribe(() => published++);
    // 8 calls a second for 5 seconds.
    for (let i = 0; i < 40; i++) {
      counter.add('CloudFormation', 'DescribeStackEvents');
      vi.advanceTimersByTime(125);
    }
    vi.advanceTimersByTime(COUNTER_REFRESH_MS);
    expect(published).toBeLessThanOrEqual(6);
    expect(published).toBeGreaterThanOrEqual(5);
    expect(store.getSnapshot().apiCalls['CloudFormation.DescribeStackEvents']).toBe(40);
    store.stop();
  });
});
