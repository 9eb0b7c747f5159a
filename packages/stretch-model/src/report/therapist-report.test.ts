import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../records/session-record.js';
import type { PlanSettings } from '../records/settings.js';
import { buildSession, holdResult, repsResult } from '../testing/index.js';
import { epochAtLocal } from '../time/civil-date.js';
import {
  checkReportRange,
  checkShareLinkDays,
  REPORT_NOTICES,
  reportDate,
  sessionNoteOf,
  therapistReport,
} from './therapist-report.js';

/** 09:00 in Berlin (winter, +60) on `date`. */
const at9 = (date: string) => epochAtLocal(date, 9 * 60, 60);
const twist = (held: number, o: Parameters<typeof holdResult>[3] = {}) =>
  holdResult('seated-twist', 30, held, { side: 'left', ...(typeof o === 'boolean' ? { skipped: o } : o) });

// Plan: Mon, Wed, Fri. Today is Wed 2026-11-11, 20:00 in Berlin.
const plan: PlanSettings = { routineId: 'full-back', days: [1, 3, 5], timeZone: 'Europe/Berlin' };
const asOf = { now: epochAtLocal('2026-11-11', 20 * 60, 60), utcOffsetMinutes: 60 };

const at9id = (date: string) => `watch-1:${at9(date)}`;
const s = (date: string, o: Partial<SessionRecord>) => buildSession({ startedAt: at9(date), ...o });
const records: SessionRecord[] = [
  // before the range (the first day of use): pain 3 → 3
  s('2026-10-30', { painBefore: 3, painAfter: 3 }),
  s('2026-11-02', { painBefore: 6, painAfter: 4, stretches: [repsResult(10, 10), twist(30)] }),
  // the same record delivered twice never counts twice
  s('2026-11-02', { painBefore: 6, painAfter: 4, stretches: [repsResult(10, 10), twist(30)] }),
  s('2026-11-04', { painBefore: 5, painAfter: 3, stretches: [repsResult(10, 8), twist(15, true)] }),
  // Fri 11-06: planned, missed. Sat 11-07: not planned, done; 10 s of the hold unobserved
  s('2026-11-07', {
    painBefore: null,
    painAfter: null,
    stretches: [repsResult(10, 10), twist(30, { observedSeconds: 20 })],
  }),
  // Mon 11-09: stopped early, so the day is not done
  s('2026-11-09', {
    outcome: 'aborted',
    painBefore: 7,
    painAfter: null,
    stretches: [repsResult(10, 4), twist(0, true)],
  }),
  // today, done: the default steps (ten cat-cows, 28.5 of 30 s)
  s('2026-11-11', { painBefore: 4, painAfter: 2 }),
];

