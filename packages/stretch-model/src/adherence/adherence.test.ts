import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../records/session-record.js';
import type { PlanSettings } from '../records/settings.js';
import { addDays, MS_PER_DAY, MS_PER_MINUTE } from '../time/civil-date.js';
import { intlOffsetResolver } from '../time/time-zone.js';
import {
  type AsOf,
  asOfInZone,
  dailyAdherence,
  holdCompliance,
  nudgeResponse,
  painTrend,
  personToday,
  prepareSessions,
  sessionLocalDate,
  skipRate,
  streaks,
  todayOf,
  weeklyAdherence,
} from './adherence.js';
import { holdResult, localAt, makeNudgeEvent, makeSession, repsResult } from './test-fixtures.js';

const EVERY_DAY: PlanSettings = {
  routineId: 'full-back',
  days: [0, 1, 2, 3, 4, 5, 6],
  timeZone: 'Europe/Berlin',
};
const WEEKDAYS: PlanSettings = { ...EVERY_DAY, days: [1, 2, 3, 4, 5] };

/** A completed session at local 'HH:MM' on `date` in a zone, with the offset Intl gives for that instant. */
function sessionIn(
  zone: string,
  date: string,
  hhmm: string,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  const guess = localAt(date, hhmm, intlOffsetResolver(zone, localAt(date, hhmm, 0)));
  const offset = intlOffsetResolver(zone, guess);
  return makeSession(localAt(date, hhmm, offset), offset, { timeZone: zone, ...overrides });
}

function asOfAt(zone: string, date: string, hhmm: string): AsOf {
  const guess = localAt(date, hhmm, intlOffsetResolver(zone, localAt(date, hhmm, 0)));
  return asOfInZone(localAt(date, hhmm, intlOffsetResolver(zone, guess)), zone, intlOffsetResolver);
}

describe('dailyAdherence', () => {
  it('marks planned days done only with a completed session; aborted ones still show up', () => {
    const records = [
      sessionIn('Europe/Berlin', '2026-11-23', '08:00'),
      sessionIn('Europe/Berlin', '2026-11-24', '08:00', { outcome: 'aborted' }),
      sessionIn('Europe/Berlin', '2026-11-28', '10:00'),
    ];
    const days = dailyAdherence(records, WEEKDAYS, '2026-11-23', '2026-11-29');
    expect(days.map((d) => [d.date, d.planned, d.done, d.sessions])).toEqual([
      ['2026-11-23', true, true, 1],
      ['2026-11-24', true, false, 1],
      ['2026-11-25', true, false, 0],
      ['2026-11-26', true, false, 0],
      ['2026-11-27', true, false, 0],
      ['2026-11-28', false, true, 1],
      ['2026-11-29', false, false, 0],
    ]);
    expect(days[1]).toMatchObject({ completed: 0, aborted: 1, weekday: 2 });
  });

  it('counts a record delivered twice once', () => {
    const r = sessionIn('Europe/Berlin', '2026-11-23', '08:00');
    const days = dailyAdherence([r, { ...r }], EVERY_DAY, '2026-11-23', '2026-11-23');
    expect(days[0]?.sessions).toBe(1);
  });

  it('returns nothing for an inverted range', () => {
    expect(dailyAdherence([], EVERY_DAY, '2026-11-25', '2026-11-24')).toEqual([]);
  });
});

