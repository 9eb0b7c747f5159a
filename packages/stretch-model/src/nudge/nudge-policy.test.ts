import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../records/settings.js';
import { epochAtLocal, MS_PER_HOUR, MS_PER_MINUTE } from '../time/civil-date.js';
import {
  decideNudge,
  emptyNudgeHistory,
  isMovingInterval,
  MIN_CHECK_INTERVAL_MINUTES,
  type NudgeHistory,
  NudgeHistorySchema,
  recordNudgeResponse,
  recordNudgeShown,
  recordSessionEnded,
  recordStepSample,
  type StepSample,
} from './nudge-policy.js';

const OFF = 60; // Berlin in winter
const MIN = MS_PER_MINUTE;
/** Tuesday 2026-11-24 local 'HH:MM' (or another date). */
function at(hhmm: string, date = '2026-11-24'): number {
  const [h, m] = hhmm.split(':').map(Number);
  return epochAtLocal(date, (h ?? 0) * 60 + (m ?? 0), OFF);
}

const SETTINGS: ReminderSettings = { ...DEFAULT_REMINDER_SETTINGS }; // Mon–Fri 09–18, quiet 12–13, 50 min, cap 6

function decide(
  now: number,
  history: Partial<NudgeHistory> = {},
  settings: ReminderSettings = SETTINGS,
  steps: StepSample[] = [],
) {
  return decideNudge({
    settings,
    now,
    utcOffsetMinutes: OFF,
    steps,
    history: { ...emptyNudgeHistory(), ...history },
  });
}

describe('decideNudge: when reminders may run', () => {
  it('does nothing when disabled, and checks back rarely', () => {
    const d = decide(at('10:00'), {}, { ...SETTINGS, enabled: false });
    expect(d).toMatchObject({ nudge: false, reason: 'disabled' });
    expect(d.nextCheckAt - at('10:00')).toBe(6 * MS_PER_HOUR);
  });

  it('sleeps until the active window opens', () => {
    expect(decide(at('07:00'))).toMatchObject({ reason: 'outsideActiveHours', nextCheckAt: at('09:00') });
    expect(decide(at('18:00'))).toMatchObject({
      reason: 'outsideActiveHours',
      nextCheckAt: at('09:00', '2026-11-25'),
    });
    // Friday evening → Monday morning; Saturday is not an active day.
    expect(decide(at('19:00', '2026-11-27')).nextCheckAt).toBe(at('09:00', '2026-11-30'));
    expect(decide(at('11:00', '2026-11-28'))).toMatchObject({
      reason: 'inactiveDay',
      nextCheckAt: at('09:00', '2026-11-30'),
    });
  });

  it('handles active windows that wrap past midnight, by the day they start', () => {
    const night = {
      ...SETTINGS,
      activeHours: { startMinute: 22 * 60, endMinute: 6 * 60 },
      activeDays: [1],
      quietPeriods: [],
    };
    // Monday 22:00 → Tuesday 06:00 is active; Tuesday 22:00 is not (Tuesday is not an active day).
    const mondayNight = decide(
      at('02:00', '2026-11-24'),
      { lastMovementAt: at('01:55', '2026-11-24') },
      night,
    );
    expect(mondayNight.reason).toBe('recentlyMoved');
    expect(decide(at('23:00', '2026-11-24'), {}, night)).toMatchObject({
      reason: 'inactiveDay',
      nextCheckAt: at('22:00', '2026-11-30'),
    });
  });

  it('stays silent in a quiet period and wakes when it ends', () => {
    const still = { lastMovementAt: at('09:00') };
    expect(decide(at('12:10'), still)).toMatchObject({
      nudge: false,
      reason: 'quietPeriod',
      nextCheckAt: at('13:00'),
    });
    // Overlapping quiet periods are followed to their joint end.
    const meetings = {
      ...SETTINGS,
      quietPeriods: [
        { startMinute: 600, endMinute: 660 },
        { startMinute: 650, endMinute: 700 },
      ],
    };
    expect(decide(at('10:30'), still, meetings).nextCheckAt).toBe(at('11:40'));
    // A quiet period that runs past the active window hands over to the next window.
    const evening = { ...SETTINGS, quietPeriods: [{ startMinute: 17 * 60, endMinute: 19 * 60 }] };
    expect(decide(at('17:30'), still, evening).nextCheckAt).toBe(at('09:00', '2026-11-25'));
  });

  it('respects the cap per active window (here one window a day)', () => {
    const capped = { ...SETTINGS, dailyCap: 2 };
    const history = {
      lastMovementAt: at('09:00'),
      lastNudgeAt: at('15:00'),
      nudgeTimes: [at('10:00'), at('15:00')],
    };
    expect(decide(at('16:30'), history, capped)).toMatchObject({
      nudge: false,
      reason: 'capReached',
      nextCheckAt: at('09:00', '2026-11-25'),
    });
    // Yesterday's nudges do not count today.
    const yesterday = {
      lastMovementAt: at('09:00'),
      nudgeTimes: [at('10:00', '2026-11-23'), at('15:00', '2026-11-23')],
    };
    expect(decide(at('10:00'), yesterday, capped).nudge).toBe(true);
    expect(decide(at('10:00'), {}, { ...SETTINGS, dailyCap: 0 }).reason).toBe('capReached');
  });
});

