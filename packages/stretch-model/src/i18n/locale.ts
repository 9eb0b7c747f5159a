/**
 * The languages the core speaks, how to pick one from a preference list, and plural categories.
 * Written by hand, without `Intl`: the watch's QuickJS has none.
 */

/** The supported locales, the reference (English) first. */
export const LOCALES = ['en-US', 'de-DE', 'es-ES', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The locale used when nothing in a preference list matches. */
export const DEFAULT_LOCALE: Locale = 'en-US';

/** Type guard: exactly one of `LOCALES` (case-sensitive, as stored). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).indexOf(value) >= 0;
}

/** Regions whose Chinese is written in Traditional characters unless a script says otherwise. */
const TRADITIONAL_REGIONS = ['tw', 'hk', 'mo'];

/** The locale one BCP-47 tag asks for, or null when we do not speak it. */
function matchTag(tag: string): Locale | null {
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  switch (parts[0]) {
    case 'en':
      return 'en-US';
    case 'de':
      return 'de-DE';
    case 'es':
      return 'es-ES';
    case 'zh': {
      const rest = parts.slice(1);
      if (rest.indexOf('hant') >= 0) return null;
      if (rest.indexOf('hans') >= 0) return 'zh-CN';
      for (const region of TRADITIONAL_REGIONS) if (rest.indexOf(region) >= 0) return null;
      return 'zh-CN';
    }
    default:
      return null;
  }
}

/**
 * The best supported locale for a preference list (most preferred first), e.g.
 * `navigator.languages` or a watch's language tag: the first tag whose language we speak wins
 * ('de-AT' → de-DE, 'es-MX' → es-ES, 'zh', 'zh-Hans', 'zh-SG' → zh-CN); Traditional Chinese
 * ('zh-TW', 'zh-Hant') is skipped, as is anything else we do not speak; nothing matching gives
 * `DEFAULT_LOCALE`. Case-insensitive; '_' is read as '-'.
 */
export function matchLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    if (typeof tag !== 'string') continue;
    const locale = matchTag(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

export type PluralCategory = 'one' | 'other';

/**
 * The plural form for a count: English, German and Spanish use `one` for exactly 1 and `other`
 * for everything else (0, 2, 1.5); Chinese has no plural forms, so always `other`.
 */
export function pluralCategory(locale: Locale, n: number): PluralCategory {
  if (locale === 'zh-CN') return 'other';
  return n === 1 ? 'one' : 'other';
}
