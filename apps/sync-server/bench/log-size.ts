/**
 * Log-size benchmark: does the server's cost grow with a user's log? Real SQLite files, the real
 * SqliteStore, SnapshotService and SyncService (no sockets: server time only).
 *
 * 1. Pulls at 10k, 100k and 1M ops. Each user has "2 years of history" — 730 days of 3 sessions
 *    and 8 nudge events (8,030 records, ~3.4 MB of snapshot) — and, before it, older register
 *    writes that fill the log to its size (settings edited over and over: the log grows, the state
 *    does not). Measured: a new device's first sync (snapshot + tail), catch-up after 30 days
 *    offline (the 330 ops since, paged), a pull at the head. Baseline: the same pulls of a user
 *    whose log is empty, in the same run.
 * 2. The worst event-loop stall while pushing session ops (25 per push, 2,500 in all, snapshots
 *    every 500 ops) for users holding 1k, 10k and 100k sessions; baseline: the same pushes with
 *    snapshot upkeep switched off. Reference: what one whole-state snapshot rebuild (the way
 *    snapshots were kept before) takes in a single turn at each size.
 *
 * A warm-up pass first (not reported): the first validation and fold of a process compile
 * their code once. BENCH_RUNS (3) runs; each figure is the median of 5 tries within a run, then median and range
 * over the runs. Writes bench-results/log-size.json. About 1–2 minutes on 2 cores.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  applyOps,
  emptySyncState,
  fromSnapshot,
  type Op,
  type PullResponse,
  toSnapshot,
} from '@unknot/stretch-model';
import { nudgeOp, registerOp, sessionOp } from '@unknot/stretch-model/testing';
import Database from 'better-sqlite3';
import type { Principal } from '../src/auth/principal.js';
import { DEFAULT_TUNING } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { DeviceService } from '../src/services/device.service.js';
import { MetricsService } from '../src/services/metrics.service.js';
import { limitPolicy, RequestLimits } from '../src/services/request-limits.js';
import { SnapshotService } from '../src/services/snapshot.service.js';
import type { SocketHub } from '../src/services/socket-hub.js';
import { SyncService } from '../src/services/sync.service.js';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { opJson } from '../src/stores/store.js';
import { median, round2 } from './stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TRIES = 5;
const LOG_SIZES = (process.env.BENCH_LOG_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const SESSION_SIZES = (process.env.BENCH_SESSION_SIZES ?? '1000,10000,100000').split(',').map(Number);
const DAYS = 730;
const SESSIONS_PER_DAY = 3;
const NUDGES_PER_DAY = 8;
const OPS_PER_DAY = SESSIONS_PER_DAY + NUDGES_PER_DAY;
/** ops after the stored snapshot (it is refreshed every 500) */
const TAIL = 120;
const PUSHES = 100;
const OPS_PER_PUSH = 25;
/** the server's clock: after every op the bench makes, so none is "ahead" */
const NOW = Date.UTC(2031, 0, 1);
const logger = createLogger('silent');

const hub = {
  publishOps() {},
  disconnectDevice() {},
  async connectedDevices() {
    return new Set<string>();
  },
} as unknown as SocketHub;

function server(store: SqliteStore, snapshotEvery: number) {
  const unlimited = {
    ...DEFAULT_TUNING,
    pushBurst: 1e9,
    pushesPerSecond: 1e9,
    userPushBurst: 1e9,
    userPushesPerSecond: 1e9,
    pullBurst: 1e9,
    pullsPerSecond: 1e9,
    userPullBurst: 1e9,
    userPullsPerSecond: 1e9,
  };
  const devices = new DeviceService(store, hub, logger, 3_600_000, () => NOW);
  const snapshots = new SnapshotService(store, logger, snapshotEvery);
  const sync = new SyncService(store, hub, devices, snapshots, new MetricsService(), logger, {
    limits: new RequestLimits(limitPolicy(unlimited), logger),
    now: () => NOW,
  });
  return { sync, snapshots, devices };
}

