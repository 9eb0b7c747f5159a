import { type Locale, pluralCategory } from '@unknot/stretch-model';
import { getText } from '@zos/i18n';
import { getLanguage } from '@zos/settings';
import { fill, type Params } from './fill.js';
import { localeFromZepp } from './zepp-language.js';

/**
 * The watch's words: `t(key, params)` over `@zos/i18n` getText (the firmware reads
 * `page/i18n/<system language>.po`, which the build writes from `i18n/<locale>.po` and the core's
 * messages). `{name}` placeholders are filled from `params`; with a numeric `params.count` the key
 * is a plural base and `.one` / `.other` is picked by the core's `pluralCategory` for the system
 * language (no `Intl` on the watch).
 */
let active: Locale | null = null;

/** The locale the firmware shows this app in (the system language, or en-US). */
export function watchLocale(): Locale {
  if (active === null) active = localeFromZepp(getLanguage());
  return active;
}

export function t(key: string, params?: Params): string {
  const count = params?.count;
  const k = typeof count === 'number' ? `${key}.${pluralCategory(watchLocale(), count)}` : key;
  return fill(getText(k), params);
}

/** "6 Jan 2025" / "6. Jan. 2025" / "2025年1月6日" in the device's local time. */
export function shortDate(at: number): string {
  const d = new Date(at);
  return t('date.short', {
    day: d.getDate(),
    month: t(`date.month.${d.getMonth() + 1}`),
    year: d.getFullYear(),
  });
}