describe('DST changes', () => {
  it('counts a 00:30 session on the Berlin spring-forward day on that day', () => {
    const r = sessionIn('Europe/Berlin', '2026-03-29', '00:30');
    expect(r.utcOffsetMinutes).toBe(60);
    expect(new Date(r.startedAt).toISOString()).toBe('2026-03-28T23:30:00.000Z');
    expect(sessionLocalDate(r)).toBe('2026-03-29');
    const late = sessionIn('Europe/Berlin', '2026-03-29', '23:30');
    expect(late.utcOffsetMinutes).toBe(120);
    expect(sessionLocalDate(late)).toBe('2026-03-29');
    const days = dailyAdherence([r, late], EVERY_DAY, '2026-03-28', '2026-03-30');
    expect(days.map((d) => d.sessions)).toEqual([0, 2, 0]);
  });

  it('gives the week spanning a change seven days, all of them done', () => {
    for (const [zone, monday] of [
      ['Europe/Berlin', '2026-03-23'],
      ['Europe/Berlin', '2026-10-19'],
      ['America/New_York', '2026-03-02'],
      ['America/New_York', '2026-10-26'],
    ] as const) {
      const records = Array.from({ length: 7 }, (_, i) => sessionIn(zone, addDays(monday, i), '00:30'));
      const days = dailyAdherence(records, EVERY_DAY, monday, addDays(monday, 6));
      expect(days).toHaveLength(7);
      expect(days.every((d) => d.done)).toBe(true);
      const asOf = asOfAt(zone, addDays(monday, 7), '12:00');
      const weeks = weeklyAdherence(records, EVERY_DAY, asOf, 2);
      expect(weeks[0]).toMatchObject({
        weekStart: monday,
        plannedDays: 7,
        doneDays: 7,
        rate: 1,
        percent: 100,
      });
    }
  });

  it('puts the repeated 01:30 of the New York fall-back night on that day', () => {
    const first = makeSession(Date.parse('2026-11-01T05:30:00Z'), -240, { timeZone: 'America/New_York' });
    const second = makeSession(Date.parse('2026-11-01T06:30:00Z'), -300, { timeZone: 'America/New_York' });
    expect(sessionLocalDate(first)).toBe('2026-11-01');
    expect(sessionLocalDate(second)).toBe('2026-11-01');
  });
});

describe('time-zone moves', () => {
  // Mon 2026-06-01 … : three mornings in Tokyo, fly to New York on Wednesday, stay there.
  const trip = [
    sessionIn('Asia/Tokyo', '2026-06-01', '07:00'),
    sessionIn('Asia/Tokyo', '2026-06-02', '07:00'),
    sessionIn('Asia/Tokyo', '2026-06-03', '07:00'),
    sessionIn('America/New_York', '2026-06-03', '21:00'),
    sessionIn('America/New_York', '2026-06-04', '07:00'),
    sessionIn('America/New_York', '2026-06-05', '22:30'),
  ];

  it('lands each session on its own local day', () => {
    expect(trip.map(sessionLocalDate)).toEqual([
      '2026-06-01',
      '2026-06-02',
      '2026-06-03',
      '2026-06-03',
      '2026-06-04',
      '2026-06-05',
    ]);
    // In UTC the Tokyo mornings fall on the previous day: the record's own offset matters.
    expect(new Date(trip[0]?.startedAt ?? 0).toISOString().slice(0, 10)).toBe('2026-05-31');
  });

  it('does not break the streak', () => {
    const asOf = asOfAt('America/New_York', '2026-06-06', '09:00');
    expect(todayOf(asOf)).toBe('2026-06-06');
    expect(streaks(trip, EVERY_DAY, asOf)).toMatchObject({ current: 5, best: 5, todayDone: false });
  });
});

