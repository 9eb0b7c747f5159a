import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, isLocale, LOCALES, matchLocale, pluralCategory } from './locale.js';

describe('matchLocale', () => {
  it('maps a language, with or without a region, to the locale we speak', () => {
    expect(matchLocale(['de'])).toBe('de-DE');
    expect(matchLocale(['de-AT'])).toBe('de-DE');
    expect(matchLocale(['de-CH'])).toBe('de-DE');
    expect(matchLocale(['es'])).toBe('es-ES');
    expect(matchLocale(['es-MX'])).toBe('es-ES');
    expect(matchLocale(['en-GB'])).toBe('en-US');
    expect(matchLocale(['en'])).toBe('en-US');
  });

  it('takes Simplified Chinese, and skips Traditional to look further', () => {
    expect(matchLocale(['zh'])).toBe('zh-CN');
    expect(matchLocale(['zh-CN'])).toBe('zh-CN');
    expect(matchLocale(['zh-Hans'])).toBe('zh-CN');
    expect(matchLocale(['zh-Hans-HK'])).toBe('zh-CN');
    expect(matchLocale(['zh-SG'])).toBe('zh-CN');
    expect(matchLocale(['zh-TW'])).toBe('en-US');
    expect(matchLocale(['zh-Hant'])).toBe('en-US');
    expect(matchLocale(['zh-HK'])).toBe('en-US');
    expect(matchLocale(['zh-TW', 'es-AR'])).toBe('es-ES');
    expect(matchLocale(['zh-Hant-CN', 'zh'])).toBe('zh-CN');
  });

  it('honours the order of preference, skipping what we do not speak', () => {
    expect(matchLocale(['fr-FR', 'de-DE', 'es-ES'])).toBe('de-DE');
    expect(matchLocale(['es', 'de'])).toBe('es-ES');
    expect(matchLocale(['en-US', 'de'])).toBe('en-US');
  });

  it('is case-insensitive and reads _ as -', () => {
    expect(matchLocale(['DE_at'])).toBe('de-DE');
    expect(matchLocale(['zh_cn'])).toBe('zh-CN');
    expect(matchLocale(['ZH-HANT'])).toBe('en-US');
    expect(matchLocale([' es-es '])).toBe('es-ES');
  });

  it('gives the default for nothing we speak, an empty list or junk', () => {
    expect(DEFAULT_LOCALE).toBe('en-US');
    expect(matchLocale([])).toBe('en-US');
    expect(matchLocale(['fr', 'ja-JP', '*', ''])).toBe('en-US');
    expect(matchLocale([42 as unknown as string, 'de'])).toBe('de-DE');
    // 'des' is not 'de'
    expect(matchLocale(['des-XX'])).toBe('en-US');
  });
});

describe('isLocale', () => {
  it('accepts exactly the four locales', () => {
    for (const l of LOCALES) expect(isLocale(l)).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale('DE-de')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});

describe('pluralCategory', () => {
  it('one for exactly 1 in English, German and Spanish; other for the rest', () => {
    for (const l of ['en-US', 'de-DE', 'es-ES'] as const) {
      expect(pluralCategory(l, 1)).toBe('one');
      expect(pluralCategory(l, 0)).toBe('other');
      expect(pluralCategory(l, 2)).toBe('other');
      expect(pluralCategory(l, 1.5)).toBe('other');
      expect(pluralCategory(l, 21)).toBe('other');
    }
  });
  it('always other in Chinese', () => {
    expect(pluralCategory('zh-CN', 1)).toBe('other');
    expect(pluralCategory('zh-CN', 0)).toBe('other');
    expect(pluralCategory('zh-CN', 5)).toBe('other');
  });
});
