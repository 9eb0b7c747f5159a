import { format, formatDistanceStrict } from 'date-fns';
import { dayNumberOf, sessionDurationText } from './core';

/**
 * Display formatting only (no rules). Times are shown as the person lived them: in the UTC offset
 * recorded with each record, not in the browser's zone.
 */

/** A Date whose local wall-clock fields equal the record's wall clock, for date-fns to format. */
export function wallClock(epochMs: number, utcOffsetMinutes: number): Date {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
}

export function formatWhen(epochMs: number, utcOffsetMinutes: number): string {
  return format(wallClock(epochMs, utcOffsetMinutes), 'EEE d MMM yyyy, HH:mm');
}

export function formatTime(epochMs: number, utcOffsetMinutes: number): string {
  return format(wallClock(epochMs, utcOffsetMinutes), 'HH:mm');
}

/** 'YYYY-MM-DD' → a Date at local midnight of that civil date (for formatting only). */
export function civilDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function formatDay(date: string, pattern = 'EEE d MMM'): string {
  return format(civilDate(date), pattern);
}

/** How long a session lasted: the core's one rule (also on the watch summary). */
export function formatDuration(ms: number): string {
  return sessionDurationText(ms);
}

export function formatAgo(epochMs: number, now: number): string {
  return `${formatDistanceStrict(epochMs, now)} ago`;
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