/** Writes ops straight into the store's tables (its own schema and stored text), in one transaction. */
function bulkInsert(file: string, userId: string, ops: readonly Op[]): void {
  const db = new Database(file);
  const insert = db.prepare('INSERT INTO ops (user_id, server_seq, op_id, json) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    ops.forEach((op, i) => {
      insert.run(userId, i + 1, op.opId, opJson(op));
    });
    db.prepare('INSERT OR REPLACE INTO heads (user_id, head) VALUES (?, ?)').run(userId, ops.length);
  })();
  db.close();
}

/** Older register writes, then 730 days of sessions and nudge events, `total` ops in all. */
function historyLog(total: number): Op[] {
  const padding = Math.max(0, total - DAYS * OPS_PER_DAY);
  const ops: Op[] = [];
  for (let i = 1; i <= padding; i++)
    ops.push(registerOp('web-1', i, `routine.custom-${1 + (i % 5)}`, null, Date.UTC(2026, 0, 1)));
  let seq = 0;
  while (ops.length < total) {
    for (let k = 0; k < SESSIONS_PER_DAY && ops.length < total; k++) ops.push(sessionOp('w1', ++seq));
    for (let k = 0; k < NUDGES_PER_DAY && ops.length < total; k++) ops.push(nudgeOp('w1', ++seq));
  }
  return ops;
}

/** A database with `ops` of one user and the snapshot a server keeps (all but the last TAIL ops). */
function buildDb(dir: string, name: string, ops: readonly Op[]): string {
  const file = join(dir, `${name}.db`);
  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  void store.close();
  bulkInsert(file, 'u1', ops);
  const at = Math.max(0, ops.length - TAIL);
  if (at > 0) {
    const seeded = new SqliteStore({ file, backgroundCheckpoint: false });
    void seeded.putSnapshot('u1', toSnapshot(applyOps(emptySyncState(), ops.slice(0, at)), at));
    void seeded.close();
  }
  return file;
}

const newDevice: Principal = { kind: 'device', userId: 'u1', deviceId: 'w9', expiresAt: null };

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** Pages until the head; returns the server time of all pages and the ops received. */
async function pullAll(sync: SyncService, cursor: number): Promise<{ ms: number; ops: number }> {
  let ms = 0;
  let ops = 0;
  let at = cursor;
  for (;;) {
    const r = await timed(() => sync.pull(newDevice, { cursor: at }));
    ms += r.ms;
    const res = r.value as PullResponse;
    if (!res.ok) throw new Error(res.error.message);
    ops += res.ops.length;
    at = res.cursor;
    if (!res.hasMore) return { ms, ops };
  }
}

interface PullRow {
  ops: number;
  firstSyncColdMs: number;
  firstSyncMs: number;
  snapshotRecords: number;
  catchUp30dMs: number;
  catchUpOps: number;
  headPullMs: number;
}

async function measurePulls(file: string, size: number): Promise<PullRow> {
  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  const { sync, devices } = server(store, DEFAULT_TUNING.snapshotEvery);
  // the first new device after a restart: this instance checks the stored snapshot once
  const cold = await timed(() => sync.pull(newDevice, { cursor: 0 }));
  const first = cold.value as PullResponse;
  if (!first.ok) throw new Error(first.error.message);
  const snapshotRecords = first.snapshot
    ? first.snapshot.sessions.length +
      first.snapshot.nudgeEvents.length +
      Object.keys(first.snapshot.registers).length
    : 0;
  const head = await store.headSeq('u1');
  const firstSync: number[] = [];
  const catchUp: number[] = [];
  const headPull: number[] = [];
  let catchUpOps = 0;
  for (let t = 0; t < TRIES; t++) {
    // snapshot + tail, every page of it
    const r = await timed(async () => {
      const res = (await sync.pull(newDevice, { cursor: 0 })) as PullResponse;
      if (!res.ok) throw new Error(res.error.message);
      return res.hasMore ? (await pullAll(sync, res.cursor)).ms : 0;
    });
    firstSync.push(r.ms);
    const back = await pullAll(sync, Math.max(0, head - 30 * OPS_PER_DAY));
    catchUp.push(back.ms);
    catchUpOps = back.ops;
    headPull.push((await pullAll(sync, head)).ms);
  }
  await devices.close();
  await store.close();
  return {
    ops: size,
    firstSyncColdMs: round2(cold.ms),
    firstSyncMs: median(firstSync),
    snapshotRecords,
    catchUp30dMs: median(catchUp),
    catchUpOps,
    headPullMs: median(headPull),
  };
}

