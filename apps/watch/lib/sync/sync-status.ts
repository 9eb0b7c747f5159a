import { nowMs } from '../platform/clock.js';
import { readJson, STORAGE_KEYS, writeJson } from '../platform/storage.js';

/**
 * The watch's record of its sync attempts, kept apart from the sync code so pages that only show
 * it (home's line, about) do not bundle the replica.
 */
/** What home shows and what spaces out attempts while offline. */
export interface SyncStatus {
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  /** Consecutive failed rounds, of either kind below. */
  failures: number;
  /** Consecutive rounds the phone or server was away (the 10 s … 30 min backoff). */
  awayFailures: number;
  /** Consecutive rounds lost on BLE while the phone was connected (the seconds … 90 s backoff). */
  linkFailures: number;
  /** Do not try before this (ms); 0 = any time. */
  nextAttemptAt: number;
  lastError: string | null;
  paired: boolean | null;
  /**
   * The server no longer takes this watch's credential (removed from the account, or unknown to
   * it): when the phone learned it, epoch ms. Null while paired, or never paired. The outbox stays.
   */
  removedAt: number | null;
}

export function loadSyncStatus(): SyncStatus {
  const s = readJson(STORAGE_KEYS.syncStatus);
  const base: SyncStatus = {
    lastAttemptAt: null,
    lastSuccessAt: null,
    failures: 0,
    awayFailures: 0,
    linkFailures: 0,
    nextAttemptAt: 0,
    lastError: null,
    paired: null,
    removedAt: null,
  };
  return typeof s === 'object' && s !== null ? { ...base, ...(s as Partial<SyncStatus>) } : base;
}

export function saveSyncStatus(status: SyncStatus): void {
  writeJson(STORAGE_KEYS.syncStatus, status);
}

export function syncIsDue(now: number = nowMs()): boolean {
  return now >= loadSyncStatus().nextAttemptAt;
}
