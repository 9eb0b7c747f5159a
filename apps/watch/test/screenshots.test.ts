/**
 * Renders every page on round 466 (gtr4), round 480 (balance) and square 390×450 (gts4) to
 * docs/screens/*.png, including the runner in prepare, hold, the seated twist's side and
 * cat-cow's reps. Checks that nothing errored, that every text of the runner's first screen
 * fits inside the round mask, and that the summary counts stretches, not sides.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSessionPlan, getBuiltinRoutine, type PlanSlot } from '@unknot/stretch-model';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { launchWatch, tapText, WATCH_DIR } from './sim-helpers.js';

const OUT = join(WATCH_DIR, 'docs', 'screens');

function shoot(sim: Sim, device: string, name: string): void {
  writeFileSync(join(OUT, `${device}-${name}.png`), sim.render.png());
}

/** Every visible widget of the first screen lies inside the circle (round) or the screen (square). */
function expectInsideScreen(sim: Sim, round: boolean, size: { w: number; h: number }): void {
  const c = size.w / 2;
  for (const wgt of sim.screen.widgets()) {
    if (!wgt.visible || wgt.type === 'ARC') continue;
    const b = wgt.bounds;
    if (b.y >= size.h) continue; // below the fold: reached by scrolling
    if (wgt.type === 'TEXT' && (wgt.text ?? '') === '') continue;
    if (round) {
      // Buttons have round ends; text is centred, so its glyph band is inside the box's middle.
      const inset = wgt.type === 'BUTTON' ? (b.h / 2) * (1 - Math.SQRT1_2) : 0;
      for (const x of [b.x + inset, b.x + b.w - inset])
        for (const y of [b.y + inset, b.y + b.h - inset])
          expect(Math.hypot(x - c, y - c), `${wgt.type} "${wgt.text}" corner`).toBeLessThanOrEqual(c);
    } else {
      expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= size.w && b.y + b.h <= size.h, `${wgt.text}`).toBe(true);
    }
  }
}

const DEVICES = [
  { device: 'gtr4', round: true, w: 466, h: 466 },
  { device: 'balance', round: true, w: 480, h: 480 },
  { device: 'gts4', round: false, w: 390, h: 450 },
] as const;

describe.each(DEVICES)('screens on $device', ({ device, round, w, h }) => {
  it('renders every page', async () => {
    mkdirSync(OUT, { recursive: true });
    const sim = await launchWatch({ device });
    shoot(sim, device, 'home');
    await tapText(sim, 'Routines');
    shoot(sim, device, 'picker');
    await tapText(sim, /Full back routine/);
    shoot(sim, device, 'runner-start');

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
      shoot(sim, device, name);
    }
    await sim.clock.runUntil(startedAt + plan.totalMs + 1000);
    shoot(sim, device, 'summary-rating');
    await tapText(sim, '+');
    await tapText(sim, 'Save');
    expect(sim.screen.findByText(/^6 stretches/)).toBeDefined();
    shoot(sim, device, 'summary');
    await sim.relaunch({ page: 'page/nudge/index' });
    shoot(sim, device, 'nudge');
    await sim.relaunch({ page: 'page/about/index' });
    shoot(sim, device, 'about');
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });
});
