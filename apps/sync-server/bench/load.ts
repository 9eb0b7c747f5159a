/**
 * Load benchmark, one command (`pnpm --filter @unknot/sync-server bench`), loopback only, bounded.
 *
 * Processes: this one orchestrates; the bare socket.io relay (the floor: no auth, no validation,
 * no storage, same messages) and the real server (Nest, auth, validation, SQLite synchronous=
 * NORMAL, fan-out) each run in a child of their own (`target.ts`); each has its own fleet of
 * ~1,000 sockets (500 users × a paired watch + a browser replica) in another child
 * (`clients.ts`). All share the machine's cores.
 *
 * 1. Latency at fixed offered loads, in interleaved trials (relay, server, server, relay, …) so
 *    that both see the same machine; latency percentiles pool every trial's samples.
 * 2. Saturation: every socket pushes again as soon as its ack arrives — the most acked ops/s
 *    (interleaved trials too; the median).
 * 3. 10,000 sockets on one instance (5,000 users; several client processes): the connect storm
 *    (all at once), the server's RSS per socket (VmRSS of its process before and after, from
 *    /proc), and fan-out at 1,000 ops/s offered with all of them connected, relay beside it.
 * 4. Two instances behind Redis (REDIS_URL, one redis-server on loopback): every user's watch on
 *    one instance and its browser on the other, so every fan-out crosses instances; interleaved
 *    with a single instance at the same load.
 * 5. SQLite store ingest (100,000 ops per row): batches of 500, and group commit (200 × 50).
 * Ratios (throughput share, p99 ratios) are also given per interleaved trial pair, as a median
 * with the spread (min – max) over the pairs. Prints a table with the targets and writes
 * bench-results/load.json. BENCH_PHASES=load,10k,redis,ingest picks phases (all by default).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Op } from '@unknot/stretch-model';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { sessionOps } from '../test/support/ops.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { Child } from './child.js';
import type { ChildMessage, ClientSpec, ClientStack, ParentMessage } from './clients.js';
import { GOALS, type LatencySummary, median, summarise } from './stats.js';
import type { TargetKind, TargetReply, TargetRequest, WatchStats } from './target.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const USERS = Number(process.env.BENCH_USERS ?? 500);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 4);
const SATURATION_MS = Number(process.env.BENCH_SATURATION_MS ?? 2500);
const SATURATION_TRIALS = Number(process.env.BENCH_SATURATION_TRIALS ?? 3);
/** each socket pushes once per interval: 500 and 1,000 pushes/s for 1,000 sockets */
const INTERVALS_MS = (process.env.BENCH_INTERVALS_MS ?? '2000,1000').split(',').map(Number);
const OPS_PER_PUSH = Number(process.env.BENCH_OPS_PER_PUSH ?? 5);
const SYNC_MODE = process.env.BENCH_SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
/** 10,000-socket phase: sockets (2 per user), client processes, trials, offered ops/s */
const BIG_SOCKETS = Number(process.env.BENCH_BIG_SOCKETS ?? 10_000);
const BIG_CLIENT_PROCS = Number(process.env.BENCH_BIG_CLIENT_PROCS ?? 4);
const BIG_TRIALS = Number(process.env.BENCH_BIG_TRIALS ?? 3);
const BIG_DURATION_MS = Number(process.env.BENCH_BIG_DURATION_MS ?? 4000);
const BIG_OPS_PER_SEC = Number(process.env.BENCH_BIG_OPS_PER_SEC ?? 1000);
/**
 * the 10,000-socket phase's client stack: the light wire client (bench/wire-socket.ts: with
 * socket.io-client the fleets' own CPU set the storm's pace on 2 cores) or `socket.io`
 */
const BIG_CLIENT: ClientStack = process.env.BENCH_BIG_CLIENT === 'socket.io' ? 'socket.io' : 'wire';
/** sockets each client process opens at once in the storm */
const BIG_WAVE = Number(process.env.BENCH_BIG_WAVE ?? 500);
const REDIS_TRIALS = Number(process.env.BENCH_REDIS_TRIALS ?? 3);
const REDIS_INTERVAL_MS = Number(process.env.BENCH_REDIS_INTERVAL_MS ?? 2000);
const PHASES = new Set(
  (
    process.env.BENCH_PHASES ??
    (process.env.BENCH_ONLY === 'ingest'
      ? 'ingest'
      : process.env.BENCH_ONLY === 'sockets'
        ? 'load,10k,redis'
        : 'load,10k,redis,ingest')
  ).split(','),
);
// about 4 min on an idle 2-core machine; more when other work shares the cores
const HARD_LIMIT_MS = 540_000;
const TSX = ['--conditions=@unknot/source', '--import', 'tsx'];

