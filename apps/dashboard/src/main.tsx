import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prepareFormats } from './format';
import { loadSession } from './auth/session-store';
import { activate, I18nProvider, loadLocale } from './i18n/i18n';
import { startLocale } from './i18n/locales';
import { prefetchOverview, prefetchReplicaValue } from './sync/stored-overview';
import './styles.css';

// for the start-up benchmark (e2e/startup-bench.test.ts): every initial module has been evaluated
performance.mark('unknot:main');
// The language: this browser's choice, else its languages. Only that catalog loads (its own chunk),
// in parallel with the reads below.
const locale = startLocale(localStorage, navigator.languages ?? [navigator.language]);
const catalog = loadLocale(locale);
// A stored session: start reading its Overview summary and its replica from IndexedDB now, while
// React starts (the summary is small and asked for first; see sync/stored-overview.ts).
const stored = loadSession(localStorage, Date.now());
if (stored) {
  const userId = stored.user.userId;
  // the big replica read after the small one, so it does not hold the summary up
  void prefetchOverview(userId).finally(() => prefetchReplicaValue(userId));
}
// while the tables and the summary load: the first Overview's date and number formatters
prepareFormats(locale);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
void catalog.then((data) => {
  activate(locale, data);
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
});
