/**
 * The dashboard's translations: one Lingui instance (`@lingui/core`), its catalogs compiled at
 * build time (catalogs/<locale>.json → `virtual:unknot-catalog/<locale>`, one chunk each: only the
 * active locale's catalog is loaded), and the active locale also drives every date and number
 * format (format.ts, Intl) and `<html lang>`.
 *
 * React sees the locale through `I18nProvider` below (a context over the instance's `change`
 * event, like @lingui/react's, without its extra weight in the first chunk); markup in messages
 * (`<0>…</0>`) is rendered by `Tx` (Tx.tsx, @lingui/react's Trans) in the views that need it.
 */
import { type I18n, type MessageId, setupI18n } from '@lingui/core';
import { createContext, type ReactNode, useContext, useMemo, useSyncExternalStore } from 'react';
import { setCoreTable } from './core-text';
import { DEFAULT_LOCALE, isLocale, LOCALE_KEY, type Locale } from './locales';

export const i18n: I18n = setupI18n();

import { type LocaleData, loadLocale } from './load-locale';

export { type LocaleData, loadLocale } from './load-locale';

/** Makes `locale` the active one with its tables: every text, format and `<html lang>`. */
export function activate(locale: Locale, { messages, core }: LocaleData): void {
  setCoreTable(locale, core);
  i18n.load(locale, messages);
  i18n.activate(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The active locale (en-US until one is activated). */
export function activeLocale(): Locale {
  return isLocale(i18n.locale) ? i18n.locale : DEFAULT_LOCALE;
}

/**
 * Switches the language without a reload: loads the catalog, activates it (every component using
 * `useT` re-renders) and remembers the choice in this browser.
 */
export async function switchLocale(
  locale: Locale,
  storage: Pick<Storage, 'setItem'> = localStorage,
): Promise<void> {
  activate(locale, await loadLocale(locale));
  try {
    storage.setItem(LOCALE_KEY, locale);
  } catch {
    // private mode / quota: the choice holds for this page only
  }
}

export type MessageKey = MessageId;
/** Translates a catalog key with its values ({name}, plural counts) in the active locale. */
export type TFn = (id: MessageKey, values?: Record<string, unknown>) => string;

/** A message in the active locale, from outside React (errors, PDFs, document titles). */
export const t: TFn = (id, values) => i18n._(id, values);

const subscribe = (onChange: () => void) => i18n.on('change', onChange);
const snapshot = () => i18n.locale;
/** The active locale as React state: a change re-renders every component that reads it. */
const LocaleContext = createContext<string | null>(null);

/** Above the app: a change of locale re-renders every component using `useT` / `useLocale`. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const locale = useSyncExternalStore(subscribe, snapshot, snapshot);
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/**
 * The translate function for a component: re-renders it when the locale changes (under
 * `I18nProvider`); without one (a component test) it reads the instance as it is.
 */
export function useT(): TFn {
  const locale = useContext(LocaleContext);
  // a new function per locale, so effects and memos that use it run again on a change
  return useMemo<TFn>(() => (locale === null ? t : (id, values) => i18n._(id, values)), [locale]);
}

/** The active locale, for a component (re-renders on change like `useT`). */
export function useLocale(): Locale {
  const l = useContext(LocaleContext) ?? i18n.locale;
  return isLocale(l) ? l : DEFAULT_LOCALE;
}
