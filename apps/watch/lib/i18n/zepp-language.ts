import type { Locale } from '@unknot/stretch-model';

/**
 * `@zos/settings` getLanguage() numbers (zeppos-docs `reference/related-resources/language-list.mdx`,
 * "Multilingual Mapping") for the languages Unknot has `.po` files in. Any other system language
 * gets the app's `defaultLanguage` (app.json: en-US), as the firmware does when it finds no `.po`
 * for the system language, so plurals and dates follow the text shown.
 */
export const ZEPP_LANGUAGE_CODES: Readonly<Record<Locale, number>> = {
  'zh-CN': 0,
  'en-US': 2,
  'es-ES': 3,
  'de-DE': 7,
};

export const APP_DEFAULT_LOCALE: Locale = 'en-US';

/** The locale whose `.po` the firmware reads for a getLanguage() number. */
export function localeFromZepp(code: number): Locale {
  for (const locale of Object.keys(ZEPP_LANGUAGE_CODES) as Locale[])
    if (ZEPP_LANGUAGE_CODES[locale] === code) return locale;
  return APP_DEFAULT_LOCALE;
}
