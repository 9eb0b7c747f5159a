/**
 * The app package's translations, as the firmware and the Zepp app read them:
 * - device pages and services: `page/i18n/<language>.po`, looked up with `@zos/i18n` getText;
 * - the phone's settings app and side service: `setting/i18n/*.po` and `app-side/i18n/*.po`,
 *   looked up with `gettext` from `i18n` (zeus turns that import into a table of the entry's `.po`
 *   files, the phone's language, and app.json's defaultLanguage).
 *
 * A language without a `.po` file gets app.json's `defaultLanguage` ("the language of the program
 * when the system cannot find a suitable language", reference/app-json.mdx). What getText answers
 * for a key its `.po` lacks is not documented: the sim answers the key itself and records it in
 * `misses`, so a test can assert that no key ever falls through.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePo } from './po.js';

export type I18nScope = 'page' | 'setting' | 'app-side';

export class PackageTexts {
  /** Keys looked up but found in no `.po` (in lookup order, each once). */
  readonly misses: string[] = [];
  private readonly tables = new Map<I18nScope, Map<string, string>>();
  /** The `.po` language each scope reads (the system's, or the default when it has none). */
  readonly languageOf = new Map<I18nScope, string | null>();

  constructor(
    readonly packageDir: string,
    readonly language: string,
    readonly defaultLanguage: string,
  ) {}

  private table(scope: I18nScope): Map<string, string> {
    let t = this.tables.get(scope);
    if (t) return t;
    t = new Map();
    let chosen: string | null = null;
    for (const lang of [this.language, this.defaultLanguage]) {
      const file = join(this.packageDir, scope, 'i18n', `${lang}.po`);
      if (!existsSync(file)) continue;
      t = parsePo(readFileSync(file, 'utf8'), file);
      chosen = lang;
      break;
    }
    this.tables.set(scope, t);
    this.languageOf.set(scope, chosen);
    return t;
  }

  /** getText / gettext: the key's text in this scope's `.po`, else the key (recorded as a miss). */
  text(scope: I18nScope, key: string): string {
    const v = this.table(scope).get(key);
    if (v !== undefined) return v;
    const miss = `${scope}:${key}`;
    if (this.misses.indexOf(miss) < 0) this.misses.push(miss);
    return key;
  }
}

/**
 * Where the app package's files are: zeus's input folder of a built app (`<appDir>/dist/zeus-src`,
 * with the `.po` files the build wrote), else the app folder itself.
 */
export function defaultPackageDir(appDir: string): string {
  const built = join(appDir, 'dist', 'zeus-src');
  return existsSync(join(built, 'app.json')) ? built : appDir;
}
