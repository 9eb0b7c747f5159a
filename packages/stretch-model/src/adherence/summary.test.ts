import { describe, expect, it } from 'vitest';
import type { NudgeEvent } from '../records/nudge-event.js';
import type { SessionRecord } from '../records/session-record.js';
import type { PlanSettings } from '../records/settings.js';
import { addDays, MS_PER_MINUTE } from '../time/civil-date.js';
import { adherenceSummary, overviewSummary } from './summary.js';
import { holdResult, localAt, makeNudgeEvent, makeSession, repsResult } from './test-fixtures.js';

const PLAN: PlanSettings = { routineId: 'full-back', days: [1, 2, 3, 4, 5], timeZone: 'Europe/Berlin' };

function threeYears(): { records: SessionRecord[]; events: NudgeEvent[]; end: string } {
  const records: SessionRecord[] = [];
  const events: NudgeEvent[] = [];
  const first = '2023-11-27';
  for (let i = 0; i < 1100; i++) {
    const date = addDays(first, i);
    const off = i % 365 < 90 || i % 365 > 300 ? 60 : 120;
    const startedAt = localAt(date, '08:00', off);
    records.push(
      makeSession(startedAt, off, {
        outcome: i % 13 === 0 ? 'aborted' : 'completed',
        painBefore: 3 + (i % 4),
        painAfter: 2 + (i % 3),
        stretches: [
          holdResult('upper-back', 30, 25 + (i % 6)),
          holdResult('doorway-chest', 30, 30),
          holdResult('childs-pose', 30, i % 9 === 0 ? 5 : 30, i % 9 === 0),
          repsResult(10, 8 + (i % 3)),
          holdResult('seated-twist', 25, 25),
          holdResult('wall-lat', 20, 18),
        ],
      }),
    );
    for (const hhmm of ['10:15', '14:40']) {
      const at = localAt(date, hhmm, off);
      events.push(makeNudgeEvent(`n${i}${hhmm}`, 'shown', at, off));
      if (i % 3 !== 0)
        events.push(makeNudgeEvent(`n${i}${hhmm}`, i % 2 ? 'started' : 'snoozed', at + MS_PER_MINUTE, off));
    }
  }
  return { records, events, end: addDays(first, 1099) };
}

describe('adherenceSummary', () => {
  it('combines every view for the overview', () => {
    const { records, events, end } = threeYears();
    const asOf = { now: localAt(end, '21:00', 60), utcOffsetMinutes: 60 };
    const s = adherenceSummary({ records, nudgeEvents: events, plan: PLAN, asOf });
    expect(s.today.date).toBe(end);
    expect(s.range).toEqual({ from: addDays(end, -29), to: end });
    expect(s.days).toHaveLength(30);
    expect(s.weeks).toHaveLength(8);
    expect(s.thisWeek).toBe(s.weeks[7]);
    expect(s.streak.best).toBeGreaterThan(5);
    expect(s.compliance.map((c) => c.stretchId)).toEqual([
      'upper-back',
      'doorway-chest',
      'childs-pose',
      'cat-cow',
      'seated-twist',
      'wall-lat',
    ]);
    expect(s.pain.days).toHaveLength(30);
    expect(s.nudges.shown).toBe(60);
    expect(s.seeProfessional.flag).toBe(false);
  });

  it('handles three years of daily sessions and nudges in well under 50 ms', () => {
    const { records, events, end } = threeYears();
    const asOf = { now: localAt(end, '21:00', 60), utcOffsetMinutes: 60 };
    // The overview (30 days, 8 weeks) and the full three-year history, each over all records.
    const overview = () => adherenceSummary({ records, nudgeEvents: events, plan: PLAN, asOf });
    const everything = () =>
      adherenceSummary({ records, nudgeEvents: events, plan: PLAN, asOf, weeks: 157, historyDays: 1100 });
    // Best of several runs, so load spikes on a shared machine do not fail the test
    // (uncontended, both take under 10 ms).
    const bestOf = (f: () => unknown) => {
      f();
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 8; i++) {
        const t0 = Date.now();
        f();
        best = Math.min(best, Date.now() - t0);
      }
      return best;
    };
    expect(bestOf(overview)).toBeLessThan(50);
    expect(bestOf(everything)).toBeLessThan(50);
  });

  it("shows a session done east of home, past home's midnight, as today's", () => {
    // Home Berlin (UTC+1). Wed 2 Dec 07:00 in Tokyo (UTC+9) = 1 Dec 22:00 UTC = 1 Dec 23:00 in
    // Berlin; now is 1 Dec 23:30 in Berlin. Pain 6 → 3.
    const plan: PlanSettings = { ...PLAN, days: [0, 1, 2, 3, 4, 5, 6] };
    const tokyo = makeSession(localAt('2026-12-02', '07:00', 540), 540, { painBefore: 6, painAfter: 3 });
    const asOf = { now: Date.parse('2026-12-01T22:30:00Z'), utcOffsetMinutes: 60 };
    const s = adherenceSummary({ records: [tokyo], nudgeEvents: [], plan, asOf, historyDays: 7 });
    expect(s.range).toEqual({ from: '2026-11-26', to: '2026-12-02' });
    expect(s.today).toMatchObject({ date: '2026-12-02', planned: true, done: true, completed: 1 });
    expect(s.streak).toMatchObject({ current: 1, today: '2026-12-02', todayDone: true });
    expect(s.thisWeek).toMatchObject({ weekStart: '2026-11-30', plannedDays: 1, doneDays: 1 });
    expect(s.pain.pairedSessions).toBe(1);
    expect(s.pain.averageDrop).toBe(3);
    expect(overviewSummary({ records: [tokyo], plan, asOf }).today.date).toBe('2026-12-02');
  });
});
