/**
 * The core's own words (stretch names and texts, safety lines, tips, advice, validation and
 * device messages) in the active locale. The core keeps them as flat `{name}` tables, one per
 * locale (`@unknot/stretch-model/i18n/locales/<locale>`), and its results carry `CoreMessage`
 * descriptors (`i18n` beside the English `message`); only the active locale's table is loaded,
 * beside the dashboard's own catalog (i18n.tsx).
 */
import {
  routineNameMessage,
  type CoreMessage,
  type CoreMessages,
  localizedSafetyWith,
  renderWith,
  type Safety,
  SAFETY,
} from '../core';
import type { Locale } from './locales';

let table: CoreMessages | null = null;
let tableLocale: Locale = 'en-US';
let safetyCache: Safety | null = null;

/** Makes `messages` the core table in use (with `activate`, for the same locale). */
export function setCoreTable(locale: Locale, messages: CoreMessages): void {
  table = messages;
  tableLocale = locale;
  safetyCache = null;
  generation += 1;
}

let generation = 0;
/** The core table in use (null before the first activation) and a number that changes with it. */
export function coreTable(): { table: CoreMessages | null; generation: number } {
  return { table, generation };
}

/** The core's number format, as the dashboard writes numbers (Intl, the active locale). */
const formatNumber = (n: number, locale: Locale) => new Intl.NumberFormat(locale).format(n);

/** A core message descriptor in the active locale. */
export function coreText(message: CoreMessage): string {
  if (!table) return message.key;
  return renderWith(table, tableLocale, message, { formatNumber });
}

/**
 * A core result's text in the active locale: its descriptor when it has one, else the English
 * `message` it carries (a rule the tables do not cover yet).
 */
export function coreMessageOf(x: { message?: string | null; i18n?: CoreMessage | null }): string {
  return x.i18n && table ? coreText(x.i18n) : (x.message ?? '');
}

/** `SAFETY` in the active locale. */
export function safety(): Safety {
  if (!safetyCache) safetyCache = table ? localizedSafetyWith(table) : SAFETY;
  return safetyCache;
}

/**
 * A routine's name in the active locale: a built-in routine still under its shipped English name
 * gets that name's translation; a name the person gave (or a renamed built-in) stays theirs.
 */
export function routineNameOf(routineId: string, name: string): string {
  const message = table ? routineNameMessage({ id: routineId, name }) : null;
  return message ? coreText(message) : name;
}