interface StallRow {
  sessions: number;
  snapshots: boolean;
  worstStallMs: number;
  eventLoopP99Ms: number;
  pushMedianMs: number;
  snapshotSeq: number;
}

/** Pushes 2,500 session ops (one push per turn) and records the longest gap between turns. */
async function measureStall(file: string, sessions: number, snapshots: boolean): Promise<StallRow> {
  const store = new SqliteStore({ file });
  const { sync, snapshots: snaps, devices } = server(store, snapshots ? DEFAULT_TUNING.snapshotEvery : 1e12);
  const pusher: Principal = { kind: 'device', userId: 'u1', deviceId: 'w2', expiresAt: null };
  const eld = monitorEventLoopDelay({ resolution: 1 });
  let worst = 0;
  let last = performance.now();
  let probing = true;
  const probe = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (probing) setImmediate(probe);
  };
  eld.enable();
  setImmediate(probe);
  const pushTimes: number[] = [];
  let seq = 0;
  for (let p = 0; p < PUSHES; p++) {
    const ops = Array.from({ length: OPS_PER_PUSH }, () => sessionOp('w2', ++seq));
    const r = await timed(() => sync.push(pusher, { ops }, 'socket'));
    pushTimes.push(r.ms);
    if (!r.value.ok || r.value.acks.some((a) => !a.ok)) throw new Error('push refused');
    await new Promise((res) => setImmediate(res));
  }
  await snaps.idle();
  probing = false;
  eld.disable();
  const snapshotSeq = (await store.getSnapshotEntries('u1', []))?.serverSeq ?? 0;
  await devices.close();
  await store.close();
  return {
    sessions,
    snapshots,
    worstStallMs: round2(worst),
    eventLoopP99Ms: round2(eld.percentile(99) / 1e6),
    pushMedianMs: median(pushTimes),
    snapshotSeq,
  };
}

/** The previous way, for reference: parse the stored document, fold 500 ops, serialise and write it back. */
function wholeRebuildMs(sessions: number): number {
  const ops = Array.from({ length: sessions }, (_, i) => sessionOp('w1', i + 1));
  const doc = JSON.stringify(toSnapshot(applyOps(emptySyncState(), ops), sessions));
  const more = Array.from({ length: 500 }, (_, i) => sessionOp('w2', i + 1));
  const db = new Database(':memory:');
  db.exec('CREATE TABLE snapshots (user_id TEXT PRIMARY KEY, server_seq INTEGER, json TEXT)');
  const put = db.prepare('INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)');
  const t0 = performance.now();
  const state = applyOps(fromSnapshot(JSON.parse(doc)), more);
  put.run('u1', sessions + 500, JSON.stringify(toSnapshot(state, sessions + 500)));
  const ms = performance.now() - t0;
  db.close();
  return round2(ms);
}

