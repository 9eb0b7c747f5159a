import { REMOVED_TEXT } from '../sync/removed-text.js';
import type { SyncStatus } from '../sync/sync-status.js';

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** One line for home: is everything on the server, and when did it last get there? */
export function syncLine(status: SyncStatus, pending: number, now: number): string {
  // Removed from the account: pairing again is the only way on (the outbox waits for it).
  if (status.removedAt !== null && status.paired !== true) return REMOVED_TEXT.home;
  if (status.paired === false) return pending > 0 ? `Not paired, ${pending} waiting` : 'Not paired';
  if (pending > 0) return `${pending} waiting to sync`;
  if (status.lastSuccessAt === null) return status.paired ? 'Not synced yet' : 'Not paired';
  return `Synced ${ago(now - status.lastSuccessAt)}`;
}
