import { describe, expect, it } from 'vitest';
import { fixedOffsetResolver, intlOffsetResolver } from '../time/time-zone.js';
import { validateReminderEdit } from './reminder-problems.js';
import { formatReminderTime, nextRoutineReminderAt } from './routine-reminder.js';
import { DEFAULT_REMINDER_SETTINGS } from './settings.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const at0730 = { enabled: true, minute: 7 * 60 + 30 };
const utc = (t: number) => fixedOffsetResolver(0)('UTC', t);
const zone = (name: string) => (t: number) => intlOffsetResolver(name, t);

describe('nextRoutineReminderAt', () => {
  it('is today when the time is still ahead, else the next planned day', () => {
    // Monday 2025-01-06 07:00 UTC → today 07:30
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 6, 7, 0),
        reminder: at0730,
        plannedDays: WEEKDAYS,
        offsetAt: utc,
      }),
    ).toBe(Date.UTC(2025, 0, 6, 7, 30));
    // Monday 08:00 → Tuesday 07:30
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 6, 8, 0),
        reminder: at0730,
        plannedDays: WEEKDAYS,
        offsetAt: utc,
      }),
    ).toBe(Date.UTC(2025, 0, 7, 7, 30));
    // exactly 07:30 on Monday: that one is now, the next is Tuesday's
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 6, 7, 30),
        reminder: at0730,
        plannedDays: WEEKDAYS,
        offsetAt: utc,
      }),
    ).toBe(Date.UTC(2025, 0, 7, 7, 30));
  });

  it('skips unplanned days, up to the same weekday next week', () => {
    // Friday 2025-01-10 20:00, weekends only → Saturday 11th
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 10, 20),
        reminder: at0730,
        plannedDays: [0, 6],
        offsetAt: utc,
      }),
    ).toBe(Date.UTC(2025, 0, 11, 7, 30));
    // Monday 08:00, Mondays only → Monday 13th
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 6, 8),
        reminder: at0730,
        plannedDays: [1],
        offsetAt: utc,
      }),
    ).toBe(Date.UTC(2025, 0, 13, 7, 30));
  });

  it('is null when off, absent or no day is planned', () => {
    const now = Date.UTC(2025, 0, 6, 7);
    expect(
      nextRoutineReminderAt({
        now,
        reminder: { ...at0730, enabled: false },
        plannedDays: WEEKDAYS,
        offsetAt: utc,
      }),
    ).toBeNull();
    expect(
      nextRoutineReminderAt({ now, reminder: undefined, plannedDays: WEEKDAYS, offsetAt: utc }),
    ).toBeNull();
    expect(nextRoutineReminderAt({ now, reminder: at0730, plannedDays: [], offsetAt: utc })).toBeNull();
  });

  it('counts days and times in local time (Los Angeles, UTC-8 in January)', () => {
    const la = zone('America/Los_Angeles');
    // 2025-01-06 16:00 UTC = Monday 08:00 PST → Tuesday 07:30 PST = 15:30 UTC
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 6, 16),
        reminder: at0730,
        plannedDays: WEEKDAYS,
        offsetAt: la,
      }),
    ).toBe(Date.UTC(2025, 0, 7, 15, 30));
    // 2025-01-07 05:00 UTC is Tuesday in UTC but Monday 21:00 in LA: Mondays only → next Monday 07:30 PST
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 0, 7, 5),
        reminder: at0730,
        plannedDays: [1],
        offsetAt: la,
      }),
    ).toBe(Date.UTC(2025, 0, 13, 15, 30));
  });

  it('uses the offset in force at the reminder, not now (Berlin, clocks forward 2025-03-30)', () => {
    const berlin = zone('Europe/Berlin');
    const saturdayNoon = Date.UTC(2025, 2, 29, 12); // 13:00 CET
    // Sunday 07:30 CEST (+2) = 05:30 UTC
    expect(
      nextRoutineReminderAt({ now: saturdayNoon, reminder: at0730, plannedDays: [0], offsetAt: berlin }),
    ).toBe(Date.UTC(2025, 2, 30, 5, 30));
    // 02:30 does not exist that night (02:00 → 03:00): it comes at 03:30 CEST = 01:30 UTC
    expect(
      nextRoutineReminderAt({
        now: saturdayNoon,
        reminder: { enabled: true, minute: 150 },
        plannedDays: [0],
        offsetAt: berlin,
      }),
    ).toBe(Date.UTC(2025, 2, 30, 1, 30));
  });

  it('comes the first time in a repeated hour (Berlin, clocks back 2025-10-26)', () => {
    const berlin = zone('Europe/Berlin');
    const saturdayNoon = Date.UTC(2025, 9, 25, 12);
    // 02:30 happens twice (CEST, then CET): the first, 00:30 UTC
    expect(
      nextRoutineReminderAt({
        now: saturdayNoon,
        reminder: { enabled: true, minute: 150 },
        plannedDays: [0],
        offsetAt: berlin,
      }),
    ).toBe(Date.UTC(2025, 9, 26, 0, 30));
    // 07:30 CET (+1) = 06:30 UTC
    expect(
      nextRoutineReminderAt({ now: saturdayNoon, reminder: at0730, plannedDays: [0], offsetAt: berlin }),
    ).toBe(Date.UTC(2025, 9, 26, 6, 30));
  });

  it('handles New York springing forward (2025-03-09, 02:00 EST → 03:00 EDT)', () => {
    // Saturday 18:00 UTC → Sunday 07:30 EDT (−4) = 11:30 UTC
    expect(
      nextRoutineReminderAt({
        now: Date.UTC(2025, 2, 8, 18),
        reminder: at0730,
        plannedDays: [0],
        offsetAt: zone('America/New_York'),
      }),
    ).toBe(Date.UTC(2025, 2, 9, 11, 30));
  });

  it('formats the time as HH:MM', () => {
    expect(formatReminderTime(450)).toBe('07:30');
    expect(formatReminderTime(0)).toBe('00:00');
    expect(formatReminderTime(1439)).toBe('23:59');
  });
});

