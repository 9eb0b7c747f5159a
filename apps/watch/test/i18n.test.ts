/**
 * The watch's words in every language, checked without a sim: every key the sources use exists in
 * every locale's `.po` (watch pages and the nudge service: the device catalog the build writes,
 * UI words + the core's; the settings page: `setting/i18n`; the side service: `app-side/i18n`),
 * every `.po` of a scope has the same keys and the same `{placeholders}` per key as en-US, every
 * UI key is used, and the core keys the watch renders from the core's descriptors are there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  AREA_SIDES,
  BUILTIN_ROUTINES,
  REMINDER_BOUNDS,
  CATALOG,
  LOCALES,
  type Locale,
  stretchLineMessages,
  TIPS,
} from '@unknot/stretch-model';
import { describe, expect, it } from 'vitest';
import { parsePo } from '../../../firmware-sim/src/po.js';
import { deviceCatalog, glyphOk, readUiCatalog, settingCatalog } from '../scripts/i18n-catalog.js';
import { WATCH_DIR } from './sim-helpers.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(WATCH_DIR, dir))) {
    const rel = join(dir, name);
    if (statSync(join(WATCH_DIR, rel)).isDirectory()) out.push(...sources(rel));
    else if (name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

interface Use {
  file: string;
  key: string;
  /** A template literal key (`where.area.${area}`): expanded from `DYNAMIC`. */
  dynamic: boolean;
  plural: boolean;
}

/** `fn('key', …)` and `` fn(`key.${x}`, …) `` calls in a file's text. */
function usesIn(file: string, fn: 't' | 'pt'): Use[] {
  const text = readFileSync(join(WATCH_DIR, file), 'utf8');
  const re = new RegExp(
    `(?<![\\w.])${fn}\\(\\s*(['"\`])((?:(?!\\1).)*)\\1\\s*(,\\s*\\{(?:(?!\\bp?t\\()[^)])*)?`,
    'g',
  );
  const out: Use[] = [];
  for (const m of text.matchAll(re)) {
    const key = m[2] as string;
    // m[3] stops before a t(…) nested in the params, so `count` is this call's own
    out.push({ file, key, dynamic: key.includes('${'), plural: /\bcount\b/.test(m[3] ?? '') });
  }
  return out;
}

const SIDES = [...new Set(Object.values(AREA_SIDES).flat())];
/** Every template-literal key the sources build, with the values its `${…}` takes (from the core's data). */
const DYNAMIC: Record<string, readonly string[]> = {
  'date.month.${d.getMonth() + 1}': Array.from({ length: 12 }, (_, i) => `date.month.${i + 1}`),
  'date.month.${d.getUTCMonth() + 1}': Array.from({ length: 12 }, (_, i) => `date.month.${i + 1}`),
  'date.weekday.${d.getUTCDay()}': Array.from({ length: 7 }, (_, i) => `date.weekday.${i}`),
  'where.area.${area}': Object.keys(AREA_SIDES).map((a) => `where.area.${a}`),
  'where.side.${side}': SIDES.map((s) => `where.side.${s}`),
  'where.sideWord.${side}': SIDES.map((s) => `where.sideWord.${s}`),
  'tip.${tip.id}.text': TIPS.map((tip) => `tip.${tip.id}.text`),
  'tip.${id}.text': TIPS.map((tip) => `tip.${tip.id}.text`),
  'safety.${name}.short': ['seeProfessional', 'afterPainfulRun', 'disclaimer', 'stopOnSharpPain'].map(
    (n) => `safety.${n}.short`,
  ),
  'routine.${routine.id}.name': BUILTIN_ROUTINES.map((r) => `routine.${r.id}.name`),
  'stretch.${view.stretchId}.shortName': CATALOG.map((st) => `stretch.${st.id}.shortName`),
};

/** The concrete keys a use needs: its expansions, and `.one` / `.other` for a plural. */
function neededKeys(use: Use): string[] {
  const bases = use.dynamic ? DYNAMIC[use.key] : [use.key];
  if (!bases) throw new Error(`${use.file}: dynamic key \`${use.key}\` is not in DYNAMIC (add its values)`);
  return bases.flatMap((k) => (use.plural ? [`${k}.one`, `${k}.other`] : [k]));
}