describe('decideNudge: stillness', () => {
  it('nudges once the still spell reaches the threshold, then waits at least the threshold', () => {
    const d = decide(at('10:00'), { lastMovementAt: at('09:10') });
    expect(d).toMatchObject({
      nudge: true,
      reason: 'stillTooLong',
      stillSince: at('09:10'),
      stillMinutes: 50,
    });
    expect(d.nextCheckAt).toBe(at('10:50'));
  });

  it('schedules the next check for when the still spell can first reach the threshold', () => {
    expect(decide(at('10:00'), { lastMovementAt: at('09:40') })).toMatchObject({
      nudge: false,
      reason: 'recentlyMoved',
      nextCheckAt: at('10:30'),
      stillMinutes: 20,
    });
  });

  it('keeps regular checks at least the minimum interval apart', () => {
    const d = decide(at('10:00'), { lastMovementAt: at('09:12') });
    expect(d.nextCheckAt).toBe(at('10:00') + MIN_CHECK_INTERVAL_MINUTES * MIN);
  });

  it('starts the still clock at the window start, not during the night', () => {
    expect(decide(at('09:00'), { lastMovementAt: at('19:00', '2026-11-23') })).toMatchObject({
      nudge: false,
      stillSince: at('09:00'),
      nextCheckAt: at('09:50'),
    });
  });

  it('treats a session on any device as movement', () => {
    const history = { lastMovementAt: at('09:00'), lastSessionEndedAt: at('10:20') };
    expect(decide(at('10:40'), history)).toMatchObject({
      nudge: false,
      reason: 'recentSession',
      nextCheckAt: at('11:10'),
    });
    expect(decide(at('11:10'), history)).toMatchObject({ nudge: true, stillSince: at('10:20') });
  });

  it('ignores a session end far in the future (another device with a skewed clock)', () => {
    const history = { lastMovementAt: at('09:00'), lastSessionEndedAt: at('15:00') };
    expect(decide(at('10:00'), history).nudge).toBe(true);
    expect(decide(at('10:00'), { ...history, lastSessionEndedAt: at('10:03') })).toMatchObject({
      nudge: false,
      reason: 'recentSession',
      stillSince: at('10:00'),
    });
  });

  it('reads movement from step samples, including short walks between sparse readings', () => {
    // Moving between readings m minutes apart needs 20 × min(m, 5) + 5 × max(0, m − 5) steps
    // (rate 20 a minute, idle allowance 5 a minute); for m = 40: 100 + 175 = 275.
    const steps = [
      { at: at('09:00'), total: 1000 },
      { at: at('09:40'), total: 1370 }, // a 5-minute walk at 60 a minute + fidgeting: 370 ≥ 275
      { at: at('10:20'), total: 1390 }, // 20 < 275: still
    ];
    expect(decide(at('10:20'), {}, SETTINGS, steps)).toMatchObject({ nudge: false, stillSince: at('09:40') });
    expect(decide(at('10:30'), {}, SETTINGS, steps).nudge).toBe(true);
  });

  it('knows the step counter resets at midnight', () => {
    expect(
      isMovingInterval({ at: at('23:50', '2026-11-23'), total: 8000 }, { at: at('09:00'), total: 50 }, 20),
    ).toBe(false);
    // After the reset the total is the steps since midnight: 23:50 → 09:00 is 550 minutes, so
    // moving needs 20 × 5 + 5 × 545 = 2,825 steps. 900 is not; 3,000 is.
    expect(
      isMovingInterval({ at: at('23:50', '2026-11-23'), total: 8000 }, { at: at('09:00'), total: 900 }, 20),
    ).toBe(false);
    expect(
      isMovingInterval({ at: at('23:50', '2026-11-23'), total: 8000 }, { at: at('09:00'), total: 3000 }, 20),
    ).toBe(true);
    expect(isMovingInterval({ at: at('09:00'), total: 100 }, { at: at('09:02'), total: 150 }, 20)).toBe(true);
    expect(isMovingInterval({ at: at('09:00'), total: 100 }, { at: at('09:02'), total: 130 }, 20)).toBe(
      false,
    );
    expect(isMovingInterval({ at: at('09:00'), total: 100 }, { at: at('09:00'), total: 900 }, 20)).toBe(
      false,
    );
  });

  it('waits a full threshold after an ignored nudge', () => {
    const history = { lastMovementAt: at('09:00'), lastNudgeAt: at('10:00'), nudgeTimes: [at('10:00')] };
    expect(decide(at('10:20'), history)).toMatchObject({
      nudge: false,
      reason: 'recentNudge',
      nextCheckAt: at('10:50'),
    });
  });

  it('comes back when a snooze ends, if the person is still sitting', () => {
    let h = recordNudgeShown({ ...emptyNudgeHistory(), lastMovementAt: at('09:00') }, at('10:00'));
    h = recordNudgeResponse(h, 'snoozed', at('10:01'), SETTINGS);
    expect(
      decideNudge({ settings: SETTINGS, now: at('10:02'), utcOffsetMinutes: OFF, steps: [], history: h }),
    ).toMatchObject({
      reason: 'snoozed',
      nextCheckAt: at('10:16'),
    });
    expect(
      decideNudge({ settings: SETTINGS, now: at('10:16'), utcOffsetMinutes: OFF, steps: [], history: h })
        .nudge,
    ).toBe(true);
    const walked = recordStepSample(
      recordStepSample(h, { at: at('10:02'), total: 10 }, SETTINGS),
      { at: at('10:16'), total: 600 },
      SETTINGS,
    );
    expect(
      decideNudge({
        settings: SETTINGS,
        now: at('10:16'),
        utcOffsetMinutes: OFF,
        steps: [],
        history: walked,
      }),
    ).toMatchObject({
      nudge: false,
      reason: 'recentlyMoved',
    });
  });

  it('always schedules the next check in the future', () => {
    for (const hhmm of [
      '00:00',
      '08:59',
      '09:00',
      '11:59',
      '12:00',
      '12:59',
      '13:00',
      '17:59',
      '18:00',
      '23:59',
    ]) {
      const now = at(hhmm);
      expect(decide(now, { lastMovementAt: now }).nextCheckAt).toBeGreaterThan(now);
    }
  });
});

