/**
 * Adherence that is fair (issue 12), on cases worked out by hand: a user starting mid-week, a
 * plan edit, an hour with the screen off, and weeks with no data. All times are UTC (offset 0),
 * so local dates are the UTC dates written in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { PlanSettings } from '../records/settings.js';
import { getBuiltinRoutine } from '../routines/builtin.js';
import { createSession, engineReduce } from '../session/engine.js';
import { sessionRecord } from '../session/record.js';
import { epochAtLocal } from '../time/civil-date.js';
import {
  type AsOf,
  adherenceStartDate,
  dailyAdherence,
  holdCompliance,
  streaks,
  weeklyAdherence,
} from './adherence.js';
import { planDaysOn, revisePlan } from './plan-in-force.js';
import { adherenceSummary } from './summary.js';
import { holdResult, makeSession } from './test-fixtures.js';

const at = (date: string, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return epochAtLocal(date, (h ?? 0) * 60 + (m ?? 0), 0);
};
const asOf = (date: string, hhmm: string): AsOf => ({ now: at(date, hhmm), utcOffsetMinutes: 0 });
const EVERY_DAY: PlanSettings = { routineId: 'full-back', days: [0, 1, 2, 3, 4, 5, 6], timeZone: 'UTC' };
const done = (date: string, hhmm = '12:00') => makeSession(at(date, hhmm), 0);

// 2026-11-23 is a Monday, 2026-11-24 a Tuesday.
describe('adherence starts on the first day of use', () => {
  const records = [done('2026-11-24')]; // installed Tuesday, one quick break
  const tuesdayEvening = asOf('2026-11-24', '20:00');

  it('installed on a Tuesday: 1 of 1 planned days, not 1 of 2', () => {
    // Start = Tuesday (the first session). This week: Mon is before the start, Tue planned and done.
    expect(adherenceStartDate(records, EVERY_DAY)).toBe('2026-11-24');
    expect(weeklyAdherence(records, EVERY_DAY, tuesdayEvening, 1)).toEqual([
      { weekStart: '2026-11-23', plannedDays: 1, doneDays: 1, rate: 1, percent: 100, noData: null },
    ]);
    const [mon, tue] = dailyAdherence(records, EVERY_DAY, '2026-11-23', '2026-11-24');
    expect(mon).toMatchObject({ date: '2026-11-23', beforeStart: true, planned: false, done: false });
    expect(tue).toMatchObject({ date: '2026-11-24', beforeStart: false, planned: true, done: true });
  });

  it('the 8-week bars show "no data" before the start, and the year calendar counts 1 planned day', () => {
    const weeks = weeklyAdherence(records, EVERY_DAY, tuesdayEvening, 8);
    expect(weeks.slice(0, 7).map((w) => [w.rate, w.noData])).toEqual(Array(7).fill([null, 'beforeStart']));
    expect(weeks[7]).toMatchObject({ percent: 100, noData: null });
    const year = dailyAdherence(records, EVERY_DAY, '2025-11-25', '2026-11-24');
    expect(year).toHaveLength(365);
    expect(year.filter((d) => d.planned).length).toBe(1);
    expect(year.filter((d) => d.beforeStart).length).toBe(364);
  });

  it('settings written on Sunday move the start to Sunday, so Monday counts as missed', () => {
    // Start = Sunday 2026-11-22 → this week (from Monday): Mon missed, Tue done → 1 of 2.
    const sunday = at('2026-11-22', '18:00');
    expect(adherenceStartDate(records, EVERY_DAY, [sunday])).toBe('2026-11-22');
    const summary = adherenceSummary({
      records,
      nudgeEvents: [],
      plan: EVERY_DAY,
      asOf: tuesdayEvening,
      settingsWrittenAt: [sunday],
    });
    expect(summary.start).toBe('2026-11-22');
    expect(summary.thisWeek).toMatchObject({ plannedDays: 2, doneDays: 1, percent: 50 });
  });

  it('the first dated plan counts as use too', () => {
    const plan = { ...EVERY_DAY, since: '2026-11-20' };
    expect(adherenceStartDate(records, plan)).toBe('2026-11-20');
    expect(adherenceStartDate([], EVERY_DAY)).toBeNull();
  });

  it('with no use at all, nothing is missed: every week is "no data", today is still open', () => {
    const weeks = weeklyAdherence([], EVERY_DAY, tuesdayEvening, 2);
    expect(weeks.map((w) => [w.plannedDays, w.noData])).toEqual([
      [0, 'beforeStart'],
      [0, 'nothingPlanned'], // this week: only today could count, and it is not done yet
    ]);
    expect(streaks([], EVERY_DAY, tuesdayEvening)).toMatchObject({ current: 0, best: 0, todayPlanned: true });
  });
});

describe('the plan in force on a day decides that day', () => {
  // Every day planned; a routine done every day from Sat 2026-11-14 to Mon 2026-11-23 (10 days).
  const records: ReturnType<typeof done>[] = [];
  for (let d = 14; d <= 23; d++) records.push(done(`2026-11-${d}`));
  const today = asOf('2026-11-24', '09:00');
  const plan = { ...EVERY_DAY, since: '2026-11-01' };

  it('unticking every day today keeps the current and best streak', () => {
    expect(streaks(records, plan, today)).toMatchObject({ current: 10, best: 10, todayPlanned: true });
    const edited = revisePlan(plan, { ...plan, days: [] }, '2026-11-24');
    expect(edited).toEqual({
      routineId: 'full-back',
      days: [],
      timeZone: 'UTC',
      since: '2026-11-24',
      history: [{ from: '2026-11-01', days: [0, 1, 2, 3, 4, 5, 6] }],
    });
    // 14–23 Nov are judged by the every-day plan in force then: 10 planned days done in a row.
    // Today nothing is planned, so it neither extends nor breaks the run.
    expect(streaks(records, edited, today)).toMatchObject({ current: 10, best: 10, todayPlanned: false });
    // The old rule (today's plan for every day) would have said 0 and 0:
    expect(streaks(records, { ...EVERY_DAY, days: [] }, today)).toMatchObject({ current: 0, best: 0 });
  });

  it('a change counts from the day it was made', () => {
    // From Wed 2026-11-25: Mon/Wed/Fri only. Thu 26 is then unplanned; Tue 24 still every-day.
    const edited = revisePlan(plan, { ...plan, days: [1, 3, 5] }, '2026-11-25');
    expect(planDaysOn(edited, '2026-11-24')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(planDaysOn(edited, '2026-11-25')).toEqual([1, 3, 5]);
    const days = dailyAdherence(records, edited, '2026-11-24', '2026-11-26');
    expect(days.map((d) => [d.date, d.planned])).toEqual([
      ['2026-11-24', true],
      ['2026-11-25', true],
      ['2026-11-26', false],
    ]);
    // Tue 24 (planned, not done) now breaks the run: current 0, best still 10.
    expect(streaks(records, edited, asOf('2026-11-26', '09:00'))).toMatchObject({ current: 0, best: 10 });
  });

  it('a second edit on the same day replaces that day, and the default plan becomes the first period', () => {
    const first = revisePlan(EVERY_DAY, { ...EVERY_DAY, days: [1] }, '2026-11-24');
    expect(first.history).toEqual([{ from: null, days: [0, 1, 2, 3, 4, 5, 6] }]);
    const again = revisePlan(first, { ...first, days: [2] }, '2026-11-24');
    expect(again).toMatchObject({ days: [2], since: '2026-11-24', history: first.history });
    // A routine change alone keeps the history untouched.
    const renamed = revisePlan(again, { ...again, routineId: 'desk-upper' }, '2026-11-30');
    expect(renamed).toMatchObject({ routineId: 'desk-upper', days: [2], since: '2026-11-24' });
  });
});

describe('hold compliance credits only what the watch observed', () => {
  it('a whole routine with the watch off for an hour reads 0 % observed, not 100 %', () => {
    const routine = getBuiltinRoutine('full-back');
    const created = createSession(routine);
    if (!created.ok) throw new Error('routine');
    const t0 = at('2026-11-24', '08:00');
    const started = engineReduce(created.state, {
      type: 'start',
      now: t0,
      options: { sessionId: 'w-1', deviceId: 'w', timeZone: 'UTC', utcOffsetMinutes: 0, trigger: 'manual' },
    });
    // Screen off right after Start; the next event comes an hour later: every boundary is
    // replayed, but none of it was seen (the gap is far over 5 s).
    const later = engineReduce(started.state, { type: 'tick', now: t0 + 3_600_000 });
    const finished = engineReduce(later.state, { type: 'finish', now: t0 + 3_600_000 });
    const record = sessionRecord(finished.state);
    if (!record) throw new Error('record');
    const c = holdCompliance([record]);
    // Hold results: upper back, doorway, child's pose, twist left + right, wall lat: 6 × 30 s = 180 s.
    let target = 0;
    let achieved = 0;
    let unobserved = 0;
    for (const s of c) {
      if (!s.hold) continue;
      target += s.hold.target;
      achieved += s.hold.achieved;
      unobserved += s.hold.unobserved;
    }
    expect({ target, achieved, unobserved }).toEqual({ target: 180, achieved: 0, unobserved: 180 });
    expect(c.find((s) => s.stretchId === 'seated-twist')?.hold).toMatchObject({
      ratio: 0,
      compliantShare: 0,
    });
  });

  it('credits the observed part only, and shows the rest apart', () => {
    // Held 30 of 30 but observed 12 → achieved 12, unobserved 18, ratio 12/30 = 0.4.
    // A second result held 20 of 30, observed 20 → achieved 20. Totals: 32 of 60 → 0.533;
    // compliant (≥ 90 % of 30 = 27) : neither → 0.
    const r = makeSession(at('2026-11-24', '08:00'), 0, {
      stretches: [
        { ...holdResult('wall-lat', 30, 30), observedSeconds: 12 },
        { ...holdResult('wall-lat', 30, 20), observedSeconds: 20 },
      ],
    });
    expect(holdCompliance([r])[0]?.hold).toEqual({
      results: 2,
      target: 60,
      achieved: 32,
      unobserved: 18,
      ratio: 0.533,
      compliantShare: 0,
    });
    // A record from before observation was measured (no observedSeconds) counts as observed.
    const old = makeSession(at('2026-11-24', '09:00'), 0, { stretches: [holdResult('wall-lat', 30, 30)] });
    expect(holdCompliance([old])[0]?.hold).toMatchObject({ achieved: 30, unobserved: 0 });
  });
});

describe('weeks with nothing planned show "no data"', () => {
  it('a plan with no days: no rate, never 0 %', () => {
    const records = [done('2026-11-10')];
    const weeks = weeklyAdherence(records, { ...EVERY_DAY, days: [] }, asOf('2026-11-24', '20:00'), 3);
    // Weeks of 9, 16 and 23 Nov, all after the start (10 Nov) except the first, which holds it.
    expect(weeks.map((w) => [w.weekStart, w.percent, w.noData])).toEqual([
      ['2026-11-09', null, 'nothingPlanned'],
      ['2026-11-16', null, 'nothingPlanned'],
      ['2026-11-23', null, 'nothingPlanned'],
    ]);
  });
});
