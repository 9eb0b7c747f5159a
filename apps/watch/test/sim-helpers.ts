import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSim, type Sim, type SimOptions } from '../../../firmware-sim/src/index.js';

export const WATCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Monday 2025-01-06 08:00 UTC: the sim's default start, a working day. */
export const MONDAY_8AM = Date.UTC(2025, 0, 6, 8, 0, 0);

export async function launchWatch(opts: Partial<SimOptions> = {}): Promise<Sim> {
  const sim = await createSim({ appDir: WATCH_DIR, device: 'gtr4', startTime: MONDAY_8AM, seed: 1, ...opts });
  await sim.launch();
  return sim;
}

export async function tapText(sim: Sim, text: string | RegExp): Promise<void> {
  await sim.tap(sim.screen.getByText(text));
}
