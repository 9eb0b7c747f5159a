import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  civilFromDays,
  daysBetween,
  daysFromCivil,
  epochAtLocal,
  formatDayNumber,
  hourOfDay,
  isoWeek,
  isoWeekStart,
  localDate,
  localDayNumber,
  MS_PER_DAY,
  MS_PER_MINUTE,
  minuteOfDay,
  parseLocalDate,
  startOfLocalDay,
  weekday,
  weekdayOfDate,
} from './civil-date.js';

const utc = (iso: string) => Date.parse(iso);

describe('civil dates from instants', () => {
  it('puts an instant on the local date of its own offset', () => {
    const t = utc('2026-03-01T23:30:00Z');
    expect(localDate(t, 0)).toBe('2026-03-01');
    expect(localDate(t, 60)).toBe('2026-03-02');
    expect(localDate(t, -300)).toBe('2026-03-01');
    expect(localDate(utc('2026-03-01T03:00:00Z'), -300)).toBe('2026-02-28');
  });

  it('handles odd offsets such as India (+330) and Chatham (+765/+825)', () => {
    const t = utc('2026-06-15T18:29:00Z');
    expect(localDate(t, 330)).toBe('2026-06-15');
    expect(minuteOfDay(t, 330)).toBe(23 * 60 + 59);
    expect(localDate(t + MS_PER_MINUTE, 330)).toBe('2026-06-16');
    expect(minuteOfDay(t + MS_PER_MINUTE, 330)).toBe(0);
    const chatham = utc('2026-06-15T11:15:00Z');
    expect(localDate(chatham, 765)).toBe('2026-06-16');
    expect(minuteOfDay(chatham, 765)).toBe(0);
    expect(hourOfDay(utc('2026-01-15T10:15:00Z'), 825)).toBe(0);
  });

  it('knows weekdays (0 = Sunday)', () => {
    expect(weekday(0, 0)).toBe(4); // 1970-01-01 was a Thursday
    expect(weekdayOfDate('2026-11-25')).toBe(3);
    expect(weekdayOfDate('2026-03-29')).toBe(0);
    expect(weekday(utc('2026-03-28T23:30:00Z'), 60)).toBe(0);
  });

  it('works before 1970 too', () => {
    expect(localDate(-1, 0)).toBe('1969-12-31');
    expect(minuteOfDay(-1, 0)).toBe(1439);
  });
});

describe('day arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-03-01', '2028-02-01')).toBe(-29);
  });

  it('makes the DST day an ordinary calendar day', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(daysBetween('2026-03-23', '2026-03-30')).toBe(7);
  });

  it('finds the ISO week start (Monday) and week number', () => {
    expect(isoWeekStart('2026-11-25')).toBe('2026-11-23');
    expect(isoWeekStart('2026-11-23')).toBe('2026-11-23');
    expect(isoWeekStart('2026-11-29')).toBe('2026-11-23');
    expect(isoWeek('2026-01-01')).toEqual({ year: 2026, week: 1 });
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
  });

  it('parses dates and reports errors as values', () => {
    expect(parseLocalDate('2026-02-29')).toMatchObject({ ok: false, error: { code: 'invalidDate' } });
    expect(parseLocalDate('2026-2-1')).toMatchObject({ ok: false, error: { code: 'invalidDateFormat' } });
    expect(parseLocalDate('2028-02-29')).toMatchObject({
      ok: true,
      value: { year: 2028, month: 2, day: 29 },
    });
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });

  it('round-trips day numbers and civil dates (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 2_900_000 }), (n) => {
        const c = civilFromDays(n);
        expect(daysFromCivil(c.year, c.month, c.day)).toBe(n);
        if (c.year >= 0 && c.year <= 9999) {
          const parsed = parseLocalDate(formatDayNumber(n));
          expect(parsed.ok && parsed.dayNumber).toBe(n);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the runtime Date for UTC (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: -840, max: 840 }),
        (t, offset) => {
          const shifted = new Date(t + offset * MS_PER_MINUTE);
          expect(localDate(t, offset)).toBe(shifted.toISOString().slice(0, 10));
          expect(minuteOfDay(t, offset)).toBe(shifted.getUTCHours() * 60 + shifted.getUTCMinutes());
          expect(weekday(t, offset)).toBe(shifted.getUTCDay());
          const midnight = startOfLocalDay(t, offset);
          expect(midnight <= t && t < midnight + MS_PER_DAY).toBe(true);
          expect(epochAtLocal(localDate(t, offset), 0, offset)).toBe(midnight);
          expect(localDayNumber(midnight, offset)).toBe(localDayNumber(t, offset));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('addDays and daysBetween are inverse (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_900_000 }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
        const d = formatDayNumber(n);
        expect(daysBetween(d, addDays(d, k))).toBe(k);
        expect(weekdayOfDate(isoWeekStart(d))).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
