/**
 * Pairs the simulated phone with the local owner the way a person would: sign in (login link →
 * session token), make a pairing code (Devices → Pair), type server address + code into the Zepp
 * app's settings for Unknot (the sim phone's settings storage). On a restart the credential kept in
 * the phone settings is reused when the server still knows the device.
 */
import {
  type DeviceInfo,
  HTTP_ROUTES,
  type LocalLoginResponse,
  type PairingCode,
} from '@unknot/stretch-model';
import type { RunningServer } from '@unknot/sync-server';
import {
  type DeviceCredential,
  isCredential,
  SETTINGS_KEYS,
} from '../../apps/watch/app-side/phone-settings.js';
import type { SimDriver } from './sim-driver.js';

export interface PairingResult {
  deviceId: string;
  userId: string;
  /** true when the credential stored on the phone was still valid */
  reused: boolean;
}

async function call<T>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  o: { body?: unknown; token?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A session token for the local owner: a fresh one-time login link, redeemed like the dashboard does. */
export async function ownerToken(server: RunningServer): Promise<string> {
  const localLogin = server.services.localLogin;
  if (!localLogin) throw new Error('the simulated watch needs AUTH_MODE=local (a local owner to pair with)');
  const { token } = await localLogin.issueLoginToken();
  const res = await call<LocalLoginResponse>(server.url, 'POST', HTTP_ROUTES.localLogin, {
    body: { loginToken: token },
  });
  return res.token;
}

export function storedCredential(driver: SimDriver): DeviceCredential | null {
  const raw = driver.sim.phone.settings.getItem(SETTINGS_KEYS.credential);
  if (typeof raw !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isCredential(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Makes sure the sim phone holds a valid device credential for the local owner of `server`. */
export async function ensurePaired(server: RunningServer, driver: SimDriver): Promise<PairingResult> {
  const token = await ownerToken(server);
  const settings = driver.sim.phone.settings;
  const existing = storedCredential(driver);
  if (existing) {
    const devices = await call<DeviceInfo[]>(server.url, 'GET', HTTP_ROUTES.devices, { token });
    const known = devices.find((d) => d.deviceId === existing.deviceId && d.revokedAt === null);
    if (known) {
      if (existing.serverUrl !== server.url) {
        // Same data, another port: the person would edit the server address in the Zepp app.
        settings.setItem(SETTINGS_KEYS.serverUrl, server.url);
        settings.setItem(SETTINGS_KEYS.credential, JSON.stringify({ ...existing, serverUrl: server.url }));
      }
      return { deviceId: existing.deviceId, userId: existing.userId, reused: true };
    }
    // Revoked, or the server's data was wiped: forget it and pair again.
    settings.removeItem(SETTINGS_KEYS.credential);
  }
  const { code } = await call<PairingCode>(server.url, 'POST', HTTP_ROUTES.pairingCodes, { token });
  settings.setItem(SETTINGS_KEYS.serverUrl, server.url);
  settings.setItem(SETTINGS_KEYS.pairingCode, code);
  // The Zepp app starts the side service for a settings change; it redeems the pending code.
  driver.sim.phone.start();
  await driver.waitUntil(() => storedCredential(driver) !== null, 30_000);
  const cred = storedCredential(driver);
  if (!cred) throw new Error('pairing did not complete');
  return { deviceId: cred.deviceId, userId: cred.userId, reused: false };
}
