import type { Me } from '@unknot/stretch-model';

/**
 * The signed-in session, kept in localStorage so it survives reloads. Local mode stores the
 * server's session token; Firebase mode stores only who is signed in — the Firebase SDK keeps
 * its own credentials and hands out fresh ID tokens.
 */
export type StoredSession =
  | { mode: 'local'; token: string; expiresAt: number; user: Me }
  | { mode: 'firebase'; user: Me };

const KEY = 'unknot.session';

export function loadSession(storage: Storage, now: number): StoredSession | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as StoredSession;
    if (s.mode === 'local' && (typeof s.token !== 'string' || s.expiresAt <= now)) {
      storage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    storage.removeItem(KEY);
    return null;
  }
}

export function saveSession(storage: Storage, session: StoredSession): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}

const KEY_ID = 'unknot.deviceId';

/**
 * Forgets this browser's replica id: after the browser was revoked on the devices page its old id
 * is refused for good, so the next sign-in starts a new replica (a new row on the devices page).
 */
export function forgetBrowserDeviceId(storage: Storage): void {
  storage.removeItem(KEY_ID);
}

/** This browser's own replica id (`web-…`), so ops it authors carry a stable device id. */
export function browserDeviceId(storage: Storage): string {
  const existing = storage.getItem(KEY_ID);
  if (existing && /^web-[A-Za-z0-9_-]{1,60}$/.test(existing)) return existing;
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  const id = `web-${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
  storage.setItem(KEY_ID, id);
  return id;
}
