/**
 * Core benchmarks: `pnpm bench` in this package. Prints a table and writes
 * `bench-results/core.json`. Each workload is measured beside a floor measured in the same run
 * (the least work that touches the same data), so the ratio means something on any machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adherenceSummary } from '../src/adherence/index.js';
import type { SessionRecord } from '../src/records/session-record.js';
import { DEFAULT_PLAN_SETTINGS } from '../src/records/settings.js';
import { getBuiltinRoutine } from '../src/routines/index.js';
import { createSession, engineReduce } from '../src/session/index.js';
import type { SessionState } from '../src/session/state.js';
import { formatHlc } from '../src/sync/hlc.js';
import { buildNudgeEvent, buildSession, holdResult, repsResult } from '../src/testing/index.js';
import { applyOps, emptySyncState } from '../src/sync/merge.js';
import { type Op, validateOp } from '../src/sync/protocol.js';

interface Row {
  name: string;
  items: number;
  unit: string;
  ms: number;
  perSecond: number;
  floorMs: number;
  vsFloor: number;
}

function time(fn: () => unknown, repeats = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const T0 = Date.UTC(2023, 0, 2, 8, 0, 0);
const DAY = 86_400_000;

function session(deviceId: string, i: number, startedAt: number): SessionRecord {
  return buildSession({
    deviceId,
    trigger: i % 5 === 0 ? 'nudge' : 'manual',
    outcome: i % 17 === 0 ? 'aborted' : 'completed',
    startedAt,
    endedAt: startedAt + 330_000,
    painBefore: i % 11,
    painAfter: Math.max(0, (i % 11) - 2),
    stretches: [holdResult('upper-back', 30, 20 + (i % 11), i % 13 === 0), repsResult(8, 8)],
  });
}

function mergeOps(n: number): Op[] {
  const ops: Op[] = [];
  const devices = ['watch-1', 'phone-1', 'web-1', 'watch-2'];
  const seqs = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const deviceId = devices[i % devices.length] as string;
    const seq = (seqs.get(deviceId) ?? 0) + 1;
    seqs.set(deviceId, seq);
    const hlc = formatHlc({ wallMs: T0 + i * 1000, counter: 0, deviceId });
    const base = { opId: `${deviceId}:${seq}`, deviceId, seq, hlc };
    if (i % 10 === 0) {
      ops.push({
        ...base,
        type: 'register.set',
        payload: { key: 'settings.plan', value: { ...DEFAULT_PLAN_SETTINGS, days: [i % 7] } },
      });
    } else if (i % 3 === 0) {
      ops.push({
        ...base,
        type: 'nudge.event',
        payload: buildNudgeEvent({
          deviceId,
          id: `${deviceId}:n${seq}`,
          nudgeId: `${deviceId}:n${seq}`,
          at: T0 + i * 1000,
        }),
      });
    } else {
      ops.push({ ...base, type: 'session.finished', payload: session(deviceId, i, T0 + i * 1000) });
    }
  }
  // Every op delivered twice, as a retried push would: the merge must dedupe.
  return ops.concat(ops.slice(0, n / 10));
}

const rows: Row[] = [];
function record(name: string, items: number, unit: string, ms: number, floorMs: number) {
  rows.push({ name, items, unit, ms, perSecond: items / (ms / 1000), floorMs, vsFloor: ms / floorMs });
}

// 1. Merge 100,000 ops (+10 % duplicates). Floor: a Map keyed by opId over the same ops.
{
  const ops = mergeOps(100_000);
  const ms = time(() => applyOps(emptySyncState(), ops));
  const floor = time(() => {
    const m = new Map<string, Op>();
    for (const op of ops) if (!m.has(op.opId)) m.set(op.opId, op);
    return m.size;
  });
  record('merge ops into a replica', ops.length, 'ops', ms, floor);
}

// 2. Adherence summary over 3 years of daily sessions (+ nudges). Floor: bucket sessions by local day.
{
  const records: SessionRecord[] = [];
  for (let d = 0; d < 3 * 365; d++) records.push(session('watch-1', d, T0 + d * DAY + (d % 5) * 3_600_000));
  const nudges = records.map((r, i) => ({
    id: `n${i}`,
    nudgeId: `n${i}`,
    deviceId: 'watch-1',
    action: (i % 3 === 0 ? 'started' : 'shown') as 'started' | 'shown',
    at: r.startedAt - 60_000,
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes: 60,
  }));
  const asOf = { now: T0 + 3 * 365 * DAY, utcOffsetMinutes: 60 };
  const ms = time(
    () =>
      adherenceSummary({
        records,
        nudgeEvents: nudges,
        plan: DEFAULT_PLAN_SETTINGS,
        asOf,
        historyDays: 3 * 365,
      }),
    5,
  );
  const floor = time(() => {
    const byDay = new Map<number, number>();
    for (const r of records) {
      const day = Math.floor((r.startedAt + r.utcOffsetMinutes * 60_000) / DAY);
      byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    return byDay.size;
  }, 5);
  record('adherence summary, 3 years daily', records.length, 'sessions', ms, floor);
}

// 3. One million engine ticks (100 ms apart) through full runs of the full back routine.
// Floor: the same loop calling a reducer that only compares the tick with the phase end.
{
  const routine = getBuiltinRoutine('full-back');
  if (!routine) throw new Error('full-back routine missing');
  const TICKS = 1_000_000;
  const startOptions = {
    sessionId: 'bench-1',
    deviceId: 'watch-1',
    timeZone: 'UTC',
    utcOffsetMinutes: 0,
    trigger: 'manual' as const,
  };
  const runTicks = () => {
    let ticks = 0;
    while (ticks < TICKS) {
      const created = createSession(routine);
      if (!created.ok) throw new Error('routine invalid');
      let now = T0;
      let state: SessionState = engineReduce(created.state, {
        type: 'start',
        now,
        options: startOptions,
      }).state;
      while (state.phase !== 'rating' && ticks < TICKS) {
        now += 100;
        state = engineReduce(state, { type: 'tick', now }).state;
        ticks++;
      }
    }
    return ticks;
  };
  const ms = time(runTicks, 1);
  const floor = time(() => {
    let endsAt = T0 + 5000;
    let phases = 0;
    for (let i = 0, now = T0; i < TICKS; i++) {
      now += 100;
      if (now >= endsAt) {
        endsAt = now + 30_000;
        phases++;
      }
    }
    return phases;
  }, 1);
  record('session engine ticks', TICKS, 'ticks', ms, floor);
}

// 4. validateOp over 100,000 untrusted ops (the merge mix, as freshly parsed JSON, 70 % sessions).
// Floor: copying each op and its payload (the least work that touches every op).
{
  const ops = JSON.parse(JSON.stringify(mergeOps(100_000).slice(0, 100_000))) as unknown[];
  const ms = time(() => {
    for (const op of ops) if (!validateOp(op).ok) throw new Error('bench op rejected');
  });
  const floor = time(() => ops.map((op) => ({ ...(op as Op), payload: { ...(op as Op).payload } })));
  record('validateOp (untrusted ops)', ops.length, 'ops', ms, floor);
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const header = ['workload', 'items', 'time (ms)', 'per second', 'floor (ms)', '× floor'];
const table = rows.map((r) => [
  r.name,
  `${fmt(r.items)} ${r.unit}`,
  fmt(r.ms, 1),
  fmt(r.perSecond),
  fmt(r.floorMs, 2),
  fmt(r.vsFloor, 1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] as string).length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of table) console.log(line(row));

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-results', 'core.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ node: process.version, measuredAt: new Date().toISOString(), rows }, null, 2)}\n`,
);
console.log(`\nwritten ${out}`);