describe('history reducers', () => {
  it('start the still clock at the first reading and move it on real movement', () => {
    let h = recordStepSample(emptyNudgeHistory(), { at: at('09:00'), total: 100 }, SETTINGS);
    expect(h.lastMovementAt).toBe(at('09:00'));
    h = recordStepSample(h, { at: at('09:50'), total: 130 }, SETTINGS);
    expect(h.lastMovementAt).toBe(at('09:00'));
    h = recordStepSample(h, { at: at('10:40'), total: 1500 }, SETTINGS);
    expect(h.lastMovementAt).toBe(at('10:40'));
    expect(h.lastStepSample).toEqual({ at: at('10:40'), total: 1500 });
  });

  it('keep only recent nudge times and clear the snooze when a nudge shows', () => {
    let h: NudgeHistory = {
      ...emptyNudgeHistory(),
      nudgeTimes: [at('10:00', '2026-11-20')],
      snoozedUntil: at('10:05'),
    };
    h = recordNudgeShown(h, at('10:06'));
    expect(h).toMatchObject({ lastNudgeAt: at('10:06'), nudgeTimes: [at('10:06')], snoozedUntil: null });
  });

  it('count starting a break as movement, and keep the latest session end', () => {
    const h = recordNudgeResponse(emptyNudgeHistory(), 'started', at('10:01'), SETTINGS);
    expect(h.lastMovementAt).toBe(at('10:01'));
    expect(recordNudgeResponse(h, 'dismissed', at('10:02'), SETTINGS)).toMatchObject({ snoozedUntil: null });
    const s = recordSessionEnded(recordSessionEnded(h, at('11:00')), at('10:30'));
    expect(s.lastSessionEndedAt).toBe(at('11:00'));
  });

  it('validate persisted history', () => {
    expect(v.safeParse(NudgeHistorySchema, emptyNudgeHistory()).success).toBe(true);
    expect(v.safeParse(NudgeHistorySchema, { lastNudgeAt: 'yesterday' }).success).toBe(false);
  });
});
