import { type CompiledMessage, compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from './catalogs/de-DE.json';
import en from './catalogs/en-US.json';
import es from './catalogs/es-ES.json';
import zh from './catalogs/zh-CN.json';
import { matchLocale, startLocale } from './locales';

/** What a message needs from its caller: `{name}` placeholders and `<0>` tags, sorted. */
function slots(message: string): string[] {
  const out = new Set<string>();
  const walk = (tokens: CompiledMessage) => {
    for (const token of tokens) {
      if (typeof token === 'string') continue;
      const [name, , format] = token;
      out.add(`{${name}}`);
      if (format && typeof format === 'object')
        for (const [k, v] of Object.entries(format))
          if (k !== 'offset' && Array.isArray(v)) walk(v as CompiledMessage);
    }
  };
  walk(compileMessageOrThrow(message));
  for (const m of message.matchAll(/<(\d+)>/g)) out.add(`<${m[1]}>`);
  return [...out].sort();
}

const reference = en as Record<string, string>;
const others = { 'de-DE': de, 'es-ES': es, 'zh-CN': zh } as Record<string, Record<string, string>>;

describe('catalogs', () => {
  it('every en-US message parses, and plurals have an "other" form', () => {
    for (const [key, message] of Object.entries(reference)) {
      expect(() => slots(message), key).not.toThrow();
      if (/, plural,/.test(message)) expect(message, key).toMatch(/other \{/);
    }
  });

  for (const [locale, catalog] of Object.entries(others)) {
    it(`${locale} has exactly the en-US keys, each with the same placeholders and tags`, () => {
      const missing = Object.keys(reference).filter((k) => !(k in catalog));
      const extra = Object.keys(catalog).filter((k) => !(k in reference));
      expect(missing, `missing in ${locale}`).toEqual([]);
      expect(extra, `extra in ${locale}`).toEqual([]);
      for (const [key, message] of Object.entries(reference)) {
        const translated = catalog[key] ?? '';
        expect(translated.trim(), `${locale} ${key} is empty`).not.toBe('');
        expect(slots(translated), `${locale} ${key}`).toEqual(slots(message));
      }
    });
  }

  it('a translation is not the English left in place (beyond names and symbols)', () => {
    // the few messages that are the same words in a language (a name, a symbol, a placeholder only)
    // words, once placeholders, tags and the product's name are taken out
    const words = (m: string) => m.replace(/\{[^}]*\}|<\/?\d+>|Unknot|UTC|CSV|JSON|PDF/g, '');
    const same = (locale: string) =>
      Object.keys(reference).filter(
        (k) => others[locale]?.[k] === reference[k] && /[a-z]{3,}/i.test(words(reference[k] ?? '')),
      );
    expect(same('zh-CN')).toEqual([]);
    // German has these very words too: Routine, Export, Offline, Name, Browser, Passkeys
    expect(same('de-DE')).toEqual([
      'nav.routine',
      'nav.export',
      'connection.offline',
      'routine.title',
      'routine.pick',
      'routine.name',
      'devices.kind.web',
      'export.title',
      'account.passkeys',
      'report.colRoutine',
    ]);
    expect(same('es-ES')).toEqual(['report.routineMinutes']); // "min" is Spanish too
  });
});

describe('the locale a browser gets', () => {
  const store = (value: string | null) => ({ getItem: () => value });
  it('follows navigator.languages, first match wins', () => {
    expect(matchLocale(['fr-FR', 'de-AT', 'en-US'])).toBe('de-DE');
    expect(matchLocale(['zh-TW', 'zh-Hans-SG'])).toBe('zh-CN'); // Traditional Chinese is not zh-CN
    expect(matchLocale(['es-MX'])).toBe('es-ES');
    expect(matchLocale(['ja-JP'])).toBe('en-US');
  });
  it('prefers the choice remembered in this browser, and ignores a stored value it does not know', () => {
    expect(startLocale(store('zh-CN'), ['de-DE'])).toBe('zh-CN');
    expect(startLocale(store('fr-FR'), ['de-DE'])).toBe('de-DE');
    expect(startLocale(store(null), [])).toBe('en-US');
  });
});

describe('text in the components', () => {
  // A word written straight into JSX is shown in English whatever the language: every text a
  // person reads goes through the catalogs. (BenchView is a developer's page, not translated.)
  // vitest runs with the package as its root (jsdom gives import.meta.url no file: scheme)
  const root = join(process.cwd(), 'src');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.tsx') && !f.includes('.test.') && !f.endsWith('BenchView.tsx'),
  );

  it('has no words written straight into JSX', () => {
    expect(files.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      // a text node of two or more letters between a tag's end and the next tag or brace; not an
      // arrow's `=>` nor a tag name's `<Name>` inside a string, nor the product's name
      for (const m of text.matchAll(/(?<![=\w])>\s*([A-Za-z][A-Za-z' ,.-]*[A-Za-z.])\s*(?=[<{])/g)) {
        const words = m[1] ?? '';
        if (words !== 'Unknot') found.push(`${f}: ${words}`);
      }
    }
    expect(found).toEqual([]);
  });
});
