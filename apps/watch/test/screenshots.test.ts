/** Renders every page, round and square, to docs/screens/*.png (and checks nothing errored). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../../firmware-sim/src/index.js';
import { launchWatch, tapText, WATCH_DIR } from './sim-helpers.js';

const OUT = join(WATCH_DIR, 'docs', 'screens');

async function shoot(sim: Sim, device: string, name: string): Promise<void> {
  writeFileSync(join(OUT, `${device}-${name}.png`), sim.render.png());
}

describe.each(['gtr4', 'gts4'] as const)('screens on %s', (device) => {
  it('renders every page', async () => {
    mkdirSync(OUT, { recursive: true });
    const sim = await launchWatch({ device });
    await shoot(sim, device, 'home');
    await tapText(sim, 'Routines');
    await shoot(sim, device, 'picker');
    await tapText(sim, /Full back routine/);
    await shoot(sim, device, 'runner-start');
    await tapText(sim, 'Start');
    await sim.clock.advance(12_000);
    await shoot(sim, device, 'runner-hold');
    await sim.clock.advance(20 * 60_000 - 12_000);
    await shoot(sim, device, 'summary-rating');
    await tapText(sim, '+');
    await tapText(sim, 'Save');
    await shoot(sim, device, 'summary');
    await sim.relaunch({ page: 'page/nudge/index' });
    await shoot(sim, device, 'nudge');
    await sim.relaunch({ page: 'page/about/index' });
    await shoot(sim, device, 'about');
    expect(sim.errors).toEqual([]);
    sim.dispose();
  });
});
