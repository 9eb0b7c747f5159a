/**
 * Translations as the firmware reads them: the `.po` parser (multi-line strings, escapes,
 * comments, context and plural forms, errors with a line number), the package's texts per scope
 * with app.json's defaultLanguage for a language without a `.po` and the key for a missing key
 * (recorded), getLanguage()'s numbers from the docs' table, and CJK text measured as a full em.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackageTexts } from '../src/i18n.js';
import { PoParseError, parsePo } from '../src/po.js';
import { textLayout, wrapText } from '../src/render.js';
import { UnknownLanguageError, zeppLanguageNumber } from '../src/zos/languages.js';

const WRAP = 1; // TEXT_STYLE.WRAP

describe('.po parser', () => {
  it('reads msgid/msgstr pairs, continued strings, escapes, comments, context and plurals', () => {
    const po = [
      '# translator comment',
      'msgid ""',
      'msgstr ""',
      '"Content-Type: text/plain; charset=UTF-8\\n"',
      '',
      '#: page/home.ts:3',
      'msgid "home.title"',
      'msgstr "Unknot"',
      '',
      'msgid "multi"',
      'msgstr ""',
      '"Erste Zeile\\n"',
      '"zweite \\"Zeile\\""',
      '',
      'msgid "esc"',
      'msgstr "tab\\there, back\\\\slash, octal \\101, hex \\x42"',
      '',
      'msgctxt "menu"',
      'msgid "open"',
      'msgstr "Öffnen"',
      '',
      'msgid "file"',
      'msgid_plural "files"',
      'msgstr[0] "Datei"',
      'msgstr[1] "Dateien"',
      '"!"',
      '',
      'msgid "zh"',
      'msgstr "开始练习："',
    ].join('\n');
    const t = parsePo(po, 'x.po');
    expect([...t.keys()]).toEqual(['home.title', 'multi', 'esc', 'open', 'file', 'zh']);
    expect(t.get('multi')).toBe('Erste Zeile\nzweite "Zeile"');
    expect(t.get('esc')).toBe('tab\there, back\\slash, octal A, hex B');
    expect(t.get('open')).toBe('Öffnen');
    expect(t.get('file')).toBe('Datei');
    expect(t.get('zh')).toBe('开始练习：');
  });

  it.each([
    ['msgid "a"\nmsgstr b', 2, 'expected a quoted string'],
    ['msgid "a"\n\nmsgid "b"\nmsgstr "B"', 3, 'msgid twice'],
    ['msgid "a"\nmsgstr "A"\nmsgid "a"\nmsgstr "B"', 3, 'duplicate msgid "a"'],
    ['msgid "a"\nmsgstr "bad \\q"', 2, 'unknown escape'],
    ['"stray"', 1, 'string continues no msgid/msgstr'],
    ['msgid "only"', 1, 'has no msgstr'],
    ['msgstr "x"', 1, 'msgstr without msgid'],
  ])('rejects %j at line %i', (text, line, detail) => {
    let error: unknown;
    try {
      parsePo(text, 'bad.po');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PoParseError);
    expect((error as PoParseError).line).toBe(line);
    expect((error as PoParseError).message).toContain(detail);
  });
});

describe('package texts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-i18n-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (scope: string, lang: string, body: string) => {
    mkdirSync(join(dir, scope, 'i18n'), { recursive: true });
    writeFileSync(join(dir, scope, 'i18n', `${lang}.po`), body);
  };
  write('page', 'en-US', 'msgid "hi"\nmsgstr "Hello"\n\nmsgid "only.en"\nmsgstr "English only"\n');
  write('page', 'de-DE', 'msgid "hi"\nmsgstr "Hallo"\n');
  write('setting', 'de-DE', 'msgid "s"\nmsgstr "Einstellung"\n');

  it('reads the system language, else the default language; a missing key is the key, recorded', () => {
    const de = new PackageTexts([join(dir, 'missing'), dir], 'de-DE', 'en-US');
    expect(de.text('page', 'hi')).toBe('Hallo');
    expect(de.text('setting', 's')).toBe('Einstellung');
    // no fallback key by key: the de-DE file is the one read
    expect(de.text('page', 'only.en')).toBe('only.en');
    expect(de.text('app-side', 'x')).toBe('x');
    expect(de.misses).toEqual(['page:only.en', 'app-side:x']);
    const fr = new PackageTexts([dir], 'fr-FR', 'en-US');
    expect(fr.text('page', 'hi')).toBe('Hello');
    expect(fr.languageOf.get('page')).toBe('en-US');
    expect(fr.misses).toEqual([]);
  });
});

describe('getLanguage numbers (reference/related-resources/language-list.mdx)', () => {
  it('maps the codes of the table', () => {
    expect(zeppLanguageNumber('zh-CN')).toBe(0);
    expect(zeppLanguageNumber('zh-TW')).toBe(1);
    expect(zeppLanguageNumber('en-US')).toBe(2);
    expect(zeppLanguageNumber('es-ES')).toBe(3);
    expect(zeppLanguageNumber('de-DE')).toBe(7);
    expect(zeppLanguageNumber('hi-IN')).toBe(33);
    expect(() => zeppLanguageNumber('de')).toThrow(UnknownLanguageError);
  });
});

describe('CJK text width', () => {
  it('wraps Chinese by a full em a character, at any character; Latin as before', () => {
    // 20 px text in 100 px: 100 / (20 * 0.56) = 8.9 average characters, i.e. 4 ideographs of 20 px
    expect(wrapText('一二三四五六七八九', 20, 100, WRAP)).toEqual(['一二三四', '五六七八', '九']);
    // ASCII words stay whole when they fit (8 characters a line)
    expect(wrapText('Zepp App 的设置', 20, 100, WRAP)).toEqual(['Zepp App', '的设置']);
    expect(wrapText('aaaa bbbb cccc', 20, 100, WRAP)).toEqual(['aaaa', 'bbbb', 'cccc']);
    expect(wrapText('aaa bbbb cc', 20, 100, WRAP)).toEqual(['aaa bbbb', 'cc']);
  });

  it('getTextLayout gives an ideograph 1 em', () => {
    const w = textLayout('中文中文', { text_size: 30, text_width: 1000, wrapped: 0 }).width;
    expect(w).toBeGreaterThanOrEqual(120);
    expect(w).toBeLessThanOrEqual(121);
    const latin = textLayout('abcd', { text_size: 25, text_width: 1000, wrapped: 0 }).width;
    expect(latin).toBeGreaterThanOrEqual(56);
    expect(latin).toBeLessThanOrEqual(57);
  });
});
