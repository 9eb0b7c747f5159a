/**
 * The plan in force on a day, and the day adherence starts.
 *
 * Plan in force: a change to the planned weekdays counts from the local day it was made. Days
 * before it keep the plan that was in force then, so unticking every weekday today does not
 * turn last month's planned days into unplanned ones (and does not wipe a streak). The plan
 * register carries its own history (`since`, `history`); `revisePlan` is the one way to edit it.
 *
 * Start day: adherence begins on the first day of use — the earliest of the first session, the
 * first dated plan, and the first settings write we know of. Days before it are "before you
 * started": never planned, never missed. Settings only keep their latest write time (last
 * writer wins), so the start may come out later than the true first use, never earlier: a
 * person is never charged for a day before they began.
 */
import type { PlanPeriod, PlanSettings } from '../records/settings.js';
import { MAX_PLAN_HISTORY } from '../records/settings.js';
import { dayNumberOf, type LocalDate, weekdayOfDayNumber } from '../time/civil-date.js';

function sameDays(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (const d of a) if (b.indexOf(d) < 0) return false;
  return true;
}

function weekdaySet(days: readonly number[]): boolean[] {
  const set = [false, false, false, false, false, false, false];
  for (const d of days) if (d >= 0 && d <= 6) set[d] = true;
  return set;
}

/** The first day the plan says anything dated about (its oldest dated period), or null. */
export function earliestPlanDay(plan: PlanSettings): number | null {
  let best: number | null = null;
  const consider = (d: LocalDate | null | undefined) => {
    if (d === null || d === undefined) return;
    const n = dayNumberOf(d);
    if (best === null || n < best) best = n;
  };
  for (const p of plan.history ?? []) consider(p.from);
  consider(plan.since);
  return best;
}

/** A plan's periods as day numbers, oldest first: each in force from `from` (−∞ when null). */
export interface PlanSchedule {
  /** `from[i]` is the first day of period i (Number.NEGATIVE_INFINITY for "always"). */
  readonly from: readonly number[];
  readonly planned: readonly (readonly boolean[])[];
}

/** Precomputes the plan's periods for fast per-day look-ups. */
export function planSchedule(plan: PlanSettings): PlanSchedule {
  const periods: PlanPeriod[] = [...(plan.history ?? []), { from: plan.since ?? null, days: plan.days }];
  const from: number[] = [];
  const planned: boolean[][] = [];
  for (const p of periods) {
    const f = p.from === null ? Number.NEGATIVE_INFINITY : dayNumberOf(p.from);
    // Out-of-order entries (a hand-edited value): a later `from` never starts before an earlier one.
    from.push(from.length > 0 ? Math.max(f, from[from.length - 1] as number) : f);
    planned.push(weekdaySet(p.days));
  }
  return { from, planned };
}

/** True when the plan in force on day number `day` has that day's weekday. */
export function isPlannedOn(schedule: PlanSchedule, day: number): boolean {
  let i = 0;
  // The last period whose start is on or before `day`; before the first one, the first one.
  for (let k = 0; k < schedule.from.length; k++) if ((schedule.from[k] as number) <= day) i = k;
  return schedule.planned[i]?.[weekdayOfDayNumber(day)] === true;
}

/** The weekdays (0 = Sunday) planned by the plan in force on `date`. */
export function planDaysOn(plan: PlanSettings, date: LocalDate): number[] {
  const schedule = planSchedule(plan);
  const day = dayNumberOf(date);
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k < schedule.from.length; k++) if ((schedule.from[k] as number) <= day) i = k;
  const set = schedule.planned[i] ?? [];
  for (let d = 0; d < 7; d++) if (set[d]) out.push(d);
  return out;
}

/**
 * The plan after an edit made on `today` (the user's local date). Other fields are taken from
 * `next`; when the weekdays change, the current ones go into `history` and the new ones count
 * from today (a second change on the same day just replaces today's). `current` is the plan in
 * the replica now (`getPlanSettings`), defaults included: the defaults then become the first,
 * open-ended period.
 */
export function revisePlan(current: PlanSettings, next: PlanSettings, today: LocalDate): PlanSettings {
  const base: PlanSettings = { routineId: next.routineId, days: [...next.days], timeZone: next.timeZone };
  const history = current.history ? current.history.map((p) => ({ from: p.from, days: [...p.days] })) : [];
  if (sameDays(current.days, next.days)) {
    if (current.since !== undefined) base.since = current.since;
    if (history.length > 0) base.history = history;
    return base;
  }
  if (current.since === today) {
    if (history.length > 0) base.history = history;
    base.since = today;
    return base;
  }
  history.push({ from: current.since ?? null, days: [...current.days] });
  // Keep the newest periods; the oldest kept one then reaches back to the beginning.
  while (history.length > MAX_PLAN_HISTORY) history.shift();
  const first = history[0];
  if (first && history.length === MAX_PLAN_HISTORY) first.from = null;
  base.history = history;
  base.since = today;
  return base;
}
