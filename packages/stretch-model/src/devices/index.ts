/**
 * The rules of the devices page, once for the server and the dashboard: the names people give
 * their devices, what counts as "in contact", and how contact and waiting changes are said.
 * Pure: the time is always passed in.
 */
import type { CoreMessage } from '../i18n/types.js';
import type { DeviceInfo } from '../sync/api.js';

/** A device name has 1 to 40 characters (code points) once trimmed. */
export const DEVICE_NAME_MAX_LENGTH = 40;

export type DeviceNameProblem = 'blank' | 'tooLong' | 'notOneLine';
export type DeviceNameCheck =
  | { ok: true; name: string }
  | {
      ok: false;
      problem: DeviceNameProblem;
      message: string;
      /** `message` as a descriptor for any locale (`name.blank.device`, `name.notOneLine`, `name.tooLong`). */
      i18n: CoreMessage;
    };

// control characters, line and paragraph separators
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029]/u;
// white space and invisible format characters (zero-width space, joiners, BOM …)
const INVISIBLE = /[\s\p{Cf}]/gu;

/**
 * Checks a name someone typed for a device and returns it trimmed. Refuses a name of only spaces
 * (or other invisible characters), one longer than DEVICE_NAME_MAX_LENGTH, and one with line
 * breaks or control characters; the message is the app's own sentence.
 */
export function checkDeviceName(input: unknown): DeviceNameCheck {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name.replace(INVISIBLE, '') === '')
    return {
      ok: false,
      problem: 'blank',
      message: 'Please give the device a name.',
      i18n: { key: 'name.blank.device' },
    };
  if (NOT_ONE_LINE.test(name))
    return {
      ok: false,
      problem: 'notOneLine',
      message: 'Please keep the name on one line, without special characters.',
      i18n: { key: 'name.notOneLine' },
    };
  const length = [...name].length;
  if (length > DEVICE_NAME_MAX_LENGTH)
    return {
      ok: false,
      problem: 'tooLong',
      message: `Please keep the name to ${DEVICE_NAME_MAX_LENGTH} characters or fewer (this one has ${length}).`,
      i18n: { key: 'name.tooLong', params: { max: DEVICE_NAME_MAX_LENGTH, length } },
    };
  return { ok: true, name };
}

/**
 * A device counts as connected for this long after its last contact, even without an open
 * socket: the phone relays a watch over HTTP, one request at a time, and is never "connected" by
 * socket.
 */
export const CONTACT_WINDOW_MS = 60_000;

/** The newest of the device's recorded contacts (any push, pull or socket handshake), or null. */
export function lastContactOf(device: {
  lastSeenAt: number | null;
  lastSyncAt: number | null;
}): number | null {
  const { lastSeenAt: seen, lastSyncAt: synced } = device;
  if (seen === null) return synced;
  if (synced === null) return seen;
  return Math.max(seen, synced);
}

/** Connected now: a live socket, or a contact at most CONTACT_WINDOW_MS ago. */
export function isConnectedNow(lastContactAt: number | null, liveSocket: boolean, now: number): boolean {
  return liveSocket || (lastContactAt !== null && now - lastContactAt <= CONTACT_WINDOW_MS);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * How long ago, in plain words, rounded down: "just now" under a minute, then "3 minutes ago",
 * "2 hours ago", "5 days ago". A time slightly ahead of `now` (another server's clock) is "just now".
 */
export function agoText(at: number, now: number): string {
  const elapsed = Math.max(0, now - at);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${count(Math.floor(elapsed / MINUTE), 'minute')} ago`;
  if (elapsed < DAY) return `${count(Math.floor(elapsed / HOUR), 'hour')} ago`;
  return `${count(Math.floor(elapsed / DAY), 'day')} ago`;
}

/** `agoText` as a descriptor for any locale (`device.ago.*`, plural by `count`). */
export function agoMessage(at: number, now: number): CoreMessage {
  const elapsed = Math.max(0, now - at);
  if (elapsed < MINUTE) return { key: 'device.ago.justNow' };
  if (elapsed < HOUR) return { key: 'device.ago.minutes', params: { count: Math.floor(elapsed / MINUTE) } };
  if (elapsed < DAY) return { key: 'device.ago.hours', params: { count: Math.floor(elapsed / HOUR) } };
  return { key: 'device.ago.days', params: { count: Math.floor(elapsed / DAY) } };
}

/** `lastContactText` as a descriptor for any locale. */
export function lastContactMessage(lastContactAt: number | null, now: number): CoreMessage {
  return lastContactAt === null
    ? { key: 'device.neverInContact' }
    : { key: 'device.lastContact', params: { ago: agoMessage(lastContactAt, now) } };
}

/** "Last contact 3 minutes ago", or "Never in contact yet" for a device that never synced. */
export function lastContactText(lastContactAt: number | null, now: number): string {
  return lastContactAt === null ? 'Never in contact yet' : `Last contact ${agoText(lastContactAt, now)}`;
}

const WHERE: Record<DeviceInfo['kind'], string> = {
  watch: 'on the watch',
  phone: 'on the phone',
  sim: 'on the simulated watch',
  web: 'in that browser',
};

/**
 * The changes a device said it still had to send, kindly: "2 changes waiting on the watch",
 * "Nothing waiting to send"; null when it never said.
 */
export function pendingOpsText(
  pendingOps: number | null,
  kind: DeviceInfo['kind'],
  /** the row of the browser reading the page: "in this browser" */
  thisBrowser = false,
): string | null {
  if (pendingOps === null) return null;
  if (pendingOps <= 0) return 'Nothing waiting to send';
  return `${count(pendingOps, 'change')} waiting ${thisBrowser && kind === 'web' ? 'in this browser' : WHERE[kind]}`;
}

/** `pendingOpsText` as a descriptor for any locale (`device.pending.*`, plural by `count`). */
export function pendingOpsMessage(
  pendingOps: number | null,
  kind: DeviceInfo['kind'],
  thisBrowser = false,
): CoreMessage | null {
  if (pendingOps === null) return null;
  if (pendingOps <= 0) return { key: 'device.pending.none' };
  const where = thisBrowser && kind === 'web' ? 'thisBrowser' : kind;
  return { key: `device.pending.${where}`, params: { count: pendingOps } };
}
