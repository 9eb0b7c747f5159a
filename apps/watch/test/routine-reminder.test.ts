/**
 * The daily routine reminder: set to 07:30 on the dashboard (the REAL sync server), it reaches
 * the watch, which books a `@zos/alarm` that opens the runner at 07:30 on the next planned day —
 * not on an unplanned one — books the next one when it fired, and cancels it when turned off.
 * Times are the watch's local time (the sim follows the host's zone).
 */
import { DEFAULT_REMINDER_SETTINGS, type PlanSettings, type ReminderSettings } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { pairLikeAUser } from './phone-helpers.js';
import { newPairingCode, pushRegister, type RealServer, startRealServer } from './server-support.js';
import { launchWatch } from './sim-helpers.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.dispose();
});

/** Local wall time on the host's (= the sim's) zone, January 2025. */
const local = (day: number, h: number, m = 0) => new Date(2025, 0, day, h, m).getTime();
const RUNNER = 'page/runner/index';
const WEEKDAYS_PLAN: PlanSettings = { routineId: 'full-back', days: [1, 2, 3, 4, 5], timeZone: 'UTC' };
const at0730 = (enabled: boolean): ReminderSettings => ({
  ...DEFAULT_REMINDER_SETTINGS,
  routineReminder: { enabled, minute: 7 * 60 + 30 },
});

const runnerAlarms = (s: Sim) => s.alarms.filter((a) => a.url === RUNNER);
const openedByAlarm = (s: Sim, from: number, to: number) =>
  s.timeline.entries.filter((e) => e.event === 'alarm.open-page' && e.t >= from && e.t < to);

async function syncOnce(s: Sim): Promise<void> {
  await s.launch();
  await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 60_000, stepMs: 100 });
  await s.exit();
}

describe('the daily routine reminder', () => {
  it('opens the runner at 07:30 on planned days only, re-arms after firing, and is cancelled when off', async () => {
    // Friday 2025-01-10 08:00 local: the routine is planned Monday to Friday.
    const s = await launchWatch({ startTime: local(10, 8), alarmLatenessMs: 3000 });
    try {
      await pairLikeAUser(s, server.url, await newPairingCode(server));
      await s.exit();
      await pushRegister(server, 'settings.plan', WEEKDAYS_PLAN, s.clock.now());
      await pushRegister(server, 'settings.reminders', at0730(true), s.clock.now());
      await syncOnce(s);

      // Friday's 07:30 has passed and the weekend is not planned: Monday 13th, 07:30.
      expect(runnerAlarms(s)).toEqual([expect.objectContaining({ at: local(13, 7, 30) })]);

      // Saturday and Sunday 07:30 pass with the app closed: nothing opens.
      await s.clock.runUntil(local(12, 23, 59));
      expect(openedByAlarm(s, local(10, 9), local(13, 0))).toEqual([]);
      expect(s.watch).toBeUndefined();

      // Monday: just before 07:30 nothing; by 07:30:03 the runner is open on the planned routine.
      await s.clock.runUntil(local(13, 7, 30) - 1);
      expect(s.watch).toBeUndefined();
      await s.until(() => s.screen.page() === RUNNER, { timeoutMs: 3_500, stepMs: 100 });
      expect(s.clock.now()).toBeGreaterThanOrEqual(local(13, 7, 30));
      expect(s.clock.now()).toBeLessThanOrEqual(local(13, 7, 30) + 3_000);
      expect(s.screen.isOn()).toBe(true);
      expect(s.screen.findByText('Start')).toBeDefined();
      // Fired and gone; the app's start booked Tuesday's.
      expect(runnerAlarms(s)).toEqual([expect.objectContaining({ at: local(14, 7, 30) })]);

      // Turned off on the dashboard: the next sync cancels Tuesday's alarm; Tuesday 07:30 passes.
      await s.clock.advance(30 * 60_000);
      await pushRegister(server, 'settings.reminders', at0730(false), s.clock.now());
      await syncOnce(s);
      expect(runnerAlarms(s)).toEqual([]);
      await s.clock.runUntil(local(14, 8));
      expect(openedByAlarm(s, local(13, 8), local(14, 8))).toEqual([]);
      expect(s.errors).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
