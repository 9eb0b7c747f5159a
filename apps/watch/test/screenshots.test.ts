/**
 * Renders every page on round 466 (gtr4), round 480 (balance) and square 390×450 (gts4) to
 * docs/screens/*.png, including the runner in prepare, hold, the seated twist's side and
 * cat-cow's reps, and again with the full back routine renamed on the dashboard to 80 characters.
 * Checks that nothing errored, that every text of the runner's first screen fits inside the round
 * mask, that on every page each TEXT / BUTTON label fits its box (by the app's own width estimate,
 * `lib/ui/text-fit.ts`, and by the sim's wrapping), that buttons stay ≥ 80 px tall, that every
 * widget lies inside the circle (round) or the screen (square) once scrolled into view, and that
 * the summary counts stretches, not sides. The summary's optional "Where?" step (after a rating)
 * and its side step are shot too (`summary-where`, `summary-where-side`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSessionPlan,
  createReplica,
  getBuiltinRoutine,
  type PlanSlot,
  type ServerOp,
} from '@unknot/stretch-model';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { expectInsideScreen, expectTextFits, type Screen, shootChecked } from './screen-checks.js';
import { launchWatch, quickBreak, tapText, WATCH_DIR } from './sim-helpers.js';

const OUT = join(WATCH_DIR, 'docs', 'screens');

/** Checks the page (labels fit, glyphs, inside the screen when scrolled to) and saves its PNG. */
function shoot(sim: Sim, screen: Screen, name: string): void {
  shootChecked(sim, screen, 'en-US', join(OUT, `${screen.device}-${name}.png`));
}

/** A name the dashboard allows (80 characters) for the full back routine. */
const LONG_NAME = 'Wednesday morning mobility: lower back, hips, hamstrings and upper shoulder work';

/** The dashboard renames a routine: a `register.set` from another device, received by the watch. */
function renameRoutineOnWatch(sim: Sim, id: string, name: string): void {
  const routine = getBuiltinRoutine(id);
  if (!routine) throw new Error(`${id} missing`);
  const web = createReplica({ deviceId: 'web-dashboard', now: () => sim.clock.now() });
  const recorded = web.record('register.set', { key: `routine.${id}`, value: { ...routine, name } });
  if (!recorded.ok) throw new Error(recorded.error.message);
  const ops: ServerOp[] = web.takeOutbox().map((op, i) => ({ ...op, serverSeq: i + 1 }));
  const identity = JSON.parse(String(sim.system.localStorage.value['unknot.identity.v1'])) as {
    deviceId: string;
  };
  const watch = createReplica({ deviceId: identity.deviceId, now: () => sim.clock.now() });
  watch.receive(ops, ops.length);
  sim.system.localStorage.update((d) => {
    d['unknot.replica.v1'] = JSON.stringify(watch.toJSON());
  });
}

const DEVICES = [
  { device: 'gtr4', round: true, w: 466, h: 466 },
  { device: 'balance', round: true, w: 480, h: 480 },
  { device: 'gts4', round: false, w: 390, h: 450 },
] as const;