const WATCH_FILES = ['app.ts', ...sources('page'), ...sources('lib'), ...sources('app-service')];
const watchUses = WATCH_FILES.flatMap((f) => usesIn(f, 't'));
const settingUses = sources('setting').flatMap((f) => usesIn(f, 'pt'));
const sideUses = [...sources('app-side'), 'lib/sync/relay-messages.ts'].flatMap((f) => usesIn(f, 'pt'));

function phonePo(scope: 'setting' | 'app-side', locale: Locale): Map<string, string> {
  const file = join(WATCH_DIR, scope, 'i18n', `${locale}.po`);
  return parsePo(readFileSync(file, 'utf8'), relative(WATCH_DIR, file));
}

const placeholders = (s: string) => [...new Set(s.match(/\{[A-Za-z][A-Za-z0-9]*\}/g) ?? [])].sort();

function expectSameKeysAndPlaceholders(tables: Map<Locale, Map<string, string>>, what: string): void {
  const en = tables.get('en-US');
  if (!en) throw new Error('en-US missing');
  for (const [locale, table] of tables) {
    expect([...table.keys()].sort(), `${what} ${locale}: same keys as en-US`).toEqual([...en.keys()].sort());
    for (const [k, v] of en) {
      const got = placeholders(table.get(k) ?? '');
      if (k.endsWith('.one')) {
        // a singular may leave out {count} ("Today: done"), never add another placeholder
        const other = placeholders(en.get(`${k.slice(0, -4)}.other`) ?? '');
        for (const p of got) expect(other, `${what} ${locale} ${k}: ${p}`).toContain(p);
      } else expect(got, `${what} ${locale} ${k}: placeholders`).toEqual(placeholders(v));
    }
  }
}

/** What the reminder settings' validation can say (the watch page and the phone page render them). */
const SETTINGS_ERROR_KEYS = [
  ...Object.keys(REMINDER_BOUNDS).map((f) => `settings.error.outOfRange.${f}`),
  'settings.error.routineReminderTime',
  'settings.error.invalidTime',
  'settings.error.invalidShape',
];

