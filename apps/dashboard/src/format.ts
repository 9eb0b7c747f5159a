import { dayNumberOf, sessionDurationText } from './core';

/**
 * Display formatting only (no rules). Times are shown as the person lived them: in the UTC offset
 * recorded with each record, not in the browser's zone.
 *
 * English names and a few fixed patterns by hand (no date library on the start page): the output
 * is the same as date-fns' `format` / `formatDistanceStrict` gave for these patterns (format.test.ts).
 */

/** A Date whose local wall-clock fields equal the record's wall clock (for the formats below). */
export function wallClock(epochMs: number, utcOffsetMinutes: number): Date {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The date-fns tokens the dashboard uses, on a Date's local fields: EEEE (Monday), EEE (Mon),
 * d, dd, M, MM, MMM (Jan), MMMM (January), yyyy, HH, mm. Anything else is copied as it is.
 */
export type DatePattern = string;
const TOKEN = /EEEE|EEE|MMMM|MMM|MM|M|dd|d|yyyy|HH|mm/g;

export function formatDate(date: Date, pattern: DatePattern): string {
  return pattern.replace(TOKEN, (t) => {
    switch (t) {
      case 'EEEE':
        return WEEKDAY_NAMES[date.getDay()] ?? '';
      case 'EEE':
        return WEEKDAY_SHORT[date.getDay()] ?? '';
      case 'MMMM':
        return MONTH_NAMES[date.getMonth()] ?? '';
      case 'MMM':
        return (MONTH_NAMES[date.getMonth()] ?? '').slice(0, 3);
      case 'MM':
        return two(date.getMonth() + 1);
      case 'M':
        return String(date.getMonth() + 1);
      case 'dd':
        return two(date.getDate());
      case 'd':
        return String(date.getDate());
      case 'yyyy':
        return String(date.getFullYear()).padStart(4, '0');
      case 'HH':
        return two(date.getHours());
      default: // mm
        return two(date.getMinutes());
    }
  });
}

export function formatWhen(epochMs: number, utcOffsetMinutes: number): string {
  return formatDate(wallClock(epochMs, utcOffsetMinutes), 'EEE d MMM yyyy, HH:mm');
}

export function formatTime(epochMs: number, utcOffsetMinutes: number): string {
  return formatDate(wallClock(epochMs, utcOffsetMinutes), 'HH:mm');
}

/** 'YYYY-MM-DD' → a Date at local midnight of that civil date (for formatting only). */
export function civilDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatDay(date: string, pattern = 'EEE d MMM'): string {
  return formatDate(civilDate(date), pattern);
}

/** Same local calendar day (the Dates' own local fields). */
export function isSameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** How long a session lasted: the core's one rule (also on the watch summary). */
export function formatDuration(ms: number): string {
  return sessionDurationText(ms);
}

const MINUTES_IN_DAY = 1440;
const MINUTES_IN_MONTH = 43_200;
const MINUTES_IN_YEAR = 525_600;
/** the browser zone's offset east of UTC at that instant, in ms (whole minutes) */
const zoneOffsetMs = (ms: number) => -new Date(ms).getTimezoneOffset() * 60_000;
const unitText = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * How long between two instants in the largest whole unit, rounded: "45 seconds", "1 minute",
 * "3 hours", "12 days", "2 months", "1 year" (date-fns' `formatDistanceStrict`, English: days,
 * months and years counted on the browser's wall clock across a DST change, a month = 30 days).
 */
export function distanceStrict(a: number, b: number): string {
  const [earlier, later] = a <= b ? [a, b] : [b, a];
  const ms = later - earlier;
  const minutes = ms / 60_000;
  const wallMinutes = (ms - (zoneOffsetMs(later) - zoneOffsetMs(earlier))) / 60_000;
  const round = (x: number) => Math.round(x) || 0;
  if (minutes < 1) return unitText(round(ms / 1000), 'second');
  if (minutes < 60) return unitText(round(minutes), 'minute');
  if (minutes < MINUTES_IN_DAY) return unitText(round(minutes / 60), 'hour');
  if (wallMinutes < MINUTES_IN_MONTH) return unitText(round(wallMinutes / MINUTES_IN_DAY), 'day');
  if (wallMinutes < MINUTES_IN_YEAR) {
    const months = round(wallMinutes / MINUTES_IN_MONTH);
    return months === 12 ? unitText(1, 'year') : unitText(months, 'month');
  }
  return unitText(round(wallMinutes / MINUTES_IN_YEAR), 'year');
}

export function formatAgo(epochMs: number, now: number): string {
  return `${distanceStrict(epochMs, now)} ago`;
}

export function formatMinuteOfDay(minute: number): string {
  const h = Math.floor(minute / 60) % 24;
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)} %`;
}

export function daysBetweenDates(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
