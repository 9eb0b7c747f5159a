/**
 * The languages the dashboard speaks, and which one a browser gets: this module is in the
 * initial JS (main.tsx picks the catalog before React renders).
 */
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale, matchLocale } from '../core';

// The core's list and its matching rule (`navigator.languages` → the first language we speak; 'de-AT'
// → de-DE, 'zh-Hans-SG' → zh-CN, Traditional Chinese is not matched to zh-CN; else en-US).
export { DEFAULT_LOCALE, isLocale, LOCALES, type Locale, matchLocale };

/** Each language by its own name (the picker shows them like this in every locale). */
export const LOCALE_NAMES: Record<Locale, string> = {
  'en-US': 'English',
  'de-DE': 'Deutsch',
  'es-ES': 'Español',
  'zh-CN': '简体中文',
};

/** This browser's remembered choice (localStorage), if any. */
export const LOCALE_KEY = 'unknot.locale';

export function storedLocale(storage: Pick<Storage, 'getItem'>): Locale | null {
  try {
    const v = storage.getItem(LOCALE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** The locale a start uses: the remembered choice, else the browser's languages. */
export function startLocale(storage: Pick<Storage, 'getItem'>, languages: readonly string[]): Locale {
  return storedLocale(storage) ?? matchLocale(languages);
}
