/**
 * Randomized fault schedules against the real sync server, real transports and the real core
 * replicas. See README.md in this folder.
 *
 *   vitest run faults                          200 schedules (default)
 *   FAULT_SCHEDULES=1000 vitest run faults     the long run (`pnpm test:faults:long`)
 *   FAULT_SEED=<n> vitest run faults           replay exactly schedule <n>
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, FaultCounter } from './support/link.js';
import { describeAction, isKillSeed, makePlan } from './support/plan.js';
import { runSchedule, type ScheduleResult } from './support/schedule.js';
import { type FaultServer, startChildServer, startInProcessServer } from './support/servers.js';

function envInt(name: string): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

const ONLY = envInt('FAULT_SEED');
const COUNT = envInt('FAULT_SCHEDULES') ?? 200;
const FIRST = envInt('FAULT_FIRST_SEED') ?? 1;
const seeds = ONLY !== null ? [ONLY] : Array.from({ length: COUNT }, (_, i) => FIRST + i);
const killSeeds = seeds.filter(isKillSeed);
const plainSeeds = seeds.filter((s) => !isKillSeed(s));
const CHUNK = 25;
const MAX_REPORTED_FAILURES = 5;

const results: ScheduleResult[] = [];
const failures: ScheduleResult[] = [];
let childStats: { starts: number; kills: number } | null = null;
const startedAt = performance.now();

function chunks(list: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

function report(failed: ScheduleResult): string {
  const plan = makePlan(failed.seed);
  const lines = failed.violations.slice(0, 25).map((v) => `  - ${v}`);
  if (failed.violations.length > 25) lines.push(`  … ${failed.violations.length - 25} more`);
  return [
    `FAULT SCHEDULE FAILED: SEED=${failed.seed} (${plan.kill ? 'SIGKILL, child-process server' : 'in-process server'})`,
    `  replay: cd tests && FAULT_SEED=${failed.seed} npx vitest run faults`,
    `  devices: ${plan.devices.map((d) => `${d.kind}(skew ${(d.skewMs / 3600_000).toFixed(1)}h, loss ${d.lossRate})`).join(', ')}`,
    `  plan: ${plan.actions.map(describeAction).join(' ')}`,
    ...lines,
  ].join('\n');
}

/** Runs the seeds one after another; returns a line per failed schedule. */
async function runLane(list: number[], server: () => FaultServer): Promise<string[]> {
  const fresh: ScheduleResult[] = [];
  for (const seed of list) {
    if (failures.length >= MAX_REPORTED_FAILURES) break;
    const result = await runSchedule(makePlan(seed), server());
    results.push(result);
    if (result.violations.length > 0) {
      failures.push(result);
      fresh.push(result);
      console.error(report(result));
    }
  }
  return fresh.map((f) => `SEED=${f.seed}: ${f.violations[0]}`);
}

describe('fault schedules: every finished session once everywhere, registers at their HLC-latest write', () => {
  afterAll(() => {
    const faults = new FaultCounter();
    const sum = {
      actions: 0,
      ops: 0,
      sessions: 0,
      nudgeEvents: 0,
      registerWrites: 0,
      syncs: 0,
      failedSyncs: 0,
      devices: 0,
      serverOps: 0,
      snapshotStarts: 0,
    };
    const syncErrors: Record<string, number> = {};
    for (const r of results) {
      faults.addAll(r.faults);
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += r.totals[key];
      for (const [code, n] of Object.entries(r.totals.syncErrors))
        syncErrors[code] = (syncErrors[code] ?? 0) + n;
    }
    const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3);
    const lines = [
      `fault schedules: ${results.length} run (${results.filter((r) => isKillSeed(r.seed)).length} with SIGKILL), ${failures.length} failed, ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
      `  seeds ${seeds[0]}…${seeds.at(-1)}${ONLY !== null ? ' (FAULT_SEED)' : ''}`,
      `  devices ${sum.devices}, actions ${sum.actions}, ops made ${sum.ops} (sessions ${sum.sessions}, nudge events ${sum.nudgeEvents}, register writes ${sum.registerWrites}), ops on the server ${sum.serverOps}; fresh clients that started from a snapshot ${sum.snapshotStarts}`,
      `  syncOnce rounds ${sum.syncs} (${sum.failedSyncs} gave up: ${
        Object.entries(syncErrors)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'none'
      })`,
      `  faults injected: ${faults.total()} — ${FAULT_KINDS.map((k) => `${k} ${faults.counts[k]}`).join(', ')}`,
      childStats ? `  child-process server: ${childStats.starts} starts, ${childStats.kills} SIGKILLs` : '',
      `  slowest: ${slowest.map((r) => `SEED=${r.seed} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
      failures.length > 0 ? `  FAILED SEEDS: ${failures.map((f) => f.seed).join(', ')}` : '',
    ].filter(Boolean);
    console.log(lines.join('\n'));
  });

  // Two lanes run side by side in every chunk: the in-process schedules and the SIGKILL schedules
  // of the same seed range. The child-process server warms a standby process after every restart
  // (module loading costs seconds of CPU); the in-process lane keeps the other core busy meanwhile.
  let inProcess: FaultServer | null = null;
  let child: Awaited<ReturnType<typeof startChildServer>> | null = null;
  beforeAll(async () => {
    [inProcess, child] = await Promise.all([
      plainSeeds.length > 0 ? startInProcessServer() : null,
      killSeeds.length > 0 ? startChildServer() : null,
    ]);
  });
  afterAll(async () => {
    childStats = child ? { ...child.stats } : null;
    await Promise.all([inProcess?.close(), child?.close()]);
  });

  for (const list of chunks(seeds)) {
    const plain = list.filter((s) => !isKillSeed(s));
    const kill = list.filter(isKillSeed);
    const name = `seeds ${list[0]}…${list.at(-1)}: ${plain.length} in-process, ${kill.length} with SIGKILL`;
    it(name, async () => {
      const [a, b] = await Promise.all([
        runLane(plain, () => inProcess as FaultServer),
        runLane(kill, () => child as FaultServer),
      ]);
      expect([...a, ...b]).toEqual([]);
    }, 900_000);
  }
});
