import { describe, expect, it } from 'vitest';
import {
  distanceStrict,
  formatAgo,
  formatDate,
  formatDay,
  formatTime,
  formatWhen,
  isSameLocalDay,
  wallClock,
} from './format';

// Expected strings worked out by hand from a calendar (15 May 2026 was a Friday).
describe('format (own helper, the date-fns patterns the dashboard used)', () => {
  it('formats a record at its own UTC offset', () => {
    const at = Date.UTC(2026, 4, 15, 20, 5); // 20:05 UTC
    expect(formatWhen(at, 0)).toBe('Fri 15 May 2026, 20:05');
    expect(formatWhen(at, 120)).toBe('Fri 15 May 2026, 22:05');
    expect(formatWhen(at, 240)).toBe('Sat 16 May 2026, 00:05'); // past midnight there
    expect(formatWhen(at, -600)).toBe('Fri 15 May 2026, 10:05');
    expect(formatTime(Date.UTC(2026, 0, 3, 7, 9), 0)).toBe('07:09');
  });

  it('formats civil dates with each pattern in use', () => {
    expect(formatDay('2026-05-15')).toBe('Fri 15 May');
    expect(formatDay('2026-03-02', 'd/M')).toBe('2/3');
    expect(formatDay('2026-12-28', 'd MMM')).toBe('28 Dec');
    expect(formatDay('2026-09-06', 'd MMM yyyy')).toBe('6 Sep 2026');
    expect(formatDay('2026-01-01', 'EEE d MMM yyyy')).toBe('Thu 1 Jan 2026');
    expect(formatDay('2026-02-01', 'EEEE d MMMM yyyy')).toBe('Sunday 1 February 2026');
    expect(formatDate(wallClock(Date.UTC(2026, 4, 18, 9, 30), 0), 'EEE HH:mm')).toBe('Mon 09:30');
  });

  it('tells the same local day apart', () => {
    expect(isSameLocalDay(new Date(2026, 4, 15, 0, 0), new Date(2026, 4, 15, 23, 59))).toBe(true);
    expect(isSameLocalDay(new Date(2026, 4, 15, 23, 59), new Date(2026, 4, 16, 0, 0))).toBe(false);
    expect(isSameLocalDay(new Date(2026, 4, 15), new Date(2025, 4, 15))).toBe(false);
  });

  it('says how long ago in the largest whole unit, rounded', () => {
    const now = Date.UTC(2026, 4, 15, 12, 0);
    const s = 1000;
    const min = 60 * s;
    const h = 60 * min;
    const day = 24 * h;
    expect(formatAgo(now, now)).toBe('0 seconds ago');
    expect(formatAgo(now - 1 * s, now)).toBe('1 second ago');
    expect(formatAgo(now - 44 * s, now)).toBe('44 seconds ago');
    expect(formatAgo(now - 90 * s, now)).toBe('2 minutes ago'); // 1.5 rounds up
    expect(formatAgo(now - 59 * min, now)).toBe('59 minutes ago');
    expect(formatAgo(now - 60 * min, now)).toBe('1 hour ago');
    expect(formatAgo(now - 23 * h - 29 * min, now)).toBe('23 hours ago');
    expect(formatAgo(now - 36 * h, now)).toBe('2 days ago');
    expect(formatAgo(now - 29 * day, now)).toBe('29 days ago');
    expect(formatAgo(now - 45 * day, now)).toBe('2 months ago'); // 1.5 × 30 days
    expect(formatAgo(now - 359 * day, now)).toBe('1 year ago'); // 11.97 months round to 12
    expect(formatAgo(now - 800 * day, now)).toBe('2 years ago'); // 800 / 365 = 2.19
    expect(distanceStrict(now, now - 3 * h)).toBe('3 hours'); // order does not matter
  });
});