const spread = (xs: number[]) => ({
  median: median(xs),
  min: round2(Math.min(...xs)),
  max: round2(Math.max(...xs)),
});
const fmt = (s: { median: number; min: number; max: number }) => `${s.median} (${s.min}–${s.max})`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-logbench-'));
  const started = performance.now();
  try {
    console.log('building logs …');
    const logFiles = new Map<number, string>();
    logFiles.set(0, buildDb(dir, 'empty', []));
    for (const size of LOG_SIZES) logFiles.set(size, buildDb(dir, `log-${size}`, historyLog(size)));
    console.log(`built in ${Math.round((performance.now() - started) / 1000)} s`);

    // warm-up, not reported: the first validation and fold of the process compile their code
    // (~100 ms once, whatever the log); every size then starts from the same warm process
    const warm = buildDb(dir, 'warm-up', historySessions(600));
    await measureStall(warm, 600, true);
    await measurePulls(warm, 600);

    const pullRuns = new Map<number, PullRow[]>();
    const stallRuns = new Map<string, StallRow[]>();
    const rebuildRuns = new Map<number, number[]>();
    for (let run = 0; run < RUNS; run++) {
      // interleaved: every size in every run, the baseline first
      for (const [size, file] of logFiles) {
        const row = await measurePulls(file, size);
        pullRuns.set(size, [...(pullRuns.get(size) ?? []), row]);
      }
      const cases: [number, boolean][] = [
        [SESSION_SIZES[0] as number, false],
        ...SESSION_SIZES.map((n) => [n, true] as [number, boolean]),
      ];
      for (const [sessions, snapshots] of cases) {
        const file = buildDb(dir, `sessions-${sessions}-${run}-${snapshots}`, historySessions(sessions));
        const row = await measureStall(file, sessions, snapshots);
        const key = `${sessions}:${snapshots}`;
        stallRuns.set(key, [...(stallRuns.get(key) ?? []), row]);
        rmSync(file, { force: true });
      }
      for (const sessions of SESSION_SIZES)
        rebuildRuns.set(sessions, [...(rebuildRuns.get(sessions) ?? []), wholeRebuildMs(sessions)]);
      console.log(`run ${run + 1}/${RUNS} done`);
    }

    const pulls = [...pullRuns].map(([size, rows]) => ({
      ops: size,
      snapshotRecords: rows[0]?.snapshotRecords ?? 0,
      catchUpOps: rows[0]?.catchUpOps ?? 0,
      firstSyncMs: spread(rows.map((r) => r.firstSyncMs)),
      firstSyncColdMs: spread(rows.map((r) => r.firstSyncColdMs)),
      catchUp30dMs: spread(rows.map((r) => r.catchUp30dMs)),
      headPullMs: spread(rows.map((r) => r.headPullMs)),
    }));
    const stalls = [...stallRuns].map(([, rows]) => ({
      sessions: rows[0]?.sessions ?? 0,
      snapshots: rows[0]?.snapshots ?? false,
      snapshotSeq: rows[0]?.snapshotSeq ?? 0,
      worstStallMs: spread(rows.map((r) => r.worstStallMs)),
      eventLoopP99Ms: spread(rows.map((r) => r.eventLoopP99Ms)),
      pushMedianMs: spread(rows.map((r) => r.pushMedianMs)),
    }));
    const rebuilds = [...rebuildRuns].map(([sessions, xs]) => ({ sessions, wholeRebuildMs: spread(xs) }));

    console.log(`\nPulls, server time in ms: median of ${RUNS} runs (range)`);
    console.log(
      'log ops   | records in snapshot | new device (warm) | new device (cold) | 30 days back (ops) | at head',
    );
    for (const p of pulls)
      console.log(
        `${String(p.ops || 'empty').padEnd(9)} | ${String(p.snapshotRecords).padEnd(19)} | ${fmt(p.firstSyncMs).padEnd(17)} | ${fmt(p.firstSyncColdMs).padEnd(17)} | ${`${fmt(p.catchUp30dMs)} (${p.catchUpOps})`.padEnd(18)} | ${fmt(p.headPullMs)}`,
      );
    console.log(`\nPushing ${PUSHES * OPS_PER_PUSH} session ops (${OPS_PER_PUSH} per push), ms`);
    console.log('sessions  | snapshots | worst stall | loop p99 | push median | snapshot at');
    for (const s of stalls)
      console.log(
        `${String(s.sessions).padEnd(9)} | ${String(s.snapshots ? 'kept' : 'off').padEnd(9)} | ${fmt(s.worstStallMs).padEnd(11)} | ${fmt(s.eventLoopP99Ms).padEnd(8)} | ${fmt(s.pushMedianMs).padEnd(11)} | ${s.snapshotSeq}`,
      );
    console.log('\nReference, the previous way: one whole-state rebuild + write in a single turn, ms');
    for (const r of rebuilds) console.log(`${String(r.sessions).padEnd(9)} | ${fmt(r.wholeRebuildMs)}`);

    const out = join(HERE, '..', 'bench-results', process.env.BENCH_OUT ?? 'log-size.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          runs: RUNS,
          triesPerRun: TRIES,
          node: process.version,
          seconds: Math.round((performance.now() - started) / 1000),
          pulls,
          stalls,
          wholeRebuildReference: rebuilds,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nwritten to ${out} (${Math.round((performance.now() - started) / 1000)} s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` finished sessions of the user's watch. */
function historySessions(count: number): Op[] {
  return Array.from({ length: count }, (_, i) => sessionOp('w1', i + 1));
}

await main();
