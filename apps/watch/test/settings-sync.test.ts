/**
 * The reminder settings as ONE synced register, with the REAL sync server: a change on the watch's
 * Settings page reaches the dashboard's register (read back over HTTP); a change on the server
 * (the dashboard) reaches the watch and moves its next nudge wake-up; a change on the phone's
 * settings page (Zepp app) reaches the watch and from there the server.
 */
import { applyOps, emptySyncState, getReminderSettings, type ReminderSettings } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { local, nudgeWakeAt, ROWS, tapNth, watchReminders } from './feature-helpers.js';
import { pairLikeAUser, settingsText, typeInSettings } from './phone-helpers.js';
import {
  newPairingCode,
  pullAll,
  pushReminders,
  type RealServer,
  startRealServer,
} from './server-support.js';
import { launchWatch, tapText, watchReplica } from './sim-helpers.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.dispose();
});

/** What the dashboard reads: the server's ops folded by the core. */
async function serverReminders(): Promise<ReminderSettings> {
  return getReminderSettings(applyOps(emptySyncState(), await pullAll(server)));
}

/** Opens the app and waits for a new round through the phone (home's line may still show the last one). */
async function openAndSync(s: Sim): Promise<void> {
  const last = s.phone.settings.getItem('lastSync');
  await s.launch();
  await s.until(
    () => s.phone.settings.getItem('lastSync') !== last && s.screen.findByText(/^Synced/) !== undefined,
    {
      timeoutMs: 120_000,
      stepMs: 100,
    },
  );
}

describe('settings sync both ways', () => {
  it('watch page -> server, server -> watch (next nudge wake-up moves), phone page -> watch -> server', async () => {
    const s = await launchWatch({ startTime: local(6, 8) });
    try {
      await pairLikeAUser(s, server.url, await newPairingCode(server));
      await s.exit();
      await openAndSync(s);
      // 08:00, active hours 09:00-18:00: the nudge service sleeps until 09:00.
      await s.clock.advance(5_000);
      expect(nudgeWakeAt(s)).toBe(local(6, 9));

      // On the watch: snooze 15 -> 20 min; it syncs 1.5 s after the last tap.
      await tapText(s, 'Settings');
      await tapNth(s, '+', ROWS.snooze);
      expect(s.screen.findByText('20 min')).toBeDefined();
      expect(s.screen.findByText(/^Saved\. It syncs to your\s+other devices\.$/)).toBeDefined();
      await s.until(() => watchReplica(s).pendingCount() === 0, { timeoutMs: 60_000, stepMs: 200 });
      expect((await serverReminders()).snoozeMinutes).toBe(20);
      await s.exit();

      // On the dashboard: nudges from 10:00. The watch syncs when opened and re-plans at once.
      const fromDashboard = {
        ...(await serverReminders()),
        activeHours: { startMinute: 600, endMinute: 1080 },
      };
      await pushReminders(server, fromDashboard, s.clock.now());
      await openAndSync(s);
      await s.clock.advance(5_000);
      expect(watchReminders(s)).toEqual(fromDashboard);
      expect(nudgeWakeAt(s)).toBe(local(6, 10));
      await s.exit();

      // On the phone (Zepp app > Unknot > Settings): nudges until 17:30.
      expect(settingsText(s)).toContain('These are the settings on your watch.');
      typeInSettings(s, 'Nudges until (HH:MM)', '17:30');
      expect(settingsText(s)).toContain('Your watch takes the change the next time you open Unknot on it.');
      // A time that is not one: a message, no edit.
      typeInSettings(s, 'Nudges from (HH:MM)', '25:00');
      expect(settingsText(s)).toContain('Enter a time as HH:MM, for example 09:00.');
      await openAndSync(s);
      await s.until(() => !s.phone.settings.getItem('reminderEdit') && watchReplica(s).pendingCount() === 0, {
        timeoutMs: 60_000,
        stepMs: 200,
      });
      expect(watchReminders(s)).toEqual({
        ...fromDashboard,
        activeHours: { startMinute: 600, endMinute: 1050 },
      });
      expect((await serverReminders()).activeHours).toEqual({ startMinute: 600, endMinute: 1050 });
      // The phone page now shows what the watch has; the pending edit is gone.
      expect(s.phone.settings.getItem('reminderEdit')).toBeFalsy();
      expect(settingsText(s)).toContain('These are the settings on your watch.');
      expect(s.errors).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
