/**
 * The languages the dashboard speaks, and which one a browser gets. Plain constants and one small
 * function: this module is in the initial JS (main.tsx picks the catalog before React renders).
 */
export const LOCALES = ['en-US', 'de-DE', 'es-ES', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-US';

/** Each language by its own name (the picker shows them like this in every locale). */
export const LOCALE_NAMES: Record<Locale, string> = {
  'en-US': 'English',
  'de-DE': 'Deutsch',
  'es-ES': 'Español',
  'zh-CN': '简体中文',
};

export const isLocale = (x: unknown): x is Locale => typeof x === 'string' && (LOCALES as readonly string[]).includes(x);

/**
 * The first of the browser's languages (`navigator.languages`, most wanted first) that the
 * dashboard speaks: an exact tag first, else the same language (`de-AT` → de-DE, `zh-Hans-SG` →
 * zh-CN; `zh-TW`/`zh-Hant` stay unmatched, simplified characters are not what they asked for).
 * Nothing matching: en-US.
 */
export function matchLocale(tags: readonly string[]): Locale {
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    const exact = LOCALES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const [lang, ...rest] = tag.split(/[-_]/);
    if (lang === 'zh') {
      if (rest.some((p) => p === 'hant' || p === 'tw' || p === 'hk' || p === 'mo')) continue;
      return 'zh-CN';
    }
    const same = LOCALES.find((l) => l.slice(0, 2) === lang);
    if (same) return same;
  }
  return DEFAULT_LOCALE;
}

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
