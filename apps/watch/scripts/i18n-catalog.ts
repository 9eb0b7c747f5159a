/**
 * The watch's translations at build time. The device reads `page/i18n/<locale>.po` with getText;
 * this module writes those files into the package zeus builds (dist/zeus-src) from
 * - the watch's own UI words, `i18n/<locale>.po` (written by hand), and
 * - the core's words, `coreMessages(locale)` of `@unknot/stretch-model`, under the core's keys,
 *   limited to what the watch shows (`CORE_PREFIXES`);
 * and writes the phone side's `setting/i18n` (its own words + the core's `PHONE_CORE_PREFIXES`)
 * and copies `app-side/i18n` (zeus compiles those into the phone bundle). Text for the watch font: en/de/es stay inside Latin-1 (the few typographic
 * marks the core's texts use become their ASCII forms), zh-CN adds CJK and full-width punctuation;
 * anything else fails the build.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreMessages, LOCALES, type Locale } from '@unknot/stretch-model';
import { parsePo } from '../../../firmware-sim/src/po.js';
import { WATCH_DIR, ZEUS_SRC_DIR } from './paths.js';

/** The core keys the watch shows (stretch texts, tips, safety, routine names, advice, durations, the runner's words). */
export const CORE_PREFIXES = [
  'stretch.',
  'tip.',
  'safety.',
  'routine.full-back.',
  'routine.desk-upper.',
  'routine.desk-reach.',
  'routine.floor-break.',
  'advice.seeProfessional.',
  'duration.',
  'session.',
  // the settings page's refusals (the core's validation descriptors)
  'settings.error.',
] as const;

/** The core keys the phone settings page shows: the refusals of its reminder fields. */
export const PHONE_CORE_PREFIXES = ['settings.error.'] as const;

/** Stretch fields the watch never shows (the dashboard does): left out of the device `.po`. */
const CORE_SKIP = /^stretch\.[^.]+\.(description|whyItHelps|pictureAlt|caution\.\d+|muscle\.\d+)$/;

export const UI_PO_DIR = join(WATCH_DIR, 'i18n');
export const PHONE_SCOPES = ['setting', 'app-side'] as const;

/** Typographic marks the watch font may lack, and what the device text uses instead. */
const DEVICE_SAFE: Record<string, string> = {
  '\u2026': '...',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00a0': ' ',
};

export function deviceSafe(text: string): string {
  let out = '';
  for (const ch of text) out += DEVICE_SAFE[ch] ?? ch;
  return out;
}

/** Characters the watch font draws for a locale: Latin-1; for zh-CN also CJK and full-width forms. */
export function glyphOk(locale: Locale, ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff)) return true;
  if (locale !== 'zh-CN') return false;
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef);
}

export function readUiCatalog(locale: Locale): Map<string, string> {
  const file = join(UI_PO_DIR, `${locale}.po`);
  return parsePo(readFileSync(file, 'utf8'), file);
}

/** The core's texts the watch shows, in `locale`, made device-safe. */
export function watchCoreMessages(locale: Locale): Map<string, string> {
  const out = new Map<string, string>();
  const table = coreMessages(locale) as Readonly<Record<string, string>>;
  for (const key of Object.keys(table).sort()) {
    if (!CORE_PREFIXES.some((p) => key.startsWith(p)) || CORE_SKIP.test(key)) continue;
    out.set(key, deviceSafe(table[key] as string));
  }
  return out;
}

export function readPhoneCatalog(scope: (typeof PHONE_SCOPES)[number], locale: Locale): Map<string, string> {
  const file = join(WATCH_DIR, scope, 'i18n', `${locale}.po`);
  return parsePo(readFileSync(file, 'utf8'), file);
}

/**
 * The settings page's catalog of a locale: its own words (`setting/i18n`) + the core's
 * `PHONE_CORE_PREFIXES` texts (the phone's fonts draw them as they are). A key in both fails.
 */
export function settingCatalog(locale: Locale): Map<string, string> {
  const out = readPhoneCatalog('setting', locale);
  const table = coreMessages(locale) as Readonly<Record<string, string>>;
  const problems: string[] = [];
  for (const key of Object.keys(table).sort()) {
    if (!PHONE_CORE_PREFIXES.some((p) => key.startsWith(p))) continue;
    if (out.has(key)) problems.push(`setting/${locale}: ${key} is both a page key and a core key`);
    out.set(key, table[key] as string);
  }
  if (problems.length) throw new CatalogError(problems);
  return out;
}

export class CatalogError extends Error {
  readonly code = 'catalog';
  constructor(readonly problems: string[]) {
    super(`watch translations:\n  ${problems.join('\n  ')}`);
    this.name = 'CatalogError';
  }
}

/** The whole device catalog of a locale: UI words + core words (a key in both is an error). */
export function deviceCatalog(locale: Locale): Map<string, string> {
  const ui = readUiCatalog(locale);
  const core = watchCoreMessages(locale);
  const problems: string[] = [];
  const out = new Map<string, string>();
  for (const [k, v] of ui) out.set(k, v);
  for (const [k, v] of core) {
    if (out.has(k)) problems.push(`${locale}: ${k} is both a watch key and a core key`);
    out.set(k, v);
  }
  for (const [k, v] of out)
    for (const ch of v)
      if (!glyphOk(locale, ch))
        problems.push(
          `${locale}: ${k} has U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (${ch}), which the watch font may lack`,
        );
  if (problems.length) throw new CatalogError(problems);
  return out;
}

function escapePo(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

export function formatPo(entries: Map<string, string>, header: string[]): string {
  const lines = header.map((h) => `# ${h}`);
  lines.push('');
  for (const [k, v] of entries) lines.push(`msgid "${escapePo(k)}"`, `msgstr "${escapePo(v)}"`, '');
  return lines.join('\n');
}

/** Writes `page/i18n/<locale>.po` (and copies the phone `.po`) into the package; returns key counts. */
export function writePackageTexts(
  dir: string = ZEUS_SRC_DIR,
): { locale: Locale; keys: number; bytes: number }[] {
  const out: { locale: Locale; keys: number; bytes: number }[] = [];
  mkdirSync(join(dir, 'page', 'i18n'), { recursive: true });
  for (const locale of LOCALES) {
    const text = formatPo(deviceCatalog(locale), [
      `Unknot watch, ${locale}: written by scripts/i18n-catalog.ts from i18n/${locale}.po`,
      `and the core's coreMessages('${locale}'). Do not edit: rebuild.`,
    ]);
    writeFileSync(join(dir, 'page', 'i18n', `${locale}.po`), text);
    out.push({ locale, keys: deviceCatalog(locale).size, bytes: Buffer.byteLength(text) });
  }
  mkdirSync(join(dir, 'setting', 'i18n'), { recursive: true });
  for (const locale of LOCALES)
    writeFileSync(
      join(dir, 'setting', 'i18n', `${locale}.po`),
      formatPo(settingCatalog(locale), [
        `Unknot settings page, ${locale}: written by scripts/i18n-catalog.ts from setting/i18n/${locale}.po`,
        `and the core's settings.error.* texts. Do not edit: rebuild.`,
      ]),
    );
  const side = join(WATCH_DIR, 'app-side', 'i18n');
  if (existsSync(side)) cpSync(side, join(dir, 'app-side', 'i18n'), { recursive: true });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const texts = writePackageTexts();
  console.log(
    `translations: ${texts.map((t) => `${t.locale} ${t.keys} keys`).join(', ')} in ${ZEUS_SRC_DIR}`,
  );
}