/** everything started, so that a run stopped at its limit leaves nothing behind */
const cleanups: (() => void)[] = [];
const hardStop = setTimeout(() => {
  process.stderr.write(`benchmark exceeded ${HARD_LIMIT_MS / 1000} s; aborting\n`);
  for (const c of cleanups) c();
  process.exit(1);
}, HARD_LIMIT_MS);
hardStop.unref();
const benchStarted = performance.now();
/** phase marks on stderr, so a run that hits the limit shows where the time went */
const progress = (label: string) =>
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${label}\n`);

type RunResult = Extract<ChildMessage, { type: 'result' }>;

interface Target {
  kind: TargetKind;
  name: string;
  /** the target's processes (two for the Redis pair) */
  serves: Child<TargetRequest, TargetReply>[];
  /** the client processes driving it */
  fleets: Child<ParentMessage, ChildMessage>[];
  sockets: number;
  connectFailures: number;
  connectMs: number;
  rssKbPerConnection: number;
}

/** VmRSS of a process from /proc (kB), or null off Linux. */
function vmRssKb(pid: number | undefined): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms), or null off Linux. */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after "pid (comm) ": state is the 3rd field of the line, utime the 14th, stime the 15th
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** how long a quiet spell lasts, and how much CPU (all target processes together) counts as quiet */
const QUIET_WINDOW_MS = 200;
const QUIET_CPU_MS = 10;
const QUIET_MAX_WAIT_MS = 15_000;

/**
 * Waits until every process of the targets (servers and their client processes) has been quiet —
 * under 10 ms of CPU together in a 200 ms window — or 15 s passed. A target's work left over from
 * its trial (snapshot folds falling due, checkpoints copying the WAL) otherwise runs during the
 * next trial, the other target's, and is counted against that one. Returns the wait and the CPU
 * ms each target's own processes used meanwhile (what its trial left to do).
 */
async function settle(all: readonly Target[]): Promise<{ waitedMs: number; cpuMs: Map<TargetKind, number> }> {
  const pids = (t: Target) => [...t.serves, ...t.fleets].map((c) => c.process.pid);
  const cpuOf = (t: Target) => pids(t).reduce<number>((a, pid) => a + (processCpuMs(pid) ?? 0), 0);
  const start = new Map(all.map((t) => [t.kind, cpuOf(t)]));
  const began = performance.now();
  let before = all.reduce((a, t) => a + cpuOf(t), 0);
  for (;;) {
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    const now = all.reduce((a, t) => a + cpuOf(t), 0);
    if (now - before < QUIET_CPU_MS || performance.now() - began > QUIET_MAX_WAIT_MS) break;
    before = now;
  }
  const cpuMs = new Map(all.map((t) => [t.kind, cpuOf(t) - (start.get(t.kind) ?? 0)]));
  return { waitedMs: Math.round(performance.now() - began), cpuMs };
}

function startServe(kind: TargetKind, label: string): Child<TargetRequest, TargetReply> {
  // BENCH_PROFILE_DIR: a V8 CPU profile of each target process (open it in Chrome DevTools)
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_PROFILE_DIR, label)}`]
    : [];
  // BENCH_TARGET_FLAGS: extra node/V8 flags for both target processes (e.g. --trace-gc)
  const flags = (process.env.BENCH_TARGET_FLAGS ?? '').split(' ').filter(Boolean);
  return new Child<TargetRequest, TargetReply>(
    'target.ts',
    [kind],
    ['--expose-gc', ...flags, ...profile, ...TSX],
    cleanups,
  );
}

/**
 * Opens `clients` from `procs` client processes at once (each opening `wave` at a time) and
 * times it from the moment every process is up until the last socket is ready.
 */
async function openFleets(
  url: string,
  clients: ClientSpec[],
  procs: number,
  wave?: number,
  stack: ClientStack = 'socket.io',
) {
  const fleets = Array.from(
    { length: procs },
    () => new Child<ParentMessage, ChildMessage>('clients.ts', [], TSX, cleanups),
  );
  await Promise.all(fleets.map((f) => f.ask({ type: 'ping' }, 'pong')));
  const per = Math.ceil(clients.length / procs);
  const t0 = performance.now();
  const replies = await Promise.all(
    fleets.map((f, i) =>
      f.ask(
        {
          type: 'connect',
          url,
          clients: clients.slice(i * per, (i + 1) * per),
          stack,
          ...(wave ? { wave } : {}),
        },
        'connected',
      ),
    ),
  );
  return {
    fleets,
    count: replies.reduce((a, r) => a + r.count, 0),
    failed: replies.reduce((a, r) => a + r.failed, 0),
    ms: Math.round(performance.now() - t0),
  };
}

