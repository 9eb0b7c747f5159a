import type { NudgeDecision, ReminderSettings } from '../core';
import { formatDate, formatTime, isSameLocalDay, minuteOfDayText, wallClock, weekdayName } from '../format';
import { t, useT } from '../i18n/i18n';
import { Link } from '../routing/Link';

function at(ms: number, offset: number, now: number): string {
  const when = wallClock(ms, offset);
  return isSameLocalDay(when, wallClock(now, offset))
    ? formatTime(ms, offset)
    : formatDate(when, 'weekdayTime');
}

function describe(d: NudgeDecision, offset: number, now: number): string {
  const next = at(d.nextCheckAt, offset, now);
  switch (d.reason) {
    case 'disabled':
      return t('nudge.disabled');
    case 'inactiveDay':
    case 'outsideActiveHours':
      return t('nudge.resume', { time: next });
    case 'quietPeriod':
      return t('nudge.quiet', { time: next });
    case 'capReached':
      return t('nudge.cap', { time: next });
    case 'snoozed':
      return t('nudge.snoozed', { time: next });
    case 'stillTooLong':
      return t('nudge.due');
    default:
      return t('nudge.around', { time: next });
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
  const t = useT();
  const days = [1, 2, 3, 4, 5, 6, 0]
    .filter((d) => settings.activeDays.includes(d))
    .map((d) => weekdayName(d))
    .join(' ');
  return (
    <section className="card" aria-labelledby="nudge-next-h">
      <h2 id="nudge-next-h">{t('nudge.next')}</h2>
      <p className="stat" style={{ fontSize: '1.35rem' }} data-testid="next-nudge">
        {describe(decision, asOf.utcOffsetMinutes, asOf.now)}
      </p>
      <p className="muted">
        {settings.enabled
          ? t('nudge.active', {
              start: minuteOfDayText(settings.activeHours.startMinute),
              end: minuteOfDayText(settings.activeHours.endMinute),
              days: days || t('nudge.noDays'),
            })
          : ''}
        <Link href="/reminders">{t('nudge.change')}</Link>
      </p>
    </section>
  );
}
