/**
 * What About says once the server no longer takes this watch's credential (removed from the
 * account on the dashboard, or unknown to the server); home's line is `sync.removed.home`. The
 * phone settings page tells the same story in its own `.po` (`setting/i18n`).
 */
import { shortDate, t } from '../i18n/t.js';

/**
 * About's sync blocks, one short paragraph each (a long block would not fit a round screen in
 * German or Spanish): since when, how to pair again, the unsent items kept for the next pairing.
 */
export function removedAboutText(at: number, pending: number): string[] {
  const out = [t('sync.removed.status', { date: shortDate(at) }), t('sync.removed.steps')];
  if (pending > 0) out.push(t('sync.removed.kept', { count: pending }));
  return out;
}
