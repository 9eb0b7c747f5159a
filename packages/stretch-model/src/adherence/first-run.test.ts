import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS } from '../records/settings.js';
import { applyOps, emptySyncState, PLAN_SETTINGS_KEY, REMINDER_SETTINGS_KEY } from '../sync/merge.js';
import { registerOp } from '../testing/index.js';
import { type FirstRunChoices, firstRunSettings, firstRunTimeZone, needsFirstRunSetup } from './first-run.js';

const choices: FirstRunChoices = {
  timeZone: 'America/Los_Angeles',
  days: [5, 1, 3],
  routineId: 'full-back',
  reminderWindow: { startMinute: 8 * 60, endMinute: 17 * 60 },
  overnight: false,
};
const ids = ['full-back', 'desk-upper'];

describe('first-run setup', () => {
  it('is offered until a plan is saved, on any device (other settings do not count)', () => {
    expect(needsFirstRunSetup(emptySyncState())).toBe(true);
    const remindersOnly = applyOps(emptySyncState(), [
      registerOp('watch-1', 1, REMINDER_SETTINGS_KEY, DEFAULT_REMINDER_SETTINGS),
    ]);
    expect(needsFirstRunSetup(remindersOnly)).toBe(true);
    const planned = applyOps(emptySyncState(), [
      registerOp('watch-1', 1, PLAN_SETTINGS_KEY, { routineId: 'full-back', days: [1], timeZone: 'UTC' }),
    ]);
    expect(needsFirstRunSetup(planned)).toBe(false);
  });

  it('takes the browser zone when it is a real one, else UTC', () => {
    expect(firstRunTimeZone('America/Los_Angeles')).toBe('America/Los_Angeles');
    expect(firstRunTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(firstRunTimeZone(undefined)).toBe('UTC');
  });

  it('makes a plan in force from today (Mon, Wed, Fri in Los Angeles) and the reminder window 08:00–17:00', () => {
    const r = firstRunSettings(choices, DEFAULT_REMINDER_SETTINGS, '2026-12-01', ids);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // the default plan (every day) stays in force before today, the chosen days from today
    expect(r.plan).toEqual({
      routineId: 'full-back',
      days: [1, 3, 5],
      timeZone: 'America/Los_Angeles',
      since: '2026-12-01',
      history: [{ from: null, days: [0, 1, 2, 3, 4, 5, 6] }],
    });
    expect(r.reminders).toEqual({
      ...DEFAULT_REMINDER_SETTINGS,
      activeHours: { startMinute: 480, endMinute: 1020 },
    });
  });

  it('says what to change: no days, an unknown routine, a window that ends before it starts', () => {
    const r = firstRunSettings(
      { ...choices, days: [], routineId: 'gone', reminderWindow: { startMinute: 1020, endMinute: 480 } },
      DEFAULT_REMINDER_SETTINGS,
      '2026-12-01',
      ids,
    );
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual([
      'days',
      'routineId',
      'reminders.activeHours.endMinute',
    ]);
    // overnight 17:00–08:00 (a night shift) is fine
    const night = firstRunSettings(
      { ...choices, reminderWindow: { startMinute: 1020, endMinute: 480 }, overnight: true },
      DEFAULT_REMINDER_SETTINGS,
      '2026-12-01',
      ids,
    );
    expect(night.ok).toBe(true);
  });
});
