import { describe, expect, it } from 'vitest';
import type { PlanSettings } from '../records/settings.js';
import { adherenceSummary, overviewSummary } from './summary.js';
import { localAt, makeNudgeEvent, makeSession } from './test-fixtures.js';

const PLAN: PlanSettings = { routineId: 'full-back', days: [1, 2, 3, 4, 5], timeZone: 'Europe/Berlin' };
// Wednesday 4 November 2026, 21:00 in Berlin (+60); sessions at 08:00 on Fri 30 Oct and Mon–Wed
const ASOF = { now: localAt('2026-11-04', '21:00', 60), utcOffsetMinutes: 60 };
const records = ['2026-10-30', '2026-11-02', '2026-11-03', '2026-11-04'].map((d) =>
  makeSession(localAt(d, '08:00', 60), 60),
);

describe('overviewSummary', () => {
  it('gives the start page its figures: today, streak, this week, 8 weeks, the professional advice', () => {
    const s = overviewSummary({ records, plan: PLAN, asOf: ASOF });
    expect(s.start).toBe('2026-10-30'); // the first session's day
    expect(s.today).toMatchObject({ date: '2026-11-04', planned: true, done: true, sessions: 1 });
    // Fri, (weekend not planned), Mon, Tue, Wed
    expect(s.streak).toMatchObject({ current: 4, best: 4, todayPlanned: true, todayDone: true });
    // this week: Mon and Tue, and today once done
    expect(s.thisWeek).toMatchObject({ weekStart: '2026-11-02', plannedDays: 3, doneDays: 3, percent: 100 });
    expect(s.weeks.map((w) => w.weekStart)).toEqual([
      '2026-09-14',
      '2026-09-21',
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
    ]);
    // last week counts from the start (Friday) only; the six before it are before the start
    expect(s.weeks[6]).toMatchObject({ plannedDays: 1, doneDays: 1, percent: 100, noData: null });
    expect(s.weeks.slice(0, 6).map((w) => w.noData)).toEqual(Array(6).fill('beforeStart'));
    expect(s.seeProfessional.flag).toBe(false);
  });

  it('agrees with adherenceSummary on every field it has', () => {
    const nudgeEvents = [makeNudgeEvent('n1', 'shown', localAt('2026-11-04', '10:00', 60), 60)];
    const full = adherenceSummary({ records, nudgeEvents, plan: PLAN, asOf: ASOF });
    const head = overviewSummary({ records, plan: PLAN, asOf: ASOF });
    expect(head).toEqual({
      start: full.start,
      today: full.today,
      streak: full.streak,
      thisWeek: full.thisWeek,
      weeks: full.weeks,
      seeProfessional: full.seeProfessional,
    });
  });
});
