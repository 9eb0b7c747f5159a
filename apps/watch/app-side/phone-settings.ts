/**
 * Keys of the phone settings storage shared by the settings page (which writes the server URL and
 * the pairing code) and the side service (which keeps the credential and the status lines). The
 * device credential lives only here, on the phone, never on the watch.
 */
export const SETTINGS_KEYS = {
  serverUrl: 'serverUrl',
  /** Written by the settings page; the side service redeems it and then clears it. */
  pairingCode: 'pairingCode',
  credential: 'credential',
  pairingStatus: 'pairingStatus',
  lastSync: 'lastSync',
  /**
   * Written by the side service when the server refused the credential for good (the watch was
   * removed from the account, or the server does not know it); cleared by the next pairing.
   */
  removal: 'removal',
} as const;

export interface DeviceCredential {
  serverUrl: string;
  userId: string;
  deviceId: string;
  secret: string;
}

export interface PairingStatus {
  state: 'unpaired' | 'pairing' | 'paired' | 'failed' | 'removed';
  message: string;
  at: number;
}

export interface LastSync {
  at: number;
  ok: boolean;
  pushed: number;
  pulled: number;
  message: string;
}

/** The server stopped taking this phone's credential: when the phone learned it, and why. */
export interface Removal {
  at: number;
  /** The device id the refused credential was for. */
  deviceId: string;
  /** The server's error code (`deviceRevoked`, or `unauthenticated` for an unknown credential). */
  code: string;
  /** The server's words. */
  message: string;
}

/** The subset of a settings storage both sides use (ZML's `settingsLib` and the page's `settingsStorage`). */
export interface SettingsStore {
  getItem(key: string): unknown;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function readSetting<T>(store: SettingsStore, key: string, guard: (v: unknown) => v is T): T | null {
  const raw = store.getItem(key);
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return guard(parsed) ? parsed : null;
  } catch {
    // Not JSON: treat as unset, the writer always stores JSON.
    return null;
  }
}

export function isCredential(v: unknown): v is DeviceCredential {
  const c = v as Partial<DeviceCredential> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.serverUrl === 'string' &&
    typeof c.userId === 'string' &&
    typeof c.deviceId === 'string' &&
    typeof c.secret === 'string'
  );
}

export function isRemoval(v: unknown): v is Removal {
  const r = v as Partial<Removal> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.at === 'number' &&
    typeof r.deviceId === 'string' &&
    typeof r.code === 'string' &&
    typeof r.message === 'string'
  );
}

export function isPairingStatus(v: unknown): v is PairingStatus {
  const s = v as Partial<PairingStatus> | null;
  return typeof s === 'object' && s !== null && typeof s.state === 'string' && typeof s.message === 'string';
}

export function isLastSync(v: unknown): v is LastSync {
  const s = v as Partial<LastSync> | null;
  return typeof s === 'object' && s !== null && typeof s.at === 'number' && typeof s.ok === 'boolean';
}

/** Accepts "host:port" or a full URL; strips the trailing slash. */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}