async function startTarget(
  kind: TargetKind,
  options: { users?: number; procs?: number; wave?: number; label?: string; stack?: ClientStack } = {},
): Promise<Target> {
  const serve = startServe(kind, options.label ?? kind);
  const ready = await serve.ask(
    { type: 'start', users: options.users ?? USERS, synchronous: SYNC_MODE },
    'ready',
  );
  await serve.ask({ type: 'rss' }, 'rss'); // after two full GCs
  const rssBefore = vmRssKb(serve.process.pid);
  const opened = await openFleets(ready.url, ready.clients, options.procs ?? 1, options.wave, options.stack);
  await serve.ask({ type: 'rss' }, 'rss');
  const rssConnected = vmRssKb(serve.process.pid);
  progress(`${ready.name}: ${opened.count} sockets connected in ${opened.ms} ms`);
  return {
    kind,
    name: ready.name,
    serves: [serve],
    fleets: opened.fleets,
    sockets: opened.count,
    connectFailures: opened.failed,
    connectMs: opened.ms,
    rssKbPerConnection:
      rssBefore === null || rssConnected === null
        ? Number.NaN
        : Math.round(((rssConnected - rssBefore) / Math.max(1, opened.count)) * 10) / 10,
  };
}

/** Two server instances on one redis-server: each user's watch on the first, its browser on the second. */
async function startRedisPair(redisUrl: string): Promise<Target> {
  const serves = [startServe('server', 'redis-a'), startServe('server', 'redis-b')];
  const [a, b] = await Promise.all(
    serves.map((s) => s.ask({ type: 'start', users: USERS, synchronous: SYNC_MODE, redisUrl }, 'ready')),
  );
  if (!a || !b) throw new Error('redis pair did not start');
  const clients: ClientSpec[] = [];
  for (let i = 0; i < a.clients.length; i++) {
    const spec = i % 2 === 0 ? a.clients[i] : b.clients[i];
    if (spec) clients.push({ ...spec, url: i % 2 === 0 ? a.url : b.url });
  }
  const opened = await openFleets(a.url, clients, 1);
  progress(`two instances + Redis: ${opened.count} sockets connected`);
  return {
    kind: 'server',
    name: 'two sync servers + Redis adapter (watch on one, browser on the other)',
    serves,
    fleets: opened.fleets,
    sockets: opened.count,
    connectFailures: opened.failed,
    connectMs: opened.ms,
    rssKbPerConnection: Number.NaN,
  };
}

async function stopTarget(t: Target): Promise<(number | null)[]> {
  await Promise.all(t.fleets.map((f) => f.ask({ type: 'close', exit: true }, 'closed')));
  const stopped = await Promise.all(t.serves.map((s) => s.ask({ type: 'stop' }, 'stopped')));
  // let each target exit on its own (a --cpu-prof profile is written at exit), for at most 10 s
  await Promise.all(t.serves.map((s) => s.exited(10_000)));
  return stopped.map((x) => x.sampleUserHead);
}

/** One measured run of a target: the fleets push at once, the target watches its own processes. */
async function measure(t: Target, intervalMs: number, durationMs: number) {
  await Promise.all(t.serves.map((s) => s.ask({ type: 'watch' }, 'watching')));
  const results = await Promise.all(
    t.fleets.map((f) => f.ask({ type: 'go', durationMs, intervalMs, opsPerPush: OPS_PER_PUSH }, 'result')),
  );
  const result = mergeResults(results);
  const all = await Promise.all(
    t.serves.map((s) => s.ask({ type: 'unwatch', pushes: result.pushes }, 'stats')),
  );
  return { result, stats: mergeStats(all.map((x) => x.stats)) };
}

function mergeResults(rs: RunResult[]): RunResult {
  if (rs.length === 1 && rs[0]) return rs[0];
  const ackSamples = rs.flatMap((r) => r.ackSamples);
  const fanoutSamples = rs.flatMap((r) => r.fanoutSamples);
  const sum = (f: (r: RunResult) => number) => rs.reduce((a, r) => a + f(r), 0);
  return {
    type: 'result',
    pushes: sum((r) => r.pushes),
    ackedOps: sum((r) => r.ackedOps),
    rejectedOps: sum((r) => r.rejectedOps),
    failedPushes: sum((r) => r.failedPushes),
    fanoutOps: sum((r) => r.fanoutOps),
    elapsedMs: Math.max(...rs.map((r) => r.elapsedMs)),
    ackLatencyMs: summarise(ackSamples),
    fanoutLatencyMs: summarise(fanoutSamples),
    ackSamples,
    fanoutSamples,
  };
}