describe.each(DEVICES)('screens on $device', (screen) => {
  const { device, round, w, h } = screen;
  it('renders every page', async () => {
    mkdirSync(OUT, { recursive: true });
    const sim = await launchWatch({ device });
    shoot(sim, screen, 'home');
    await tapText(sim, 'Routines');
    shoot(sim, screen, 'picker');
    await tapText(sim, /Full back routine/);
    shoot(sim, screen, 'runner-start');

    const routine = getBuiltinRoutine('full-back');
    if (!routine) throw new Error('full-back missing');
    const plan = buildSessionPlan(routine);
    const at = (pred: (s: PlanSlot) => boolean): number => {
      const slot = plan.slots.find(pred);
      if (!slot) throw new Error('slot missing');
      return slot.startMs + Math.min(3000, slot.durationMs / 2);
    };
    await tapText(sim, 'Start');
    const startedAt = sim.clock.now();
    const moments: [string, number, RegExp][] = [
      ['runner-prepare', at((s) => s.phase === 'prepare'), /Sit or stand/],
      ['runner-hold', at((s) => s.phase === 'hold'), /Cross your arms/],
      [
        'runner-catcow',
        at((s) => s.stretchId === 'cat-cow' && s.phase === 'inhale' && s.rep === 3),
        /Rep 3\/8/,
      ],
      [
        'runner-twist',
        at((s) => s.stretchId === 'seated-twist' && s.phase === 'hold'),
        /Left side|Right side/,
      ],
    ];
    for (const [name, offset, expected] of moments) {
      await sim.clock.runUntil(startedAt + offset);
      expect(sim.screen.findByText(expected), `${name} shows ${expected}`).toBeDefined();
      expectInsideScreen(sim, round, { w, h });
      shoot(sim, screen, name);
    }
    await sim.clock.runUntil(startedAt + plan.totalMs + 1000);
    shoot(sim, screen, 'summary-rating');
    await tapText(sim, '+');
    await tapText(sim, 'Save');
    // the optional "Where?" step after a rating: five areas and Skip, then the sides of one
    expect(sim.screen.findByText(/^Where was it\s+tight\?$/)).toBeDefined();
    expect(sim.screen.findAllByType('BUTTON').map((b) => b.text)).toEqual([
      'Upper back',
      'Mid back',
      'Lower back',
      'Shoulder',
      'Chest',
      'Skip',
    ]);
    shoot(sim, screen, 'summary-where');
    await tapText(sim, 'Shoulder');
    // a shoulder is left, right or both: no middle
    expect(sim.screen.findAllByType('BUTTON').map((b) => b.text)).toEqual([
      'Left',
      'Right',
      'Both sides',
      'Back',
    ]);
    await tapText(sim, 'Back');
    await tapText(sim, 'Lower back');
    expect(sim.screen.findAllByType('BUTTON').map((b) => b.text)).toEqual([
      'Middle',
      'Left',
      'Right',
      'Both sides',
      'Back',
    ]);
    shoot(sim, screen, 'summary-where-side');
    await tapText(sim, 'Left');
    expect(sim.screen.findByText(/^6 stretches/)).toBeDefined();
    expect(sim.screen.findByText('Noted: Lower back, left')).toBeDefined();
    shoot(sim, screen, 'summary');
    await sim.relaunch({ page: 'page/nudge/index' });
    shoot(sim, screen, 'nudge');
    await sim.relaunch({ page: 'page/about/index' });
    shoot(sim, screen, 'about');

    // Removed from the account on the dashboard: the phone side service forgot the refused
    // credential and answers `hello` with the removal; the session just saved waits on the watch.
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
    await sim.until(() => sim.screen.findByText(/^Removed\s+from\s+your\s+account/) !== undefined, {
      timeoutMs: 30_000,
    });
    shoot(sim, screen, 'home-removed');
    await tapText(sim, 'About & safety');
    expect(sim.screen.findByText(/removed\s+on/)).toBeDefined();
    shoot(sim, screen, 'about-removed');
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });

  it('renders the settings and History pages, the shortcut card and the widget', async () => {
    mkdirSync(OUT, { recursive: true });
    const sim = await launchWatch({ device });
    // The card before any break today, then its Quick break opens the runner.
    await sim.exit();
    await sim.showCard();
    expect(sim.screen.card()).toBe('app-widget/today');
    expect(sim.screen.findByText('Today 0/1')).toBeDefined();
    expectTextFits(sim, `${device} card`);
    const box = sim.cardBox();
    if (!box) throw new Error('no card box');
    for (const wgt of sim.screen.widgets()) {
      const b = wgt.bounds;
      expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= box.w && b.y + b.h <= box.h, `card ${wgt.text}`).toBe(true);
    }
    await tapText(sim, 'Quick break');
    expect(sim.screen.page()).toBe('page/runner/index');
    await sim.exit();
    await sim.launch();
    await quickBreak(sim);
    await sim.exit();
    await sim.showCard();
    expect(sim.screen.findByText('Today 1/1')).toBeDefined();
    writeFileSync(join(OUT, `${device}-card.png`), sim.render.png());
    await sim.showCard({ kind: 'secondary-widget' });
    expect(sim.screen.findByText('Today 1/1')).toBeDefined();
    shoot(sim, screen, 'widget');
    await sim.exit();

    await sim.launch();
    await tapText(sim, 'History');
    expect(sim.screen.findByText('Tightness not rated')).toBeDefined();
    shoot(sim, screen, 'history');
    await tapText(sim, 'Back');
    await tapText(sim, 'Settings');
    shoot(sim, screen, 'settings');
    await tapText(sim, 'Nudges: on');
    shoot(sim, screen, 'settings-off');
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });

  it('fits an 80-character routine name on every page', async () => {
    expect(LONG_NAME).toHaveLength(80);
    mkdirSync(OUT, { recursive: true });
    const sim = await launchWatch({ device });
    renameRoutineOnWatch(sim, 'full-back', LONG_NAME);
    await sim.relaunch();
    shoot(sim, screen, 'home-long-name');
    await tapText(sim, 'Routines');
    const named = sim.screen.findAllByType('BUTTON').find((b) => (b.text ?? '').startsWith('Wednesday'));
    expect(named?.text, 'the renamed routine is in the picker').toMatch(/\.\.\.|\(5 min\)$/);
    expect(named?.text).toMatch(/\(\d+ min\)$/);
    shoot(sim, screen, 'picker-long-name');
    for (let i = 0; i < 6; i++) await sim.swipe('up');
    writeFileSync(join(OUT, `${device}-picker-long-name-end.png`), sim.render.png());
    if (!named) throw new Error('renamed routine missing');
    await sim.tap(named);
    expect(sim.screen.findByText(/^Wednesday/)).toBeDefined();
    shoot(sim, screen, 'runner-start-long-name');
    await tapText(sim, 'Start');
    await sim.clock.advance(8000);
    shoot(sim, screen, 'runner-long-name');
    await tapText(sim, 'Stop routine');
    // 5 s getting ready + 3 s of the first hold: one stretch, and the run's length as History says it
    expect(sim.screen.findByText(/^1 stretch, 8 s$/)).toBeDefined();
    shoot(sim, screen, 'summary-long-name');
    await tapText(sim, 'Done');
    shoot(sim, screen, 'home-after-long-name');
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });
});
