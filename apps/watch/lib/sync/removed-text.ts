/**
 * What About says once the server no longer takes this watch's credential (removed from the
 * account on the dashboard, or unknown to the server); home's line is `sync.removed.home`. The
 * phone settings page tells the same story in its own `.po` (`setting/i18n`).
 */
import { shortDate, t } from '../i18n/t.js';

/** About's sync block: when, how to pair again, and the unsent items kept for the next pairing. */
export function removedAboutText(at: number, pending: number): string {
  const steps = t('sync.removed.about', { date: shortDate(at) });
  return pending > 0 ? `${steps} ${t('sync.removed.kept', { count: pending })}` : steps;
}
