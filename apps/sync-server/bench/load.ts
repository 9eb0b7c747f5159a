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
 * 3. SQLite store ingest (100,000 ops per row): batches of 500, and group commit (200 × 50).
 * Prints a table with the targets and writes bench-results/load.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Op } from '@unknot/stretch-model';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { sessionOps } from '../test/support/ops.js';
import type { ChildMessage, ParentMessage } from './clients.js';
import { type LatencySummary, median, summarise } from './stats.js';
import type { TargetKind, TargetReply, TargetRequest, WatchStats } from './target.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const USERS = Number(process.env.BENCH_USERS ?? 500);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 4);
const SATURATION_MS = Number(process.env.BENCH_SATURATION_MS ?? 2500);
const SATURATION_TRIALS = Number(process.env.BENCH_SATURATION_TRIALS ?? 2);
/** each socket pushes once per interval: 500 and 1,000 pushes/s for 1,000 sockets */
const INTERVALS_MS = (process.env.BENCH_INTERVALS_MS ?? '2000,1000').split(',').map(Number);
const OPS_PER_PUSH = Number(process.env.BENCH_OPS_PER_PUSH ?? 5);
const SYNC_MODE = process.env.BENCH_SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
const HARD_LIMIT_MS = 150_000;
const TSX = ['--conditions=@unknot/source', '--import', 'tsx'];

const hardStop = setTimeout(() => {
  process.stderr.write(`benchmark exceeded ${HARD_LIMIT_MS / 1000} s; aborting\n`);
  process.exit(1);
}, HARD_LIMIT_MS);
hardStop.unref();
const benchStarted = performance.now();
/** phase marks on stderr, so a run that hits the limit shows where the time went */
const progress = (label: string) =>
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${label}\n`);

/** A child process spoken to over IPC: send a message, wait for the reply of a given type. */
class Child<Out extends { type: string }, In extends { type: string }> {
  readonly process: ChildProcess;
  constructor(file: string, args: string[], execArgv: string[]) {
    this.process = fork(join(HERE, file), args, {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // a child that dies mid-run would leave us waiting for a reply until the hard limit
    this.process.once('exit', (code) => {
      if (code !== 0 && code !== null) {
        process.stderr.write(`bench child ${file} exited with ${code}\n`);
        process.exit(1);
      }
    });
  }

  ask<T extends In['type']>(msg: Out, type: T): Promise<Extract<In, { type: T }>> {
    return new Promise((resolve) => {
      const on = (reply: In) => {
        if (reply.type !== type) return;
        this.process.off('message', on);
        resolve(reply as Extract<In, { type: T }>);
      };
      this.process.on('message', on);
      this.process.send(msg);
    });
  }
}

type RunResult = Extract<ChildMessage, { type: 'result' }>;

interface Target {
  kind: TargetKind;
  name: string;
  serve: Child<TargetRequest, TargetReply>;
  fleet: Child<ParentMessage, ChildMessage>;
  sockets: number;
  connectFailures: number;
  connectMs: number;
  rssKbPerConnection: number;
}

async function startTarget(kind: TargetKind): Promise<Target> {
  // BENCH_PROFILE_DIR: a V8 CPU profile of each target process (open it in Chrome DevTools)
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_PROFILE_DIR, kind)}`]
    : [];
  // BENCH_TARGET_FLAGS: extra node/V8 flags for both target processes (e.g. --trace-gc)
  const flags = (process.env.BENCH_TARGET_FLAGS ?? '').split(' ').filter(Boolean);
  const serve = new Child<TargetRequest, TargetReply>(
    'target.ts',
    [kind],
    ['--expose-gc', ...flags, ...profile, ...TSX],
  );
  const ready = await serve.ask({ type: 'start', users: USERS, synchronous: SYNC_MODE }, 'ready');
  const rssBefore = (await serve.ask({ type: 'rss' }, 'rss')).mb;
  const fleet = new Child<ParentMessage, ChildMessage>('clients.ts', [], TSX);
  const connected = await fleet.ask({ type: 'connect', url: ready.url, clients: ready.clients }, 'connected');
  const rssConnected = (await serve.ask({ type: 'rss' }, 'rss')).mb;
  progress(`${ready.name}: ${connected.count} sockets connected`);
  return {
    kind,
    name: ready.name,
    serve,
    fleet,
    sockets: connected.count,
    connectFailures: connected.failed,
    connectMs: connected.ms,
    rssKbPerConnection: Math.round(((rssConnected - rssBefore) * 1024) / Math.max(1, connected.count)),
  };
}

