import * as v from 'valibot';
import { TimeZoneSchema } from './ids.js';

const MinuteOfDaySchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1440));
const WeekdaysSchema = v.pipe(
  v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6))),
  v.maxLength(7),
  v.check((days) => new Set(days).size === days.length, 'weekdays must not repeat'),
);

/** A daily window in local minutes since midnight; end < start wraps past midnight (22:00–07:00). */
export const DailyWindowSchema = v.object({ startMinute: MinuteOfDaySchema, endMinute: MinuteOfDaySchema });
export type DailyWindow = v.InferOutput<typeof DailyWindowSchema>;

/** Inactivity reminder settings. Weekdays: 0 = Sunday … 6 = Saturday. */
export const ReminderSettingsSchema = v.object({
  enabled: v.boolean(),
  activeHours: DailyWindowSchema,
  activeDays: WeekdaysSchema,
  stillThresholdMinutes: v.pipe(v.number(), v.integer(), v.minValue(15), v.maxValue(240)),
  movingStepsPerMinute: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)),
  snoozeMinutes: v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(120)),
  dailyCap: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24)),
  quietPeriods: v.pipe(v.array(DailyWindowSchema), v.maxLength(8)),
});
export type ReminderSettings = v.InferOutput<typeof ReminderSettingsSchema>;

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  enabled: true,
  activeHours: { startMinute: 9 * 60, endMinute: 18 * 60 },
  activeDays: [1, 2, 3, 4, 5],
  stillThresholdMinutes: 50,
  movingStepsPerMinute: 20,
  snoozeMinutes: 15,
  dailyCap: 6,
  quietPeriods: [{ startMinute: 12 * 60, endMinute: 13 * 60 }],
};

/** The plan adherence is measured against: which weekdays the routine is planned, and the user's home zone. */
export const PlanSettingsSchema = v.object({
  routineId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  days: WeekdaysSchema,
  timeZone: TimeZoneSchema,
});
export type PlanSettings = v.InferOutput<typeof PlanSettingsSchema>;

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  routineId: 'full-back',
  days: [0, 1, 2, 3, 4, 5, 6],
  timeZone: 'UTC',
};
