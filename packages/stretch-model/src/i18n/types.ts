/**
 * The types of the core's message tables and message descriptors. Type-only: importing this
 * module pulls in no table.
 */
import type { EN_US } from './locales/en-US.js';

/** Every key of the core's message tables (derived from the English table). */
export type CoreMessageKey = keyof typeof EN_US;

/** A plural message's base key: `device.ago.minutes` for `device.ago.minutes.one`/`.other`. */
export type CorePluralKey = CoreMessageKey extends infer K
  ? K extends `${infer Base}.other`
    ? Base
    : never
  : never;

/** One locale's table: every key to its template. Plain data. */
export type CoreMessages = Readonly<Record<CoreMessageKey, string>>;

/** A value for a placeholder: text, a number, or another message rendered in the same locale. */
export type CoreParam = string | number | CoreMessage;

/**
 * A message to be said in the reader's language: a key and the values of its `{placeholders}`.
 * A param that is itself a `CoreMessage` (a stretch's name, "3 days") is rendered first, in the
 * same locale. When `params.count` is a number, `key` is a plural base (`CorePluralKey`) and the
 * template is `key + '.' + pluralCategory(locale, count)`; `count` is used for nothing else.
 * Plain data (JSON-safe), so it can travel and the watch can render it with `getText`.
 */
export interface CoreMessage {
  key: CoreMessageKey | CorePluralKey;
  params?: Readonly<Record<string, CoreParam>>;
}
