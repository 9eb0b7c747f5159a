/**
 * Every locale's table, by locale. Importing this module bundles all four tables (about 30 kB
 * each): fine for the watch's build step and the server; a browser page that wants one locale at a
 * time loads it with `loadCoreMessages` (`@unknot/stretch-model/i18n`) or imports
 * `@unknot/stretch-model/i18n/locales/<locale>` and renders with `renderWith`.
 */
import { CATALOG, type Stretch } from '../catalog/stretches.js';
import type { Safety } from '../catalog/safety.js';
import { TIPS, type Tip } from '../catalog/tips.js';
import { type RenderOptions, renderWith } from './format.js';
import { isLocale, type Locale } from './locale.js';
import { localizedSafetyWith, localizeStretchWith, localizeTipWith } from './localize.js';
import { DE_DE } from './locales/de-DE.js';
import { EN_US } from './locales/en-US.js';
import { ES_ES } from './locales/es-ES.js';
import { ZH_CN } from './locales/zh-CN.js';
import type { CoreMessage, CoreMessages, CoreParam } from './types.js';

const TABLES: Readonly<Record<Locale, CoreMessages>> = {
  'en-US': EN_US,
  'de-DE': DE_DE,
  'es-ES': ES_ES,
  'zh-CN': ZH_CN,
};

/** Thrown for a locale the core does not speak (pass `matchLocale(...)`'s answer, never a raw tag). */
export class UnknownLocaleError extends Error {
  readonly code = 'unknownLocale';
  constructor(readonly locale: unknown) {
    super(`Unknown locale ${JSON.stringify(locale)}; use one of en-US, de-DE, es-ES, zh-CN.`);
    this.name = 'UnknownLocaleError';
  }
}

/** The flat key → template table of every core text in `locale` (plain data; do not mutate). */
export function coreMessages(locale: Locale): CoreMessages {
  if (!isLocale(locale)) throw new UnknownLocaleError(locale);
  return TABLES[locale];
}

/** A message in `locale`: `formatMessage('de-DE', 'cue.rest', { seconds: 5 })` → "Pause 5 s". */
export function formatMessage(
  locale: Locale,
  key: CoreMessage['key'],
  params?: Readonly<Record<string, CoreParam>>,
  options?: RenderOptions,
): string {
  return renderWith(coreMessages(locale), locale, params ? { key, params } : { key }, options);
}

/** A descriptor (`advice.i18n`, `error.i18n`, …) in `locale`. */
export function renderMessage(locale: Locale, message: CoreMessage, options?: RenderOptions): string {
  return renderWith(coreMessages(locale), locale, message, options);
}

/** A stretch with its texts in `locale` (same shape; `guide` stays the English reference). */
export function localizeStretch(stretch: Stretch, locale: Locale): Stretch {
  return localizeStretchWith(stretch, coreMessages(locale));
}

/** The whole catalog in `locale`, in routine order. */
export function localizedCatalog(locale: Locale): readonly Stretch[] {
  const messages = coreMessages(locale);
  return CATALOG.map((s) => localizeStretchWith(s, messages));
}

/** A tip in `locale`. */
export function localizeTip(tip: Tip, locale: Locale): Tip {
  return localizeTipWith(tip, coreMessages(locale));
}

/** Every tip in `locale`. */
export function localizedTips(locale: Locale): readonly Tip[] {
  const messages = coreMessages(locale);
  return TIPS.map((t) => localizeTipWith(t, messages));
}

/** `SAFETY` in `locale`. */
export function localizedSafety(locale: Locale): Safety {
  return localizedSafetyWith(coreMessages(locale));
}