describe('therapistReport', () => {
  const report = therapistReport({
    records,
    plan,
    asOf,
    range: { from: '2026-11-02', to: '2026-11-15' },
    timeZone: 'Europe/Berlin',
    notes: {
      [at9id('2026-11-04')]: {
        note: 'Twist pinched, stopped it',
        areas: [{ area: 'lowerBack', side: 'left' }],
      },
    },
  });

  it('cuts the range at today and counts planned days by the plan, today once done', () => {
    expect(report.requested).toEqual({ from: '2026-11-02', to: '2026-11-15' });
    expect(report.range).toEqual({ from: '2026-11-02', to: '2026-11-11' });
    expect(report.dayCount).toBe(10);
    expect(report.plannedWeekdays).toEqual([1, 3, 5]);
    // planned: Mon 2, Wed 4, Fri 6, Mon 9, Wed 11; done: 2, 4, 11 (9 was stopped early); Sat 7 extra
    const { days, ...totals } = report.adherence;
    expect(totals).toEqual({
      plannedDays: 5,
      doneDays: 3,
      percent: 60,
      extraDays: 1,
      sessions: 5,
      completed: 4,
      aborted: 1,
    });
    expect(days.map((d) => d.date)).toEqual([
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
      '2026-11-08',
      '2026-11-09',
      '2026-11-10',
      '2026-11-11',
    ]);
  });

  it("gives each stretch's hold compliance and skip rate", () => {
    // cat-cow reps 10+8+10+4+10 = 42 of 50; 3 of 5 reach 90 %; never skipped
    // seated twist: 30 + 15 + 20 (10 unobserved) + 0 + 28.5 = 93.5 of 150 s; 30/30 and 28.5/30 reach 90 %
    expect(report.stretches).toEqual([
      {
        stretchId: 'cat-cow',
        name: 'Cat-cow',
        hold: null,
        reps: { results: 5, target: 50, achieved: 42, unobserved: 0, ratio: 0.84, compliantShare: 0.6 },
        skips: { results: 5, skipped: 0, rate: 0 },
        compliancePercent: 84,
        skipPercent: 0,
      },
      {
        stretchId: 'seated-twist',
        name: 'Seated spinal twist',
        hold: { results: 5, target: 150, achieved: 93.5, unobserved: 10, ratio: 0.623, compliantShare: 0.4 },
        reps: null,
        skips: { results: 5, skipped: 2, rate: 0.4 },
        compliancePercent: 62,
        skipPercent: 40,
      },
    ]);
    expect(report.skips).toEqual({ results: 10, skipped: 2, rate: 0.2 });
    expect(report.holdPercent).toBe(62);
  });

  it('shows pain before and after over the range', () => {
    // before 6, 5, 7, 4 → 5.5; after 4, 3, 2 → 3; paired 11-02, 11-04, 11-11, each 2 lower
    expect(report.pain.averageBefore).toBe(5.5);
    expect(report.pain.averageAfter).toBe(3);
    expect(report.pain.averageDrop).toBe(2);
    expect(report.pain.pairedSessions).toBe(3);
    expect(report.pain.days).toHaveLength(10);
    // the 7-day mean on the first day reaches back to 30 Oct (3): (3 + 6) / 2
    expect(report.pain.days[0]).toMatchObject({
      date: '2026-11-02',
      before: 6,
      after: 4,
      rollingBefore: 4.5,
    });
  });

  it('says whether the see-a-professional rule applies, and why, over the 14 days to the last day', () => {
    // 29 Oct – 11 Nov: rated on 30 Oct, 2, 4, 9, 11 Nov; only 9 Nov reached 7
    // paired days: 0, −2, −2, −2 → −1.5; pain-before slope 11/98 ≈ 0.112 a day (< 0.15)
    expect(report.seeProfessional.flag).toBe(false);
    expect(report.seeProfessional.judgedOn).toBe('2026-11-11');
    expect(report.seeProfessional.details).toEqual({
      windowDays: 14,
      ratedSessions: 5,
      ratedDays: 5,
      highPainDays: 1,
      pairedDays: 4,
      meanIncreaseAfter: -1.5,
      painBeforeSlopePerDay: 0.112,
    });
    expect(report.seeProfessional.why).toEqual([
      'In the 14 days up to 11 Nov 2026, pain was rated on 5 days; on 1 day it reached 7 of 10 or more.',
      'None of the signs that suggest seeing a professional were found (high pain on most days, pain worse after stretching, pain rising).',
    ]);
  });

  it('lists the sessions in the range, oldest first, with their notes when they have them', () => {
    expect(
      report.sessions.map((x) => [x.date, x.time, x.outcome, x.painBefore, x.painAfter, x.steps, x.skipped]),
    ).toEqual([
      ['2026-11-02', '09:00', 'completed', 6, 4, 2, 0],
      ['2026-11-04', '09:00', 'completed', 5, 3, 2, 1],
      ['2026-11-07', '09:00', 'completed', null, null, 2, 0],
      ['2026-11-09', '09:00', 'aborted', 7, null, 2, 1],
      ['2026-11-11', '09:00', 'completed', 4, 2, 2, 0],
    ]);
    expect(report.sessions[0]).toMatchObject({
      routineName: 'Full back',
      minutes: 5,
      note: null,
      painAreas: [],
    });
  });

  it('sums it up in plain sentences, with the notices', () => {
    expect(report.lines).toEqual([
      'From 2 Nov 2026 to 11 Nov 2026 (10 days), the routine was done on 3 of 5 planned days (60 %).',
      '5 sessions in all: 4 completed, 1 stopped early; routines were also done on 1 unplanned day.',
      'Holds reached 62 % of their target time overall.',
      '2 of 10 stretch steps were skipped (20 %).',
      'Pain averaged 5.5 of 10 before stretching and 3.0 of 10 after (on average 2.0 points lower after, over 3 sessions rated both times).',
      'The app’s “see a professional” flag was not raised (judged over the 14 days up to 11 Nov 2026).',
    ]);
    expect(report.notices).toBe(REPORT_NOTICES);
    expect(report.notices.disclaimer).toMatch(/not medical advice/);
    expect(report.notices.professional).toMatch(/physical therapist or chiropractor/);
    expect(report.generatedAt).toBe(asOf.now);
  });

  it('judges the flag at the end of a past range, not today', () => {
    const high = ['2026-10-10', '2026-10-12', '2026-10-14'].map((d) => s(d, { painBefore: 8, painAfter: 7 }));
    const past = therapistReport({
      records: high,
      plan,
      asOf,
      range: { from: '2026-10-01', to: '2026-10-14' },
      timeZone: 'Europe/Berlin',
    });
    // 1 – 14 Oct: three rated days, all ≥ 7 → persistent high pain
    expect(past.seeProfessional).toMatchObject({
      flag: true,
      reason: 'persistentHighPain',
      judgedOn: '2026-10-14',
    });
    expect(past.seeProfessional.why).toEqual([
      'In the 14 days up to 14 Oct 2026, pain was rated on 3 days; on 3 days it reached 7 of 10 or more.',
      'High pain on most of the rated days raised the flag.',
    ]);
    expect(past.lines[past.lines.length - 1]).toBe(
      'The app suggests seeing a professional: High pain on most of the rated days raised the flag.',
    );
    // today (11 Nov) those days are out of the window
    const now = therapistReport({
      records: high,
      plan,
      asOf,
      range: { from: '2026-10-01', to: '2026-11-11' },
      timeZone: 'UTC',
    });
    expect(now.seeProfessional.flag).toBe(false);
  });

  it("includes a session done east of home, past home's midnight", () => {
    // Home Berlin (UTC+1); now 11 Nov 23:30 in Berlin = 22:30 UTC. Thu 12 Nov 07:00 in Tokyo
    // (UTC+9) = 11 Nov 22:00 UTC, half an hour earlier.
    const late = { now: epochAtLocal('2026-11-11', 23 * 60 + 30, 60), utcOffsetMinutes: 60 };
    const tokyo = buildSession({ startedAt: epochAtLocal('2026-11-12', 7 * 60, 540), utcOffsetMinutes: 540 });
    const r = therapistReport({
      records: [...records, tokyo],
      plan,
      asOf: late,
      range: { from: '2026-11-02', to: '2026-11-15' },
      timeZone: 'Europe/Berlin',
    });
    // the range ends on the 12th, the day the person has reached, not on Berlin's 11th
    expect(r.range).toEqual({ from: '2026-11-02', to: '2026-11-12' });
    expect(r.dayCount).toBe(11);
    expect(r.sessions.map((x) => x.date).slice(-2)).toEqual(['2026-11-11', '2026-11-12']);
  });

  it('shows nothing for a range wholly in the future', () => {
    const r = therapistReport({
      records,
      plan,
      asOf,
      range: { from: '2026-12-01', to: '2026-12-05' },
      timeZone: 'UTC',
    });
    expect(r.dayCount).toBe(0);
    expect(r.adherence.days).toEqual([]);
    expect(r.sessions).toEqual([]);
    expect(r.pain.days).toEqual([]);
    expect(r.lines).toEqual(['This report’s dates have not come yet, so there is nothing to show.']);
  });
});

