/**
 * The watch in German, Spanish and Chinese, in the sim at the system language (getLanguage() and
 * getText read the built package's `page/i18n/<locale>.po`): home, the routine picker, a whole
 * full back routine (the runner's start screen, every stretch's prepare and hold screen with the
 * core's setup/step lines, cat-cow's reps, the twist's sides), the rating, the "Where?" step, the
 * result, the nudge page and About, each checked on every screen (round 466 and 480, square
 * 390x450; at the highest API level on the first only) like the English screenshots: labels fit by the app's estimate and the sim's wrapping,
 * glyphs the font has (Chinese: CJK), nothing outside the screen. No key falls through to the sim's
 * "key as text" answer, and the phone settings page speaks the same language.
 * Then History, the settings page (and a refusal) and the shortcut card and widget, each checked the
 * same way. Writes docs/screens/<locale>/<device>-{home,runner-hold,summary,history,settings,card}.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSessionPlan, coreMessages, getBuiltinRoutine, type Locale } from '@unknot/stretch-model';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { readUiCatalog } from '../scripts/i18n-catalog.js';
import { settingsText, typeInSettings } from './phone-helpers.js';
import { ROWS, tapNth } from './feature-helpers.js';
import { type Screen, shootCardChecked, shootChecked } from './screen-checks.js';
import { API_LEVEL, launchWatch, WATCH_DIR } from './sim-helpers.js';

const ALL_SCREENS: readonly Screen[] = [
  { device: 'gtr4', round: true, w: 466, h: 466 },
  { device: 'balance', round: true, w: 480, h: 480 },
  { device: 'gts4', round: false, w: 390, h: 450 },
];
/**
 * Every screen at the lowest API level the app declares; at the highest, one screen per locale
 * (the levels differ in which calls exist, not in layout), to keep the suite's time in bounds.
 */
const MIN_API = (
  JSON.parse(readFileSync(join(WATCH_DIR, 'app.json'), 'utf8')) as {
    runtime: { apiVersion: { minVersion: string } };
  }
).runtime.apiVersion.minVersion;
const SCREENS = API_LEVEL === undefined || API_LEVEL === MIN_API ? ALL_SCREENS : ALL_SCREENS.slice(0, 1);