/** Several processes of one target: CPU per push adds up; delays and pauses take the worst. */
function mergeStats(ss: WatchStats[]): WatchStats {
  if (ss.length === 1 && ss[0]) return ss[0];
  const means = ss.map((s) => s.serverPushMeanMs).filter((x): x is number => x !== null);
  return {
    cpuUsPerPush: ss.reduce((a, s) => a + s.cpuUsPerPush, 0),
    loopDelayMs: {
      p99: Math.max(...ss.map((s) => s.loopDelayMs.p99)),
      max: Math.max(...ss.map((s) => s.loopDelayMs.max)),
    },
    gc: {
      count: ss.reduce((a, s) => a + s.gc.count, 0),
      totalMs: ss.reduce((a, s) => a + s.gc.totalMs, 0),
      maxMs: Math.max(...ss.map((s) => s.gc.maxMs)),
    },
    serverPushMeanMs: means.length ? means.reduce((a, b) => a + b, 0) / means.length : null,
  };
}

/** median and spread of per-pair ratios a[i] / b[i] */
function ratios(a: readonly number[], b: readonly number[]) {
  const rs = a.map((x, i) => Math.round((x / Math.max(0.01, b[i] ?? 0)) * 100) / 100);
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs), each: rs };
}

interface Trial {
  ackSamples: number[];
  fanoutSamples: number[];
  ackedOpsPerSec: number;
  ackedOps: number;
  rejectedOps: number;
  failedPushes: number;
  fanoutOps: number;
  ackLatencyMs: LatencySummary;
  fanoutLatencyMs: LatencySummary;
  stats: WatchStats;
}

const trialOf = ({ result, stats }: { result: RunResult; stats: WatchStats }): Trial => ({
  ackSamples: result.ackSamples,
  fanoutSamples: result.fanoutSamples,
  ackedOpsPerSec: Math.round(result.ackedOps / (result.elapsedMs / 1000)),
  ackedOps: result.ackedOps,
  rejectedOps: result.rejectedOps,
  failedPushes: result.failedPushes,
  fanoutOps: result.fanoutOps,
  ackLatencyMs: result.ackLatencyMs,
  fanoutLatencyMs: result.fanoutLatencyMs,
  stats,
});

/**
 * A target's row for one level: latency percentiles over all samples of its trials pooled (a
 * p99 from one 3 s trial rests on a handful of stalls); rates and CPU are the median trial.
 */
function level(intervalMs: number, sockets: number, trials: Trial[]) {
  return {
    offeredOpsPerSec: (sockets * OPS_PER_PUSH * 1000) / intervalMs,
    ackedOpsPerSec: median(trials.map((t) => t.ackedOpsPerSec)),
    ackedOps: trials.reduce((a, t) => a + t.ackedOps, 0),
    rejectedOps: trials.reduce((a, t) => a + t.rejectedOps, 0),
    failedPushes: trials.reduce((a, t) => a + t.failedPushes, 0),
    fanoutOps: trials.reduce((a, t) => a + t.fanoutOps, 0),
    ackLatencyMs: summarise(trials.flatMap((t) => t.ackSamples)),
    fanoutLatencyMs: summarise(trials.flatMap((t) => t.fanoutSamples)),
    cpuUsPerPush: median(trials.map((t) => t.stats.cpuUsPerPush)),
    serverPushMeanMs:
      trials[0]?.stats.serverPushMeanMs === null
        ? null
        : median(trials.map((t) => t.stats.serverPushMeanMs ?? 0)),
    loopDelayMs: {
      p99: median(trials.map((t) => t.stats.loopDelayMs.p99)),
      max: Math.max(...trials.map((t) => t.stats.loopDelayMs.max)),
    },
    gcMaxMs: Math.max(...trials.map((t) => t.stats.gc.maxMs)),
    trials: trials.map(({ ackSamples, fanoutSamples, ...summary }) => summary),
  };
}

// ---- SQLite store ingest ----

async function sqliteIngest(synchronous: 'FULL' | 'NORMAL') {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-bench-'));
  const store = new SqliteStore({ file: join(dir, 'bench.db'), synchronous });
  const batches: { user: string; ops: Op[] }[] = [];
  for (let b = 0; b < 200; b++) batches.push({ user: `u${b % 20}`, ops: sessionOps(`dev${b}`, 1, 500) });
  const t0 = performance.now();
  for (const b of batches) await store.appendOps(b.user, b.ops);
  const sequentialMs = performance.now() - t0;
  // group commit: 200 appends of 50 ops issued at once become one transaction
  const small = Array.from({ length: 2000 }, (_, i) => ({
    user: `g${i % 100}`,
    ops: sessionOps(`gdev${i}`, 1, 50),
  }));
  const t1 = performance.now();
  for (let i = 0; i < small.length; i += 200)
    await Promise.all(small.slice(i, i + 200).map((b) => store.appendOps(b.user, b.ops)));
  const groupMs = performance.now() - t1;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const rate = (ms: number) => Math.round(100_000 / (ms / 1000));
  return {
    synchronous,
    batchOf500: { ops: 100_000, ms: Math.round(sequentialMs), opsPerSec: rate(sequentialMs) },
    groupCommit200x50: { ops: 100_000, ms: Math.round(groupMs), opsPerSec: rate(groupMs) },
  };
}

