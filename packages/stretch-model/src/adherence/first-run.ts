/**
 * The first-run setup: the few choices a new person makes once (home time zone, planned days,
 * daily routine, reminder window), turned into the plan and reminder settings the rest of the app
 * reads. It is offered while no plan has ever been saved for the account (on any device): finishing
 * it saves the plan, so it is not offered again anywhere. Skipping is remembered by the browser
 * that skipped (the dashboard keeps a local flag); the same choices stay under Routine and Reminders.
 */
import * as v from 'valibot';
import { TimeZoneSchema } from '../records/ids.js';
import type { CoreMessage } from '../i18n/types.js';
import { validateReminderEdit } from '../records/reminder-problems.js';
import {
  DEFAULT_PLAN_SETTINGS,
  type DailyWindow,
  type PlanSettings,
  type ReminderSettings,
} from '../records/settings.js';
import { getRegister, PLAN_SETTINGS_KEY, type SyncState } from '../sync/merge.js';
import type { LocalDate } from '../time/civil-date.js';
import { revisePlan } from './plan-in-force.js';

/** True while the account has no saved plan: the first-run setup has not been finished anywhere. */
export function needsFirstRunSetup(state: SyncState): boolean {
  return getRegister(state, PLAN_SETTINGS_KEY) === undefined;
}

/** The browser's zone when it is one the app can use, else UTC. */
export function firstRunTimeZone(browserZone: string | undefined): string {
  return browserZone !== undefined && v.is(TimeZoneSchema, browserZone) ? browserZone : 'UTC';
}

export interface FirstRunChoices {
  timeZone: string;
  /** planned weekdays, 0 = Sunday */
  days: number[];
  routineId: string;
  reminderWindow: DailyWindow;
  /** the reminder window runs past midnight (a night shift) */
  overnight: boolean;
}

export interface FirstRunProblem {
  path: 'timeZone' | 'days' | 'routineId' | `reminders.${string}`;
  message: string;
  /** `message` as a descriptor for any locale (`firstRun.problem.*`, or the reminder problem's own). */
  i18n: CoreMessage;
}

export type FirstRunResult =
  | { ok: true; plan: PlanSettings; reminders: ReminderSettings }
  | { ok: false; problems: FirstRunProblem[] };

/**
 * The plan and reminders the choices make, or what to change first. The plan starts today
 * (`revisePlan` from the default plan), the reminders keep every other setting as they are.
 */
export function firstRunSettings(
  choices: FirstRunChoices,
  reminders: ReminderSettings,
  today: LocalDate,
  routineIds: readonly string[],
): FirstRunResult {
  const problems: FirstRunProblem[] = [];
  if (!v.is(TimeZoneSchema, choices.timeZone))
    problems.push({
      path: 'timeZone',
      message: 'Choose your time zone from the list.',
      i18n: { key: 'firstRun.problem.timeZone' },
    });
  if (choices.days.length === 0)
    problems.push({
      path: 'days',
      message: 'Pick at least one day for your routine.',
      i18n: { key: 'firstRun.problem.days' },
    });
  if (!routineIds.includes(choices.routineId))
    problems.push({
      path: 'routineId',
      message: 'Choose one of your routines.',
      i18n: { key: 'firstRun.problem.routineId' },
    });
  const nextReminders = { ...reminders, activeHours: { ...choices.reminderWindow } };
  const checked = validateReminderEdit(nextReminders, { overnight: choices.overnight });
  if (!checked.ok)
    for (const e of checked.errors)
      problems.push({ path: `reminders.${e.path}`, message: e.message, i18n: e.i18n });
  if (problems.length > 0) return { ok: false, problems };
  const plan = revisePlan(
    DEFAULT_PLAN_SETTINGS,
    {
      routineId: choices.routineId,
      days: [...choices.days].sort((a, b) => a - b),
      timeZone: choices.timeZone,
    },
    today,
  );
  return { ok: true, plan, reminders: nextReminders };
}
