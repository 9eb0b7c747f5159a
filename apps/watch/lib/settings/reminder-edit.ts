import { DEFAULT_ROUTINE_REMINDER, type ReminderSettings } from '@unknot/stretch-model';

/** Steps of the watch's +/- buttons. */
export const EDIT_STEPS = { hoursMinutes: 30, snoozeMinutes: 5, reminderMinutes: 15 } as const;

/** One tap on the watch settings page. */
export type ReminderEdit =
  | { kind: 'toggleNudges' }
  | { kind: 'shiftStart'; by: -1 | 1 }
  | { kind: 'shiftEnd'; by: -1 | 1 }
  | { kind: 'shiftSnooze'; by: -1 | 1 }
  | { kind: 'toggleRoutineReminder' }
  | { kind: 'shiftRoutineReminder'; by: -1 | 1 };

const wrapDay = (minute: number) => ((minute % 1440) + 1440) % 1440;

/**
 * The settings after one tap, before validation: times move in their steps around the clock
 * (23:30 + 30 min is 00:00); the snooze moves by 5 minutes and is NOT clamped, so a step past
 * the core's bounds reaches its validation and gets its message ("Choose 5-120 minutes.").
 */
export function applyReminderEdit(settings: ReminderSettings, edit: ReminderEdit): ReminderSettings {
  const reminder = settings.routineReminder ?? DEFAULT_ROUTINE_REMINDER;
  switch (edit.kind) {
    case 'toggleNudges':
      return { ...settings, enabled: !settings.enabled };
    case 'shiftStart':
      return {
        ...settings,
        activeHours: {
          ...settings.activeHours,
          startMinute: wrapDay(settings.activeHours.startMinute + edit.by * EDIT_STEPS.hoursMinutes),
        },
      };
    case 'shiftEnd':
      return {
        ...settings,
        activeHours: {
          ...settings.activeHours,
          endMinute: wrapDay(settings.activeHours.endMinute + edit.by * EDIT_STEPS.hoursMinutes),
        },
      };
    case 'shiftSnooze':
      return { ...settings, snoozeMinutes: settings.snoozeMinutes + edit.by * EDIT_STEPS.snoozeMinutes };
    case 'toggleRoutineReminder':
      return { ...settings, routineReminder: { ...reminder, enabled: !reminder.enabled } };
    case 'shiftRoutineReminder':
      return {
        ...settings,
        routineReminder: {
          ...reminder,
          minute: wrapDay(reminder.minute + edit.by * EDIT_STEPS.reminderMinutes),
        },
      };
  }
}
