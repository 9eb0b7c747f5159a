import { describe, expect, it } from 'vitest';
import { exactOpBytes, measureOp } from './push-size.js';

describe('measureOp', () => {
  it('bounds a plain string exactly and an escaped one by 6 bytes a character', () => {
    expect(measureOp('abc', 8)).toEqual({ tooDeep: false, bound: 5 }); // "abc"
    expect(measureOp('é', 8).bound).toBe(8); // 6 × 1 + 2 quotes; the exact size is 4
    expect(measureOp('a"b', 8).bound).toBe(20); // the quote needs an escape: 6 × 3 + 2
  });

  it('takes the coarse bound (6 bytes a character) when that is already within the limit', () => {
    expect(measureOp('abc', 8, 20).bound).toBe(20); // 6 × 3 + 2: within 20, not walked again
    expect(measureOp('abc', 8, 19).bound).toBe(5); // above 19: walked again, the plain string exactly
    // {"ab":"c"}: 2 braces + key "ab" + colon and comma + "c"; coarse 2 + 14 + 2 + 8 = 26, fine 2 + 4 + 2 + 3 = 11
    expect(measureOp({ ab: 'c' }, 8, 26).bound).toBe(26);
    expect(measureOp({ ab: 'c' }, 8, 25).bound).toBe(11);
    // too deep is told on the first walk, whatever the limit
    expect(measureOp([[[1]]], 2, 1e9).tooDeep).toBe(true);
  });

  it('adds braces, keys, colons and commas', () => {
    // {"a":[1,true,null]}: 2 braces + "a" (3) + colon and comma (2) + the array
    // [1,true,null]: 2 brackets + 3 commas + number 24 + true 5 + null 4 = 38
    expect(measureOp({ a: [1, true, null] }, 8)).toEqual({ tooDeep: false, bound: 45 });
  });

  it('is never below the exact size', () => {
    const values: unknown[] = [
      '',
      '\u0000\u001f\n\t"\\',
      '😀 emoji',
      '\ud800 lone surrogate',
      -1.2345678901234567e-308,
      Number.NaN,
      { x: undefined, y: [undefined, () => 1], z: { deep: ['é', 'ü', 1e21] } },
      Array.from({ length: 50 }, (_, i) => ({ id: `op-${i}`, n: i / 3 })),
    ];
    for (const v of values) {
      expect(measureOp(v, 8).bound).toBeGreaterThanOrEqual(exactOpBytes(v));
      expect(measureOp(v, 8, 1e9).bound).toBeGreaterThanOrEqual(exactOpBytes(v));
    }
  });

  it('tells too deep at the same level as the core rule: max levels pass, one more does not', () => {
    expect(measureOp([[1]], 2).tooDeep).toBe(false);
    expect(measureOp([[[1]]], 2).tooDeep).toBe(true);
    expect(measureOp({ a: { b: 1 } }, 2).tooDeep).toBe(false);
    expect(measureOp({ a: { b: {} } }, 2).tooDeep).toBe(true);
  });

  it('stops at the limit however deep the input goes (no stack overflow)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(measureOp(deep, 32).tooDeep).toBe(true);
  });

  it('leaves a class instance (toJSON, getters) to the exact measure', () => {
    expect(measureOp({ at: new Date(0) }, 8).bound).toBe(Number.POSITIVE_INFINITY);
  });
});
