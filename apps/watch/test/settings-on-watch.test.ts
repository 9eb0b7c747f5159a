/**
 * Settings on the wrist, with no account and no server: nudges turned off and the routine
 * reminder turned on from the watch's own Settings page, then a whole simulated day of sitting
 * (07:00-22:00). No nudge, no nudge wake-up; the only alarm that fires is the routine reminder.
 * A snooze below the core's bounds gets the core's message and changes nothing.
 */
import { DEFAULT_REMINDER_SETTINGS, REMINDER_BOUNDS } from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import {
  alarmFires,
  local,
  NUDGE_SERVICE,
  nudgeWakeAt,
  ROWS,
  RUNNER,
  tapNth,
  watchReminders,
} from './feature-helpers.js';
import { launchWatch, tapText } from './sim-helpers.js';

let sim: Sim | undefined;
afterEach(() => sim?.dispose());

describe('settings on the watch, unpaired', () => {
  it('nudges off on the watch: a sitting day brings no nudge and no nudge wake-up, only the routine reminder', async () => {
    // Monday 6 January, 06:50 local.
    const s = await launchWatch({ startTime: local(6, 6, 50) });
    sim = s;
    await tapText(s, 'Settings');
    expect(s.screen.page()).toBe('page/settings/index');
    expect(s.screen.findByText('09:00')).toBeDefined();
    expect(s.screen.findByText('18:00')).toBeDefined();

    await tapText(s, 'Nudges: on');
    expect(s.screen.findByText('Nudges: off')).toBeDefined();
    await tapText(s, 'Routine reminder: off');
    expect(s.screen.findByText('Routine reminder: on')).toBeDefined();
    expect(s.screen.findByText('07:30')).toBeDefined();

    // Snooze 15 -> 10 -> 5 (the core's lowest), then one step below: the core's message, no change.
    await tapNth(s, '-', ROWS.snooze);
    await tapNth(s, '-', ROWS.snooze);
    expect(s.screen.findByText('5 min')).toBeDefined();
    await tapNth(s, '-', ROWS.snooze);
    const { min, max } = REMINDER_BOUNDS.snoozeMinutes;
    expect(s.screen.findByText(`Choose ${min}-${max} minutes.`)).toBeDefined();
    expect(s.screen.findByText('5 min')).toBeDefined();

    // The same register the dashboard edits, on the watch's replica.
    expect(watchReminders(s)).toEqual({
      ...DEFAULT_REMINDER_SETTINGS,
      enabled: false,
      snoozeMinutes: 5,
      routineReminder: { enabled: true, minute: 7 * 60 + 30 },
    });
    // Effective at once: no nudge wake-up booked, the reminder's alarm booked for 07:30 today.
    expect(nudgeWakeAt(s)).toBeNull();
    expect(s.alarms.filter((a) => a.url === NUDGE_SERVICE)).toEqual([]);
    expect(s.alarms.filter((a) => a.url === RUNNER).map((a) => a.at)).toEqual([local(6, 7, 30)]);
    await s.exit();

    // Sitting from 07:00 to 22:00 (the default active hours are 09:00-18:00, threshold 50 min).
    await s.clock.runUntil(local(6, 7));
    const from = s.clock.now();
    s.steps.schedule([{ activity: 'sitting', minutes: 15 * 60 }]);
    await s.clock.runUntil(local(6, 22));

    expect(s.notifications.filter((n) => n.t >= from)).toEqual([]);
    expect(s.serviceRuns.filter((r) => r.startedAt >= from)).toEqual([]);
    expect(alarmFires(s, NUDGE_SERVICE, from, s.clock.now())).toEqual([]);
    // The only wake-up of the day: the routine reminder at 07:30 (up to 3 s late), which opened the runner.
    const fired = s.timeline.entries.filter((e) => e.event === 'alarm.fire' && e.t >= from).map((e) => e.t);
    expect(fired).toHaveLength(1);
    expect(alarmFires(s, RUNNER, local(6, 7, 30), local(6, 7, 30) + 3_001)).toHaveLength(1);
    // Tomorrow's reminder is booked; still no nudge wake-up.
    expect(s.alarms.map((a) => [a.url, a.at])).toEqual([[RUNNER, local(7, 7, 30)]]);
    expect(s.errors).toEqual([]);
  });
});