// ---- run ----

const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const pad = (s: string | number, n: number) => String(s).padStart(n);

// 1. 1,000 sockets: fixed loads and saturation, relay and server interleaved
const socketResults = [];
let saturation: {
  relay: number;
  server: number;
  share: ReturnType<typeof ratios>;
} | null = null;
if (PHASES.has('load')) {
  const relay = await startTarget('relay');
  const server = await startTarget('server');
  const targets = [relay, server];
  // warm-up (JIT, the browser replicas' device rows), not reported
  for (const t of targets) await measure(t, 2000, 1500);
  const trials = new Map<string, Trial[]>();
  for (let trial = 0; trial < TRIALS; trial++)
    for (const intervalMs of INTERVALS_MS) {
      // alternate who goes first, so neither always follows the other's after-effects
      const order = trial % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) {
        const key = `${t.kind}/${intervalMs}`;
        await settle(targets); // see settle: each trial starts with both targets quiet
        trials.set(key, [...(trials.get(key) ?? []), trialOf(await measure(t, intervalMs, DURATION_MS))]);
      }
      progress(`trial ${trial + 1}/${TRIALS}: one push every ${intervalMs} ms done`);
    }
  // saturation in interleaved trials as well (relay, server, server, relay, …): one 3 s run
  // moved the ratio by ±8 points between runs
  // each starts once both targets are quiet; what a trial left to do (its target's CPU until
  // then) is kept with it, so a target's deferred work is neither lost nor charged to the other
  const satTrials = new Map<TargetKind, Trial[]>();
  const leftOver = new Map<TargetKind, { busyAfterMs: number; cpuUsPerPushAfter: number | null }[]>();
  await settle(targets);
  for (let trial = 0; trial < SATURATION_TRIALS; trial++) {
    const order = trial % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const run = await measure(t, 0, SATURATION_MS);
      satTrials.set(t.kind, [...(satTrials.get(t.kind) ?? []), trialOf(run)]);
      const after = await settle(targets);
      const cpuAfter = after.cpuMs.get(t.kind);
      leftOver.set(t.kind, [
        ...(leftOver.get(t.kind) ?? []),
        {
          busyAfterMs: after.waitedMs,
          cpuUsPerPushAfter:
            cpuAfter === undefined || run.result.pushes === 0
              ? null
              : Math.round((cpuAfter * 1000) / run.result.pushes),
        },
      ]);
    }
    progress(`saturation trial ${trial + 1}/${SATURATION_TRIALS} done`);
  }
  for (const t of targets) {
    const [sampleUserHead] = await stopTarget(t);
    const s = satTrials.get(t.kind) ?? [];
    socketResults.push({
      name: t.name,
      sockets: t.sockets,
      connectFailures: t.connectFailures,
      connectMs: t.connectMs,
      rssKbPerConnection: t.rssKbPerConnection,
      levels: INTERVALS_MS.map((ms) => level(ms, t.sockets, trials.get(`${t.kind}/${ms}`) ?? [])),
      saturation: {
        ackedOpsPerSec: median(s.map((x) => x.ackedOpsPerSec)),
        failedPushes: s.reduce((a, x) => a + x.failedPushes, 0),
        ackLatencyMs: summarise(s.flatMap((x) => x.ackSamples)),
        cpuUsPerPush: median(s.map((x) => x.stats.cpuUsPerPush)),
        trials: s.map((x, i) => ({
          ackedOpsPerSec: x.ackedOpsPerSec,
          cpuUsPerPush: x.stats.cpuUsPerPush,
          ...leftOver.get(t.kind)?.[i],
        })),
        /** median wait after its trials until it was quiet, and the CPU it used meanwhile (per push of the trial) */
        busyAfterMs: median((leftOver.get(t.kind) ?? []).map((x) => x.busyAfterMs)),
        cpuUsPerPushAfter: median(
          (leftOver.get(t.kind) ?? []).flatMap((x) =>
            x.cpuUsPerPushAfter === null ? [] : [x.cpuUsPerPushAfter],
          ),
        ),
      },
      sampleUserHead,
    });
  }
  const relaySat = (satTrials.get('relay') ?? []).map((x) => x.ackedOpsPerSec);
  const serverSat = (satTrials.get('server') ?? []).map((x) => x.ackedOpsPerSec);
  saturation = { relay: median(relaySat), server: median(serverSat), share: ratios(serverSat, relaySat) };
  progress('1,000 sockets done');
}

