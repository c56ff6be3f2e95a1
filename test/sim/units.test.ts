import {describe, expect, it} from 'vitest';
import {createClock} from '../../source/sim/clock.js';
import {Faults} from '../../source/sim/faults.js';
import {decodeToken, encodeToken, pageDescending} from '../../source/sim/paging.js';
import {Random, mulberry32} from '../../source/sim/random.js';

describe('sim building blocks', () => {
  it('pages an oldest-first sequence newest first, and the last page has no token', () => {
    const first = pageDescending(250, 250, () => true, 100);
    expect(first.indices[0]).toBe(249);
    expect(first.indices).toHaveLength(100);
    expect(first.next).toBe(150);
    const last = pageDescending(250, 50, () => true, 100);
    expect(last.indices).toHaveLength(50);
    expect(last.next).toBeNull();
    const even = pageDescending(10, 10, i => i % 2 === 0, 5);
    expect(even).toEqual({indices: [8, 6, 4, 2, 0], next: null});
  });

  it('rejects a token of another kind or scope', () => {
    const token = encodeToken({kind: 'events', scope: 'a', index: 7});
    expect(decodeToken(token, 'events', 'a')).toBe(7);
    expect(decodeToken(token, 'events', 'b')).toBeNull();
    expect(decodeToken('garbage', 'events', 'a')).toBeNull();
  });

  it('plays a realtime clock at its speed, and a manual one only when told', () => {
    let real = 1_000;
    const live = createClock({mode: 'realtime', start: 0, end: 100_000, speed: 30, realNow: () => real});
    real += 1_000;
    expect(live.now()).toBe(30_000);
    live.setSpeed(0);
    real += 5_000;
    expect(live.now()).toBe(30_000);
    const manual = createClock({mode: 'manual', start: 0, end: 10_000, realNow: () => real});
    manual.advance(4_000);
    expect(manual.now()).toBe(4_000);
    expect(manual.atEnd()).toBe(false);
    expect(createClock({mode: 'fixed', start: 0, end: 10_000}).atEnd()).toBe(true);
  });

  it('draws the same numbers for the same seed', () => {
    expect(new Random(5).uuid()).toBe(new Random(5).uuid());
    const a = mulberry32(1);
    const b = mulberry32(1);
    expect([a(), a()]).toEqual([b(), b()]);
  });

  it('applies a fault only to the services listed', () => {
    const faults = new Faults({expiredToken: {services: ['cloudtrail']}}, () => 0, 0);
    expect(faults.decide('cloudformation')).toBeNull();
    expect(faults.decide('cloudtrail')).toBe('expiredToken');
  });
});