describe("travelling east past the home zone's midnight", () => {
  // Home is Los Angeles (UTC−8 in December). Tue 1 Dec 07:00 in LA; Wed 2 Dec 07:00 in Tokyo
  // (UTC+9) = 1 Dec 22:00 UTC; Thu 3 Dec 08:00 in Tokyo = 2 Dec 23:00 UTC = 2 Dec 15:00 in LA.
  // Now: 3 Dec 08:30 in Tokyo = 2 Dec 23:30 UTC = 2 Dec 15:30 in LA.
  const LA = -480;
  const TOKYO = 540;
  const trip = [
    makeSession(localAt('2026-12-01', '07:00', LA), LA),
    makeSession(localAt('2026-12-02', '07:00', TOKYO), TOKYO),
    makeSession(localAt('2026-12-03', '08:00', TOKYO), TOKYO),
  ];
  const asOf: AsOf = { now: Date.parse('2026-12-02T23:30:00Z'), utcOffsetMinutes: LA };

  it('moves today to the day of a session already done in its own zone', () => {
    expect(todayOf(asOf)).toBe('2026-12-02');
    expect(personToday(trip, asOf)).toBe('2026-12-03');
    expect(personToday(trip.slice(0, 2), asOf)).toBe('2026-12-02');
    expect(streaks(trip, EVERY_DAY, asOf)).toEqual({
      current: 3,
      best: 3,
      today: '2026-12-03',
      todayPlanned: true,
      todayDone: true,
    });
    // Mon 30 Nov starts the week: 1, 2 and 3 Dec done (30 Nov is before the first session)
    expect(weeklyAdherence(trip, EVERY_DAY, asOf, 1)).toEqual([
      {
        weekStart: '2026-11-30',
        plannedDays: 3,
        doneDays: 3,
        rate: 1,
        percent: 100,
        noData: null,
      },
    ]);
  });

  it('is not moved by a session that starts after now (a clock running ahead)', () => {
    // the watch's clock is 2 h fast: it stamps 3 Dec 10:30 Tokyo at 3 Dec 08:30 Tokyo
    const ahead = makeSession(localAt('2026-12-03', '10:30', TOKYO), TOKYO);
    const records = [...trip.slice(0, 2), ahead];
    expect(personToday(records, asOf)).toBe('2026-12-02');
    expect(streaks(records, EVERY_DAY, asOf)).toMatchObject({ current: 2, today: '2026-12-02' });
    // one real session that day is enough, whichever comes first in the list
    expect(personToday([ahead, ...trip], asOf)).toBe('2026-12-03');
  });

  it('reaches two days ahead at the widest offsets (UTC−14 at home, UTC+14 away)', () => {
    // 2 Dec 23:30 at UTC−14 = 3 Dec 13:30 UTC = 4 Dec 03:30 at UTC+14
    const home: AsOf = { now: Date.parse('2026-12-03T13:30:00Z'), utcOffsetMinutes: -840 };
    const far = makeSession(localAt('2026-12-04', '03:00', 840), 840);
    expect(todayOf(home)).toBe('2026-12-02');
    expect(personToday([far], home)).toBe('2026-12-04');
  });
});

