import * as v from 'valibot';
import { type ReminderSettings, ReminderSettingsSchema } from '../core';

export interface ReminderFieldError {
  /** Dot path into ReminderSettings, e.g. `quietPeriods.0.endMinute`. */
  path: string;
  message: string;
}

const FRIENDLY: Record<string, string> = {
  stillThresholdMinutes: 'Choose 15–240 minutes.',
  movingStepsPerMinute: 'Choose 1–200 steps a minute.',
  snoozeMinutes: 'Choose 5–120 minutes.',
  dailyCap: 'Choose 0–24 nudges a day.',
  activeDays: 'Pick each day at most once.',
  quietPeriods: 'Up to 8 quiet periods.',
};

/**
 * Checks reminder settings with the core's `ReminderSettingsSchema` — the very schema the
 * server and the watch validate `settings.reminders` with — and reports each issue at its path.
 */
export function validateReminderSettings(
  input: unknown,
): { ok: true; settings: ReminderSettings } | { ok: false; errors: ReminderFieldError[] } {
  const parsed = v.safeParse(ReminderSettingsSchema, input);
  if (parsed.success) return { ok: true, settings: parsed.output };
  return {
    ok: false,
    errors: parsed.issues.map((issue) => {
      const path = v.getDotPath(issue) ?? '';
      const field = path.split('.')[0] ?? '';
      const friendly = path.endsWith('Minute') ? 'Enter a time of day.' : FRIENDLY[field];
      return { path, message: friendly ?? issue.message };
    }),
  };
}
