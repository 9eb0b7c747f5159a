/**
 * The nudge rules of issue 12, each on a case worked out by hand (the arithmetic is in the
 * comments): late and duplicate step samples, desk fidgeting, the snooze back-off and the cap
 * per active window.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../records/settings.js';
import { epochAtLocal, MS_PER_MINUTE, minuteOfDay } from '../time/civil-date.js';
import {
  decideNudge,
  emptyNudgeHistory,
  IDLE_STEPS_PER_MINUTE,
  MAX_SNOOZE_MINUTES,
  type NudgeHistory,
  recordNudgeResponse,
  recordSessionEnded,
  recordStepSample,
  type StepSample,
  snoozeMinutesFor,
} from './nudge-policy.js';
import { simulateDay } from './test-simulation.js';

const OFF = 60;
const DATE = '2026-11-24'; // a Tuesday
const MIN = MS_PER_MINUTE;
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return epochAtLocal(DATE, (h ?? 0) * 60 + (m ?? 0), OFF);
};
const hm = (t: number) => {
  const m = minuteOfDay(t, OFF);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
// Defaults: Mon–Fri 09:00–18:00, quiet 12–13, still threshold 50 min, moving 20 steps/min,
// snooze 15 min, cap 6.
const SETTINGS: ReminderSettings = DEFAULT_REMINDER_SETTINGS;

function fold(samples: StepSample[]): NudgeHistory {
  let h = emptyNudgeHistory();
  for (const s of samples) h = recordStepSample(h, s, SETTINGS);
  return h;
}

describe('late and duplicate step samples never change a decision', () => {
  // 10:00 1,000 → 10:30 1,520: 520 steps in 30 min; moving needs 20 × 5 + 5 × 25 = 225 → moved at 10:30.
  // 10:30 1,520 → 11:20 1,570: 50 steps in 50 min; needs 20 × 5 + 5 × 45 = 325 → not moving.
  // So at 11:20 the person has been still since 10:30 for 50 min = the threshold: nudge.
  const s1000 = { at: at('10:00'), total: 1000 };
  const s1030 = { at: at('10:30'), total: 1520 };
  const late1020 = { at: at('10:20'), total: 1020 };
  const s1120 = { at: at('11:20'), total: 1570 };

  it('a 10:20 sample arriving after the 10:30 one is ignored (history path)', () => {
    const inOrder = fold([s1000, s1030, s1120]);
    const withLate = fold([s1000, s1030, late1020, s1120]);
    expect(withLate).toEqual(inOrder);
    const d = decideNudge({
      settings: SETTINGS,
      now: at('11:20'),
      utcOffsetMinutes: OFF,
      steps: [],
      history: withLate,
    });
    expect(d).toMatchObject({
      nudge: true,
      reason: 'stillTooLong',
      stillSince: at('10:30'),
      stillMinutes: 50,
    });
  });

  it('the same inside one batch of samples, in any order', () => {
    const decide = (steps: StepSample[]) =>
      decideNudge({
        settings: SETTINGS,
        now: at('11:20'),
        utcOffsetMinutes: OFF,
        steps,
        history: emptyNudgeHistory(),
      });
    // Within one batch the samples are sorted first, so the 10:20 one is in time order and the
    // intervals are 10:00→10:20 (20 steps), 10:20→10:30 (500 steps in 10 min, needs 100 + 25 = 125:
    // moving), 10:30→11:20 (not moving): still since 10:30 either way.
    expect(decide([s1000, s1030, late1020, s1120])).toMatchObject({ nudge: true, stillSince: at('10:30') });
    expect(decide([s1120, s1030, s1000])).toMatchObject({ nudge: true, stillSince: at('10:30') });
    // A batch of samples older than what the history already holds changes nothing.
    const history = fold([s1000, s1030, s1120]);
    const d = decideNudge({
      settings: SETTINGS,
      now: at('11:20'),
      utcOffsetMinutes: OFF,
      steps: [late1020],
      history,
    });
    expect(d).toMatchObject({ nudge: true, stillSince: at('10:30') });
  });

  it('a duplicate sample is ignored', () => {
    expect(fold([s1000, s1030, s1030, s1120])).toEqual(fold([s1000, s1030, s1120]));
    expect(recordStepSample(fold([s1000, s1030]), s1030, SETTINGS)).toEqual(fold([s1000, s1030]));
  });
});

describe('sustained movement: wrist fidgeting is not moving', () => {
  it('uses an idle allowance of 5 steps a minute', () => {
    expect(IDLE_STEPS_PER_MINUTE).toBe(5);
  });

  it('2.5 steps a minute all day still gets nudged, up to the cap', () => {
    // Sitting from 07:00 at 2.5 steps/min. The watch first wakes at 07:00, then at 09:00 when the
    // window opens: 300 steps in 120 min, needs 100 + 5 × 115 = 675 → still since 09:00.
    // 09:50: 125 steps in 50 min < 325 → nudge (ignored); then every 50 min: 10:40, 11:30;
    // 12:20 falls in the 12–13 quiet period → 13:00; 13:50, 14:40 → 6 = the cap.
    const sim = simulateDay({
      date: DATE,
      utcOffsetMinutes: OFF,
      settings: SETTINGS,
      walks: [],
      otherDeviceSessionEnds: [],
      respond: () => 'ignored',
      fidgetStepsPerMinute: 2.5,
    });
    expect(sim.nudges.map((n) => hm(n.at))).toEqual(['09:50', '10:40', '11:30', '13:00', '13:50', '14:40']);
  });

  it('a real five-minute walk between sparse readings still counts', () => {
    // 09:00 1,000 → 09:50: a 5-minute walk at 100 steps/min plus 45 min at 2.5 = 500 + 112 = 612
    // steps in 50 min ≥ 325 → moved at 09:50; no nudge then.
    const h = fold([
      { at: at('09:00'), total: 1000 },
      { at: at('09:50'), total: 1612 },
    ]);
    const d = decideNudge({
      settings: SETTINGS,
      now: at('09:50'),
      utcOffsetMinutes: OFF,
      steps: [],
      history: h,
    });
    expect(d).toMatchObject({ nudge: false, reason: 'recentlyMoved', stillSince: at('09:50') });
  });
});

describe('snooze back-off', () => {
  it('doubles each snooze in a row up to two hours: 15, 30, 60, 120, 120 …', () => {
    expect(MAX_SNOOZE_MINUTES).toBe(120);
    expect([1, 2, 3, 4, 5, 10].map((n) => snoozeMinutesFor(n, SETTINGS))).toEqual([
      15, 30, 60, 120, 120, 120,
    ]);
    // A snooze set longer than the cap is never shortened.
    expect(snoozeMinutesFor(3, { ...SETTINGS, snoozeMinutes: 120 })).toBe(120);
  });

  it('ten snoozes in a row: nudges at 07:50, 08:06, 08:37, 09:38, then every two hours', () => {
    // Sitting still all day, 07:00–23:00 active, no quiet period, cap 24; every nudge snoozed a
    // minute after it shows. Still since 07:00 → first nudge 07:50. Each snooze starts a minute
    // after its nudge: 07:51 + 15 = 08:06; 08:07 + 30 = 08:37; 08:38 + 60 = 09:38;
    // 09:39 + 120 = 11:39; 13:40; 15:41; 17:42; 19:43; 21:44; 21:45 + 120 = 23:45 is after 23:00.
    // (Without the back-off: every 16 minutes, capped at 24.)
    const settings: ReminderSettings = {
      ...SETTINGS,
      activeHours: { startMinute: 7 * 60, endMinute: 23 * 60 },
      activeDays: [0, 1, 2, 3, 4, 5, 6],
      quietPeriods: [],
      dailyCap: 24,
    };
    const sim = simulateDay({
      date: DATE,
      utcOffsetMinutes: OFF,
      settings,
      walks: [],
      otherDeviceSessionEnds: [],
      respond: () => 'snoozed',
      fidgetStepsPerMinute: 0,
    });
    expect(sim.nudges.map((n) => hm(n.at))).toEqual([
      '07:50',
      '08:06',
      '08:37',
      '09:38',
      '11:39',
      '13:40',
      '15:41',
      '17:42',
      '19:43',
      '21:44',
    ]);
  });

  it('a break, a dismissal, movement or a session ends the run of snoozes', () => {
    let h = emptyNudgeHistory();
    h = recordNudgeResponse(h, 'snoozed', at('10:00'), SETTINGS);
    h = recordNudgeResponse(h, 'snoozed', at('10:20'), SETTINGS);
    expect(h.snoozeCount).toBe(2);
    expect(h.snoozedUntil).toBe(at('10:50')); // 10:20 + 30
    expect(recordNudgeResponse(h, 'dismissed', at('10:51'), SETTINGS).snoozeCount).toBe(0);
    expect(recordNudgeResponse(h, 'started', at('10:51'), SETTINGS).snoozeCount).toBe(0);
    expect(recordSessionEnded(h, at('10:55')).snoozeCount).toBe(0);
    const moving = recordStepSample(
      recordStepSample(h, { at: at('10:30'), total: 100 }, SETTINGS),
      { at: at('10:40'), total: 600 }, // 500 steps in 10 min ≥ 100 + 25
      SETTINGS,
    );
    expect(moving.snoozeCount).toBe(0);
  });
});

describe('the cap counts per active window', () => {
  it('a 22:00–02:00 window gets its cap once, not once before and once after midnight', () => {
    // Every day 22:00–02:00, cap 2, sitting still, nudges ignored. The watch wakes at 21:00 and
    // then at 22:00; still since 22:00 → 22:50, then 50 min later 23:40: 2 = the cap for this
    // window. At 00:30 the window that began at 22:00 is still open and has had 2, so nothing
    // until the next window at 22:00 the next day. (Counting per local day gave 00:30 and 01:20 too.)
    const settings: ReminderSettings = {
      ...SETTINGS,
      activeHours: { startMinute: 22 * 60, endMinute: 2 * 60 },
      activeDays: [0, 1, 2, 3, 4, 5, 6],
      quietPeriods: [],
      dailyCap: 2,
    };
    const sim = simulateDay({
      date: DATE,
      utcOffsetMinutes: OFF,
      settings,
      fromMinute: 21 * 60,
      toMinute: 27 * 60,
      walks: [],
      otherDeviceSessionEnds: [],
      respond: () => 'ignored',
      fidgetStepsPerMinute: 0,
    });
    expect(sim.nudges.map((n) => hm(n.at))).toEqual(['22:50', '23:40']);
    const last = sim.decisions[sim.decisions.length - 1]?.decision;
    expect(last).toMatchObject({
      reason: 'capReached',
      nextCheckAt: epochAtLocal('2026-11-25', 22 * 60, OFF),
    });
  });

  it("the next window's cap starts fresh", () => {
    const settings: ReminderSettings = {
      ...SETTINGS,
      activeHours: { startMinute: 22 * 60, endMinute: 2 * 60 },
      activeDays: [0, 1, 2, 3, 4, 5, 6],
      quietPeriods: [],
      dailyCap: 2,
    };
    const history: NudgeHistory = {
      ...emptyNudgeHistory(),
      lastMovementAt: at('21:00'),
      lastNudgeAt: at('23:40'),
      nudgeTimes: [at('22:50'), at('23:40')],
    };
    // 22:30 the next evening: a new window (the two nudges were in last night's). Still since
    // 22:00 is only 30 min, so no nudge yet — but not because of the cap.
    const nextEvening = epochAtLocal('2026-11-25', 22 * 60 + 30, OFF);
    expect(
      decideNudge({ settings, now: nextEvening, utcOffsetMinutes: OFF, steps: [], history }).reason,
    ).not.toBe('capReached');
    expect(
      decideNudge({ settings, now: nextEvening + 20 * MIN, utcOffsetMinutes: OFF, steps: [], history }).nudge,
    ).toBe(true);
  });
});
