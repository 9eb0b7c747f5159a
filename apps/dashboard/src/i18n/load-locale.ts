/**
 * Loading one locale's tables, with nothing else: boot.ts starts this before the app's own code has
 * loaded, so the two downloads run side by side (see boot.ts).
 */
import type { Messages } from '@lingui/core';
import type { CoreMessages } from '../core';
import type { Locale } from './locales';

/** What one locale needs: the dashboard's catalog and the core's table. */
export interface LocaleData {
  messages: Messages;
  core: CoreMessages;
}

/** Loads both of a locale's tables: one chunk per locale (tables/<locale>.ts), one request. */
export function loadLocale(locale: Locale): Promise<LocaleData> {
  switch (locale) {
    case 'de-DE':
      return import('./tables/de-DE');
    case 'es-ES':
      return import('./tables/es-ES');
    case 'zh-CN':
      return import('./tables/zh-CN');
    default:
      return import('./tables/en-US');
  }
}
