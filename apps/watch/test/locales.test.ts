/**
 * The watch in German, Spanish and Chinese, in the sim at the system language (getLanguage() and
 * getText read the built package's `page/i18n/<locale>.po`): home, the routine picker, a whole
 * full back routine (the runner's start screen, every stretch's prepare and hold screen with the
 * core's setup/step lines, cat-cow's reps, the twist's sides), the rating, the "Where?" step, the
 * result, the nudge page and About, each checked on every screen (round 466 and 480, square
 * 390x450) like the English screenshots: labels fit by the app's estimate and the sim's wrapping,
 * glyphs the font has (Chinese: CJK), nothing outside the screen. No key falls through to the sim's
 * "key as text" answer, and the phone settings page speaks the same language.
 * Writes docs/screens/<locale>/<device>-{home,runner-hold,summary}.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSessionPlan, coreMessages, getBuiltinRoutine, type Locale } from '@unknot/stretch-model';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { readUiCatalog } from '../scripts/i18n-catalog.js';
import { settingsText } from './phone-helpers.js';
import { type Screen, shootChecked } from './screen-checks.js';
import { launchWatch, WATCH_DIR } from './sim-helpers.js';

const SCREENS: readonly Screen[] = [
  { device: 'gtr4', round: true, w: 466, h: 466 },
  { device: 'balance', round: true, w: 480, h: 480 },
  { device: 'gts4', round: false, w: 390, h: 450 },
];

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
  { start: string; quick: string; hold: string; settings: string }
> = {
  'de-DE': {
    start: 'Routine starten',
    quick: 'Kurze Pause',
    hold: 'Wie verspannt ist dein Rücken?',
    settings: 'Öffne das Unknot-Dashboard, wähle Geräte > Koppeln und gib den Code hier ein.',
  },
  'es-ES': {
    firstHold: { names: ['Estiramiento de espalda alta', 'Espalda alta'], headline: 'Mantén  1/6' },
    start: 'Empezar rutina',
    quick: 'Pausa rápida',
    hold: '¿Cómo de tensa está tu espalda?',
    settings: 'Abre el panel de Unknot, elige Dispositivos > Vincular y escribe aquí el código.',
  },
  'zh-CN': {
    firstHold: { names: ['上背部拉伸', '上背部'], headline: '保持  1/6' },
    start: '开始练习',
    quick: '快速休息',
    hold: '你的背部有多紧？',
    settings: '打开 Unknot 网页面板，选择“设备 > 配对”，然后在这里输入配对码。',
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
    const startedAt = sim.clock.now();
    let shotHold = false;
    for (const slot of plan.slots) {
      // every stretch's prepare screen (setup + steps) and hold screen (steps), and each rep/side once
      if (slot.phase !== 'prepare' && slot.phase !== 'hold' && !(slot.phase === 'inhale' && slot.rep === 1))
        continue;
      await sim.clock.runUntil(startedAt + slot.startMs + Math.min(2000, slot.durationMs / 2));
      // the stretch's name, or its short name where the full one would not fit
      const names = [
        core[`stretch.${slot.stretchId}.name`],
        core[`stretch.${slot.stretchId}.shortName`],
      ] as string[];
      expect(
        names.some((n) => sim.screen.findByText(loose(n)) !== undefined),
        `${slot.stretchId} ${slot.phase}: one of ${names.join(' / ')}`,
      ).toBe(true);
      const steps = core[`stretch.${slot.stretchId}.step.1`] as string;
      if (slot.phase === 'hold')
        expect(
          sim.screen
            .widgets()
            .some((w) => (w.text ?? '').replace(/\s+/g, '').includes(steps.replace(/\s+/g, '').slice(0, 12))),
          `${slot.stretchId} hold shows its first step`,
        ).toBe(true);
      const hold = slot.phase === 'hold' && !shotHold;
      if (hold) {
        const { names: expected, headline } = EXPECT[locale].firstHold;
        const shown = sim.screen.widgets().map((w) => w.text ?? '');
        expect(shown, texts(sim)).toContain(headline);
        expect(
          shown.some((t) => expected.includes(t.replace(/\n/g, ' '))),
          `the first hold names the stretch in ${locale}: ${texts(sim)}`,
        ).toBe(true);
      }
      check(hold ? 'runner-hold' : null);
      if (hold) shotHold = true;
    }
    await sim.clock.runUntil(startedAt + plan.totalMs + 1000);
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
    check('summary');
    await sim.relaunch({ page: 'page/nudge/index' });
    check(null);
    await sim.relaunch({ page: 'page/about/index' });
    expect(
      sim.screen.findByText(loose(core['safety.seeProfessional.short'] as string)),
      'see a professional',
    ).toBeDefined();
    check(null);

    expect(settingsText(sim)).toContain(EXPECT[locale].settings);
    expect(sim.texts.misses, 'keys that fell through to the key itself').toEqual([]);
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });
});
