/**
 * Log-size benchmark: does the server's cost grow with a user's log? Real SQLite files, the real
 * SqliteStore, SnapshotService and SyncService (no sockets: server time only — the reply and its
 * JSON text, as socket.io and Express send it, `serialiseReply`).
 *
 * 1. Pulls at 10k, 100k and 1M ops. Each user has "2 years of history" — 730 days of 3 sessions
 *    and 8 nudge events (8,030 records, ~2 MB of snapshot) — and, before it, older register
 *    writes that fill the log to its size (settings edited over and over: the log grows, the state
 *    does not). Measured: a new device's first sync (snapshot + tail) on a warm instance, the
 *    first one after a restart (the stored snapshot's check remembered), the first one after a
 *    rules change (the check runs once), catch-up after 30 days offline (the 330 ops since,
 *    paged), a pull at the head. Baseline: the same pulls of a user whose log is empty, in the
 *    same run.
 * 2. The worst event-loop stall while pushing session ops (25 per push, 2,500 in all, snapshots
 *    every 500 ops) for users holding 1k, 10k and 100k sessions, and 100k again with a stored
 *    snapshot today's rules have not checked (the check runs between the pushes); baseline: the
 *    same pushes with snapshot upkeep switched off. Reference: what one whole-state snapshot
 *    rebuild (the way snapshots were kept before) takes in a single turn at each size.
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
  type Snapshot,
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
import { serialiseReply } from '../src/services/raw-json.js';
import { BACKGROUND_CHECK_META, SnapshotService, snapshotRules } from '../src/services/snapshot.service.js';
import type { SocketHub } from '../src/services/socket-hub.js';
import { SyncService } from '../src/services/sync.service.js';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { writeLog } from './bulk-log.js';
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

/**
 * A database with `ops` of one user and the snapshot a server keeps (all but the last TAIL ops),
 * written under today's rules (as the server that folded it leaves it) unless `checked` is false
 * (an older server's snapshot, or one from before a rules change: checked once before use).
 */
function buildDb(dir: string, name: string, ops: readonly Op[], checked = true): string {
  const file = join(dir, `${name}.db`);
  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  void store.close();
  writeLog(file, 'u1', ops);
  const at = Math.max(0, ops.length - TAIL);
  if (at > 0) {
    const seeded = new SqliteStore({ file, backgroundCheckpoint: false });
    const snap = toSnapshot(applyOps(emptySyncState(), ops.slice(0, at)), at);
    void seeded.putSnapshot('u1', snap, checked ? snapshotRules() : undefined);
    void seeded.close();
  }
  return file;
}

/** Forgets which rules checked the stored snapshot (what a new release of the rules does). */
function forgetCheck(file: string): void {
  const db = new Database(file);
  db.prepare('UPDATE snapshot_heads SET rules = NULL').run();
  // and the rules of the last background pass: a new release's rules differ from them too
  db.prepare('DELETE FROM meta WHERE key = ?').run(BACKGROUND_CHECK_META);
  db.close();
}

const newDevice: Principal = { kind: 'device', userId: 'u1', deviceId: 'w9', expiresAt: null };

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/**
 * One pull as a transport answers it: SyncService's reply and its JSON text (what socket.io and
 * Express send; the snapshot's stored text spliced in), both in the server time.
 */
async function pullOnce(sync: SyncService, cursor: number) {
  const t0 = performance.now();
  const res = await sync.pullReply(newDevice, { cursor });
  const text = serialiseReply(res);
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(res.error.message);
  return { ms, res, text };
}

/** Pages until the head; returns the server time of all pages and the ops received. */
async function pullAll(sync: SyncService, cursor: number): Promise<{ ms: number; ops: number }> {
  let ms = 0;
  let ops = 0;
  let at = cursor;
  for (;;) {
    const r = await pullOnce(sync, at);
    ms += r.ms;
    const res = r.res;
    ops += res.ops.length;
    at = res.cursor;
    if (!res.hasMore) return { ms, ops };
  }
}