/** A label as fitted on the watch may break at any space (and, in Chinese, anywhere). */
function loose(text: string): RegExp {
  const chars = [...text.replace(/\s+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${chars.join('\\s*')}$`);
}

/** The screen's texts, for failure messages. */
const texts = (sim: Sim) =>
  sim.screen
    .widgets()
    .filter((w) => w.visible && w.text)
    .map((w) => JSON.stringify(w.text))
    .join(' | ');

async function tap(sim: Sim, text: string): Promise<void> {
  await sim.tap(sim.screen.getByText(loose(text)));
}

/** What the test expects on screen, written by hand per locale (not read from the app). */
const EXPECT: Record<
  Exclude<Locale, 'en-US'>,
  {
    start: string;
    quick: string;
    hold: string;
    /** The phone settings page's pairing line. */
    phone: string;
    /** The first stretch's name (or short name) and the headline on its hold, from the core's table. */
    firstHold: { names: [string, string]; headline: string };
    /** "removed on <date>" of the sim's start day (6 Jan 2025), spaces left out. */
    removedOn: string;
    /** That date alone (the phone settings page words it its own way). */
    date: string;
    /** The result line's start after one stretch held. */
    oneStretch: string;
    /** History: the session's line (Monday 6 Jan, any time), its tightness line, the home button. */
    history: { button: string; when: RegExp; tightness: RegExp };
    /** Settings: the home button, the first toggle, the core's refusal of a 0-minute snooze. */
    settings: { button: string; nudgesOn: string; snoozeRefused: string };
    /** The phone page's reminder section: its title, the snooze field, the core's refusal of 1 minute. */
    phoneReminders: { section: string; snooze: string; refused: string };
    /** The card after the routine: today's count and its button. */
    card: { today: string; quick: string };
  }
> = {
  'de-DE': {
    firstHold: { names: ['Dehnung oberer Rücken', 'Oberer Rücken'], headline: 'Halten  1/6' },
    removedOn: 'entferntam6.Jan.2025',
    date: '6.Jan.2025',
    oneStretch: '1 Übung, ',
    start: 'Routine starten',
    quick: 'Kurze Pause',
    hold: 'Wie verspannt ist dein Rücken?',
    phone: 'Öffne das Unknot-Dashboard, wähle Geräte > Koppeln und gib den Code hier ein.',
    history: {
      button: 'Verlauf',
      when: /^Mo\., 6\. Jan\., \d\d:\d\d$/,
      tightness: /^Verspannung (\d+|-) -> \d+$/,
    },
    settings: { button: 'Einstellungen', nudgesOn: 'Hinweise: an', snoozeRefused: 'Wähle 5-120 Minuten.' },
    card: { today: 'Heute 1/1', quick: 'Kurze Pause' },
    phoneReminders: {
      section: 'Hinweise und Erinnerungen',
      snooze: 'Später erinnern nach (Minuten)',
      refused: 'Wähle 5-120 Minuten.',
    },
  },
  'es-ES': {
    firstHold: { names: ['Estiramiento de espalda alta', 'Espalda alta'], headline: 'Mantén  1/6' },
    removedOn: 'quitadoel6ene2025',
    date: '6ene2025',
    oneStretch: '1 estiramiento, ',
    start: 'Empezar rutina',
    quick: 'Pausa rápida',
    hold: '¿Cómo de tensa está tu espalda?',
    phone: 'Abre el panel de Unknot, elige Dispositivos > Vincular y escribe aquí el código.',
    history: { button: 'Historial', when: /^lun 6 ene, \d\d:\d\d$/, tightness: /^Tensión (\d+|-) -> \d+$/ },
    settings: { button: 'Ajustes', nudgesOn: 'Avisos: sí', snoozeRefused: 'Elige 5-120 minutos.' },
    card: { today: 'Hoy 1/1', quick: 'Pausa rápida' },
    phoneReminders: {
      section: 'Avisos y recordatorios',
      snooze: 'Posponer (minutos)',
      refused: 'Elige 5-120 minutos.',
    },
  },
  'zh-CN': {
    firstHold: { names: ['上背部拉伸', '上背部'], headline: '保持  1/6' },
    removedOn: '2025年1月6日',
    date: '2025年1月6日',
    oneStretch: '1 个拉伸，',
    start: '开始练习',
    quick: '快速休息',
    hold: '你的背部有多紧？',
    phone: '打开 Unknot 网页面板，选择“设备 > 配对”，然后在这里输入配对码。',
    history: { button: '历史记录', when: /^1月6日 周一 \d\d:\d\d$/, tightness: /^紧绷程度 (\d+|-) -> \d+$/ },
    settings: { button: '设置', nudgesOn: '活动提醒：开', snoozeRefused: '请选择 5-120 分钟。' },
    card: { today: '今天 1/1', quick: '快速休息' },
    phoneReminders: {
      section: '活动提醒与练习提醒',
      snooze: '稍后提醒间隔（分钟）',
      refused: '请选择 5-120 分钟。',
    },
  },
};

const LOCALES = Object.keys(EXPECT) as Exclude<Locale, 'en-US'>[];

describe.each(LOCALES)('the watch in %s', (locale) => {
  const ui = readUiCatalog(locale);
  const word = (key: string): string => {
    const v = ui.get(key);
    if (v === undefined) throw new Error(`${key} missing in ${locale}`);
    return v;
  };
  const core = coreMessages(locale) as Readonly<Record<string, string>>;
  const out = join(WATCH_DIR, 'docs', 'screens', locale);

  it.each(SCREENS)('runs a full routine on $device in its words, every page fitting', async (screen) => {
    mkdirSync(out, { recursive: true });
    const sim = await launchWatch({ device: screen.device as 'gtr4', language: locale });
    const file = (name: string) => join(out, `${screen.device}-${name}.png`);
    const check = (name: string | null) => shootChecked(sim, screen, locale, name ? file(name) : null);

    expect(sim.screen.findByText(loose(EXPECT[locale].start)), 'home in the system language').toBeDefined();
    expect(sim.screen.findByText(loose(EXPECT[locale].quick))).toBeDefined();
    check('home');
    await tap(sim, word('home.routines'));
    check(null);
    await sim.relaunch();
    await tap(sim, EXPECT[locale].start);
    expect(sim.screen.findByText(loose(EXPECT[locale].hold)), 'the runner start screen').toBeDefined();
    check(null);

    const routine = getBuiltinRoutine('full-back');
    if (!routine) throw new Error('full-back missing');
    const plan = buildSessionPlan(routine);
    await tap(sim, word('runner.start'));
    // Through the whole routine the quick way: each stretch's prepare screen (setup + steps) runs
    // out by itself, then every hold side, rep phase and rest is checked and skipped (the engine's
    // own Skip), so all the core's lines are seen without ticking through minutes of holds.
    const stored = (): { phase: string; slot: number } | null => {
      const raw = sim.system.localStorage.value['unknot.session.v1'];
      return raw === undefined ? null : (JSON.parse(String(raw)) as { phase: string; slot: number });
    };
    const seen = new Set<string>();
    let shotHold = false;
    for (let i = 0; i < 100 && sim.screen.page() === 'page/runner/index'; i++) {
      const state = stored();
      const slot = state ? plan.slots[state.slot] : undefined;
      if (!state || !slot) break;
      await sim.clock.advance(600);
      const at = `${slot.stretchId} ${state.phase}`;
      if (state.phase === 'prepare' || state.phase === 'hold' || state.phase === 'inhale') {
        // the stretch's name, or its short name where the full one would not fit
        const names = [
          core[`stretch.${slot.stretchId}.name`],
          core[`stretch.${slot.stretchId}.shortName`],
        ] as string[];
        expect(
          names.some((n) => sim.screen.findByText(loose(n)) !== undefined),
          `${at}: one of ${names.join(' / ')}: ${texts(sim)}`,
        ).toBe(true);
        seen.add(at);
      }
      if (state.phase === 'hold') {
        const step = (core[`stretch.${slot.stretchId}.step.1`] as string).replace(/\s+/g, '');
        expect(
          sim.screen.widgets().some((w) => (w.text ?? '').replace(/\s+/g, '').includes(step.slice(0, 12))),
          `${at} shows its first step: ${texts(sim)}`,
        ).toBe(true);
      }
      const firstHold = state.phase === 'hold' && !shotHold;
      if (firstHold) {
        const { names: expected, headline } = EXPECT[locale].firstHold;
        const shown = sim.screen.widgets().map((w) => w.text ?? '');
        expect(shown, texts(sim)).toContain(headline);
        expect(
          shown.some((t) => expected.includes(t.replace(/\n/g, ' '))),
          `the first hold names the stretch in ${locale}: ${texts(sim)}`,
        ).toBe(true);
        shotHold = true;
      }
      check(firstHold ? 'runner-hold' : null);
      const last = slot.item === plan.items.length - 1;
      if (state.phase === 'prepare')
        await sim.until(() => stored()?.phase !== 'prepare', { timeoutMs: 20_000 });
      // the last stretch is held to the end, so the result counts one stretch ("1 Übung")
      else if (last && state.phase === 'hold')
        await sim.until(() => stored()?.phase !== 'hold', { timeoutMs: 120_000 });
      else await tap(sim, word('runner.skip'));
    }
    // every stretch was seen getting ready and in its hold or reps
    for (const item of plan.items) {
      expect(seen.has(`${item.stretchId} prepare`), `${item.stretchId} prepare`).toBe(true);
      expect(
        seen.has(`${item.stretchId} hold`) || seen.has(`${item.stretchId} inhale`),
        `${item.stretchId} hold or reps`,
      ).toBe(true);
    }
    await sim.until(() => sim.screen.page() === 'page/summary/index', { timeoutMs: 20_000 });
    expect(sim.screen.findByText(loose(word('summary.complete'))), texts(sim)).toBeDefined();
    check(null);
    await tap(sim, '+');
    await tap(sim, word('summary.save'));
    expect(sim.screen.findByText(loose(word('where.title'))), texts(sim)).toBeDefined();
    check(null);
    await tap(sim, word('where.area.lowerBack'));
    check(null);
    await tap(sim, word('where.side.left'));
    expect(sim.screen.findByText(loose(word('summary.wellDone'))), texts(sim)).toBeDefined();
    // one stretch held, the singular form of the locale (written by hand)
    expect(
      sim.screen.widgets().some((w) => (w.text ?? '').startsWith(EXPECT[locale].oneStretch)),
      texts(sim),
    ).toBe(true);
    check('summary');
    await sim.relaunch({ page: 'page/nudge/index' });
    check(null);
    await sim.relaunch({ page: 'page/about/index' });
    expect(
      sim.screen.findByText(loose(core['safety.seeProfessional.short'] as string)),
      'see a professional',
    ).toBeDefined();
    check(null);

    expect(settingsText(sim)).toContain(EXPECT[locale].phone);
    // The phone page's reminders in the phone's language; a refused snooze in the core's words.
    const phoneRem = EXPECT[locale].phoneReminders;
    // (a section's title is a prop of the page's tree, not one of its texts)
    expect(JSON.stringify(sim.phone.settingsApp())).toContain(phoneRem.section);
    typeInSettings(sim, phoneRem.snooze, '1');
    expect(settingsText(sim)).toContain(phoneRem.refused);

    // History from home's button: the routine just done, its date in the locale's order.
    const ex = EXPECT[locale];
    await sim.relaunch();
    await tap(sim, ex.history.button);
    expect(sim.screen.page()).toBe('page/history/index');
    const shownTexts = sim.screen.widgets().map((w) => (w.text ?? '').replace(/\n/g, ' '));
    expect(
      shownTexts.some((s) => ex.history.when.test(s)),
      `History's date: ${texts(sim)}`,
    ).toBe(true);
    expect(
      shownTexts.some((s) => ex.history.tightness.test(s)),
      `History's tightness: ${texts(sim)}`,
    ).toBe(true);
    check('history');
    // Settings from home's button; a snooze below the core's bounds gets the core's words.
    await tap(sim, word('common.back'));
    await tap(sim, ex.settings.button);
    expect(sim.screen.page()).toBe('page/settings/index');
    expect(sim.screen.findByText(loose(ex.settings.nudgesOn)), texts(sim)).toBeDefined();
    check('settings');
    for (let i = 0; i < 3; i++) await tapNth(sim, '-', ROWS.snooze);
    expect(sim.screen.findByText(loose(ex.settings.snoozeRefused)), texts(sim)).toBeDefined();
    check(null);
    // The longer status lines fit too: saved (unpaired), then nudges off.
    await tap(sim, word('settings.reminder.off'));
    expect(sim.screen.findByText(loose(word('settings.saved'))), texts(sim)).toBeDefined();
    check(null);
    await tap(sim, ex.settings.nudgesOn);
    expect(sim.screen.findByText(loose(word('settings.off'))), texts(sim)).toBeDefined();
    check(null);
    // The shortcut card and the widget, after the routine.
    await sim.exit();
    await sim.showCard();
    expect(sim.screen.findByText(loose(ex.card.today)), texts(sim)).toBeDefined();
    expect(sim.screen.findByText(loose(ex.card.quick)), texts(sim)).toBeDefined();
    shootCardChecked(sim, locale, `${locale} ${screen.device} card`, file('card'));
    await sim.showCard({ kind: 'secondary-widget' });
    expect(sim.screen.findByText(loose(ex.card.today)), texts(sim)).toBeDefined();
    check(null);
    await sim.exit();

    // Removed from the account: home and About say so, About with the date in the locale's order.
    sim.phone.settings.setItem(
      'removal',
      JSON.stringify({
        at: sim.clock.now(),
        deviceId: 'watch-shot',
        code: 'deviceRevoked',
        message: 'removed',
      }),
    );
    await sim.relaunch();
    await sim.until(() => sim.screen.findByText(loose(word('sync.removed.home'))) !== undefined, {
      timeoutMs: 30_000,
    });
    check(null);
    await sim.relaunch({ page: 'page/about/index' });
    expect(
      sim.screen.widgets().some((w) => (w.text ?? '').replace(/\s+/g, '').includes(EXPECT[locale].removedOn)),
      texts(sim),
    ).toBe(true);
    check(null);
    expect(settingsText(sim).replace(/\s+/g, '')).toContain(EXPECT[locale].date);
    expect(sim.texts.misses, 'keys that fell through to the key itself').toEqual([]);
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });
});