describe('translations', () => {
  it('finds the keys the sources use (sanity of the scan itself)', () => {
    expect(watchUses.map((u) => u.key)).toContain('home.start');
    expect(watchUses.find((u) => u.key === 'home.streak')?.plural).toBe(true);
    expect(watchUses.some((u) => u.file.startsWith('app-service/'))).toBe(true);
    expect(settingUses.map((u) => u.key)).toContain('pair.howTo');
    expect(sideUses.map((u) => u.key)).toContain('status.pairing');
  });

  it.each(LOCALES)('%s: every key the watch uses is in the device catalog', (locale) => {
    const catalog = deviceCatalog(locale);
    for (const use of watchUses)
      for (const key of neededKeys(use))
        expect(catalog.has(key), `${use.file}: ${key} in ${locale}`).toBe(true);
  });

  it.each(LOCALES)('%s: every key the phone side uses is in its .po', (locale) => {
    for (const [scope, uses] of [
      ['setting', settingUses],
      ['app-side', sideUses],
    ] as const) {
      const po = phonePo(scope, locale);
      for (const use of uses)
        for (const key of neededKeys(use))
          expect(po.has(key), `${use.file}: ${key} in ${scope}/${locale}`).toBe(true);
    }
  });

  it("the settings page's built catalog has its words and the core's refusals, in every language", () => {
    for (const locale of LOCALES) {
      const built = settingCatalog(locale);
      for (const key of phonePo('setting', locale).keys())
        expect(built.has(key), `${locale}: ${key}`).toBe(true);
      for (const key of SETTINGS_ERROR_KEYS) expect(built.get(key), `${locale}: ${key}`).toBeTruthy();
    }
    // the core's own words, not the English ones (written by hand)
    expect(settingCatalog('de-DE').get('settings.error.outOfRange.snoozeMinutes')).toBe(
      'Wähle {min}-{max} Minuten.',
    );
    expect(settingCatalog('zh-CN').get('settings.error.outOfRange.snoozeMinutes')).toBe(
      '请选择 {min}-{max} 分钟。',
    );
  });

  it('every .po of a scope has the same keys and placeholders as en-US', () => {
    expectSameKeysAndPlaceholders(new Map(LOCALES.map((l) => [l, readUiCatalog(l)])), 'i18n/');
    expectSameKeysAndPlaceholders(new Map(LOCALES.map((l) => [l, deviceCatalog(l)])), 'page/i18n');
    for (const scope of ['setting', 'app-side'] as const)
      expectSameKeysAndPlaceholders(new Map(LOCALES.map((l) => [l, phonePo(scope, l)])), `${scope}/i18n`);
  });

  it('every UI key is used, and plurals come as .one and .other', () => {
    const used = new Set(watchUses.flatMap(neededKeys));
    for (const key of readUiCatalog('en-US').keys())
      expect(used.has(key), `i18n/en-US.po ${key} unused`).toBe(true);
    for (const [scope, uses] of [
      ['setting', settingUses],
      ['app-side', sideUses],
    ] as const) {
      const usedHere = new Set(uses.flatMap(neededKeys));
      for (const key of phonePo(scope, 'en-US').keys())
        expect(usedHere.has(key), `${scope}/i18n/en-US.po ${key} unused`).toBe(true);
    }
  });

  it('the device catalog has every core text the watch renders from the core', () => {
    const phases = [
      'idle',
      'prepare',
      'hold',
      'switchSide',
      'inhale',
      'exhale',
      'rest',
      'rating',
      'paused',
      'done',
      'aborted',
    ];
    const durations = [
      'underMinute',
      'about.minutes',
      'about.hours',
      'about.hoursMinutes',
      'seconds',
      'minutes',
      'hours',
      'hoursMinutes',
    ];
    const keys = [
      ...CATALOG.flatMap((s) => [
        `stretch.${s.id}.name`,
        ...stretchLineMessages(s).map((m) => m.key),
        ...(s.dosage.kind === 'reps' ? [`stretch.${s.id}.inhaleCue`, `stretch.${s.id}.exhaleCue`] : []),
      ]),
      ...TIPS.flatMap((tip) => [`tip.${tip.id}.title`, `tip.${tip.id}.text`]),
      ...phases.map((p) => `session.headline.${p}`),
      'session.side.left',
      'session.side.right',
      ...durations.map((d) => `duration.${d}`),
      ...['persistentHighPain', 'painWorseAfter', 'risingPain'].map((r) => `advice.seeProfessional.${r}`),
      // the settings page's refusals (`validateReminderSettings`' descriptors)
      ...SETTINGS_ERROR_KEYS,
    ];
    for (const locale of LOCALES) {
      const catalog = deviceCatalog(locale);
      for (const key of keys) expect(catalog.has(key), `${locale}: ${key}`).toBe(true);
    }
  });

  it('keeps to the glyphs the watch font draws, and keeps every "see a professional" line', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of deviceCatalog(locale))
        for (const ch of text) expect(glyphOk(locale, ch), `${locale} ${key}: ${ch}`).toBe(true);
      const catalog = deviceCatalog(locale);
      expect(catalog.get('safety.seeProfessional.short'), locale).toBeTruthy();
    }
    // Chinese UI words are written in Chinese, with full-width punctuation (not ASCII ':' or ',')
    const zh = readUiCatalog('zh-CN');
    expect(zh.get('home.start')).toBe('开始练习');
    expect(zh.get('common.tipLine')).toBe('{title}：{text}');
    expect(readUiCatalog('de-DE').get('home.start')).toBe('Routine starten');
    // the settings page, History and the card, hand-checked (the English tests tap the en-US words)
    expect(readUiCatalog('en-US').get('settings.nudges.on')).toBe('Nudges: on');
    expect(readUiCatalog('en-US').get('home.history')).toBe('History');
    expect(zh.get('history.when')).toBe('{month}{day}日 {weekday} {time}');
    expect(zh.get('settings.nudges.on')).toBe('活动提醒：开');
    expect(readUiCatalog('es-ES').get('card.rest')).toBe('Día de descanso');
    expect(deviceCatalog('en-US').get('settings.error.outOfRange.snoozeMinutes')).toBe(
      'Choose {min}-{max} minutes.',
    );
  });
});
