/**
 * UTC offsets for IANA time zones.
 *
 * Everything in the core works from (epoch ms, UTC offset) pairs; this file is where a zone
 * name becomes an offset. The watch never calls it on a zone name: it reads its own current
 * offset from the system clock and stamps it on every record. The server and dashboard do
 * know zone names, and use `intlOffsetResolver`, which asks the runtime's `Intl` time-zone
 * database. Keeping that behind a plain function type lets the core stay `Intl`-free and lets
 * tests pin an offset with `fixedOffsetResolver`.
 */
import { epochAtLocal, type LocalDate, MS_PER_MINUTE } from './civil-date.js';

/** Minutes east of UTC that `timeZone` observes at `epochMs` (Berlin in July: +120). */
export type TimeZoneOffsetResolver = (timeZone: string, epochMs: number) => number;

/** A resolver that ignores the zone name and always answers `utcOffsetMinutes`. Watch-safe. */
export function fixedOffsetResolver(utcOffsetMinutes: number): TimeZoneOffsetResolver {
  return () => utcOffsetMinutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Resolves offsets with the runtime's `Intl.DateTimeFormat`. For the server and dashboard
 * only — NOT for the watch (QuickJS has no time-zone database).
 * Throws a RangeError for a zone name the runtime does not know; check names at the boundary
 * with `isKnownTimeZone`.
 */
export const intlOffsetResolver: TimeZoneOffsetResolver = (timeZone, epochMs) => {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(wholeSecond))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const hour = fields.hour === 24 ? 0 : (fields.hour ?? 0);
  const asUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    hour,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return Math.round((asUtc - wholeSecond) / MS_PER_MINUTE);
};

/** True when the runtime's `Intl` knows `timeZone`. Server/dashboard only. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Epoch ms of a local wall-clock time in a zone (e.g. midnight of a date in the user's zone).
 * In a spring-forward gap the answer lands just after the gap; in a fall-back overlap it is
 * one of the two instants. Good enough for day and range boundaries.
 */
export function zonedEpochAtLocal(
  date: LocalDate,
  minute: number,
  timeZone: string,
  resolve: TimeZoneOffsetResolver,
): number {
  const firstGuess = epochAtLocal(date, minute, resolve(timeZone, epochAtLocal(date, minute, 0)));
  const offset = resolve(timeZone, firstGuess);
  return epochAtLocal(date, minute, offset);
}