// 2. 10,000 sockets on one instance, relay beside it
let big: {
  sockets: number;
  clientProcesses: number;
  clientStack: ClientStack;
  offeredOpsPerSec: number;
  targets: {
    name: string;
    sockets: number;
    connectFailures: number;
    connectStormMs: number;
    rssKbPerSocket: number;
    fanoutLatencyMs: LatencySummary;
    ackLatencyMs: LatencySummary;
    ackedOpsPerSec: number;
    failedPushes: number;
    cpuUsPerPush: number;
    trials: { fanoutP99: number; ackedOpsPerSec: number }[];
  }[];
  fanoutP99Ratio: ReturnType<typeof ratios> & { pooled: number };
} | null = null;
if (PHASES.has('10k')) {
  const users = Math.ceil(BIG_SOCKETS / 2);
  const options = { users, procs: BIG_CLIENT_PROCS, wave: BIG_WAVE, stack: BIG_CLIENT };
  const relay = await startTarget('relay', { ...options, label: 'relay-10k' });
  const server = await startTarget('server', { ...options, label: 'server-10k' });
  const targets = [relay, server];
  // every socket pushes once per interval: BIG_OPS_PER_SEC in all
  const intervalMs = Math.round(
    (Math.max(relay.sockets, server.sockets) * OPS_PER_PUSH * 1000) / BIG_OPS_PER_SEC,
  );
  for (const t of targets) await measure(t, intervalMs, 1500); // warm-up
  const trials = new Map<TargetKind, Trial[]>();
  for (let trial = 0; trial < BIG_TRIALS; trial++) {
    const order = trial % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order)
      trials.set(t.kind, [
        ...(trials.get(t.kind) ?? []),
        trialOf(await measure(t, intervalMs, BIG_DURATION_MS)),
      ]);
    progress(`10k trial ${trial + 1}/${BIG_TRIALS} done`);
  }
  const rows = [];
  for (const t of targets) {
    await stopTarget(t);
    const ts = trials.get(t.kind) ?? [];
    rows.push({
      name: t.name,
      sockets: t.sockets,
      connectFailures: t.connectFailures,
      connectStormMs: t.connectMs,
      rssKbPerSocket: t.rssKbPerConnection,
      fanoutLatencyMs: summarise(ts.flatMap((x) => x.fanoutSamples)),
      ackLatencyMs: summarise(ts.flatMap((x) => x.ackSamples)),
      ackedOpsPerSec: median(ts.map((x) => x.ackedOpsPerSec)),
      failedPushes: ts.reduce((a, x) => a + x.failedPushes, 0),
      cpuUsPerPush: median(ts.map((x) => x.stats.cpuUsPerPush)),
      trials: ts.map((x) => ({ fanoutP99: x.fanoutLatencyMs.p99, ackedOpsPerSec: x.ackedOpsPerSec })),
    });
  }
  const [r, s] = rows;
  big = {
    sockets: BIG_SOCKETS,
    clientProcesses: BIG_CLIENT_PROCS,
    clientStack: BIG_CLIENT,
    offeredOpsPerSec: BIG_OPS_PER_SEC,
    targets: rows,
    fanoutP99Ratio: {
      ...ratios(s?.trials.map((x) => x.fanoutP99) ?? [], r?.trials.map((x) => x.fanoutP99) ?? []),
      pooled:
        Math.round(((s?.fanoutLatencyMs.p99 ?? 0) / Math.max(0.01, r?.fanoutLatencyMs.p99 ?? 0)) * 100) / 100,
    },
  };
  progress('10,000 sockets done');
}

// 3. two instances behind Redis against one instance, same load
let redis: {
  offeredOpsPerSec: number;
  single: { name: string; fanoutLatencyMs: LatencySummary; failedPushes: number; trials: number[] };
  pair: { name: string; fanoutLatencyMs: LatencySummary; failedPushes: number; trials: number[] };
  fanoutP99Ratio: ReturnType<typeof ratios> & { pooled: number };
} | null = null;
if (PHASES.has('redis')) {
  const redisServer = await startRedisServer();
  cleanups.push(() => void redisServer.stop());
  try {
    const single = await startTarget('server', { label: 'single' });
    const pair = await startRedisPair(redisServer.url);
    const targets = [single, pair];
    for (const t of targets) await measure(t, REDIS_INTERVAL_MS, 1500); // warm-up
    const trials = new Map<Target, Trial[]>();
    for (let trial = 0; trial < REDIS_TRIALS; trial++) {
      const order = trial % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order)
        trials.set(t, [...(trials.get(t) ?? []), trialOf(await measure(t, REDIS_INTERVAL_MS, DURATION_MS))]);
      progress(`redis trial ${trial + 1}/${REDIS_TRIALS} done`);
    }
    const row = (t: Target) => {
      const ts = trials.get(t) ?? [];
      return {
        name: t.name,
        fanoutLatencyMs: summarise(ts.flatMap((x) => x.fanoutSamples)),
        failedPushes: ts.reduce((a, x) => a + x.failedPushes, 0),
        trials: ts.map((x) => x.fanoutLatencyMs.p99),
      };
    };
    const s = row(single);
    const p = row(pair);
    for (const t of targets) await stopTarget(t);
    redis = {
      offeredOpsPerSec: (single.sockets * OPS_PER_PUSH * 1000) / REDIS_INTERVAL_MS,
      single: s,
      pair: p,
      fanoutP99Ratio: {
        ...ratios(p.trials, s.trials),
        pooled: Math.round((p.fanoutLatencyMs.p99 / Math.max(0.01, s.fanoutLatencyMs.p99)) * 100) / 100,
      },
    };
  } finally {
    await redisServer.stop();
  }
  progress('redis done');
}

