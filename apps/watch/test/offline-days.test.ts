/**
 * Three days offline → the real server, exactly once. The REAL apps/sync-server runs in this
 * process (SQLite in a temp dir, local auth); the sim's phone talks to it with real fetch.
 */
import {
  DEFAULT_REMINDER_SETTINGS,
  getReminderSettings,
  listSessions,
  type ReminderSettings,
} from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { pairLikeAUser } from './phone-helpers.js';
import {
  newPairingCode,
  pullAll,
  pushReminders,
  type RealServer,
  sessionsOf,
  startRealServer,
} from './server-support.js';
import { launchWatch, MONDAY_8AM, quickBreak, watchReplica } from './sim-helpers.js';

const DAY = 86_400_000;

let sim: Sim | undefined;
let server: RealServer | undefined;
afterEach(async () => {
  sim?.dispose();
  sim = undefined;
  await server?.dispose();
  server = undefined;
});

const NEW_REMINDERS: ReminderSettings = {
  ...DEFAULT_REMINDER_SETTINGS,
  stillThresholdMinutes: 35,
  snoozeMinutes: 20,
};

async function threeOfflineDays(lossRate: number): Promise<void> {
  server = await startRealServer();
  sim = await launchWatch({ seed: 7 });
  const s = sim;
  const srv = server;

  // The user pairs in the Zepp app with the code the dashboard shows, then syncs once online.
  await pairLikeAUser(s, srv.url, await newPairingCode(srv));
  await s.relaunch();
  await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 120_000, stepMs: 100 });
  const deviceId = JSON.parse(String(s.phone.settings.getItem('credential'))).deviceId as string;
  // The watch adopted the server's device id (the credential itself stays on the phone).
  expect(JSON.parse(String(s.system.localStorage.value['unknot.identity.v1'])).deviceId).toBe(deviceId);

  // Three days with the phone offline: one break a day, the app closed in between.
  s.phone.setOnline(false);
  for (let day = 0; day < 3; day++) {
    if (day > 0) {
      await s.clock.runUntil(MONDAY_8AM + day * DAY + 2 * 3_600_000);
      await s.launch();
    }
    await quickBreak(s);
    await s.clock.advance(60_000);
    await s.exit();
  }
  const local = listSessions(watchReplica(s).state());
  expect(local).toHaveLength(3);
  expect(watchReplica(s).pendingCount()).toBeGreaterThanOrEqual(3);
  expect(await pullAll(srv).then(sessionsOf)).toHaveLength(0);

  // Meanwhile the dashboard changed the reminders.
  // Stamped on the sim's clock: a register from more than a day ahead of the watch is ignored (the drift bound).
  await pushReminders(srv, NEW_REMINDERS, s.clock.now());

  // The phone is back (with a lossy BLE link in the variant); the watch opens and syncs.
  s.phone.setOnline(true);
  s.link.configure({ lossRate });
  const back = s.clock.now();
  await s.launch();
  // A lossy link fails single requests (shake, request or response frames lost); while the app is
  // open, home retries within seconds. The screen times out and the system closes the app, so the
  // person opens Unknot again every few minutes, as they would.
  let lastOpen = back;
  const settled = () =>
    watchReplica(s).pendingCount() === 0 &&
    getReminderSettings(watchReplica(s).state()).stillThresholdMinutes === 35;
  while (!settled()) {
    if (s.clock.now() - back > (lossRate > 0 ? 2 : 1) * 3_600_000) throw new Error('sync did not settle');
    if (!s.watch?.alive && s.clock.now() - lastOpen >= 3 * 60_000) {
      lastOpen = s.clock.now();
      await s.launch();
    }
    await s.clock.advance(2000);
  }
  const drainMin = (s.clock.now() - back) / 60_000;

  // Every session is on the server exactly once: none missing, no duplicates.
  const onServer = sessionsOf(await pullAll(srv));
  const ids = onServer.map((r) => r.id).sort();
  expect(ids).toEqual(local.map((r) => r.id).sort());
  expect(new Set(ids).size).toBe(3);
  expect(onServer.every((r) => r.deviceId === deviceId)).toBe(true);
  // The dashboard's settings reached the watch.
  expect(getReminderSettings(watchReplica(s).state())).toEqual(NEW_REMINDERS);
  // The credential never left the phone.
  const secret = JSON.parse(String(s.phone.settings.getItem('credential'))).secret as string;
  expect(JSON.stringify(s.system.localStorage.value)).not.toContain(secret);
  expect(s.errors).toEqual([]);
  const syncPosts = s.phone.fetchLog().filter((f) => f.url.endsWith('/v1/sync')).length;
  const dropped = s.link.stats.toPhone.dropped + s.link.stats.toWatch.dropped;
  console.log(
    `BLE loss ${lossRate}: settled in ${drainMin.toFixed(1)} virtual min, ${syncPosts} sync POSTs by the phone, ${dropped} frames dropped`,
  );
}

describe('three days offline, then the real sync server', () => {
  it('delivers every session exactly once and brings the dashboard settings back', async () => {
    await threeOfflineDays(0);
  });

  it('does the same over a BLE link that loses 20 % of frames', async () => {
    await threeOfflineDays(0.2);
  });
});