interface PullRow {
  ops: number;
  firstSyncColdMs: number;
  firstSyncCheckMs: number;
  /** after a rules change, once the instance's background check (started at start-up) is done */
  firstSyncAfterBackgroundMs: number;
  /** how long that background check took, and the entries it checked */
  backgroundCheckMs: number;
  backgroundEntries: number;
  firstSyncMs: number;
  replyChars: number;
  snapshotRecords: number;
  catchUp30dMs: number;
  catchUpOps: number;
  headPullMs: number;
}

/** The first new device of a freshly started instance (nothing of the user in memory yet). */
async function coldFirstSync(file: string) {
  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  const { sync, devices } = server(store, DEFAULT_TUNING.snapshotEvery);
  const r = await pullOnce(sync, 0);
  await devices.close();
  await store.close();
  return r;
}

/**
 * After a rules change, on an instance that ran its background check first (as the server starts
 * it right after start-up): the check's own time, then a new device's first sync.
 */
async function backgroundCheckedFirstSync(file: string) {
  forgetCheck(file);
  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  const { sync, snapshots, devices } = server(store, DEFAULT_TUNING.snapshotEvery);
  const check = await timed(() => snapshots.startBackgroundCheck());
  if (!check.value.complete) throw new Error('background check did not finish');
  const r = await pullOnce(sync, 0);
  await devices.close();
  await store.close();
  return { ms: r.ms, checkMs: check.ms, entries: check.value.entries };
}

async function measurePulls(file: string, size: number): Promise<PullRow> {
  // after a restart: the stored snapshot was checked under today's rules before (remembered)
  const cold = await coldFirstSync(file);
  // after a rules change: this instance checks it once (then remembers it again)
  forgetCheck(file);
  const checking = await coldFirstSync(file);
  // after a rules change, the background check done first
  const background = await backgroundCheckedFirstSync(file);
  const snap = (JSON.parse(cold.text) as { snapshot?: Snapshot }).snapshot;
  const snapshotRecords = snap
    ? snap.sessions.length + snap.nudgeEvents.length + Object.keys(snap.registers).length
    : 0;
  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  const { sync, devices } = server(store, DEFAULT_TUNING.snapshotEvery);
  const head = await store.headSeq('u1');
  const firstSync: number[] = [];
  const catchUp: number[] = [];
  const headPull: number[] = [];
  let catchUpOps = 0;
  for (let t = 0; t < TRIES; t++) {
    // snapshot + tail, every page of it
    const first = await pullOnce(sync, 0);
    const rest = first.res.ok && first.res.hasMore ? (await pullAll(sync, first.res.cursor)).ms : 0;
    firstSync.push(first.ms + rest);
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
    firstSyncCheckMs: round2(checking.ms),
    firstSyncAfterBackgroundMs: round2(background.ms),
    backgroundCheckMs: round2(background.checkMs),
    backgroundEntries: background.entries,
    firstSyncMs: median(firstSync),
    replyChars: cold.text.length,
    snapshotRecords,
    catchUp30dMs: median(catchUp),
    catchUpOps,
    headPullMs: median(headPull),
  };
}

interface StallRow {
  sessions: number;
  snapshots: boolean;
  /** the stored snapshot was not checked under today's rules: the check runs during the pushes */
  checking: boolean;
  worstStallMs: number;
  eventLoopP99Ms: number;
  pushMedianMs: number;
  snapshotSeq: number;
}

