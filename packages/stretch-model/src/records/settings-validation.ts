/**
 * Validation of settings edits with field-level, typed errors and kind messages, so the dashboard
 * editor, the watch and the server (through `validateOp`, which uses the same schemas) agree on
 * what is allowed and say it the same way.
 */
import * as v from 'valibot';
import {
  MAX_QUIET_PERIODS,
  type PlanSettings,
  PlanSettingsSchema,
  REMINDER_BOUNDS,
  type ReminderSettings,
  ReminderSettingsSchema,
} from './settings.js';
import type { CoreMessage } from '../i18n/types.js';

export const SETTINGS_ERROR_CODES = [
  'outOfRange',
  'invalidTime',
  'repeatedDay',
  'tooMany',
  'invalidShape',
] as const;
export type SettingsErrorCode = (typeof SETTINGS_ERROR_CODES)[number];

export interface SettingsFieldError {
  code: SettingsErrorCode;
  /** Dot path into the settings object, e.g. `quietPeriods.0.endMinute`. */
  path: string;
  message: string;
  /**
   * `message` as a descriptor for any locale (`settings.error.*`). For `invalidShape` the English
   * `message` is the validator's own text; the descriptor is the app's plain sentence.
   */
  i18n: CoreMessage;
}

export type SettingsValidation<T> = { ok: true; value: T } | { ok: false; errors: SettingsFieldError[] };

const UNIT: Record<keyof typeof REMINDER_BOUNDS, string> = {
  stillThresholdMinutes: 'minutes',
  movingStepsPerMinute: 'steps a minute',
  snoozeMinutes: 'minutes',
  dailyCap: 'nudges per active window',
};

function describe(path: string, fallback: string): Omit<SettingsFieldError, 'path'> {
  const field = path.split('.')[0] ?? '';
  if (field in REMINDER_BOUNDS) {
    const key = field as keyof typeof REMINDER_BOUNDS;
    const { min, max } = REMINDER_BOUNDS[key];
    return {
      code: 'outOfRange',
      message: `Choose ${min}–${max} ${UNIT[key]}.`,
      i18n: { key: `settings.error.outOfRange.${key}`, params: { min, max } },
    };
  }
  if (field === 'routineReminder')
    return {
      code: 'invalidTime',
      message: 'Choose a time of day for the routine reminder (00:00 to 23:59), or turn it off.',
      i18n: { key: 'settings.error.routineReminderTime' },
    };
  if (path.endsWith('Minute'))
    return {
      code: 'invalidTime',
      message: 'Enter a time of day.',
      i18n: { key: 'settings.error.invalidTime' },
    };
  if (field === 'activeDays' || field === 'days')
    return {
      code: 'repeatedDay',
      message: 'Pick each day at most once.',
      i18n: { key: 'settings.error.repeatedDay' },
    };
  if (field === 'quietPeriods')
    return {
      code: 'tooMany',
      message: `Up to ${MAX_QUIET_PERIODS} quiet periods.`,
      i18n: { key: 'settings.error.tooMany', params: { max: MAX_QUIET_PERIODS } },
    };
  return { code: 'invalidShape', message: fallback, i18n: { key: 'settings.error.invalidShape' } };
}

function validateWith<T>(schema: v.GenericSchema<unknown, T>, input: unknown): SettingsValidation<T> {
  const parsed = v.safeParse(schema, input);
  if (parsed.success) return { ok: true, value: parsed.output };
  return {
    ok: false,
    errors: parsed.issues.map((issue) => {
      const path = v.getDotPath(issue) ?? '';
      return { path, ...describe(path, issue.message) };
    }),
  };
}

export function validateReminderSettings(input: unknown): SettingsValidation<ReminderSettings> {
  return validateWith(ReminderSettingsSchema, input);
}

export function validatePlanSettings(input: unknown): SettingsValidation<PlanSettings> {
  return validateWith(PlanSettingsSchema, input);
}
