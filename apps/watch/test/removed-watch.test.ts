/**
 * A watch removed from the account on the dashboard is told: the REAL sync server refuses its
 * credential (`deviceRevoked`), the phone side service forgets it and says so on the settings
 * page, the watch's home and About say it was removed and how to pair again, and its unsent
 * session stays on the watch until the next pairing sends it exactly once.
 */
import { type DeviceInfo, HTTP_ROUTES, listSessions } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { pairLikeAUser, settingsText } from './phone-helpers.js';
import {
  call,
  newPairingCode,
  pullAll,
  type RealServer,
  revokeDevice,
  sessionsOf,
  startRealServer,
} from './server-support.js';
import { launchWatch, quickBreak, tapText, watchReplica } from './sim-helpers.js';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.dispose();
});

const REMOVED_HOME = 'Removed from your account. Pair again in the Zepp app settings.';

/** Home's sync line as one line (the label wraps it to fit its box). */
function removedLineShown(s: Sim): boolean {
  return s.screen.texts().some((t) => t.replace(/\s+/g, ' ') === REMOVED_HOME);
}

function credentialOf(s: Sim): { deviceId: string } | null {
  const raw = s.phone.settings.getItem('credential');
  return typeof raw === 'string' ? (JSON.parse(raw) as { deviceId: string }) : null;
}

describe('a watch removed from the account', () => {
  it('says so on the watch and the phone, keeps its session, and sends it once after pairing again', async () => {
    const s = await launchWatch({ seed: 3 });
    try {
      await pairLikeAUser(s, server.url, await newPairingCode(server));
      await s.relaunch();
      await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 60_000, stepMs: 100 });
      const first = credentialOf(s);
      if (!first) throw new Error('not paired');

      // Devices → Revoke on the dashboard; then a quick break on the watch.
      await revokeDevice(server, first.deviceId);
      await quickBreak(s);
      await s.until(() => removedLineShown(s), { timeoutMs: 60_000, stepMs: 100 });
      expect(s.screen.findByText(/waiting to sync/)).toBeUndefined();
      const [local] = listSessions(watchReplica(s).state());
      if (!local) throw new Error('no session on the watch');
      // Nothing of the refused push reached the server; the op stays in the outbox.
      expect(sessionsOf(await pullAll(server))).toHaveLength(0);
      expect(watchReplica(s).pendingCount()).toBeGreaterThanOrEqual(1);

      // The phone forgot the refused credential and its settings page says what to do.
      expect(credentialOf(s)).toBeNull();
      const phone = settingsText(s);
      expect(phone).toContain('Status: Removed from your account on 6 Jan 2025');
      expect(phone).toContain('To pair it again: open the Unknot dashboard, choose Devices > Pair');
      expect(phone).not.toContain('Status: Paired');

      // About says it too, with the session kept.
      await tapText(s, 'About & safety');
      const about = s.screen.texts().join(' ').replace(/\s+/g, ' ');
      expect(about).toContain('Not paired (removed on 6 Jan 2025)');
      expect(about).toMatch(/\d+ items? waiting to sync (is|are) kept and sent after you pair again/);
      expect(about).not.toContain('Sync: Paired');

      // A later open still knows (the phone answers `hello` with the removal).
      await s.clock.advance(60 * 60_000);
      await s.relaunch();
      await s.until(() => removedLineShown(s), { timeoutMs: 30_000, stepMs: 100 });

      // Pairing again with a new code: the kept session reaches the server exactly once.
      await pairLikeAUser(s, server.url, await newPairingCode(server));
      const second = credentialOf(s);
      expect(second?.deviceId).toBeDefined();
      expect(second?.deviceId).not.toBe(first.deviceId);
      expect(s.phone.settings.getItem('removal')).toBeNull();
      expect(settingsText(s)).toContain(`Status: Paired as ${second?.deviceId}`);
      await s.relaunch();
      await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 60_000, stepMs: 100 });
      expect(watchReplica(s).pendingCount()).toBe(0);
      // The phone passed on what the watch still holds (nothing now), so the devices page can say so.
      await expect
        .poll(
          async () => {
            const devices = await call<DeviceInfo[]>(server.url, 'GET', HTTP_ROUTES.devices, {
              auth: `Bearer ${server.token}`,
            });
            const d = devices.find((x) => x.deviceId === second?.deviceId);
            return d ? { pendingOps: d.pendingOps, reported: d.pendingOpsAt !== null } : null;
          },
          { timeout: 5000, interval: 200 },
        )
        .toEqual({ pendingOps: 0, reported: true });
      // Another round changes nothing on the server.
      await s.clock.advance(10 * 60_000);
      await s.relaunch();
      await s.until(() => s.screen.findByText(/^Synced/) !== undefined, { timeoutMs: 60_000, stepMs: 100 });
      // The session was re-made under the new device id (same start, same record otherwise).
      const onServer = sessionsOf(await pullAll(server));
      const suffix = local.id.slice(first.deviceId.length);
      expect(onServer.map((r) => r.id)).toEqual([`${second?.deviceId}${suffix}`]);
      expect(onServer[0]?.deviceId).toBe(second?.deviceId);
      expect(onServer[0]?.startedAt).toBe(local.startedAt);
      expect(listSessions(watchReplica(s).state()).map((r) => r.id)).toEqual([
        `${second?.deviceId}${suffix}`,
      ]);

      await s.relaunch({ page: 'page/about/index' });
      expect(s.screen.texts().join(' ').replace(/\s+/g, ' ')).toContain('Sync: Paired');
      expect(s.errors).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
