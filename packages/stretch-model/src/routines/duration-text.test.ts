import { describe, expect, it } from 'vitest';
import { describeDuration } from './duration.js';

describe('describeDuration', () => {
  it('says "under a minute" below 60 s, never "0 min"', () => {
    expect(describeDuration(0)).toBe('under a minute');
    expect(describeDuration(10)).toBe('under a minute');
    expect(describeDuration(59)).toBe('under a minute');
    expect(describeDuration(Number.NaN)).toBe('under a minute');
  });
  it('rounds to whole minutes from 60 s: 60 → 1, 89 → 1, 90 → 2, 245 → 4', () => {
    expect(describeDuration(60)).toBe('about 1 min');
    expect(describeDuration(89)).toBe('about 1 min');
    expect(describeDuration(90)).toBe('about 2 min');
    expect(describeDuration(245)).toBe('about 4 min');
  });
  it('gives hours and minutes from an hour: 3570 s → 60 min → 1 h; 3900 s → 1 h 5 min', () => {
    expect(describeDuration(3570)).toBe('about 1 h');
    expect(describeDuration(3900)).toBe('about 1 h 5 min');
  });
});
