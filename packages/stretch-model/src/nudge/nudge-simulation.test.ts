import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, type DailyWindow, type ReminderSettings } from '../records/settings.js';
import {
  epochAtLocal,
  formatDayNumber,
  localDayNumber,
  MS_PER_MINUTE,
  minuteOfDay,
  weekday,
} from '../time/civil-date.js';
import { decideNudge, emptyNudgeHistory, type NudgeHistory, type NudgeResponse } from './nudge-policy.js';
import { type SimResult, simulateDay, type Walk } from './test-simulation.js';

const MIN = MS_PER_MINUTE;
const DATE = '2026-11-24'; // a Tuesday

function inWindow(minute: number, w: DailyWindow): boolean {
  if (w.startMinute === w.endMinute) return false;
  return w.startMinute < w.endMinute
    ? minute >= w.startMinute && minute < w.endMinute
    : minute >= w.startMinute || minute < w.endMinute;
}

/** Independent check that `t` is inside active hours on an active day and outside quiet periods (non-wrapping active hours). */
function allowedAt(t: number, offset: number, s: ReminderSettings): boolean {
  const minute = minuteOfDay(t, offset);
  return (
    s.activeDays.includes(weekday(t, offset)) &&
    inWindow(minute, s.activeHours) &&
    !s.quietPeriods.some((q) => inWindow(minute, q))
  );
}

