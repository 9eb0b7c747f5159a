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

  /** `roots`: package folders to look in, first match per scope wins (see `defaultPackageRoots`). */
  constructor(
    readonly roots: readonly string[],
    readonly language: string,
    readonly defaultLanguage: string,
  ) {}

  private table(scope: I18nScope): Map<string, string> {
    let t = this.tables.get(scope);
    if (t) return t;
    t = new Map();
    let chosen: string | null = null;
    const dir = this.roots.map((r) => join(r, scope, 'i18n')).find((d) => existsSync(d));
    for (const lang of dir ? [this.language, this.defaultLanguage] : []) {
      const file = join(dir as string, `${lang}.po`);
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
 * Where the app package's `.po` files are, per scope: zeus's input folder of a built app
 * (`<appDir>/dist/zeus-src`, where a build writes them), else the app folder itself.
 */
export function defaultPackageRoots(appDir: string): string[] {
  return [join(appDir, 'dist', 'zeus-src'), appDir];
}
