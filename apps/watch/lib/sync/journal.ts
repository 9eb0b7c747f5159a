import type { PlanSettings, RecordEntry, ReminderSettings, Routine } from '@unknot/stretch-model';
import { readJson, STORAGE_KEYS, writeJson } from '../platform/storage.js';

/**
 * Two small storage records that let pages which do not sync stay free of the replica (and its
 * sync core):
 *
 * - the **journal**: records made on such a page (a finished run in the runner, an answer on the
 *   nudge page), written to storage at once and folded into the replica's outbox the next time any
 *   context opens the replica (`openReplica` drains it; a record id already there is skipped, so a
 *   crash between the two steps never counts anything twice);
 * - the **cache**: the replica's current reminder and plan settings, valid custom routines and the
 *   latest session end, rewritten after every replica change, for pages that only read them.
 */

/** Any record op of the core's op table, without its envelope. */
export type JournalEntry = RecordEntry;

export function readJournal(): JournalEntry[] {
  const raw = readJson(STORAGE_KEYS.journal);
  return Array.isArray(raw) ? (raw as JournalEntry[]) : [];
}

/** Appends a record once (by its id). */
export function journal(entry: JournalEntry): void {
  const entries = readJournal();
  if (entries.some((e) => e.payload.id === entry.payload.id)) return;
  writeJson(STORAGE_KEYS.journal, [...entries, entry]);
}

/** Removes the entries that are now in the replica. */
export function forgetJournal(ids: ReadonlySet<string>): void {
  const rest = readJournal().filter((e) => !ids.has(e.payload.id));
  writeJson(STORAGE_KEYS.journal, rest);
}

export interface SyncedCache {
  reminders: ReminderSettings;
  plan: PlanSettings;
  /** Custom routines from the dashboard that the core validated. */
  routines: Routine[];
  /** The latest end of a session known to the replica (any device), ms. */
  lastSessionEndedAt: number | null;
}

export function readCache(): SyncedCache | null {
  const raw = readJson(STORAGE_KEYS.cache);
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Partial<SyncedCache>;
  if (typeof c.reminders !== 'object' || typeof c.plan !== 'object' || !Array.isArray(c.routines))
    return null;
  return raw as SyncedCache;
}

export function writeCache(cache: SyncedCache): void {
  writeJson(STORAGE_KEYS.cache, cache);
}