describe('report inputs', () => {
  it('accepts a real range up to a year and refuses the rest with a sentence', () => {
    expect(checkReportRange('2026-01-01', '2026-12-31')).toEqual({
      ok: true,
      range: { from: '2026-01-01', to: '2026-12-31' },
    });
    // 2028 is a leap year: 366 days is the most
    expect(checkReportRange('2028-01-01', '2028-12-31').ok).toBe(true);
    expect(checkReportRange('2026-01-01', '2027-01-02')).toMatchObject({
      ok: false,
      error: { code: 'rangeTooLong' },
    });
    expect(checkReportRange('2026-02-30', '2026-03-01')).toMatchObject({
      ok: false,
      error: { code: 'invalidDate' },
    });
    expect(checkReportRange('2026-03-02', 20260301)).toMatchObject({
      ok: false,
      error: { code: 'invalidDate' },
    });
    expect(checkReportRange('2026-03-02', '2026-03-01')).toEqual({
      ok: false,
      error: {
        code: 'rangeReversed',
        message: 'The start date must not be after the end date.',
        i18n: { key: 'report.error.rangeReversed' },
      },
    });
  });

  it('lets a link last 30 days by default, 1 to 365 whole days when chosen', () => {
    expect(checkShareLinkDays(undefined)).toEqual({ ok: true, days: 30 });
    expect(checkShareLinkDays(1)).toEqual({ ok: true, days: 1 });
    expect(checkShareLinkDays(365)).toEqual({ ok: true, days: 365 });
    for (const bad of [0, 366, 2.5, '7', -1])
      expect(checkShareLinkDays(bad)).toMatchObject({ ok: false, error: { code: 'invalidExpiry' } });
  });

  it('writes dates so no reader takes them the wrong way round', () => {
    expect(reportDate('2026-11-02')).toBe('2 Nov 2026');
    expect(reportDate('2027-01-31')).toBe('31 Jan 2027');
  });

  it('reads a session note and pain areas from the notes by session id', () => {
    const session = buildSession();
    expect(sessionNoteOf(session)).toEqual({ note: null, painAreas: [] });
    expect(sessionNoteOf(session, { other: { note: 'x', areas: [] } })).toEqual({
      note: null,
      painAreas: [],
    });
    expect(
      sessionNoteOf(session, {
        [session.id]: { note: 'Tight after the drive', areas: [{ area: 'lowerBack', side: 'left' }] },
      }),
    ).toEqual({ note: 'Tight after the drive', painAreas: [{ area: 'lowerBack', side: 'left' }] });
    // an empty note with an area still shows the area
    expect(
      sessionNoteOf(session, { [session.id]: { note: '', areas: [{ area: 'shoulder', side: 'right' }] } }),
    ).toEqual({ note: null, painAreas: [{ area: 'shoulder', side: 'right' }] });
  });
});