/** One measured run of a target: the fleet pushes, the target watches its own process. */
async function measure(t: Target, intervalMs: number, durationMs: number) {
  await t.serve.ask({ type: 'watch' }, 'watching');
  const result = await t.fleet.ask(
    { type: 'go', durationMs, intervalMs, opsPerPush: OPS_PER_PUSH },
    'result',
  );
  const { stats } = await t.serve.ask({ type: 'unwatch', pushes: result.pushes }, 'stats');
  return { result, stats };
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

// BENCH_ONLY=ingest measures the SQLite ingest alone (no sockets); =sockets skips the ingest
const only = process.env.BENCH_ONLY;
const socketResults = [];
let saturation: { relay: number; server: number } | null = null;
if (only !== 'ingest') {
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
        trials.set(key, [...(trials.get(key) ?? []), trialOf(await measure(t, intervalMs, DURATION_MS))]);
      }
      progress(`trial ${trial + 1}/${TRIALS}: one push every ${intervalMs} ms done`);
    }
  // saturation in interleaved trials as well (relay, server, server, relay): one 3 s run moved
  // the ratio by ±8 points between runs
  const satTrials = new Map<TargetKind, Trial[]>();
  for (let trial = 0; trial < SATURATION_TRIALS; trial++) {
    const order = trial % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order)
      satTrials.set(t.kind, [...(satTrials.get(t.kind) ?? []), trialOf(await measure(t, 0, SATURATION_MS))]);
    progress(`saturation trial ${trial + 1}/${SATURATION_TRIALS} done`);
  }
  for (const t of targets) {
    await t.fleet.ask({ type: 'close', exit: true }, 'closed');
    const stopped = await t.serve.ask({ type: 'stop' }, 'stopped');
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
        trials: s.map((x) => ({ ackedOpsPerSec: x.ackedOpsPerSec, cpuUsPerPush: x.stats.cpuUsPerPush })),
      },
      sampleUserHead: stopped.sampleUserHead,
    });
  }
  saturation = {
    relay: median((satTrials.get('relay') ?? []).map((x) => x.ackedOpsPerSec)),
    server: median((satTrials.get('server') ?? []).map((x) => x.ackedOpsPerSec)),
  };
  progress('sockets done');
}
const ingest = only === 'sockets' ? [] : [await sqliteIngest('FULL'), await sqliteIngest('NORMAL')];
if (ingest.length > 0) progress('sqlite ingest done');

const [relayRes, serverRes] = socketResults;
const targetsMet = {
  throughput: saturation ? saturation.server >= 0.5 * saturation.relay : null,
  fanoutP99:
    relayRes && serverRes
      ? serverRes.levels.map((l, i) => ({
          offeredOpsPerSec: l.offeredOpsPerSec,
          ratio:
            Math.round(
              (l.fanoutLatencyMs.p99 / Math.max(0.01, relayRes.levels[i]?.fanoutLatencyMs.p99 ?? 0)) * 100,
            ) / 100,
        }))
      : [],
  ingest: ingest.length > 0 ? ingest.every((i) => i.batchOf500.opsPerSec >= 20_000) : null,
  throughputShare: saturation
    ? Math.round((100 * saturation.server) / Math.max(1, saturation.relay)) / 100
    : null,
};
const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version },
  params: {
    users: USERS,
    socketsPerUser: 2,
    durationMs: DURATION_MS,
    trials: TRIALS,
    saturationMs: SATURATION_MS,
    saturationTrials: SATURATION_TRIALS,
    intervalsMs: INTERVALS_MS,
    opsPerPush: OPS_PER_PUSH,
  },
  sqliteIngest: ingest,
  socket: socketResults,
  targets: targetsMet,
  totalSeconds: Math.round((performance.now() - benchStarted) / 100) / 10,
};
const out = join(HERE, '..', 'bench-results', 'load.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

const pad = (s: string | number, n: number) => String(s).padStart(n);
if (ingest.length === 2) {
  console.log('\nSQLite store ingest (ops/s)     FULL    NORMAL');
  console.log(
    `  batches of 500 ops     ${pad(ingest[0]?.batchOf500.opsPerSec ?? 0, 9)} ${pad(ingest[1]?.batchOf500.opsPerSec ?? 0, 9)}`,
  );
  console.log(
    `  group commit 200 x 50  ${pad(ingest[0]?.groupCommit200x50.opsPerSec ?? 0, 9)} ${pad(ingest[1]?.groupCommit200x50.opsPerSec ?? 0, 9)}`,
  );
}
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
  }
  console.log('\ntargets');
  if (saturation)
    console.log(
      `  durable throughput ≥ 50 % of the relay's: ${saturation.server} / ${saturation.relay} ops/s = ${Math.round((100 * saturation.server) / Math.max(1, saturation.relay))} % ${targetsMet.throughput ? 'met' : 'NOT met'}`,
    );
  for (const f of targetsMet.fanoutP99)
    console.log(
      `  p99 fan-out ≤ 2× the relay's at ${f.offeredOpsPerSec} ops/s: ${f.ratio}× ${f.ratio <= 2 ? 'met' : 'NOT met'}`,
    );
}
if (targetsMet.ingest !== null)
  console.log(`  SQLite ingest ≥ 20,000 ops/s in batches: ${targetsMet.ingest ? 'met' : 'NOT met'}`);
console.log(`\n(total ${results.totalSeconds} s; JSON: ${out})`);
process.exit(0);
