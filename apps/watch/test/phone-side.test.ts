/**
 * The phone half: the settings page's storage drives pairing, the credential stays in phone
 * settings storage, and relay failures reach the watch as sync state (home's sync line).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { pairLikeAUser, pressInSettings, settingsText, typeInSettings } from './phone-helpers.js';
import { newPairingCode, type RealServer, startRealServer } from './server-support.js';
import { launchWatch, tapText } from './sim-helpers.js';

let server: RealServer;
let sim: Sim | undefined;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.dispose();
});
afterEach(() => {
  sim?.dispose();
  sim = undefined;
});

function syncLineOnHome(s: Sim): string {
  return s.screen.texts().find((t) => /^(Synced|Not paired|Not synced|\d+ waiting)/.test(t)) ?? '';
}

/** Home → Quick break → run it → Skip rating → Done: one session in the outbox. */
async function quickBreak(s: Sim): Promise<void> {
  await tapText(s, 'Quick break');
  await tapText(s, 'Start');
  await s.until(() => s.screen.page() === 'page/summary/index', { timeoutMs: 15 * 60_000, stepMs: 1000 });
  await tapText(s, 'Skip rating');
  await tapText(s, 'Done');
}

describe('phone side service and settings page', () => {
  it('redeems the pairing code typed on the settings page and keeps the credential on the phone', async () => {
    sim = await launchWatch();
    const s = sim;
    await s.until(() => syncLineOnHome(s) === 'Not paired', { timeoutMs: 5000 });
    expect(settingsText(s)).toContain('Status: Not paired');

    await pairLikeAUser(s, `${server.url}/`, await newPairingCode(server));
    const credential = JSON.parse(String(s.phone.settings.getItem('credential'))) as Record<string, string>;
    expect(credential.serverUrl).toBe(server.url);
    expect(credential.deviceId).toMatch(/\S/);
    // The one-time code is consumed and the page says so.
    expect(s.phone.settings.getItem('pairingCode')).toBeNull();
    expect(settingsText(s)).toContain(`Status: Paired as ${credential.deviceId}`);

    // The watch syncs through the phone and shows it on home; it never holds the secret.
    await s.relaunch();
    await s.until(() => syncLineOnHome(s).startsWith('Synced'), { timeoutMs: 10_000 });
    expect(syncLineOnHome(s)).toBe('Synced just now');
    await s.clock.advance(5 * 60_000);
    await s.relaunch();
    await s.until(() => /^Synced \d+ min ago$/.test(syncLineOnHome(s)), { timeoutMs: 10_000 });
    const watchStorage = JSON.stringify(s.system.localStorage.value);
    expect(watchStorage).not.toContain(credential.secret);
    expect(watchStorage).not.toContain('secret');
    expect(settingsText(s)).toMatch(/Last sync .*: 0 sent, \d+ received/);
    expect(s.errors).toEqual([]);
  });

  it('reports a wrong pairing code on the settings page and stays unpaired', async () => {
    sim = await launchWatch();
    const s = sim;
    typeInSettings(s, 'Server address', server.url);
    typeInSettings(s, 'Pairing code', 'ZZZZ-ZZZZ');
    s.phone.start();
    await s.until(() => settingsText(s).includes('Status:') && !settingsText(s).includes('Pairing…'), {
      timeoutMs: 10_000,
      stepMs: 50,
    });
    const status = JSON.parse(String(s.phone.settings.getItem('pairingStatus'))) as { state: string };
    expect(status.state).toBe('failed');
    expect(s.phone.settings.getItem('credential')).toBeNull();
    expect(settingsText(s)).not.toContain('Status: Paired');
  });

  it('surfaces relay failures as sync state and recovers when the server is back', async () => {
    sim = await launchWatch();
    const s = sim;
    await pairLikeAUser(s, server.url, await newPairingCode(server));
    // The phone loses its internet: the watch records, the relay reports "unreachable".
    s.phone.setOnline(false);
    await s.relaunch();
    await quickBreak(s);
    await s.until(() => syncLineOnHome(s) === '1 waiting to sync', { timeoutMs: 60_000 });
    const status = JSON.parse(String(s.system.localStorage.value['unknot.sync.v1'])) as {
      failures: number;
      lastError: string;
      paired: boolean;
    };
    expect(status.failures).toBeGreaterThan(0);
    expect(status.paired).toBe(true);
    expect(status.lastError).toContain('network unavailable');
    expect(settingsText(s)).toMatch(/Last attempt .* failed: network unavailable/);

    // Back online: home's backoff timer retries by itself.
    s.phone.setOnline(true);
    await s.until(() => syncLineOnHome(s).startsWith('Synced'), { timeoutMs: 31 * 60_000, stepMs: 1000 });
    expect(settingsText(s)).toMatch(/Last sync .*: \d+ sent/);

    // The user forgets the pairing on the phone: the watch says so instead of failing silently.
    pressInSettings(s, 'Forget this pairing');
    expect(s.phone.settings.getItem('credential')).toBeNull();
    await s.relaunch();
    await s.until(() => syncLineOnHome(s) === 'Not paired', { timeoutMs: 60_000 });
    expect(s.errors).toEqual([]);
  });
});