/** Pushes 2,500 session ops (one push per turn) and records the longest gap between turns. */
async function measureStall(
  file: string,
  sessions: number,
  snapshots: boolean,
  checking: boolean,
): Promise<StallRow> {
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
    checking,
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
    const warm = buildDb(dir, 'warm-up', historySessions(600), false);
    await measureStall(warm, 600, true, true);
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
      const largest = SESSION_SIZES.at(-1) as number;
      const cases: [number, boolean, boolean][] = [
        [SESSION_SIZES[0] as number, false, false],
        ...SESSION_SIZES.map((n) => [n, true, false] as [number, boolean, boolean]),
        // the largest again with a snapshot today's rules have not checked: the check runs between pushes
        [largest, true, true],
      ];
      for (const [sessions, snapshots, checking] of cases) {
        const name = `sessions-${sessions}-${run}-${snapshots}-${checking}`;
        const file = buildDb(dir, name, historySessions(sessions), !checking);
        const row = await measureStall(file, sessions, snapshots, checking);
        const key = `${sessions}:${snapshots}:${checking}`;
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
      replyChars: rows[0]?.replyChars ?? 0,
      firstSyncMs: spread(rows.map((r) => r.firstSyncMs)),
      firstSyncColdMs: spread(rows.map((r) => r.firstSyncColdMs)),
      firstSyncCheckMs: spread(rows.map((r) => r.firstSyncCheckMs)),
      firstSyncAfterBackgroundMs: spread(rows.map((r) => r.firstSyncAfterBackgroundMs)),
      backgroundEntries: rows[0]?.backgroundEntries ?? 0,
      backgroundCheckMs: spread(rows.map((r) => r.backgroundCheckMs)),
      /** the background check's time per 10,000 stored entries (null: nothing to check) */
      backgroundMsPer10kEntries:
        (rows[0]?.backgroundEntries ?? 0) > 0
          ? spread(rows.map((r) => round2((r.backgroundCheckMs / r.backgroundEntries) * 10_000)))
          : null,
      catchUp30dMs: spread(rows.map((r) => r.catchUp30dMs)),
      headPullMs: spread(rows.map((r) => r.headPullMs)),
    }));
    const stalls = [...stallRuns].map(([, rows]) => ({
      sessions: rows[0]?.sessions ?? 0,
      snapshots: rows[0]?.snapshots ?? false,
      checking: rows[0]?.checking ?? false,
      snapshotSeq: rows[0]?.snapshotSeq ?? 0,
      worstStallMs: spread(rows.map((r) => r.worstStallMs)),
      eventLoopP99Ms: spread(rows.map((r) => r.eventLoopP99Ms)),
      pushMedianMs: spread(rows.map((r) => r.pushMedianMs)),
    }));
    const rebuilds = [...rebuildRuns].map(([sessions, xs]) => ({ sessions, wholeRebuildMs: spread(xs) }));

    console.log(`\nPulls, server time in ms: median of ${RUNS} runs (range)`);
    console.log(
      'log ops   | records in snapshot | new device (warm) | after a restart   | after a rules change | 30 days back (ops) | at head',
    );
    for (const p of pulls)
      console.log(
        `${String(p.ops || 'empty').padEnd(9)} | ${String(p.snapshotRecords).padEnd(19)} | ${fmt(p.firstSyncMs).padEnd(17)} | ${fmt(p.firstSyncColdMs).padEnd(17)} | ${fmt(p.firstSyncCheckMs).padEnd(20)} | ${`${fmt(p.catchUp30dMs)} (${p.catchUpOps})`.padEnd(18)} | ${fmt(p.headPullMs)}`,
      );
    console.log(`\nPushing ${PUSHES * OPS_PER_PUSH} session ops (${OPS_PER_PUSH} per push), ms`);
    console.log('sessions  | snapshots      | worst stall | loop p99 | push median | snapshot at');
    for (const s of stalls)
      console.log(
        `${String(s.sessions).padEnd(9)} | ${String(s.snapshots ? (s.checking ? 'kept, checking' : 'kept') : 'off').padEnd(14)} | ${fmt(s.worstStallMs).padEnd(11)} | ${fmt(s.eventLoopP99Ms).padEnd(8)} | ${fmt(s.pushMedianMs).padEnd(11)} | ${s.snapshotSeq}`,
      );
    console.log('\nReference, the previous way: one whole-state rebuild + write in a single turn, ms');
    for (const r of rebuilds) console.log(`${String(r.sessions).padEnd(9)} | ${fmt(r.wholeRebuildMs)}`);
    console.log('\nAfter a rules change, the background check (run at start-up) done first, ms');
    console.log('log ops   | new device        | background check (entries) | per 10k entries');
    for (const p of pulls)
      console.log(
        `${String(p.ops || 'empty').padEnd(9)} | ${fmt(p.firstSyncAfterBackgroundMs).padEnd(17)} | ${`${fmt(p.backgroundCheckMs)} (${p.backgroundEntries})`.padEnd(26)} | ${p.backgroundMsPer10kEntries ? fmt(p.backgroundMsPer10kEntries) : '–'}`,
      );

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
