import { DEFAULT_REMINDER_SETTINGS } from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { launchWatch, MONDAY_8AM } from './sim-helpers.js';

let sim: Sim | undefined;
afterEach(() => sim?.dispose());

const HOUR = 3_600_000;

describe('a simulated work day of nudges', () => {
  it('nudges after the still threshold, never in quiet hours, stops at the cap, wakes ≤ 4 times an hour', async () => {
    sim = await launchWatch();
    await sim.exit();
    // Sitting all day (the sim's UTC offset is 0, so local = UTC), with one short walk at 10:30.
    sim.steps.schedule([
      { activity: 'sitting', minutes: 150 },
      { activity: 'walking', minutes: 6 },
      { activity: 'sitting', minutes: 600 },
    ]);
    await sim.clock.advance(11 * HOUR);

    const nudges = sim.notifications.map((n) => n.t);
    const wakes = sim.timeline.entries.filter((e) => e.event === 'service.onInit').map((e) => e.t);
    const s = DEFAULT_REMINDER_SETTINGS;
    const first = nudges[0] ?? 0;
    expect(first).toBeGreaterThanOrEqual(MONDAY_8AM + HOUR + s.stillThresholdMinutes * 60_000);
    for (const t of nudges) {
      const minute = ((t - MONDAY_8AM) / 60_000 + 8 * 60) % 1440;
      expect(minute >= 12 * 60 && minute < 13 * 60).toBe(false);
      expect(minute >= s.activeHours.startMinute && minute < s.activeHours.endMinute).toBe(true);
    }
    expect(nudges.length).toBeGreaterThan(0);
    expect(nudges.length).toBeLessThanOrEqual(s.dailyCap);
    expect(wakes.length / 11).toBeLessThanOrEqual(4);
    console.log(`nudges ${nudges.length}, wakes ${wakes.length} in 11 h`);
  });
});
