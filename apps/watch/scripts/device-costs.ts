/**
 * `pnpm --filter @unknot/watch bench`: what each page and the nudge service cost in the device
 * engine. Bytecode comes from the built .zab (zeus's qjsc output for the round 466 px target); heap
 * and time from the simulator running the same device JS in QuickJS 2021-03-27 (WebAssembly on
 * this host, so times are the host's, not a watch's: compare them with each other, not with 600 ms
 * on a device). V8 runs the same steps beside it as the baseline of the same run. Prints a table
 * and writes bench-results/device-costs.json. Times are host wall-clock of the same sim operation
 * in each engine (sim overhead included in both).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSim, type Sim } from '../../../firmware-sim/src/index.js';
import { appEntries } from './app-entries.js';
import { WATCH_DIR, ZAB_FILE } from './paths.js';
import { readZip } from './zip-reader.js';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const OUT = join(WATCH_DIR, 'bench-results');

function bytecodeSizes(): Map<string, number> {
  const zab = readZip(readFileSync(ZAB_FILE));
  const manifest = JSON.parse(zab.get('manifest.json')?.toString('utf8') ?? '{}') as {
    zpks: { name: string; platforms: { screenType: string; screenResolution: string }[] }[];
  };
  const zpk = manifest.zpks.find((z) => z.platforms.some((p) => p.screenResolution === '466x466'));
  const data = zpk ? zab.get(zpk.name) : undefined;
  const device = data ? readZip(data).get('device.zip') : undefined;
  if (!device) throw new Error('no 466x466 device package in the .zab: run the build first');
  const sizes = new Map<string, number>();
  for (const [name, buf] of readZip(device))
    if (name.endsWith('.bin')) sizes.set(name.replace(/\.bin$/, ''), buf.length);
  return sizes;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] ?? Number.NaN);
}

/** A sim with the app launched at `page`; `launchMs` is the host time the launch took. */
async function sim(
  engine: 'quickjs' | 'v8',
  page?: string,
  params?: object,
): Promise<Sim & { launchMs?: number }> {
  const s: Sim & { launchMs?: number } = await createSim({
    appDir: WATCH_DIR,
    device: 'gtr4',
    startTime: T0,
    engine,
    screenTimeout: false,
    ...(engine === 'quickjs' ? { deviceCode: 'build' as const } : {}),
  });
  const t0 = performance.now();
  await s.launch({ ...(page ? { page } : {}), ...(params ? { params } : {}) });
  s.launchMs = performance.now() - t0;
  return s;
}

interface Row {
  entry: string;
  bytecodeBytes: number | null;
  heapAfterLoadBytes: number | null;
  quickjsMs: number | null;
  v8Ms: number | null;
  what: string;
}

async function pageRow(entry: string, bytecode: Map<string, number>): Promise<Row> {
  const load = async (engine: 'quickjs' | 'v8') => {
    const times: number[] = [];
    let heap: number | undefined;
    for (let i = 0; i < 5; i++) {
      const s = await sim(engine, entry);
      times.push(s.launchMs ?? Number.NaN);
      heap = s.watch?.engine.stats().heapBytes;
      s.dispose();
    }
    return { ms: median(times), heap };
  };
  const q = await load('quickjs');
  const v = await load('v8');
  return {
    entry,
    bytecodeBytes: bytecode.get(entry) ?? null,
    heapAfterLoadBytes: q.heap ?? null,
    quickjsMs: q.ms,
    v8Ms: v.ms,
    what: 'launch at this page: app.js + page evaluated from source, onInit, build',
  };
}

async function tickRow(): Promise<Row> {
  const per = async (engine: 'quickjs' | 'v8') => {
    const s = await sim(engine, 'page/runner/index', { routine: 'quick', trigger: 'manual' });
    const start = s.screen.findByText('Start');
    if (!start) throw new Error('runner has no Start');
    await s.tap(start);
    await s.clock.advance(2_000);
    const ticks = 40; // 10 s at 250 ms
    const t0 = performance.now();
    await s.clock.advance(ticks * 250);
    const elapsed = performance.now() - t0;
    const heap = s.watch?.engine.stats().heapBytes;
    s.dispose();
    return { ms: elapsed / ticks, heap };
  };
  const q = await per('quickjs');
  const v = await per('v8');
  return {
    entry: 'runner tick',
    bytecodeBytes: null,
    heapAfterLoadBytes: q.heap ?? null,
    quickjsMs: q.ms,
    v8Ms: v.ms,
    what: 'one 250 ms tick of a running hold (engine step, redraw, timers)',
  };
}

async function wakeRow(bytecode: Map<string, number>): Promise<Row> {
  const per = async (engine: 'quickjs' | 'v8') => {
    const s = await sim(engine);
    await s.exit();
    s.steps.schedule([{ activity: 'sitting', minutes: 600 }]);
    await s.clock.advance(8 * 3_600_000);
    const runs = s.serviceRuns.filter((r) => r.file === 'app-service/nudge' && r.end === 'exit');
    s.dispose();
    return {
      ms: median(runs.map((r) => r.wallMs ?? Number.NaN)),
      heap: median(runs.map((r) => r.heapBytes ?? Number.NaN)),
      n: runs.length,
      worst: Math.max(...runs.map((r) => r.wallMs ?? 0)),
    };
  };
  const q = await per('quickjs');
  const v = await per('v8');
  return {
    entry: 'app-service/nudge',
    bytecodeBytes: bytecode.get('app-service/nudge') ?? null,
    heapAfterLoadBytes: Number.isFinite(q.heap) ? q.heap : null,
    quickjsMs: q.ms,
    v8Ms: v.ms,
    what: `one wake-up (median of ${q.n}; worst ${q.worst.toFixed(1)} ms in QuickJS)`,
  };
}

const bytecode = bytecodeSizes();
const rows: Row[] = [];
for (const entry of appEntries().pages) rows.push(await pageRow(entry, bytecode));
rows.push(await tickRow());
rows.push(await wakeRow(bytecode));
const appBytes = bytecode.get('app') ?? null;

const kb = (n: number | null) => (n === null ? '-' : `${(n / 1024).toFixed(1)} KB`);
const ms = (n: number | null) => (n === null || !Number.isFinite(n) ? '-' : `${n.toFixed(2)} ms`);
console.log(`\napp.js bytecode: ${kb(appBytes)} (shared core, loaded with every page)\n`);
console.log('| entry | bytecode | QuickJS heap after load | QuickJS time | V8 time (baseline) | measured |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.entry} | ${kb(r.bytecodeBytes)} | ${kb(r.heapAfterLoadBytes)} | ${ms(r.quickjsMs)} | ${ms(r.v8Ms)} | ${r.what} |`,
  );
mkdirSync(OUT, { recursive: true });
writeFileSync(
  join(OUT, 'device-costs.json'),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), appBytecodeBytes: appBytes, rows }, null, 2)}\n`,
);
