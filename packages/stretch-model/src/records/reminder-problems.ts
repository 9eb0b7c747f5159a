/**
 * Rules a reminder setting can break although its shape is fine: a window of no length, a window
 * that ends before it starts without being meant as overnight, no active day, a quiet period
 * that ends before it starts. The schema (`ReminderSettingsSchema`) stays as it is on the wire —
 * there an end before the start means "wraps past midnight" — so stored settings keep working;
 * editors ask these questions before saving and show the messages as they are.
 *
 * The overnight rule: an active window whose end comes before its start is accepted only when the
 * person said it runs overnight (the editor's "Overnight" choice, `options.overnight`). Without
 * the option, a stored window is taken as it is meant on the wire (end before start = overnight).
 * Quiet periods stay within one day (outside the active hours no nudge comes anyway), so one
 * that ends before it starts is refused.
 */
import type { CoreMessage } from '../i18n/types.js';
import type { DailyWindow, ReminderSettings } from './settings.js';
import { type SettingsFieldError, validateReminderSettings } from './settings-validation.js';

export const REMINDER_PROBLEM_CODES = [
  'emptyWindow',
  'windowEndsBeforeStart',
  'overnightEndsAfterStart',
  'noActiveDays',
  'emptyQuietPeriod',
  'quietPeriodEndsBeforeStart',
  'routineReminderNoPlannedDays',
] as const;
export type ReminderProblemCode = (typeof REMINDER_PROBLEM_CODES)[number];

export interface ReminderProblem {
  code: ReminderProblemCode;
  /** Dot path of the field to show it beside, e.g. `activeHours.endMinute`. */
  path: string;
  message: string;
  /** `message` as a descriptor for any locale: `reminder.problem.<code>`. */
  i18n: CoreMessage;
}

export interface ReminderProblemOptions {
  /** The person chose "Overnight" for the active window (it ends the next day). */
  overnight?: boolean;
  /**
   * The planned weekdays (`settings.plan` days), when the editor knows them: a routine reminder
   * that is on while no day is planned would never come.
   */
  plannedDays?: readonly number[];
}

/** The wire meaning of a window: an end before its start runs past midnight. */
export function isOvernightWindow(window: DailyWindow): boolean {
  return window.endMinute < window.startMinute;
}

export const REMINDER_PROBLEM_MESSAGES: Record<ReminderProblemCode, string> = {
  emptyWindow:
    'From and until are the same time, so a reminder could never come. Choose an end time after the start.',
  windowEndsBeforeStart:
    'This window ends before it starts. Choose an end time after the start, or tick “Overnight” if it runs past midnight (a night shift, say).',
  overnightEndsAfterStart:
    'An overnight window ends the next day, so its end time comes before its start. Untick “Overnight” for hours within one day.',
  noActiveDays: 'Pick at least one day when reminders may come.',
  emptyQuietPeriod:
    'This quiet period starts and ends at the same time. Give it an end time after its start.',
  quietPeriodEndsBeforeStart:
    'This quiet period ends before it starts. Choose an end time after the start (outside the active hours no reminder comes anyway).',
  routineReminderNoPlannedDays:
    'The routine reminder comes on the days your routine is planned, and no day is planned yet. Pick days under Routine, or turn the reminder off.',
};

const problem = (code: ReminderProblemCode, path: string): ReminderProblem => ({
  code,
  path,
  message: REMINDER_PROBLEM_MESSAGES[code],
  i18n: { key: `reminder.problem.${code}` },
});

/** Every rule the settings break, in field order; [] when they can be saved. */
export function reminderSettingsProblems(
  settings: ReminderSettings,
  options: ReminderProblemOptions = {},
): ReminderProblem[] {
  const out: ReminderProblem[] = [];
  const { startMinute, endMinute } = settings.activeHours;
  const overnight =
    options.overnight === undefined ? isOvernightWindow(settings.activeHours) : options.overnight;
  if (startMinute === endMinute) out.push(problem('emptyWindow', 'activeHours.endMinute'));
  else if (endMinute < startMinute && !overnight)
    out.push(problem('windowEndsBeforeStart', 'activeHours.endMinute'));
  else if (endMinute > startMinute && overnight)
    out.push(problem('overnightEndsAfterStart', 'activeHours.endMinute'));
  if (settings.activeDays.length === 0) out.push(problem('noActiveDays', 'activeDays'));
  settings.quietPeriods.forEach((q, i) => {
    if (q.startMinute === q.endMinute) out.push(problem('emptyQuietPeriod', `quietPeriods.${i}.endMinute`));
    else if (q.endMinute < q.startMinute)
      out.push(problem('quietPeriodEndsBeforeStart', `quietPeriods.${i}.endMinute`));
  });
  if (settings.routineReminder?.enabled && options.plannedDays && options.plannedDays.length === 0)
    out.push(problem('routineReminderNoPlannedDays', 'routineReminder.minute'));
  return out;
}

export type ReminderEditValidation =
  | { ok: true; value: ReminderSettings }
  | { ok: false; errors: (SettingsFieldError | ReminderProblem)[] };

/** What an editor asks before saving: the shape (`validateReminderSettings`), then these rules. */
export function validateReminderEdit(
  input: unknown,
  options: ReminderProblemOptions = {},
): ReminderEditValidation {
  const shape = validateReminderSettings(input);
  if (!shape.ok) return shape;
  const problems = reminderSettingsProblems(shape.value, options);
  return problems.length === 0 ? shape : { ok: false, errors: problems };
}
