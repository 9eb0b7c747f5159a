import { localStorage } from '@zos/storage';

/**
 * Durable key/value storage on the watch, as JSON strings. `@zos/storage` types `getItem` as
 * returning `void`, so reads go through `unknown` and every caller validates what it gets.
 */
export const STORAGE_KEYS = {
  /** The running session's serialized engine state; absent when no session runs. */
  session: 'unknot.session.v1',
  /** The sync replica (outbox, applied registers, cursor). */
  replica: 'unknot.replica.v1',
  /** This watch's device id and pairing-derived identity. */
  identity: 'unknot.identity.v1',
  /** The nudge service's memory: pending nudge, its alarm, recent nudge history. */
  nudge: 'unknot.nudge.v1',
  /** Last sync attempt/outcome, shown on home and used for retry backoff. */
  syncStatus: 'unknot.sync.v1',
  /** Records made on pages without the replica, waiting to enter its outbox (`lib/sync/journal.ts`). */
  journal: 'unknot.journal.v1',
  /** Settings and routines copied from the replica for pages that only read them. */
  cache: 'unknot.cache.v1',
  /** The last finished session's record id, for the summary page. */
  lastFinished: 'unknot.last-finished.v1',
  /** The booked daily routine reminder alarm: `{ id, at }` (`lib/reminder/routine-alarm.ts`). */
  routineAlarm: 'unknot.routine-alarm.v1',
} as const;

export function readJson(key: string): unknown {
  const raw = localStorage.getItem(key) as unknown;
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // A torn or foreign value: treat as absent so the caller falls back to its default.
    return undefined;
  }
}

export function writeJson(key: string, value: unknown): void {
  localStorage.setItem(key, JSON.stringify(value));
}

export function removeKey(key: string): void {
  localStorage.removeItem(key);
}
