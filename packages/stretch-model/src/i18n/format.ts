/**
 * Rendering a message from a table: pick the template (plurals by `count`), render nested
 * messages, fill `{name}` placeholders. Needs no table of its own, so a page that loads one
 * locale's table lazily renders with `renderWith(table, locale, message)`.
 *
 * A placeholder without a value stays visible as `{name}` (a screen never breaks over a missing
 * value, and the gap is plain to see in tests); a key the table does not have renders as the key.
 */
import { type Locale, pluralCategory } from './locale.js';
import type { CoreMessage, CoreMessageKey, CoreMessages, CoreParam } from './types.js';

/** An own property (not one from the prototype, like `constructor`). */
export function hasKey(obj: object, key: string): boolean {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on the watch (QuickJS 2020-07-05)
  return Object.prototype.hasOwnProperty.call(obj, key);
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names of a template, sorted, each once: `'{a} of {b}'` → `['a', 'b']`. */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  template.replace(PLACEHOLDER, (_, name: string) => {
    if (names.indexOf(name) < 0) names.push(name);
    return '';
  });
  return names.sort();
}

export interface RenderOptions {
  /** How to write a number param; default: digits, with ',' as decimal mark in de-DE and es-ES. */
  formatNumber?: (n: number, locale: Locale) => string;
}

/** Digits, with the locale's decimal mark (no grouping: the UIs format larger numbers). */
export function defaultFormatNumber(n: number, locale: Locale): string {
  const s = String(n);
  return locale === 'de-DE' || locale === 'es-ES' ? s.replace('.', ',') : s;
}

/** Fills `{name}` placeholders from already-rendered values; a missing one stays `{name}`. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    hasKey(values, name) ? (values[name] as string) : whole,
  );
}

/**
 * The concrete table key a message uses in a locale: its key, or for a plural (a numeric
 * `params.count`) the key plus `.one`/`.other`. Needs no table: the watch calls it before `getText`.
 */
export function resolveMessageKey(locale: Locale, message: CoreMessage): CoreMessageKey {
  const count = message.params?.count;
  if (typeof count === 'number') return `${message.key}.${pluralCategory(locale, count)}` as CoreMessageKey;
  return message.key as CoreMessageKey;
}

function renderParam(
  messages: CoreMessages,
  locale: Locale,
  value: CoreParam,
  options: RenderOptions,
): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return (options.formatNumber ?? defaultFormatNumber)(value, locale);
  return renderWith(messages, locale, value, options);
}

/** A message in one locale, from that locale's table. */
export function renderWith(
  messages: CoreMessages,
  locale: Locale,
  message: CoreMessage,
  options: RenderOptions = {},
): string {
  const key = resolveMessageKey(locale, message);
  const template = hasKey(messages, key) ? messages[key] : key;
  const values: Record<string, string> = {};
  const params = message.params ?? {};
  for (const name of Object.keys(params)) {
    const value = params[name];
    if (value !== undefined) values[name] = renderParam(messages, locale, value, options);
  }
  return fillTemplate(template, values);
}

/** A message descriptor (a small helper so call sites read `msg('cue.rest', { seconds: 5 })`). */
export function msg(key: CoreMessage['key'], params?: CoreMessage['params']): CoreMessage {
  return params ? { key, params } : { key };
}