describe('routine reminder validation', () => {
  it('accepts settings without it, off, or on with planned days', () => {
    expect(validateReminderEdit(DEFAULT_REMINDER_SETTINGS).ok).toBe(true);
    expect(
      validateReminderEdit({ ...DEFAULT_REMINDER_SETTINGS, routineReminder: at0730 }, { plannedDays: [1] })
        .ok,
    ).toBe(true);
    expect(
      validateReminderEdit(
        { ...DEFAULT_REMINDER_SETTINGS, routineReminder: { enabled: false, minute: 450 } },
        { plannedDays: [] },
      ).ok,
    ).toBe(true);
  });

  it('refuses a time that is not of the day, in its own words', () => {
    for (const minute of [1440, -1, 7.5]) {
      const res = validateReminderEdit({
        ...DEFAULT_REMINDER_SETTINGS,
        routineReminder: { enabled: true, minute },
      });
      expect(res.ok).toBe(false);
      if (res.ok) continue;
      expect(res.errors).toEqual([
        {
          code: 'invalidTime',
          path: 'routineReminder.minute',
          message: 'Choose a time of day for the routine reminder (00:00 to 23:59), or turn it off.',
          i18n: { key: 'settings.error.routineReminderTime' },
        },
      ]);
    }
  });

  it('refuses a reminder that is on while no day is planned', () => {
    const res = validateReminderEdit(
      { ...DEFAULT_REMINDER_SETTINGS, routineReminder: at0730 },
      { plannedDays: [] },
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.map((e) => `${e.path}:${e.code}`)).toEqual([
      'routineReminder.minute:routineReminderNoPlannedDays',
    ]);
    expect(res.errors[0]?.message).toMatch(
      /no day is planned yet\. Pick days under Routine, or turn the reminder off\./,
    );
  });
});