/** The nudge service's notification (its own process, no app.js) in the system language. */
describe('the nudge notification', () => {
  const NOTIFY: Record<'de-DE' | 'zh-CN', { title: string; still: RegExp; action: string }> = {
    'de-DE': {
      title: 'Zeit zum Lockern',
      still: /^Seit \d+ Min\. ohne Bewegung\. \S/,
      action: 'Jetzt dehnen',
    },
    'zh-CN': { title: '该放松一下背部了', still: /^已静止 \d+ 分钟。[^\s]/, action: '现在拉伸' },
  };
  it.each(Object.keys(NOTIFY) as ('de-DE' | 'zh-CN')[])('speaks %s', async (locale) => {
    const sim = await launchWatch({ language: locale });
    await sim.exit();
    sim.steps.schedule([{ activity: 'sitting', minutes: 180 }]);
    await sim.clock.advance(3 * 3_600_000);
    const first = sim.notifications[0];
    expect(first, 'a nudge after a long still spell').toBeDefined();
    expect(first?.title).toBe(NOTIFY[locale].title);
    expect(first?.content).toMatch(NOTIFY[locale].still);
    expect(first?.actions.map((a) => a.text)).toEqual([NOTIFY[locale].action]);
    expect(sim.texts.misses).toEqual([]);
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });
});
