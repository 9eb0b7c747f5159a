import { t } from '../i18n/page-t.js';
import type { SyncStatus } from '../sync/sync-status.js';

/** "just now", "5 min ago", "3 h ago", "2 days ago" (and the same in the watch's language). */
export function ago(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return t('sync.ago.justNow');
  if (min < 60) return t('sync.ago.minutes', { count: min });
  const h = Math.floor(min / 60);
  if (h < 24) return t('sync.ago.hours', { count: h });
  return t('sync.ago.days', { count: Math.floor(h / 24) });
}

/** One line for home: is everything on the server, and when did it last get there? */
export function syncLine(status: SyncStatus, pending: number, now: number): string {
  // Removed from the account: pairing again is the only way on (the outbox waits for it).
  if (status.removedAt !== null && status.paired !== true) return t('sync.removed.home');
  if (status.paired === false)
    return pending > 0 ? t('sync.notPairedWaiting', { count: pending }) : t('sync.notPaired');
  if (pending > 0) return t('sync.waiting', { count: pending });
  if (status.lastSuccessAt === null) return status.paired ? t('sync.notSyncedYet') : t('sync.notPaired');
  return t('sync.synced', { ago: ago(now - status.lastSuccessAt) });
}
