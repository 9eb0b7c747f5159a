/**
 * The four tables as data: the same keys and placeholders everywhere, characters the watch fonts
 * have, no cure promises, the referral kept in every language, and watch lines that fit.
 */
import { describe, expect, it } from 'vitest';
import { placeholdersOf } from './format.js';
import { LOCALES, type Locale } from './locale.js';
import { DE_DE } from './locales/de-DE.js';
import { EN_US } from './locales/en-US.js';
import { ES_ES } from './locales/es-ES.js';
import { ZH_CN } from './locales/zh-CN.js';
import type { CoreMessages } from './types.js';

const TABLES: Record<Locale, Readonly<Record<string, string>>> = {
  'en-US': EN_US,
  'de-DE': DE_DE,
  'es-ES': ES_ES,
  'zh-CN': ZH_CN,
};
const EN_KEYS = Object.keys(EN_US).sort();
const entries = (locale: Locale) => Object.entries(TABLES[locale]);

/** Screen width in Latin letters: CJK ideographs and full-width forms take two. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) ? 2 : 1;
  }
  return w;
}

describe('width', () => {
  it('counts CJK and full-width punctuation as two', () => {
    expect(width('Hold 30 s')).toBe(9);
    expect(width('保持，')).toBe(6);
    expect(width('Rücken')).toBe(6);
  });
});

describe('the tables', () => {
  it('have exactly the English keys, none empty, in every locale', () => {
    for (const locale of LOCALES) {
      expect(Object.keys(TABLES[locale]).sort(), locale).toEqual(EN_KEYS);
      for (const [key, text] of entries(locale)) expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('use the English placeholders in every translation', () => {
    for (const locale of LOCALES)
      for (const [key, text] of entries(locale))
        expect(placeholdersOf(text), `${locale} ${key}`).toEqual(
          placeholdersOf(EN_US[key as keyof CoreMessages]),
        );
  });

  it('come in plural pairs, and {count} is only ever a plural count', () => {
    for (const key of EN_KEYS) {
      const plural = /\.(one|other)$/.test(key);
      if (plural) {
        const base = key.replace(/\.(one|other)$/, '');
        expect(EN_KEYS, key).toContain(`${base}.one`);
        expect(EN_KEYS, key).toContain(`${base}.other`);
      }
      expect(placeholdersOf(EN_US[key as keyof CoreMessages]).includes('count'), key).toBe(plural);
    }
  });

  it('are plain strings (the watch build turns them into .po files)', () => {
    for (const locale of LOCALES) for (const [, text] of entries(locale)) expect(typeof text).toBe('string');
  });
});

// --- characters the watch fonts have ---------------------------------------------------------

const TYPOGRAPHIC = /[\u2026\u2013\u2014\u2212\u2018\u2019\u201c\u201d]/;
/** Latin-1 printable (ASCII and U+00A0-U+00FF: ä ö ü ß é ñ ¡ ¿ ...). */
const LATIN1 = /^[\u0020-\u007e\u00a0-\u00ff]*$/;
/** ASCII, CJK ideographs, CJK punctuation (，。：) and full-width forms (（）！？). */
const ZH_CHARS = /^[\u0020-\u007e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*$/;

/** Keys the watch shows (lines of a round screen). */
function isWatchKey(key: string): boolean {
  return (
    /^stretch\.[^.]+\.(shortName|setup|inhaleCue|exhaleCue|step\.\d+)$/.test(key) ||
    /^(cue|session)\./.test(key) ||
    /^safety\.[^.]+\.short$/.test(key) ||
    /^tip\.[^.]+\.(title|text)$/.test(key) ||
    /^routine\.[^.]+\.name$/.test(key)
  );
}

describe('characters', () => {
  it('German and Spanish use Latin-1 only, never typographic dashes, ellipses or curly quotes', () => {
    for (const locale of ['de-DE', 'es-ES'] as const)
      for (const [key, text] of entries(locale)) {
        expect(TYPOGRAPHIC.test(text), `${locale} ${key}: ${text}`).toBe(false);
        expect(LATIN1.test(text), `${locale} ${key}: ${text}`).toBe(true);
      }
  });

  it('Chinese uses CJK, full-width punctuation and ASCII only', () => {
    for (const [key, text] of entries('zh-CN')) {
      expect(TYPOGRAPHIC.test(text), `${key}: ${text}`).toBe(false);
      expect(ZH_CHARS.test(text), `${key}: ${text}`).toBe(true);
    }
  });

  it("English watch lines are Latin-1 too (the dashboard's texts may use typographic quotes)", () => {
    for (const [key, text] of entries('en-US'))
      if (isWatchKey(key)) expect(LATIN1.test(text) && !TYPOGRAPHIC.test(text), `${key}: ${text}`).toBe(true);
  });

  it('the checks catch what they should', () => {
    expect(LATIN1.test('Über Nacht ¿sí? ñ ß')).toBe(true);
    expect(LATIN1.test('a…b') || !TYPOGRAPHIC.test('a…b')).toBe(false);
    expect(TYPOGRAPHIC.test('20–30')).toBe(true);
    expect(ZH_CHARS.test('保持 30 秒，左侧')).toBe(true);
    expect(ZH_CHARS.test('保持“30”')).toBe(false);
  });
});

// --- what the words say ----------------------------------------------------------------------

const CURE_WORDS: Record<Locale, RegExp> = {
  'en-US': /\b(cure[sd]?|heal(s|ed|ing)?|fix(es|ed)? your|guarantee[sd]?)\b/i,
  'de-DE': /heil|kurier|garantier/i,
  'es-ES': /\bcur(a|ar|an|ación|ará)\b|\bsan(ar|ará)\b|garantiz/i,
  'zh-CN': /治愈|根治|治好|痊愈|保证/,
};

/** Texts that must point to professional help when pain persists. */
const REFERRAL_KEYS = EN_KEYS.filter(
  (k) =>
    k.startsWith('safety.seeProfessional.') ||
    k.startsWith('advice.seeProfessional.') ||
    k === 'tip.ease-off.detail' ||
    k === 'report.notice.professional',
);
const PROFESSIONAL: Record<Locale, RegExp> = {
  'en-US': /physical therapist|chiropractor|professional/i,
  'de-DE': /ärzt|arzt|physiotherap/i,
  'es-ES': /médic|fisioterap|profesional/i,
  'zh-CN': /医生|理疗|专业/,
};

describe('what the words say', () => {
  it('never promise a cure, in any language', () => {
    for (const locale of LOCALES)
      for (const [key, text] of entries(locale))
        expect(CURE_WORDS[locale].test(text), `${locale} ${key}: ${text}`).toBe(false);
  });

  it('the word lists catch a cure promise', () => {
    expect(CURE_WORDS['en-US'].test('This will cure your back')).toBe(true);
    expect(CURE_WORDS['en-US'].test('a health professional')).toBe(false);
    expect(CURE_WORDS['de-DE'].test('Das heilt deinen Rücken')).toBe(true);
    expect(CURE_WORDS['es-ES'].test('Esto cura tu espalda')).toBe(true);
    expect(CURE_WORDS['es-ES'].test('Procura ir despacio')).toBe(false);
    expect(CURE_WORDS['zh-CN'].test('彻底治愈背痛')).toBe(true);
  });

  it('keep the referral to professional help in every language', () => {
    expect(REFERRAL_KEYS.length).toBe(7);
    for (const locale of LOCALES)
      for (const key of REFERRAL_KEYS) {
        const text = TABLES[locale][key] ?? '';
        expect(PROFESSIONAL[locale].test(text), `${locale} ${key}: ${text}`).toBe(true);
      }
  });
});

// --- watch line budgets ----------------------------------------------------------------------

const BUDGETS: Array<[RegExp, number]> = [
  [/^stretch\.[^.]+\.(setup|inhaleCue|exhaleCue|step\.\d+)$/, 40],
  [/^stretch\.[^.]+\.shortName$/, 16],
  [/^session\.headline\./, 20],
  [/^session\.side\./, 16],
  [/^safety\.[^.]+\.short$/, 60],
  [/^tip\.[^.]+\.title$/, 24],
  [/^tip\.[^.]+\.text$/, 56],
  [/^routine\.[^.]+\.name$/, 36],
];

describe('watch lines fit a round screen', () => {
  it('every budgeted line, in every locale, is within its width', () => {
    let checked = 0;
    for (const locale of LOCALES)
      for (const [key, text] of entries(locale)) {
        const budget = BUDGETS.find(([re]) => re.test(key))?.[1];
        if (budget === undefined) continue;
        checked++;
        expect(width(text), `${locale} ${key}: ${text}`).toBeLessThanOrEqual(budget);
      }
    // 6 stretches x (setup + 3 steps + short name) + 2 cues, 11 + 2 view words, 4 + 12 tip lines, 4 routines
    expect(checked).toBe(4 * (6 * 5 + 2 + 13 + 4 + 12 + 4));
  });

  it('cues fit with the longest short name and a 60 s hold', () => {
    for (const locale of LOCALES) {
      const table = TABLES[locale];
      const names = Object.keys(table)
        .filter((k) => k.endsWith('.shortName'))
        .map((k) => table[k] ?? '');
      const longest = names.reduce((a, b) => (width(b) > width(a) ? b : a), '');
      for (const key of EN_KEYS.filter((k) => k.startsWith('cue.'))) {
        const line = (table[key] ?? '').replace('{name}', longest).replace('{seconds}', '60');
        expect(width(line), `${locale} ${key}: ${line}`).toBeLessThanOrEqual(40);
      }
    }
  });
});
