/**
 * Civil-date arithmetic without `Intl`.
 *
 * Why: the watch runs QuickJS, which has no reliable `Intl` or time-zone database, and every
 * device must put a moment on the same calendar day. So a moment is never turned into a day by
 * asking the runtime; it is turned into a day from two numbers we always carry with it: the
 * epoch milliseconds and the UTC offset (minutes east of UTC) that was in force at that moment.
 *
 * Days are civil dates ('YYYY-MM-DD'), counted as whole day numbers since 1970-01-01
 * (proleptic Gregorian, Howard Hinnant's days-from-civil algorithm). Day arithmetic never
 * touches milliseconds, so a DST change can never make a day 23 or 25 hours long here: the
 * day after 2026-03-29 is 2026-03-30, whatever the clocks did in between.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** A civil date, 'YYYY-MM-DD'. */
export type LocalDate = string;

/** 0 = Sunday … 6 = Saturday, matching `ReminderSettings.activeDays` and `PlanSettings.days`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export type LocalDateErrorCode = 'invalidDateFormat' | 'invalidDate';
export interface LocalDateError {
  code: LocalDateErrorCode;
  message: string;
}
export type LocalDateParse =
  | { ok: true; value: CivilDate; dayNumber: number }
  | { ok: false; error: LocalDateError };

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 for a civil date (negative before 1970). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (days since 1970-01-01). */
export function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = `0${s}`;
  return s;
}

/** Formats a day number as 'YYYY-MM-DD'. */
export function formatDayNumber(dayNumber: number): LocalDate {
  const c = civilFromDays(dayNumber);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' (years 0000–9999), rejecting impossible dates such as 2026-02-30. */
export function parseLocalDate(text: string): LocalDateParse {
  const m = DATE_PATTERN.exec(text);
  if (!m) return { ok: false, error: { code: 'invalidDateFormat', message: `"${text}" is not YYYY-MM-DD` } };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: { code: 'invalidDate', message: `${text} is not a calendar date` } };
  }
  return { ok: true, value: { year, month, day }, dayNumber: daysFromCivil(year, month, day) };
}

export function isLocalDate(text: string): boolean {
  return parseLocalDate(text).ok;
}

/**
 * Day number of a 'YYYY-MM-DD' string. Throws a RangeError on a malformed date: callers hold
 * dates this module produced, or ones they checked with `parseLocalDate` at their boundary.
 */
export function dayNumberOf(date: LocalDate): number {
  const parsed = parseLocalDate(date);
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  return parsed.dayNumber;
}

/** Day number (days since 1970-01-01) of the local day containing `epochMs`. */
export function localDayNumber(epochMs: number, utcOffsetMinutes: number): number {
  return floorDiv(epochMs + utcOffsetMinutes * MS_PER_MINUTE, MS_PER_DAY);
}

/** The local calendar date of an instant, given the UTC offset in force then. */
export function localDate(epochMs: number, utcOffsetMinutes: number): LocalDate {
  return formatDayNumber(localDayNumber(epochMs, utcOffsetMinutes));
}

/** Whole minutes since local midnight, 0–1439. */
export function minuteOfDay(epochMs: number, utcOffsetMinutes: number): number {
  const local = epochMs + utcOffsetMinutes * MS_PER_MINUTE;
  return floorDiv(local - floorDiv(local, MS_PER_DAY) * MS_PER_DAY, MS_PER_MINUTE);
}

/** Local hour of day, 0–23. */
export function hourOfDay(epochMs: number, utcOffsetMinutes: number): number {
  return floorDiv(minuteOfDay(epochMs, utcOffsetMinutes), 60);
}

/** Weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): Weekday {
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

/** Local weekday of an instant, 0 = Sunday. */
export function weekday(epochMs: number, utcOffsetMinutes: number): Weekday {
  return weekdayOfDayNumber(localDayNumber(epochMs, utcOffsetMinutes));
}

/** Weekday of a civil date, 0 = Sunday. */
export function weekdayOfDate(date: LocalDate): Weekday {
  return weekdayOfDayNumber(dayNumberOf(date));
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return formatDayNumber(dayNumberOf(date) + Math.trunc(days));
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** Orders two dates: negative, zero or positive (ISO strings also sort as text). */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Day number of the Monday starting the ISO week that contains `dayNumber`. */
export function isoWeekStartDayNumber(dayNumber: number): number {
  return dayNumber - ((weekdayOfDayNumber(dayNumber) + 6) % 7);
}

/** The Monday that starts the ISO week containing `date`. */
export function isoWeekStart(date: LocalDate): LocalDate {
  return formatDayNumber(isoWeekStartDayNumber(dayNumberOf(date)));
}

/** ISO-8601 week-numbering year and week (1–53) of a date. */
export function isoWeek(date: LocalDate): { year: number; week: number } {
  const n = dayNumberOf(date);
  const thursday = isoWeekStartDayNumber(n) + 3;
  const year = civilFromDays(thursday).year;
  const week = floorDiv(thursday - daysFromCivil(year, 1, 1), 7) + 1;
  return { year, week };
}

/** Epoch ms of `minute` minutes after local midnight of `date`, under a fixed UTC offset. */
export function epochAtLocal(date: LocalDate, minute: number, utcOffsetMinutes: number): number {
  return dayNumberOf(date) * MS_PER_DAY + (minute - utcOffsetMinutes) * MS_PER_MINUTE;
}

/** Epoch ms of local midnight of the day containing `epochMs`, under a fixed UTC offset. */
export function startOfLocalDay(epochMs: number, utcOffsetMinutes: number): number {
  return localDayNumber(epochMs, utcOffsetMinutes) * MS_PER_DAY - utcOffsetMinutes * MS_PER_MINUTE;
}
