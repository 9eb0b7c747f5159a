import { describe, expect, it } from 'vitest';
import { describeDuration, sessionDurationText } from './duration.js';

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

describe('sessionDurationText: one rule for how long a session lasted', () => {
  it('says seconds under a minute, then minutes, then hours', () => {
    expect(sessionDurationText(0)).toBe('0 s');
    expect(sessionDurationText(4_000)).toBe('4 s');
    expect(sessionDurationText(4_400)).toBe('4 s');
    expect(sessionDurationText(59_400)).toBe('59 s');
    // 59.5 s rounds to a minute, not "60 s"
    expect(sessionDurationText(59_500)).toBe('1 min');
    expect(sessionDurationText(89_999)).toBe('1 min');
    expect(sessionDurationText(90_000)).toBe('2 min');
    expect(sessionDurationText(6 * 60_000)).toBe('6 min');
    expect(sessionDurationText(59 * 60_000 + 29_000)).toBe('59 min');
    expect(sessionDurationText(59 * 60_000 + 30_000)).toBe('1 h');
    expect(sessionDurationText(65 * 60_000)).toBe('1 h 5 min');
    expect(sessionDurationText(-5)).toBe('0 s');
  });
});