const hm = (t: number, offset: number) => {
  const m = minuteOfDay(t, offset);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

describe('a simulated 16-hour day (07:00–23:00)', () => {
  const offset = 60;
  const settings: ReminderSettings = {
    ...DEFAULT_REMINDER_SETTINGS,
    activeHours: { startMinute: 7 * 60, endMinute: 23 * 60 },
    activeDays: [0, 1, 2, 3, 4, 5, 6],
    quietPeriods: [{ startMinute: 10 * 60, endMinute: 11 * 60 }], // a meeting
    dailyCap: 6,
  };
  const answers: Array<NudgeResponse | 'ignored'> = ['snoozed', 'started', 'ignored', 'dismissed', 'ignored'];
  const sim = simulateDay({
    date: DATE,
    utcOffsetMinutes: offset,
    settings,
    walks: [
      { startMinute: 7 * 60, minutes: 20, stepsPerMinute: 60 }, // getting ready
      { startMinute: 12 * 60, minutes: 45, stepsPerMinute: 90 }, // lunch walk
      { startMinute: 15 * 60 + 30, minutes: 10, stepsPerMinute: 80 }, // coffee
    ],
    otherDeviceSessionEnds: [14 * 60], // a routine on the phone at 13:50–14:00
    respond: (i) => answers[i] ?? 'ignored',
  });
  const nudges = sim.nudges.map((n) => `${hm(n.at, offset)} ${n.response}`);

  it('nudges after long sitting spells, returns after a snooze, and waits out the meeting', () => {
    expect(nudges).toEqual([
      '08:40 snoozed', // still since the 07:50 reading that saw the morning walk
      '08:56 started', // the snooze ran out and they were still sitting
      '09:50 ignored', // a full threshold after the micro-break ended at 09:00
      '11:00 dismissed', // not during the 10:00–11:00 meeting, but right after it
      '11:50 ignored',
      '14:50 ignored', // the phone session at 14:00 reset the still clock
    ]);
  });

  it('stops at the daily cap and sleeps until the next active window', () => {
    const last = sim.decisions[sim.decisions.length - 1]?.decision;
    expect(last).toMatchObject({
      reason: 'capReached',
      nextCheckAt: epochAtLocal('2026-11-25', 7 * 60, offset),
    });
  });

  it('wakes the watch far less than four times an hour', () => {
    expect(sim.wakes.length).toBeLessThanOrEqual(16 * 4);
    expect(sim.wakes.length).toBeLessThan(20);
  });
});

describe('nudge policy properties over random days', () => {
  const arbWindow = (min: number, max: number) =>
    fc
      .tuple(fc.integer({ min, max }), fc.integer({ min: 15, max: 180 }))
      .map(([start, len]): DailyWindow => ({ startMinute: start, endMinute: (start + len) % 1440 }));

  const arbScript = fc
    .record({
      start: fc.integer({ min: 5 * 60, max: 12 * 60 }),
      length: fc.integer({ min: 2 * 60, max: 17 * 60 }),
      activeDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      stillThresholdMinutes: fc.integer({ min: 15, max: 120 }),
      movingStepsPerMinute: fc.integer({ min: 5, max: 60 }),
      snoozeMinutes: fc.integer({ min: 10, max: 60 }),
      dailyCap: fc.integer({ min: 0, max: 12 }),
      quietPeriods: fc.array(arbWindow(0, 1439), { maxLength: 3 }),
      walks: fc.array(
        fc.record({
          startMinute: fc.integer({ min: 6 * 60, max: 23 * 60 }),
          minutes: fc.integer({ min: 10, max: 60 }),
          extraRate: fc.integer({ min: 2, max: 80 }),
        }),
        { maxLength: 8 },
      ),
      otherDeviceSessionEnds: fc.array(fc.integer({ min: 7 * 60, max: 23 * 60 }), { maxLength: 3 }),
      answers: fc.array(
        fc.constantFrom<NudgeResponse | 'ignored'>('started', 'snoozed', 'dismissed', 'ignored'),
        {
          maxLength: 16,
        },
      ),
      offset: fc.constantFrom(-300, 0, 60, 330, 765),
    })
    .map((x) => {
      const settings: ReminderSettings = {
        enabled: true,
        activeHours: { startMinute: x.start, endMinute: Math.min(x.start + x.length, 1440) },
        activeDays: x.activeDays,
        stillThresholdMinutes: x.stillThresholdMinutes,
        movingStepsPerMinute: x.movingStepsPerMinute,
        snoozeMinutes: x.snoozeMinutes,
        dailyCap: x.dailyCap,
        quietPeriods: x.quietPeriods,
      };
      const walks: Walk[] = x.walks.map((w) => ({
        startMinute: w.startMinute,
        minutes: w.minutes,
        stepsPerMinute: x.movingStepsPerMinute + w.extraRate,
      }));
      return { settings, walks, x };
    });

  function run(script: {
    settings: ReminderSettings;
    walks: Walk[];
    x: { otherDeviceSessionEnds: number[]; answers: Array<NudgeResponse | 'ignored'>; offset: number };
  }): SimResult {
    return simulateDay({
      date: DATE,
      utcOffsetMinutes: script.x.offset,
      settings: script.settings,
      walks: script.walks,
      otherDeviceSessionEnds: script.x.otherDeviceSessionEnds,
      respond: (i) => script.x.answers[i] ?? 'ignored',
    });
  }

  it('wakes at most four times an hour on average, and only forward in time', () => {
    fc.assert(
      fc.property(arbScript, (script) => {
        const sim = run(script);
        expect(sim.wakes.length).toBeLessThanOrEqual(16 * 4);
        for (let i = 1; i < sim.wakes.length; i++)
          expect(sim.wakes[i] ?? 0).toBeGreaterThan(sim.wakes[i - 1] ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it('never nudges outside active hours or days, in quiet periods, or past the daily cap', () => {
    fc.assert(
      fc.property(arbScript, (script) => {
        const sim = run(script);
        const { settings } = script;
        for (const n of sim.nudges) expect(allowedAt(n.at, script.x.offset, settings)).toBe(true);
        const perDay = new Map<number, number>();
        for (const n of sim.nudges) {
          const d = localDayNumber(n.at, script.x.offset);
          perDay.set(d, (perDay.get(d) ?? 0) + 1);
        }
        for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(settings.dailyCap);
      }),
      { numRuns: 150 },
    );
  });

  it('nudges only after the still threshold, counting sessions on any device as movement', () => {
    fc.assert(
      fc.property(arbScript, (script) => {
        const sim = run(script);
        const { settings } = script;
        const threshold = settings.stillThresholdMinutes * MIN;
        const dayStart = epochAtLocal(DATE, 0, script.x.offset);
        for (const [i, n] of sim.nudges.entries()) {
          // Sessions (own micro-breaks and other devices') the watch had heard of by then.
          for (const end of sim.sessionEnds)
            if (end <= n.at) expect(n.at - end).toBeGreaterThanOrEqual(threshold);
          // Movement: no interval between readings that ended within the threshold before the
          // nudge was sustained movement — checked with this test's own copy of the documented
          // rule: steps ≥ rate × min(m, 5) + min(5, rate) × max(0, m − 5).
          const rate = settings.movingStepsPerMinute;
          for (let k = 1; k < sim.samples.length; k++) {
            const a = sim.samples[k - 1] as { at: number; total: number };
            const b = sim.samples[k] as { at: number; total: number };
            if (b.at <= n.at - threshold || b.at > n.at) continue;
            const m = (b.at - a.at) / MIN;
            const need = rate * Math.min(m, 5) + Math.min(5, rate) * Math.max(0, m - 5);
            const steps = b.total >= a.total ? b.total - a.total : b.total;
            expect(steps > 0 && steps >= need, `interval ending ${hm(b.at, script.x.offset)}`).toBe(false);
          }
          // Still spells start no earlier than the active window opens.
          const windowStart = dayStart + settings.activeHours.startMinute * MIN;
          expect(n.at - windowStart).toBeGreaterThanOrEqual(threshold);
          // Spacing: a full threshold after the previous nudge, or the snooze if it was snoozed.
          const prev = sim.nudges[i - 1];
          if (prev) {
            const gap = prev.response === 'snoozed' ? settings.snoozeMinutes * MIN : threshold;
            expect(n.at - prev.at).toBeGreaterThanOrEqual(gap);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a session on another device resets the still clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (threshold, sessionAgo) => {
          const settings = {
            ...DEFAULT_REMINDER_SETTINGS,
            stillThresholdMinutes: threshold,
            quietPeriods: [],
          };
          const now = epochAtLocal(DATE, 16 * 60, 60);
          const history: NudgeHistory = { ...emptyNudgeHistory(), lastMovementAt: now - 5 * 60 * MIN };
          const without = decideNudge({ settings, now, utcOffsetMinutes: 60, steps: [], history });
          expect(without.nudge).toBe(true);
          const withSession = decideNudge({
            settings,
            now,
            utcOffsetMinutes: 60,
            steps: [],
            history: { ...history, lastSessionEndedAt: now - sessionAgo * MIN },
          });
          expect(withSession.nudge).toBe(sessionAgo >= threshold);
          if (!withSession.nudge) {
            expect(withSession.reason).toBe('recentSession');
            expect(withSession.nextCheckAt).toBeGreaterThanOrEqual(now - sessionAgo * MIN + threshold * MIN);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decides sanely for arbitrary histories (property)', () => {
    const t0 = epochAtLocal(DATE, 0, 0);
    const arbTime = fc.integer({ min: t0 - 2 * 86_400_000, max: t0 + 2 * 86_400_000 });
    fc.assert(
      fc.property(
        arbScript,
        arbTime,
        fc.record({
          lastNudgeAt: fc.option(arbTime, { nil: null }),
          nudgeTimes: fc.array(arbTime, { maxLength: 12 }),
          snoozedUntil: fc.option(arbTime, { nil: null }),
          lastSessionEndedAt: fc.option(arbTime, { nil: null }),
          lastMovementAt: fc.option(arbTime, { nil: null }),
          lastStepSample: fc.constant(null),
        }),
        (script, now, history) => {
          const d = decideNudge({
            settings: script.settings,
            now,
            utcOffsetMinutes: script.x.offset,
            steps: [],
            history,
          });
          expect(d.nextCheckAt).toBeGreaterThan(now);
          if (d.nudge) {
            expect(allowedAt(now, script.x.offset, script.settings)).toBe(true);
            // The cap counts per active window; these windows do not cross midnight, so the
            // window holding `now` started at startMinute on now's local day.
            const windowStart = epochAtLocal(
              formatDayNumber(localDayNumber(now, script.x.offset)),
              script.settings.activeHours.startMinute,
              script.x.offset,
            );
            const inWindowSoFar = history.nudgeTimes.filter((t) => t >= windowStart && t <= now);
            expect(inWindowSoFar.length).toBeLessThan(script.settings.dailyCap);
            expect(now - (d.stillSince ?? now)).toBeGreaterThanOrEqual(
              script.settings.stillThresholdMinutes * MIN,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
