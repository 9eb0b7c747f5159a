import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prepareFormats } from './format';
import { activate, I18nProvider, type LocaleData } from './i18n/i18n';
import type { Locale } from './i18n/locales';
import './styles.css';

/**
 * Renders the dashboard once the language's tables are in. boot.ts has already picked the
 * language and started the tables' download and the IndexedDB reads, while this chunk loaded.
 */
export function start(locale: Locale, tables: Promise<LocaleData>): void {
  // for the start-up benchmark (e2e/startup-bench.test.ts): every initial module has been evaluated
  performance.mark('unknot:main');
  // while the tables load: the first Overview's date and number formatters
  prepareFormats(locale);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  void tables.then((data) => {
    activate(locale, data);
    createRoot(root).render(
      <StrictMode>
        <I18nProvider>
          <App />
        </I18nProvider>
      </StrictMode>,
    );
  });
}
