import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Replica, restoreReplica } from '@unknot/stretch-model';
import { expect } from 'vitest';
import { createSim, type Sim, type SimOptions } from '../../../firmware-sim/src/index.js';

export const WATCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Monday 2025-01-06 08:00 UTC: the sim's default start, a working day. */
export const MONDAY_8AM = Date.UTC(2025, 0, 6, 8, 0, 0);

/** The firmware API level this run simulates (the vitest project sets it: lowest and highest). */
export const API_LEVEL = process.env.WATCH_API_LEVEL;

/**
 * A simulated watch running the device JS of the official build (dist/device-js) in QuickJS;
 * `npm test` builds it first. `SIM_ENGINE=v8` runs the sim's own bundle instead (development).
 */
export async function launchWatch(opts: Partial<SimOptions> = {}): Promise<Sim> {
  const sim = await createSim(watchOptions(opts));
  await sim.launch();
  return sim;
}

export function watchOptions(opts: Partial<SimOptions> = {}): SimOptions {
  return {
    appDir: WATCH_DIR,
    device: 'gtr4',
    startTime: MONDAY_8AM,
    seed: 1,
    ...(API_LEVEL ? { apiLevel: API_LEVEL } : {}),
    ...(process.env.SIM_ENGINE === 'v8' ? {} : { deviceCode: 'build' as const }),
    ...opts,
  };
}

export async function tapText(sim: Sim, text: string | RegExp): Promise<void> {
  await sim.tap(sim.screen.getByText(text));
}

/** The replica the watch keeps in its storage (fails the test when there is none). */
export function watchReplica(s: Sim): Replica {
  const restored = restoreReplica(s.system.localStorage.value['unknot.replica.v1'], {
    now: () => s.clock.now(),
  });
  if (!restored.ok) throw new Error('no replica on the watch');
  return restored.replica;
}

/** Home → Quick break → Start → the whole break → Skip rating → Done → home. */
export async function quickBreak(s: Sim): Promise<void> {
  await tapText(s, 'Quick break');
  await tapText(s, 'Start');
  await s.until(() => s.screen.page() === 'page/summary/index', { timeoutMs: 15 * 60_000, stepMs: 1000 });
  await tapText(s, 'Skip rating');
  await tapText(s, 'Done');
  expect(s.screen.page()).toBe('page/home/index');
}
