import { describe, expect, it } from 'vitest';
import { isOvernightWindow, reminderSettingsProblems, validateReminderEdit } from './reminder-problems.js';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './settings.js';

const base: ReminderSettings = DEFAULT_REMINDER_SETTINGS; // 09:00–18:00, Mon–Fri, quiet 12:00–13:00
const codes = (s: ReminderSettings, overnight?: boolean) =>
  reminderSettingsProblems(s, overnight === undefined ? {} : { overnight }).map((p) => `${p.path}:${p.code}`);

describe('reminderSettingsProblems', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(reminderSettingsProblems(base)).toEqual([]);
    expect(reminderSettingsProblems(base, { overnight: false })).toEqual([]);
  });

  it('refuses from = until (09:00–09:00), overnight or not', () => {
    const s = { ...base, activeHours: { startMinute: 540, endMinute: 540 } };
    expect(codes(s, false)).toEqual(['activeHours.endMinute:emptyWindow']);
    expect(codes(s, true)).toEqual(['activeHours.endMinute:emptyWindow']);
    expect(reminderSettingsProblems(s)[0]?.message).toBe(
      'From and until are the same time, so a reminder could never come. Choose an end time after the start.',
    );
  });

  it('refuses 18:00–09:00 unless the person said overnight', () => {
    const s = { ...base, activeHours: { startMinute: 1080, endMinute: 540 } };
    expect(codes(s, false)).toEqual(['activeHours.endMinute:windowEndsBeforeStart']);
    expect(codes(s, true)).toEqual([]);
    // stored settings without the option keep the wire meaning: 18:00–09:00 wraps past midnight
    expect(isOvernightWindow(s.activeHours)).toBe(true);
    expect(codes(s)).toEqual([]);
  });

  it('refuses "overnight" for 09:00–18:00, which ends the same day', () => {
    expect(codes(base, true)).toEqual(['activeHours.endMinute:overnightEndsAfterStart']);
  });

  it('accepts the whole day, 00:00–24:00', () => {
    expect(codes({ ...base, activeHours: { startMinute: 0, endMinute: 1440 } }, false)).toEqual([]);
  });

  it('refuses no active days', () => {
    const r = reminderSettingsProblems({ ...base, activeDays: [] });
    expect(r).toEqual([
      {
        code: 'noActiveDays',
        path: 'activeDays',
        message: 'Pick at least one day when reminders may come.',
        i18n: { key: 'reminder.problem.noActiveDays' },
      },
    ]);
  });

  it('refuses a quiet period that ends before it starts (13:00–12:00) or has no length, at its index', () => {
    const s = {
      ...base,
      quietPeriods: [
        { startMinute: 720, endMinute: 780 },
        { startMinute: 780, endMinute: 720 },
        { startMinute: 900, endMinute: 900 },
      ],
    };
    expect(codes(s)).toEqual([
      'quietPeriods.1.endMinute:quietPeriodEndsBeforeStart',
      'quietPeriods.2.endMinute:emptyQuietPeriod',
    ]);
  });

  it('reports every problem at once, in field order', () => {
    const s = {
      ...base,
      activeHours: { startMinute: 600, endMinute: 480 },
      activeDays: [],
      quietPeriods: [{ startMinute: 700, endMinute: 600 }],
    };
    expect(codes(s, false)).toEqual([
      'activeHours.endMinute:windowEndsBeforeStart',
      'activeDays:noActiveDays',
      'quietPeriods.0.endMinute:quietPeriodEndsBeforeStart',
    ]);
  });
});

describe('validateReminderEdit', () => {
  it('checks the shape first, then the rules', () => {
    const shape = validateReminderEdit({ ...base, dailyCap: 30, activeDays: [] });
    expect(shape.ok ? [] : shape.errors.map((e) => e.code)).toEqual(['outOfRange']);
    const rules = validateReminderEdit({ ...base, activeDays: [] });
    expect(rules.ok ? [] : rules.errors.map((e) => e.code)).toEqual(['noActiveDays']);
    const ok = validateReminderEdit(
      { ...base, activeHours: { startMinute: 1320, endMinute: 360 } },
      { overnight: true },
    );
    expect(ok.ok).toBe(true);
  });
});
