import { EN_US } from '@unknot/stretch-model/i18n/locales/en-US';
import { afterEach, describe, expect, it } from 'vitest';
import en from './i18n/catalogs/en-US.json';
import { activate } from './i18n/i18n';
import type { Locale } from './i18n/locales';
import {
  distanceStrict,
  formatAgo,
  formatDate,
  formatDay,
  formatTime,
  formatNumber,
  formatWhen,
  isSameLocalDay,
  minuteOfDayText,
  percent,
  wallClock,
  weekdayName,
} from './format';

const use = (locale: Locale) => activate(locale, { messages: en, core: EN_US });
afterEach(() => use('en-US'));

// Expected strings worked out by hand from a calendar (15 May 2026 was a Friday) and each
// language's usual way of writing dates (CLDR, as browsers do).
describe('format (Intl, in the active locale)', () => {
  it('formats a record at its own UTC offset', () => {
    const at = Date.UTC(2026, 4, 15, 20, 5); // 20:05 UTC
    expect(formatWhen(at, 0)).toBe('Fri, May 15, 2026, 8:05 PM');
    expect(formatWhen(at, 120)).toBe('Fri, May 15, 2026, 10:05 PM');
    expect(formatWhen(at, 240)).toBe('Sat, May 16, 2026, 12:05 AM'); // past midnight there
    expect(formatWhen(at, -600)).toBe('Fri, May 15, 2026, 10:05 AM');
    expect(formatTime(Date.UTC(2026, 0, 3, 7, 9), 0)).toBe('7:09 AM');
    use('de-DE');
    expect(formatWhen(at, 120)).toBe('Fr., 15. Mai 2026, 22:05');
    expect(formatTime(Date.UTC(2026, 0, 3, 7, 9), 0)).toBe('07:09');
    use('zh-CN');
    expect(formatTime(Date.UTC(2026, 0, 3, 7, 9), 0)).toBe('07:09');
  });

  it('formats civil dates with each style in use', () => {
    expect(formatDay('2026-05-15')).toBe('Fri, May 15');
    expect(formatDay('2026-03-02', 'dayMonthNumeric')).toBe('3/2');
    expect(formatDay('2026-12-28', 'dayMonth')).toBe('Dec 28');
    expect(formatDay('2026-09-06', 'date')).toBe('Sep 6, 2026');
    expect(formatDay('2026-12-01', 'dateLong')).toBe('December 1, 2026');
    expect(formatDay('2026-01-01', 'dayYear')).toBe('Thu, Jan 1, 2026');
    expect(formatDay('2026-02-01', 'fullDay')).toBe('Sunday, February 1, 2026');
    expect(formatDate(wallClock(Date.UTC(2026, 4, 18, 9, 30), 0), 'weekdayTime')).toBe('Mon 9:30 AM');
    use('de-DE');
    expect(formatDay('2026-12-01', 'dateLong')).toBe('1. Dezember 2026');
    expect(formatDay('2026-03-02', 'dayMonthNumeric')).toBe('2.3.');
    expect(formatDay('2026-02-01', 'fullDay')).toBe('Sonntag, 1. Februar 2026');
    use('es-ES');
    expect(formatDay('2026-12-01', 'dateLong')).toBe('1 de diciembre de 2026');
    use('zh-CN');
    expect(formatDay('2026-12-01', 'dateLong')).toBe('2026年12月1日');
    expect(formatDay('2026-02-01', 'fullDay')).toBe('2026年2月1日星期日');
  });

  it('names weekdays, hours and numbers the locale’s way', () => {
    expect(weekdayName(0)).toBe('Sun');
    expect(weekdayName(1, 'long')).toBe('Monday');
    expect(minuteOfDayText(8 * 60 + 30)).toBe('8:30 AM');
    expect(percent(0.45)).toBe('45%');
    expect(formatNumber(1234.5)).toBe('1,234.5');
    use('de-DE');
    expect(weekdayName(1, 'long')).toBe('Montag');
    expect(minuteOfDayText(20 * 60)).toBe('20:00');
    expect(percent(0.45)).toBe('45\u00a0%'); // a no-break space, as German typesetting has it
    expect(formatNumber(1234.5)).toBe('1.234,5');
    use('zh-CN');
    expect(weekdayName(3, 'long')).toBe('星期三');
    expect(percent(0.45)).toBe('45%');
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
    use('de-DE');
    expect(formatAgo(now - 60 * min, now)).toBe('vor 1 Stunde');
    expect(formatAgo(now - 36 * h, now)).toBe('vor 2 Tagen');
    use('zh-CN');
    expect(formatAgo(now - 36 * h, now)).toBe('2天前');
  });
});
