import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_SETTINGS, DEFAULT_REMINDER_SETTINGS } from './settings.js';
import { validatePlanSettings, validateReminderSettings } from './settings-validation.js';

describe('validateReminderSettings', () => {
  it('accepts the defaults', () => {
    expect(validateReminderSettings(DEFAULT_REMINDER_SETTINGS).ok).toBe(true);
  });

  it('reports each bad field at its path with a code and a kind message', () => {
    const r = validateReminderSettings({
      ...DEFAULT_REMINDER_SETTINGS,
      stillThresholdMinutes: 5,
      dailyCap: 30,
      activeDays: [1, 1],
      quietPeriods: [{ startMinute: 600, endMinute: 2000 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e]));
    expect(byPath.stillThresholdMinutes).toMatchObject({
      code: 'outOfRange',
      message: 'Choose 15–240 minutes.',
    });
    expect(byPath.dailyCap).toMatchObject({
      code: 'outOfRange',
      message: 'Choose 0–24 nudges per active window.',
    });
    expect(byPath.activeDays?.code).toBe('repeatedDay');
    expect(byPath['quietPeriods.0.endMinute']?.code).toBe('invalidTime');
  });

  it('caps quiet periods', () => {
    const periods = Array.from({ length: 9 }, () => ({ startMinute: 0, endMinute: 60 }));
    const r = validateReminderSettings({ ...DEFAULT_REMINDER_SETTINGS, quietPeriods: periods });
    expect(r.ok ? null : r.errors[0]?.code).toBe('tooMany');
  });

  it('rejects what is not settings at all', () => {
    const r = validateReminderSettings('loud');
    expect(r.ok ? null : r.errors[0]?.code).toBe('invalidShape');
  });
});

describe('validatePlanSettings', () => {
  it('accepts the defaults and rejects repeated days', () => {
    expect(validatePlanSettings(DEFAULT_PLAN_SETTINGS).ok).toBe(true);
    const r = validatePlanSettings({ ...DEFAULT_PLAN_SETTINGS, days: [2, 2] });
    expect(r.ok ? null : r.errors[0]?.code).toBe('repeatedDay');
  });
});
