import {afterEach, describe, expect, it, vi} from 'vitest';
import {RateLimiter} from '../../source/aws/rate-limiter.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the rate limiter', () => {
  it('lets a burst out at once, then one call per 1/rate s', async () => {
    vi.useFakeTimers({now: 0});
    const limiter = new RateLimiter(2, 4, Date.now);
    let out = 0;
    for (let i = 0; i < 8; i++) void limiter.take().then(() => out++);
    await vi.advanceTimersByTimeAsync(0);
    expect(out).toBe(4);
    await vi.advanceTimersByTimeAsync(500);
    expect(out).toBe(5);
    await vi.advanceTimersByTimeAsync(1500);
    expect(out).toBe(8);
  });

  it('never saves up more than the burst, however long it sat idle', async () => {
    vi.useFakeTimers({now: 0});
    const limiter = new RateLimiter(2, 4, Date.now);
    vi.setSystemTime(10 * 60_000); // ten idle minutes would be 1,200 tokens without the cap
    let out = 0;
    for (let i = 0; i < 10; i++) void limiter.take().then(() => out++);
    await vi.advanceTimersByTimeAsync(0);
    expect(out).toBe(4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(out).toBe(6);
    await vi.advanceTimersByTimeAsync(2000);
    expect(out).toBe(10);
  });

  it('serves callers in order', async () => {
    vi.useFakeTimers({now: 0});
    const limiter = new RateLimiter(10, 1, Date.now);
    const order: number[] = [];
    const turns = [0, 1, 2, 3].map(i => limiter.take().then(() => order.push(i)));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(turns);
    expect(order).toEqual([0, 1, 2, 3]);
  });
});
