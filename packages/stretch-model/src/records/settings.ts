import * as v from 'valibot';
import { isLocalDate } from '../time/civil-date.js';
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

/** The allowed range of each numeric reminder setting: one table for the schema and the messages. */
export const REMINDER_BOUNDS = {
  stillThresholdMinutes: { min: 15, max: 240 },
  movingStepsPerMinute: { min: 1, max: 200 },
  snoozeMinutes: { min: 5, max: 120 },
  dailyCap: { min: 0, max: 24 },
} as const;
export const MAX_QUIET_PERIODS = 8;

const bounded = (b: { min: number; max: number }) =>
  v.pipe(v.number(), v.integer(), v.minValue(b.min), v.maxValue(b.max));

/**
 * The daily routine reminder: a watch alarm that opens the routine at `minute` (local minutes
 * since midnight, 0–1439) on the planned days (`settings.plan` days). Off keeps the chosen time.
 */
export const RoutineReminderSchema = v.object({
  enabled: v.boolean(),
  minute: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1439)),
});
export type RoutineReminder = v.InferOutput<typeof RoutineReminderSchema>;

/** The time offered when the person first turns the routine reminder on: 07:30. */
export const DEFAULT_ROUTINE_REMINDER: RoutineReminder = { enabled: false, minute: 7 * 60 + 30 };

/**
 * Inactivity reminder settings, and the daily routine reminder beside them (absent: off; settings
 * stored before it existed stay valid). Weekdays: 0 = Sunday … 6 = Saturday.
 */
export const ReminderSettingsSchema = v.object({
  enabled: v.boolean(),
  activeHours: DailyWindowSchema,
  activeDays: WeekdaysSchema,
  stillThresholdMinutes: bounded(REMINDER_BOUNDS.stillThresholdMinutes),
  movingStepsPerMinute: bounded(REMINDER_BOUNDS.movingStepsPerMinute),
  snoozeMinutes: bounded(REMINDER_BOUNDS.snoozeMinutes),
  dailyCap: bounded(REMINDER_BOUNDS.dailyCap),
  quietPeriods: v.pipe(v.array(DailyWindowSchema), v.maxLength(MAX_QUIET_PERIODS)),
  routineReminder: v.optional(RoutineReminderSchema),
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

/** A local calendar date, `YYYY-MM-DD`, that exists. */
export const LocalDateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
  v.check(isLocalDate, 'not a calendar date'),
);

/** At most this many earlier plans are kept; older ones merge into the oldest kept. */
export const MAX_PLAN_HISTORY = 60;

/** An earlier set of planned weekdays, in force from `from` (null: from the very beginning). */
export const PlanPeriodSchema = v.object({ from: v.nullable(LocalDateSchema), days: WeekdaysSchema });
export type PlanPeriod = v.InferOutput<typeof PlanPeriodSchema>;

/**
 * The plan adherence is measured against: which weekdays the routine is planned, and the user's
 * home zone. A change of days counts from the day it was made: `days` are in force from `since`
 * (absent: always), and `history` keeps the earlier day sets, oldest first, each in force from
 * its `from` until the next one begins. Build edits with `revisePlan` (adherence/plan-in-force.ts).
 */
export const PlanSettingsSchema = v.object({
  routineId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  days: WeekdaysSchema,
  timeZone: TimeZoneSchema,
  since: v.optional(LocalDateSchema),
  history: v.optional(v.pipe(v.array(PlanPeriodSchema), v.maxLength(MAX_PLAN_HISTORY))),
});
export type PlanSettings = v.InferOutput<typeof PlanSettingsSchema>;

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  routineId: 'full-back',
  days: [0, 1, 2, 3, 4, 5, 6],
  timeZone: 'UTC',
};