const ingest = PHASES.has('ingest') ? [await sqliteIngest('FULL'), await sqliteIngest('NORMAL')] : [];
if (ingest.length > 0) progress('sqlite ingest done');

const [relayRes, serverRes] = socketResults;
const fanoutRatios =
  relayRes && serverRes
    ? serverRes.levels.map((l, i) => {
        const relayLevel = relayRes.levels[i];
        const perTrial = ratios(
          l.trials.map((x) => x.fanoutLatencyMs.p99),
          relayLevel?.trials.map((x) => x.fanoutLatencyMs.p99) ?? [],
        );
        return {
          offeredOpsPerSec: l.offeredOpsPerSec,
          // the pooled p99s' ratio, and the per-trial-pair ratios' median and spread
          ratio:
            Math.round((l.fanoutLatencyMs.p99 / Math.max(0.01, relayLevel?.fanoutLatencyMs.p99 ?? 0)) * 100) /
            100,
          perTrial,
        };
      })
    : [];
const targetsMet = {
  throughput: saturation ? saturation.share.median >= GOALS.throughputShare : null,
  throughputShare: saturation?.share ?? null,
  fanoutP99: fanoutRatios.map((f) => ({ ...f, met: f.perTrial.median <= GOALS.fanoutP99Ratio })),
  tenK: big
    ? {
        connectStorm: big.targets[1]
          ? big.targets[1].connectStormMs <= GOALS.stormMs && big.targets[1].connectFailures === 0
          : false,
        rss: big.targets[1] ? big.targets[1].rssKbPerSocket <= GOALS.rssKbPerSocket : false,
        fanoutP99: big.fanoutP99Ratio.median <= GOALS.tenKFanoutP99Ratio,
      }
    : null,
  redisFanoutP99: redis ? redis.fanoutP99Ratio.median <= GOALS.redisFanoutP99Ratio : null,
  ingest: ingest.length > 0 ? ingest.every((i) => i.batchOf500.opsPerSec >= 20_000) : null,
};
const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '?',
    node: process.version,
    loadAverage: { before: loadBefore, after: loadavg().map((x) => Math.round(x * 100) / 100) },
  },
  params: {
    users: USERS,
    socketsPerUser: 2,
    durationMs: DURATION_MS,
    trials: TRIALS,
    saturationMs: SATURATION_MS,
    saturationTrials: SATURATION_TRIALS,
    intervalsMs: INTERVALS_MS,
    opsPerPush: OPS_PER_PUSH,
    phases: [...PHASES],
    bigSockets: BIG_SOCKETS,
    bigClientProcesses: BIG_CLIENT_PROCS,
    bigTrials: BIG_TRIALS,
    redisTrials: REDIS_TRIALS,
  },
  sqliteIngest: ingest,
  socket: socketResults,
  saturation,
  tenThousandSockets: big,
  redis,
  targets: targetsMet,
  totalSeconds: Math.round((performance.now() - benchStarted) / 100) / 10,
};
// BENCH_OUT names the file (e.g. load-run2.json for a series of runs)
const out = resolve(HERE, '..', 'bench-results', process.env.BENCH_OUT ?? 'load.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

if (ingest.length === 2) {
  console.log('\nSQLite store ingest (ops/s)     FULL    NORMAL');
  console.log(
    `  batches of 500 ops     ${pad(ingest[0]?.batchOf500.opsPerSec ?? 0, 9)} ${pad(ingest[1]?.batchOf500.opsPerSec ?? 0, 9)}`,
  );
  console.log(
    `  group commit 200 x 50  ${pad(ingest[0]?.groupCommit200x50.opsPerSec ?? 0, 9)} ${pad(ingest[1]?.groupCommit200x50.opsPerSec ?? 0, 9)}`,
  );
}
const spread = (r: { median: number; min: number; max: number }, unit = '×') =>
  `${r.median}${unit} (${r.min} – ${r.max})`;
if (socketResults.length > 0) {
  console.log(
    `\n${`socket load, ${TRIALS} trials pooled (ms)`.padEnd(36)}${pad('offered', 8)}${pad('acked/s', 9)}${pad('ack p50', 9)}${pad('p95', 8)}${pad('p99', 8)}${pad('fan p50', 9)}${pad('p95', 8)}${pad('p99', 8)}${pad('srv ms', 8)}${pad('cpu µs/push', 12)}${pad('loop max', 9)}${pad('gc max', 8)}`,
  );
  for (const r of socketResults) {
    console.log(
      `${r.name} — ${r.sockets} sockets, ${r.rssKbPerConnection} KB RSS/connection, connect ${r.connectMs} ms`,
    );
    for (const l of r.levels)
      console.log(
        `${''.padEnd(36)}${pad(l.offeredOpsPerSec, 8)}${pad(l.ackedOpsPerSec, 9)}${pad(l.ackLatencyMs.p50, 9)}${pad(l.ackLatencyMs.p95, 8)}${pad(l.ackLatencyMs.p99, 8)}${pad(l.fanoutLatencyMs.p50, 9)}${pad(l.fanoutLatencyMs.p95, 8)}${pad(l.fanoutLatencyMs.p99, 8)}${pad(l.serverPushMeanMs ?? '-', 8)}${pad(l.cpuUsPerPush, 12)}${pad(l.loopDelayMs.max, 9)}${pad(l.gcMaxMs, 8)}`,
      );
    console.log(
      `${'  saturation (push on ack)'.padEnd(36)}${pad('max', 8)}${pad(r.saturation.ackedOpsPerSec, 9)}${pad(r.saturation.ackLatencyMs.p50, 9)}${pad(r.saturation.ackLatencyMs.p95, 8)}${pad(r.saturation.ackLatencyMs.p99, 8)}${''.padEnd(33)}${pad(r.saturation.cpuUsPerPush, 12)}`,
    );
    console.log(
      `${'  after each saturation trial'.padEnd(36)}busy ${r.saturation.busyAfterMs} ms until quiet, +${r.saturation.cpuUsPerPushAfter} µs CPU per push of the trial (median)`,
    );
  }
}
if (big) {
  console.log(
    `\n10,000 sockets (${big.clientProcesses} client processes, ${big.clientStack} client), ${big.offeredOpsPerSec} ops/s offered`,
  );
  for (const t of big.targets)
    console.log(
      `  ${t.name}: ${t.sockets} sockets (${t.connectFailures} failed) in ${t.connectStormMs} ms, ${t.rssKbPerSocket} KB RSS/socket, fan-out p50/p99 ${t.fanoutLatencyMs.p50}/${t.fanoutLatencyMs.p99} ms, acked ${t.ackedOpsPerSec} ops/s, cpu ${t.cpuUsPerPush} µs/push`,
    );
}
if (redis)
  console.log(
    `\nRedis, ${redis.offeredOpsPerSec} ops/s offered: fan-out p99 one instance ${redis.single.fanoutLatencyMs.p99} ms (trials ${redis.single.trials.join(', ')}), across two ${redis.pair.fanoutLatencyMs.p99} ms (trials ${redis.pair.trials.join(', ')}); failed pushes ${redis.single.failedPushes} / ${redis.pair.failedPushes}`,
  );
console.log('\ntargets (medians over interleaved trial pairs, spread in brackets)');
if (saturation)
  console.log(
    `  durable throughput ≥ 70 % of the relay's: ${saturation.server} / ${saturation.relay} ops/s; per pair ${spread(saturation.share, '')} ${targetsMet.throughput ? 'met' : 'NOT met'}`,
  );
for (const f of targetsMet.fanoutP99)
  console.log(
    `  p99 fan-out ≤ 1.5× the relay's at ${f.offeredOpsPerSec} ops/s: ${spread(f.perTrial)}, pooled ${f.ratio}× ${f.met ? 'met' : 'NOT met'}`,
  );
if (big && targetsMet.tenK) {
  const s = big.targets[1];
  console.log(
    `  10k connect storm ≤ 10 s: ${s?.connectStormMs} ms ${targetsMet.tenK.connectStorm ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  10k server RSS ≤ 16 KB/socket: ${s?.rssKbPerSocket} KB ${targetsMet.tenK.rss ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  10k fan-out p99 ≤ 2× the relay's: ${spread(big.fanoutP99Ratio)}, pooled ${big.fanoutP99Ratio.pooled}× ${targetsMet.tenK.fanoutP99 ? 'met' : 'NOT met'}`,
  );
}
if (redis)
  console.log(
    `  two instances fan-out p99 ≤ 2× one instance's: ${spread(redis.fanoutP99Ratio)}, pooled ${redis.fanoutP99Ratio.pooled}× ${targetsMet.redisFanoutP99 ? 'met' : 'NOT met'}`,
  );
if (targetsMet.ingest !== null)
  console.log(`  SQLite ingest ≥ 20,000 ops/s in batches: ${targetsMet.ingest ? 'met' : 'NOT met'}`);
console.log(`\n(total ${results.totalSeconds} s; JSON: ${out})`);
process.exit(0);
