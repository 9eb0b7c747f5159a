/**
 * The first module index.html runs, kept tiny: it decides the language and starts, side by side,
 * the download of that language's tables, the IndexedDB reads of a stored session's Overview, and
 * the download of the app itself (main.tsx: React and the views). Before, the tables were asked for
 * only once the app's chunk had arrived and run, one wait after the other.
 */
import { loadSession } from './auth/session-store';
import { loadLocale } from './i18n/load-locale';
import { startLocale } from './i18n/locales';
import { prefetchOverview, prefetchReplicaValue } from './sync/stored-overview';

// The language: this browser's choice, else its languages. Only that catalog loads (its own chunk).
const locale = startLocale(localStorage, navigator.languages ?? [navigator.language]);
const tables = loadLocale(locale);
// A stored session: start reading its Overview summary and its replica from IndexedDB now
// (the summary is small and asked for first; see sync/stored-overview.ts).
const stored = loadSession(localStorage, Date.now());
if (stored) {
  const userId = stored.user.userId;
  // the big replica read after the small one, so it does not hold the summary up
  void prefetchOverview(userId).finally(() => prefetchReplicaValue(userId));
}
void import('./main').then((main) => main.start(locale, tables));
