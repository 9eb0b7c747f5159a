/**
 * When the daily routine reminder comes next: at the chosen local time on the next planned day.
 * Pure, with time injected: `now` and the UTC offset at any instant (`offsetAt`; the watch passes
 * its system clock's, the server and dashboard `intlOffsetResolver` for the plan's zone), so a
 * daylight-saving change between now and the reminder is taken into account.
 *
 * Daylight saving: on the day the clocks go forward, a time inside the skipped hour (02:30 in
 * Berlin) does not exist; the reminder comes as many minutes after the gap's start as the chosen
 * time is (03:30). On the day they go back, a time in the repeated hour comes the first time.
 */
import { localDayNumber, MS_PER_MINUTE, weekdayOfDayNumber } from '../time/civil-date.js';
import type { RoutineReminder } from './settings.js';

const MS_PER_DAY = 86_400_000;
/** Far enough either side of a local time to read the offset before and after a change that day. */
const AROUND_MS = 14 * 3_600_000;

export interface NextRoutineReminderInput {
  now: number;
  /** The synced setting (absent or off: no reminder). */
  reminder: RoutineReminder | undefined | null;
  /** Planned weekdays, 0 = Sunday … 6 = Saturday (`settings.plan` days). */
  plannedDays: readonly number[];
  /** Minutes east of UTC in force at an instant (Berlin in July: +120). */
  offsetAt: (epochMs: number) => number;
}

/** The epoch ms a local wall time of a local day number happens, by the rule above. */
export function localTimeOnDay(
  dayNumber: number,
  minute: number,
  offsetAt: (epochMs: number) => number,
): number {
  // The wall time read as if it were UTC; the instant is this minus the offset in force then.
  const asUtc = dayNumber * MS_PER_DAY + minute * MS_PER_MINUTE;
  const before = offsetAt(asUtc - AROUND_MS);
  const after = offsetAt(asUtc + AROUND_MS);
  const candidates = before === after ? [before] : [before, after];
  const valid = candidates
    .map((offset) => asUtc - offset * MS_PER_MINUTE)
    .filter((t) => asUtc - offsetAt(t) * MS_PER_MINUTE === t)
    .sort((a, b) => a - b);
  // In a gap no offset reads back as the wall time: keep the offset from before the change.
  return valid[0] ?? asUtc - before * MS_PER_MINUTE;
}

/**
 * The next time the routine reminder is due, strictly after `now`; null when it is off or no day
 * is planned. Looks at most 8 local days ahead (today and the same weekday next week included).
 */
export function nextRoutineReminderAt(input: NextRoutineReminderInput): number | null {
  const { now, reminder, plannedDays, offsetAt } = input;
  if (!reminder?.enabled || plannedDays.length === 0) return null;
  const today = localDayNumber(now, offsetAt(now));
  for (let d = 0; d <= 7; d++) {
    const day = today + d;
    if (!plannedDays.includes(weekdayOfDayNumber(day))) continue;
    const at = localTimeOnDay(day, reminder.minute, offsetAt);
    if (at > now) return at;
  }
  return null;
}

/** "07:30" for a minute of the day. */
export function formatReminderTime(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
