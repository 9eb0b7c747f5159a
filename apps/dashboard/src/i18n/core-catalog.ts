/**
 * The catalog's texts (stretch names, steps, cautions, tips) in the active locale, from the core's
 * table (core-text.ts). Apart from core-text so the first page's chunk does not carry the catalog.
 */
import {
  getStretch,
  localizeStretchWith,
  localizeTipWith,
  type Stretch,
  type StretchId,
  type Tip,
} from '../core';
import { coreTable } from './core-text';

const cache = new Map<StretchId, Stretch>();
let cachedFor = -1;

/** A stretch with its texts in the active locale. */
export function stretchOf(id: StretchId): Stretch {
  const { table, generation } = coreTable();
  if (generation !== cachedFor) {
    cache.clear();
    cachedFor = generation;
  }
  let s = cache.get(id);
  if (!s) {
    const english = getStretch(id);
    s = table ? localizeStretchWith(english, table) : english;
    cache.set(id, s);
  }
  return s;
}

export function localizeStretch(s: Stretch): Stretch {
  return stretchOf(s.id);
}

/** A tip in the active locale. */
export function tipOf(tip: Tip): Tip {
  const { table } = coreTable();
  return table ? localizeTipWith(tip, table) : tip;
}