describe('streaks', () => {
  const weekOf = (dates: string[]) => dates.map((d) => sessionIn('Europe/Berlin', d, '08:00'));

  it('skips unplanned days: they neither break nor extend', () => {
    // Mon 11-16 … Fri 11-20 done, weekend nothing, Mon 11-23 and Tue 11-24 done.
    const records = weekOf([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-23',
      '2026-11-24',
    ]);
    const s = streaks(records, WEEKDAYS, asOfAt('Europe/Berlin', '2026-11-24', '20:00'));
    expect(s).toMatchObject({
      current: 7,
      best: 7,
      today: '2026-11-24',
      todayPlanned: true,
      todayDone: true,
    });
    const withSaturday = [...records, sessionIn('Europe/Berlin', '2026-11-21', '09:00')];
    expect(streaks(withSaturday, WEEKDAYS, asOfAt('Europe/Berlin', '2026-11-24', '20:00')).current).toBe(7);
  });

  it('keeps the current streak while today is still open, and breaks it on a missed planned day', () => {
    const records = weekOf(['2026-11-23', '2026-11-24']);
    expect(streaks(records, WEEKDAYS, asOfAt('Europe/Berlin', '2026-11-25', '07:00'))).toMatchObject({
      current: 2,
      todayDone: false,
    });
    expect(streaks(records, WEEKDAYS, asOfAt('Europe/Berlin', '2026-11-26', '07:00'))).toMatchObject({
      current: 0,
      best: 2,
    });
  });

  it('ignores aborted sessions and sessions dated after today', () => {
    const records = [
      sessionIn('Europe/Berlin', '2026-11-23', '08:00', { outcome: 'aborted' }),
      sessionIn('Europe/Berlin', '2026-11-25', '08:00'),
    ];
    expect(streaks(records, EVERY_DAY, asOfAt('Europe/Berlin', '2026-11-23', '20:00'))).toMatchObject({
      current: 0,
      best: 0,
    });
  });

  it('is zero with an empty plan', () => {
    const records = weekOf(['2026-11-23']);
    expect(
      streaks(records, { ...EVERY_DAY, days: [] }, asOfAt('Europe/Berlin', '2026-11-24', '08:00')).best,
    ).toBe(0);
  });

  const start = Date.parse('2026-01-05T00:00:00Z');
  const arbSessions = fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 60 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      offset: fc.constantFrom(-300, -240, 0, 60, 120, 330, 540, 765),
      completed: fc.boolean(),
    }),
    { maxLength: 60 },
  );
  const toRecords = (xs: Array<{ day: number; minute: number; offset: number; completed: boolean }>) =>
    xs.map((x) =>
      makeSession(start + x.day * MS_PER_DAY + (x.minute - x.offset) * MS_PER_MINUTE, x.offset, {
        outcome: x.completed ? 'completed' : 'aborted',
      }),
    );
  const arbPlan = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 });

  it('never decreases when a completed session is added (property)', () => {
    fc.assert(
      fc.property(
        arbSessions,
        arbPlan,
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 0, max: 60 }),
        (xs, days, todayIdx, extraDay) => {
          const plan = { ...EVERY_DAY, days };
          const asOf = { now: start + todayIdx * MS_PER_DAY + 20 * 3_600_000, utcOffsetMinutes: 0 };
          const records = toRecords(xs);
          const before = streaks(records, plan, asOf);
          const extra = makeSession(start + extraDay * MS_PER_DAY + 12 * 3_600_000, 0);
          const after = streaks([...records, extra], plan, asOf);
          expect(after.best).toBeGreaterThanOrEqual(before.best);
          expect(after.current).toBeGreaterThanOrEqual(before.current);
          const aborted = streaks([...records, { ...extra, id: 'x', outcome: 'aborted' }], plan, asOf);
          expect(aborted).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps 0 ≤ current ≤ best ≤ planned days done (property)', () => {
    fc.assert(
      fc.property(arbSessions, arbPlan, fc.integer({ min: 0, max: 70 }), (xs, days, todayIdx) => {
        const plan = { ...EVERY_DAY, days };
        const asOf = { now: start + todayIdx * MS_PER_DAY + 20 * 3_600_000, utcOffsetMinutes: 0 };
        const records = toRecords(xs);
        const s = streaks(records, plan, asOf);
        const doneDays = dailyAdherence(records, plan, '2026-01-04', s.today).filter(
          (d) => d.planned && d.done,
        ).length;
        expect(s.current).toBeGreaterThanOrEqual(0);
        expect(s.current).toBeLessThanOrEqual(s.best);
        expect(s.best).toBeLessThanOrEqual(doneDays);
        const prepared = prepareSessions(records);
        expect(streaks(prepared, plan, asOf)).toEqual(s);
        const range = { from: '2026-01-01', to: s.today };
        expect(dailyAdherence(prepared, plan, range.from, range.to)).toEqual(
          dailyAdherence(records, plan, range.from, range.to),
        );
        expect(painTrend(prepared, range)).toEqual(painTrend(records, range));
      }),
      { numRuns: 200 },
    );
  });
});

describe('weeklyAdherence', () => {
  it('counts the current week only up to today, and today only once it is done', () => {
    // Wednesday 2026-11-25; Mon done, Tue missed.
    const records = [sessionIn('Europe/Berlin', '2026-11-23', '08:00')];
    const morning = weeklyAdherence(records, WEEKDAYS, asOfAt('Europe/Berlin', '2026-11-25', '07:00'), 1);
    expect(morning).toEqual([
      { weekStart: '2026-11-23', plannedDays: 2, doneDays: 1, rate: 0.5, percent: 50, noData: null },
    ]);
    const evening = weeklyAdherence(
      [...records, sessionIn('Europe/Berlin', '2026-11-25', '19:00')],
      WEEKDAYS,
      asOfAt('Europe/Berlin', '2026-11-25', '20:00'),
      1,
    );
    expect(evening[0]).toMatchObject({ plannedDays: 3, doneDays: 2, percent: 67 });
  });

  it('reports null for weeks with nothing planned, oldest week first', () => {
    const weeks = weeklyAdherence(
      [],
      { ...EVERY_DAY, days: [] },
      asOfAt('Europe/Berlin', '2026-11-25', '07:00'),
      3,
    );
    expect(weeks.map((w) => [w.weekStart, w.rate])).toEqual([
      ['2026-11-09', null],
      ['2026-11-16', null],
      ['2026-11-23', null],
    ]);
  });
});

