import type { NudgeDecision, ReminderSettings } from '../core';
import {
  formatDate,
  formatMinuteOfDay,
  formatTime,
  isSameLocalDay,
  WEEKDAY_SHORT,
  wallClock,
} from '../format';
import { Link } from '../routing/Link';

function at(ms: number, offset: number, now: number): string {
  const when = wallClock(ms, offset);
  return isSameLocalDay(when, wallClock(now, offset))
    ? formatTime(ms, offset)
    : formatDate(when, 'EEE HH:mm');
}

function describe(d: NudgeDecision, offset: number, now: number): string {
  const next = at(d.nextCheckAt, offset, now);
  switch (d.reason) {
    case 'disabled':
      return 'Reminders are turned off.';
    case 'inactiveDay':
    case 'outsideActiveHours':
      return `Reminders resume ${next}.`;
    case 'quietPeriod':
      return `Quiet period — nothing before ${next}.`;
    case 'capReached':
      return `Today's nudges are used up; next chance ${next}.`;
    case 'snoozed':
      return `Snoozed until ${next}.`;
    case 'stillTooLong':
      return 'Due now, if you have been sitting still.';
    default:
      return `If you stay still, around ${next}.`;
  }
}

/** What the card shows: the core's decision (`useNextNudge`) and the reminder window, as plain data. */
export interface NextNudgeData {
  decision: NudgeDecision;
  settings: Pick<ReminderSettings, 'enabled' | 'activeHours' | 'activeDays'>;
  /** the moment and UTC offset the decision was made for */
  asOf: { now: number; utcOffsetMinutes: number };
}

/** Only displays: the decision comes from the core through `useNextNudge` (or the stored summary). */
export function NextNudgeCard({ decision, settings, asOf }: NextNudgeData) {
  const days = [1, 2, 3, 4, 5, 6, 0]
    .filter((d) => settings.activeDays.includes(d))
    .map((d) => WEEKDAY_SHORT[d])
    .join(' ');
  return (
    <section className="card" aria-labelledby="nudge-next-h">
      <h2 id="nudge-next-h">Next nudge</h2>
      <p className="stat" style={{ fontSize: '1.35rem' }} data-testid="next-nudge">
        {describe(decision, asOf.utcOffsetMinutes, asOf.now)}
      </p>
      <p className="muted">
        {settings.enabled
          ? `Active ${formatMinuteOfDay(settings.activeHours.startMinute)}–${formatMinuteOfDay(settings.activeHours.endMinute)}, ${days || 'no days'}. `
          : ''}
        <Link href="/reminders">Change reminders</Link>
      </p>
    </section>
  );
}
