import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

const clock = (start = 0) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('TokenBuckets', () => {
  it('lets a key spend its burst, then refuses until tokens come back at the per-minute rate', () => {
    const c = clock();
    const b = new TokenBuckets(3, 6, c.now); // 3 at once, then one every 10 s
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([true, true, true, false]);
    expect(b.take('b')).toBe(true); // keys are independent
    expect(b.retryAfterMs('a')).toBe(10_000);
    c.advance(9_999);
    expect(b.take('a')).toBe(false);
    c.advance(1);
    expect(b.take('a')).toBe(true);
    c.advance(3_600_000);
    expect(b.available('a')).toBe(3); // never more than the capacity
  });

  it('never lets a key spend more than capacity + rate x elapsed time (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 600 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }),
        (capacity, perMinute, gaps) => {
          const c = clock(1_000_000);
          const b = new TokenBuckets(capacity, perMinute, c.now);
          let spent = 0;
          let elapsed = 0;
          for (const gap of gaps) {
            c.advance(gap);
            elapsed += gap;
            if (b.take('k')) spent++;
          }
          expect(spent).toBeLessThanOrEqual(capacity + Math.floor((elapsed * perMinute) / 60_000) + 1e-9);
        },
      ),
    );
  });

  it('forgets keys whose bucket is full again, so memory stays bounded', () => {
    const c = clock();
    const b = new TokenBuckets(2, 60, c.now);
    for (let i = 0; i < 5000; i++) b.take(`k${i}`);
    expect(b.size).toBeGreaterThan(999);
    c.advance(120_000);
    b.take('late');
    expect(b.size).toBe(1);
  });
});
