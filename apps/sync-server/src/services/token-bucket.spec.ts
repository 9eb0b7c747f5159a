import { describe, expect, it } from 'vitest';
import { TokenBuckets, WindowLimiter } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the rate, per key', () => {
    let now = 0;
    const b = new TokenBuckets(3, 2, () => now);
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([true, true, true, false]);
    expect(b.take('b')).toBe(true);
    now = 500;
    expect([b.take('a'), b.take('a')]).toEqual([true, false]);
    now = 10_000;
    expect([b.take('a'), b.take('a'), b.take('a'), b.take('a')]).toEqual([true, true, true, false]);
  });
});

describe('WindowLimiter', () => {
  it('allows max events per sliding window', () => {
    let now = 0;
    const w = new WindowLimiter(2, 1000, () => now);
    expect([w.take('u'), w.take('u'), w.take('u')]).toEqual([true, true, false]);
    now = 999;
    expect(w.take('u')).toBe(false);
    now = 1001;
    expect(w.take('u')).toBe(true);
  });
});
