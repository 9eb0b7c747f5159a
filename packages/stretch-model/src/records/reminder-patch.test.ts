import { describe, expect, it } from 'vitest';
import { applyReminderPatch, isReminderPatch, reminderPatchDecision } from './reminder-patch.js';
import type { ReminderSettings } from './settings.js';

// Expected values are written out by hand from the rule in reminder-patch.ts.

const BASE: ReminderSettings = {
  enabled: true,
  activeHours: { startMinute: 540, endMinute: 1080 }, // 09:00 – 18:00
  activeDays: [1, 2, 3, 4, 5],
  stillThresholdMinutes: 50,
  movingStepsPerMinute: 20,
  snoozeMinutes: 15,
  dailyCap: 6,
  quietPeriods: [{ startMinute: 720, endMinute: 780 }],
};

describe('applyReminderPatch', () => {
  it('sets only the patched fields; the rest, a dashboard change included, stays', () => {
    // the dashboard moved the start to 08:00 meanwhile; the phone changed the end and the snooze
    const base = { ...BASE, activeHours: { startMinute: 480, endMinute: 1080 } };
    expect(applyReminderPatch(base, { endMinute: 1110, snoozeMinutes: 30 })).toEqual({
      ...BASE,
      activeHours: { startMinute: 480, endMinute: 1110 },
      snoozeMinutes: 30,
    });
  });

  it('an empty patch gives the same settings, with no routine reminder added', () => {
    const out = applyReminderPatch(BASE, {});
    expect(out).toEqual(BASE);
    expect('routineReminder' in out).toBe(false);
  });

  it('a routine-reminder field on settings without one starts from the default (off, 07:30)', () => {
    expect(applyReminderPatch(BASE, { reminderEnabled: true }).routineReminder).toEqual({
      enabled: true,
      minute: 450,
    });
    expect(applyReminderPatch(BASE, { reminderMinute: 1200 }).routineReminder).toEqual({
      enabled: false,
      minute: 1200,
    });
  });

  it('keeps an existing routine reminder and changes only its patched field', () => {
    const base = { ...BASE, routineReminder: { enabled: true, minute: 420 } };
    expect(applyReminderPatch(base, { enabled: false }).routineReminder).toEqual({
      enabled: true,
      minute: 420,
    });
    expect(applyReminderPatch(base, { reminderMinute: 405 }).routineReminder).toEqual({
      enabled: true,
      minute: 405,
    });
  });

  it('does not change its input', () => {
    const base = { ...BASE, routineReminder: { enabled: false, minute: 450 } };
    const copy = JSON.parse(JSON.stringify(base)) as ReminderSettings;
    applyReminderPatch(base, { startMinute: 0, reminderEnabled: true });
    expect(base).toEqual(copy);
  });
});

describe('isReminderPatch', () => {
  it('takes objects of known fields, each of its type', () => {
    expect(isReminderPatch({})).toBe(true);
    expect(isReminderPatch({ enabled: false, startMinute: 60, reminderMinute: 0 })).toBe(true);
  });

  it('refuses other shapes, unknown or inherited names and wrong types', () => {
    for (const v of [
      null,
      undefined,
      3,
      'enabled',
      [],
      [true],
      { enabled: 'yes' },
      { startMinute: '08:00' },
      { colour: 'red' },
      { toString: 1 },
      { __proto__: null, enabled: 1 },
    ])
      expect(isReminderPatch(v), JSON.stringify(v) ?? String(v)).toBe(false);
  });
});

describe('reminderPatchDecision', () => {
  it('a patch newer than the register and not yet taken is taken', () => {
    expect(reminderPatchDecision(2000, 0, null)).toBe('take');
    expect(reminderPatchDecision(2000, 1000, 1999)).toBe('take');
  });

  it('a patch taken already (this one or a newer) is not taken again', () => {
    expect(reminderPatchDecision(2000, 2000, null)).toBe('taken');
    expect(reminderPatchDecision(2000, 3000, 1000)).toBe('taken');
  });

  it('a patch made at or before the register’s latest write loses to it', () => {
    expect(reminderPatchDecision(2000, 0, 2000)).toBe('older');
    expect(reminderPatchDecision(2000, 1000, 5000)).toBe('older');
  });
});
