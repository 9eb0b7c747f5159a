import { dayNumberOf, sessionDurationMessage } from './core';
import { coreText } from './i18n/core-text';

import { activeLocale } from './i18n/i18n';

/**
 * Display formatting only (no rules), in the active locale (Intl: the browser's own data for
 * each language). Times are shown as the person lived them: in the UTC offset recorded with each
 * record, not in the browser's zone.
 */

/** A Date whose local wall-clock fields equal the record's wall clock (for the formats below). */
export function wallClock(epochMs: number, utcOffsetMinutes: number): Date {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
}

const HM = { hour: 'numeric', minute: '2-digit' } as const;
/** The date and time formats the dashboard shows (each locale orders and spells them its way). */
export const DATE_STYLES = {
  /** Fri 15 May 2026, 20:05 */
  when: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', ...HM },
  /** 20:05 */
  time: HM,
  /** Mon 09:30 */
  weekdayTime: { weekday: 'short', ...HM },
  /** Fri 15 May */
  day: { weekday: 'short', day: 'numeric', month: 'short' },
  /** 15 May */
  dayMonth: { day: 'numeric', month: 'short' },
  /** 15/5 */
  dayMonthNumeric: { day: 'numeric', month: 'numeric' },
  /** 6 Sep 2026 */
  date: { day: 'numeric', month: 'short', year: 'numeric' },
  /** 1 December 2026 */
  dateLong: { day: 'numeric', month: 'long', year: 'numeric' },
  /** Thu 1 Jan 2026 */
  dayYear: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  weekdayLong: { weekday: 'long' },
  weekdayShort: { weekday: 'short' },
  /** Sunday 1 February 2026 */
  fullDay: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DateStyle = keyof typeof DATE_STYLES;

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => F,
): F {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as F;
}

/** A Date's local fields in one of the dashboard's styles, in the active locale. */
export function formatDate(date: Date, style: DateStyle): string {
  return dateFormatter(activeLocale(), style).format(date);
}

function dateFormatter(locale: string, style: DateStyle): Intl.DateTimeFormat {
  return cached(`d:${locale}:${style}`, () => {
    const options: Intl.DateTimeFormatOptions = DATE_STYLES[style];
    // 8:05 PM in American English; 07:09 with two digits where the clock runs to 24
    return new Intl.DateTimeFormat(
      locale,
      'hour' in options && locale !== 'en-US' ? { ...options, hour: '2-digit' } : options,
    );
  });
}

/**
 * Makes the formatters the first Overview uses, for `locale`, ahead of time: main.tsx calls it
 * while the catalogs and the stored summary are still on their way, so a new tab's first `Intl`
 * objects (which load the locale's data) are built in time the main thread would spend waiting.
 */
export function prepareFormats(locale: string): void {
  for (const style of ['dayMonthNumeric', 'dayMonth', 'weekdayShort', 'time', 'weekdayTime', 'when'] as const)
    dateFormatter(locale, style);
  cached(
    `n:${locale}:${JSON.stringify({ style: 'percent' })}`,
    () => new Intl.NumberFormat(locale, { style: 'percent' }),
  );
  new Intl.PluralRules(locale);
}

export function formatWhen(epochMs: number, utcOffsetMinutes: number): string {
  return formatDate(wallClock(epochMs, utcOffsetMinutes), 'when');
}

export function formatTime(epochMs: number, utcOffsetMinutes: number): string {
  return formatDate(wallClock(epochMs, utcOffsetMinutes), 'time');
}

/** An instant in the browser's own zone (sessions, links, devices: when it happened here). */
export function formatInstant(epochMs: number, style: DateStyle = 'when'): string {
  return formatDate(new Date(epochMs), style);
}

/** 'YYYY-MM-DD' → a Date at local midnight of that civil date (for formatting only). */
export function civilDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatDay(date: string, style: DateStyle = 'day'): string {
  return formatDate(civilDate(date), style);
}

/** A number in the active locale (1,234.5 / 1.234,5). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const locale = activeLocale();
  const key = `n:${locale}:${options ? JSON.stringify(options) : ''}`;
  return cached(key, () => new Intl.NumberFormat(locale, options)).format(n);
}

/** Same local calendar day (the Dates' own local fields). */
export function isSameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** How long a session lasted: the core's one rule (also on the watch summary). */
export function formatDuration(ms: number): string {
  return coreText(sessionDurationMessage(ms));
}

const MINUTES_IN_DAY = 1440;
const MINUTES_IN_MONTH = 43_200;
const MINUTES_IN_YEAR = 525_600;
/** the browser zone's offset east of UTC at that instant, in ms (whole minutes) */
const zoneOffsetMs = (ms: number) => -new Date(ms).getTimezoneOffset() * 60_000;
type Unit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

/** The largest whole unit between two instants, rounded (as date-fns' `formatDistanceStrict`). */
function distance(a: number, b: number): [number, Unit] {
  const [earlier, later] = a <= b ? [a, b] : [b, a];
  const ms = later - earlier;
  const minutes = ms / 60_000;
  const wallMinutes = (ms - (zoneOffsetMs(later) - zoneOffsetMs(earlier))) / 60_000;
  const round = (x: number) => Math.round(x) || 0;
  if (minutes < 1) return [round(ms / 1000), 'second'];
  if (minutes < 60) return [round(minutes), 'minute'];
  if (minutes < MINUTES_IN_DAY) return [round(minutes / 60), 'hour'];
  if (wallMinutes < MINUTES_IN_MONTH) return [round(wallMinutes / MINUTES_IN_DAY), 'day'];
  if (wallMinutes < MINUTES_IN_YEAR) {
    const months = round(wallMinutes / MINUTES_IN_MONTH);
    return months === 12 ? [1, 'year'] : [months, 'month'];
  }
  return [round(wallMinutes / MINUTES_IN_YEAR), 'year'];
}

/**
 * How long between two instants in the largest whole unit, rounded: "45 seconds", "1 minute",
 * "3 hours", "12 days", "2 months", "1 year" (days, months and years counted on the browser's
 * wall clock across a DST change, a month = 30 days), in the active locale.
 */
export function distanceStrict(a: number, b: number): string {
  const [n, unit] = distance(a, b);
  return formatNumber(n, { style: 'unit', unit, unitDisplay: 'long' });
}

/** "3 hours ago" / "vor 3 Stunden" / "3小时前". */
export function formatAgo(epochMs: number, now: number): string {
  const [n, unit] = distance(epochMs, now);
  const locale = activeLocale();
  return cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'always' })).format(
    -n,
    unit,
  );
}

/** 'HH:mm' (the value of an `<input type="time">`, not for display). */
export function formatMinuteOfDay(minute: number): string {
  const h = Math.floor(minute / 60) % 24;
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A minute of the day for reading, in the active locale (08:30 / 8:30 AM). */
export function minuteOfDayText(minute: number): string {
  const h = Math.floor(minute / 60) % 24;
  return formatDate(new Date(2026, 0, 1, h, minute % 60), 'time');
}

/** 45 % / 45% (the locale's way), or a dash with no value. */
export function percent(ratio: number | null): string {
  return ratio === null ? '—' : formatNumber(Math.round(ratio * 100) / 100, { style: 'percent' });
}

export function daysBetweenDates(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** 29 Nov 2026 was a Sunday: the weekday names, 0 = Sunday, in the active locale. */
export function weekdayName(day: number, width: 'long' | 'short' = 'short'): string {
  return formatDate(new Date(2026, 10, 29 + day), width === 'long' ? 'weekdayLong' : 'weekdayShort');
}
