/**
 * `pnpm sim <scenario.ts> [--out dir] [--device gtr4|balance|gts4]`
 *
 * A scenario module exports `options` (SimOptions without appDir is fine if it exports `appDir`)
 * (the app is launched first unless `autoLaunch = false`) and either a default `async (sim, tools) => {}` or `steps`: an array of
 * `{ tap: text } | { advance: ms } | { key: 'back' } | { swipe: 'right' } | { shot: name } | (sim, tools) => …`.
 * Writes `<out>/<n>-<name>.png` screenshots and `<out>/timeline.jsonl` (virtual time, event).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeviceKey } from './devices.js';
import { createSim, type KeyName, type Sim, type SimOptions } from './sim.js';

export interface ScenarioTools {
  shot(name: string): string;
  log(event: string, data?: Record<string, unknown>): void;
  outDir: string;
}

export type ScenarioStep =
  | { tap: string }
  | { longPress: string }
  | { advance: number }
  | { key: KeyName }
  | { swipe: 'left' | 'right' | 'up' | 'down' }
  | { shot: string }
  | ((sim: Sim, tools: ScenarioTools) => unknown);

export interface ScenarioModule {
  options?: Partial<SimOptions>;
  appDir?: string;
  steps?: ScenarioStep[];
  /** Launch the app before the steps (default true). */
  autoLaunch?: boolean;
  default?: (sim: Sim, tools: ScenarioTools) => unknown;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export async function runScenario(file: string, outDir: string, device?: DeviceKey): Promise<Sim> {
  const mod = (await import(pathToFileURL(file).href)) as ScenarioModule;
  const appDirRaw = mod.options?.appDir ?? mod.appDir;
  if (!appDirRaw) throw new Error(`${file}: export appDir (or options.appDir)`);
  const appDir = isAbsolute(appDirRaw) ? appDirRaw : resolve(dirname(file), appDirRaw);
  mkdirSync(outDir, { recursive: true });
  const sim = await createSim({ ...mod.options, appDir, ...(device ? { device } : {}) });
  let n = 0;
  const tools: ScenarioTools = {
    outDir,
    shot(name) {
      const f = join(outDir, `${String(++n).padStart(2, '0')}-${name}.png`);
      writeFileSync(f, sim.render.png());
      sim.timeline.log('screenshot', { file: f });
      return f;
    },
    log: (event, data) => {
      sim.timeline.log(event, data);
    },
  };
  try {
    if (mod.autoLaunch !== false) await sim.launch();
    if (mod.default) await mod.default(sim, tools);
    for (const step of mod.steps ?? []) {
      if (typeof step === 'function') await step(sim, tools);
      else if ('tap' in step) await sim.tap(sim.screen.getByText(step.tap));
      else if ('longPress' in step) await sim.longPress(sim.screen.getByText(step.longPress));
      else if ('advance' in step) await sim.clock.advance(step.advance);
      else if ('key' in step) await sim.pressKey(step.key);
      else if ('swipe' in step) await sim.swipe(step.swipe);
      else if ('shot' in step) tools.shot(step.shot);
    }
  } finally {
    writeFileSync(join(outDir, 'timeline.jsonl'), `${sim.timeline.toJsonLines()}\n`);
  }
  return sim;
}

async function main(): Promise<void> {
  const file = process.argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!file) {
    console.error('usage: pnpm sim <scenario.ts> [--out dir] [--device gtr4|balance|gts4]');
    process.exit(2);
  }
  const abs = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), arg('--out') ?? 'sim-out');
  const sim = await runScenario(abs, out, arg('--device') as DeviceKey | undefined);
  console.log(
    `scenario done at ${new Date(sim.clock.now()).toISOString()}; ${sim.errors.length} app errors; output in ${out}`,
  );
  sim.dispose();
  if (sim.errors.length > 0) {
    for (const e of sim.errors)
      console.error(`  ${e.where}: ${(e.error as Error)?.message ?? String(e.error)}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
