import { readJson, STORAGE_KEYS, writeJson } from './platform/storage.js';

/**
 * This watch's device id. Before pairing it is a random local id (`w-…`) so sessions can be
 * recorded offline from the first run; pairing gives the server's id, which the replica then
 * adopts (see `adoptDeviceId` in `replica-store.ts`).
 */
export interface Identity {
  deviceId: string;
}

export function loadIdentity(random: () => number = Math.random): Identity {
  const stored = readJson(STORAGE_KEYS.identity);
  if (
    typeof stored === 'object' &&
    stored !== null &&
    typeof (stored as { deviceId?: unknown }).deviceId === 'string'
  ) {
    return { deviceId: (stored as { deviceId: string }).deviceId };
  }
  const identity = { deviceId: `w-${randomId(random)}` };
  writeJson(STORAGE_KEYS.identity, identity);
  return identity;
}

export function saveIdentity(identity: Identity): void {
  writeJson(STORAGE_KEYS.identity, identity);
}

function randomId(random: () => number): string {
  let out = '';
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  for (let i = 0; i < 12; i++) out += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
  return out;
}