describe('holdCompliance and skipRate', () => {
  it('sums held against target, capping each result, and counts compliant results', () => {
    const records = [
      makeSession(0, 0, {
        stretches: [
          holdResult('upper-back', 30, 30),
          holdResult('upper-back', 30, 45),
          holdResult('upper-back', 30, 12, true),
          repsResult(10, 8),
          holdResult('wall-lat', 0, 0),
        ],
      }),
    ];
    const c = holdCompliance(records);
    expect(c.map((x) => x.stretchId)).toEqual(['upper-back', 'cat-cow', 'wall-lat']);
    expect(c[0]).toEqual({
      stretchId: 'upper-back',
      hold: { results: 3, target: 90, achieved: 72, unobserved: 0, ratio: 0.8, compliantShare: 0.667 },
      reps: null,
    });
    expect(c[1]?.reps).toEqual({
      results: 1,
      target: 10,
      achieved: 8,
      unobserved: 0,
      ratio: 0.8,
      compliantShare: 0,
    });
    expect(c[2]).toEqual({ stretchId: 'wall-lat', hold: null, reps: null });
  });

  it('computes skip rates per stretch and overall', () => {
    const records = [
      makeSession(0, 0, {
        stretches: [holdResult('upper-back', 30, 0, true), holdResult('childs-pose', 30, 30)],
      }),
      makeSession(MS_PER_DAY, 0, {
        stretches: [holdResult('upper-back', 30, 30), holdResult('childs-pose', 30, 30)],
      }),
    ];
    const s = skipRate(records);
    expect(s.overall).toEqual({ results: 4, skipped: 1, rate: 0.25 });
    expect(s.byStretch).toEqual([
      { stretchId: 'upper-back', results: 2, skipped: 1, rate: 0.5 },
      { stretchId: 'childs-pose', results: 2, skipped: 0, rate: 0 },
    ]);
    expect(skipRate(records, { from: '1970-01-02', to: '1970-01-02' }).overall.skipped).toBe(0);
    expect(skipRate([]).overall.rate).toBeNull();
  });

  it('keeps every ratio within 0..1 (property)', () => {
    const arbResult = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 120 }), fc.double({ min: 0, max: 3600, noNaN: true }), fc.boolean())
        .map(([t, h, s]) => holdResult('seated-twist', t, h, s)),
      fc
        .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.boolean())
        .map(([t, d, s]) => repsResult(t, d, s)),
    );
    fc.assert(
      fc.property(fc.array(fc.array(arbResult, { maxLength: 8 }), { maxLength: 10 }), (sessions) => {
        const records = sessions.map((stretches, i) => makeSession(i * MS_PER_DAY, 0, { stretches }));
        for (const c of holdCompliance(records)) {
          for (const m of [c.hold, c.reps]) {
            if (!m) continue;
            expect(m.ratio).toBeGreaterThanOrEqual(0);
            expect(m.ratio).toBeLessThanOrEqual(1);
            expect(m.compliantShare).toBeGreaterThanOrEqual(0);
            expect(m.compliantShare).toBeLessThanOrEqual(1);
          }
        }
        const rate = skipRate(records).overall.rate;
        if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('painTrend', () => {
  it('averages per day, rolls over seven days, and measures the drop and the slope', () => {
    const records = [
      sessionIn('Europe/Berlin', '2026-11-01', '08:00', { painBefore: 6, painAfter: 4 }),
      sessionIn('Europe/Berlin', '2026-11-01', '18:00', { painBefore: 4, painAfter: 2 }),
      sessionIn('Europe/Berlin', '2026-11-03', '08:00', { painBefore: 4, painAfter: null }),
      sessionIn('Europe/Berlin', '2026-11-05', '08:00', { painBefore: 2, painAfter: 1 }),
      sessionIn('Europe/Berlin', '2026-11-05', '09:00'),
    ];
    const t = painTrend(records, { from: '2026-11-01', to: '2026-11-09' });
    expect(t.days).toHaveLength(9);
    expect(t.days[0]).toMatchObject({
      date: '2026-11-01',
      ratedSessions: 2,
      before: 5,
      after: 3,
      rollingBefore: 5,
    });
    expect(t.days[1]).toMatchObject({ before: null, rollingBefore: 5 });
    expect(t.days[4]).toMatchObject({ before: 2, rollingBefore: 4, rollingAfter: 2.333 });
    expect(t.days[8]).toMatchObject({ rollingBefore: 3 }); // 11-01 has left the window: (4 + 2) / 2
    expect(t.averageDrop).toBe(1.667);
    expect(t.pairedSessions).toBe(3);
    expect(t.slopeBeforePerDay).toBe(-0.75);
    expect(t.averageBefore).toBe(4);
  });

  it('uses days before the range for the first rolling values only', () => {
    const records = [sessionIn('Europe/Berlin', '2026-10-30', '08:00', { painBefore: 8, painAfter: 6 })];
    const t = painTrend(records, { from: '2026-11-01', to: '2026-11-02' });
    expect(t.days[0]).toMatchObject({ before: null, rollingBefore: 8 });
    expect(t.averageBefore).toBeNull();
    expect(t.averageDrop).toBeNull();
  });
});

describe('nudgeResponse', () => {
  it('counts responses, ignored and pending nudges, by local hour', () => {
    const off = 60;
    const at = (hhmm: string) => localAt('2026-11-24', hhmm, off);
    const events = [
      makeNudgeEvent('n1', 'shown', at('10:05'), off),
      makeNudgeEvent('n1', 'started', at('10:06'), off),
      makeNudgeEvent('n2', 'shown', at('10:55'), off),
      makeNudgeEvent('n2', 'snoozed', at('10:56'), off),
      makeNudgeEvent('n3', 'shown', at('14:00'), off),
      makeNudgeEvent('n3', 'dismissed', at('14:01'), off),
      makeNudgeEvent('n4', 'shown', at('15:00'), off),
      makeNudgeEvent('n5', 'started', at('16:00'), off), // its 'shown' has not synced yet
      makeNudgeEvent('n6', 'shown', at('17:50'), off),
    ];
    const r = nudgeResponse(events, { now: at('18:00') });
    expect(r).toMatchObject({
      shown: 5,
      started: 2,
      snoozed: 1,
      dismissed: 1,
      ignored: 1,
      pending: 1,
      responseRate: 0.4,
    });
    expect(r.byHour[10]).toEqual({ hour: 10, shown: 2, started: 1, rate: 0.5 });
    expect(r.byHour[16]).toEqual({ hour: 16, shown: 1, started: 1, rate: 1 });
    expect(nudgeResponse(events).ignored).toBe(2);
  });

  it('finds the hours where nudges work best', () => {
    const events = [];
    for (let d = 0; d < 6; d++) {
      const date = addDays('2026-11-01', d);
      events.push(makeNudgeEvent(`a${d}`, 'shown', localAt(date, '10:30', 0), 0));
      if (d % 2 === 0) events.push(makeNudgeEvent(`a${d}`, 'started', localAt(date, '10:31', 0), 0));
      events.push(makeNudgeEvent(`b${d}`, 'shown', localAt(date, '15:30', 0), 0));
      events.push(makeNudgeEvent(`b${d}`, 'started', localAt(date, '15:31', 0), 0));
    }
    expect(nudgeResponse(events).bestHours).toEqual([15, 10]);
    expect(nudgeResponse(events, { range: { from: '2026-11-01', to: '2026-11-01' } }).shown).toBe(2);
  });
});
