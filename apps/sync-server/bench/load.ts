/**
 * Load benchmark, one command (`pnpm --filter @unknot/sync-server bench`), loopback only, ≤ 60 s.
 *
 * 1. SQLite store ingest (50,000 ops each): batches of 500 ops, synchronous=FULL and NORMAL, plus group commit
 *    (200 concurrent appends of 50 ops each flushed per tick).
 * 2. A bare socket.io relay (no auth, no validation, no storage, same messages) — the floor.
 * 3. The real server (Nest, auth, validation, SQLite with the default synchronous=NORMAL, fan-out).
 * Clients (~1,000 sockets: 500 users × a paired watch + a browser replica) run in a child
 * process. Prints a table and writes bench-results/load.json.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Op, PROTOCOL_VERSION, type PushRequest } from '@unknot/stretch-model';
import { Server } from 'socket.io';
import { SessionTokens } from '../src/auth/session-tokens.js';
import { DEFAULT_TUNING, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServer } from '../src/server.js';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { sessionOps } from '../test/support/ops.js';
import type { ChildMessage, ClientSpec, ParentMessage } from './clients.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const USERS = Number(process.env.BENCH_USERS ?? 500);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 4000);
/** each socket pushes once per interval: two load levels, 500 and 1,000 pushes/s for 1,000 sockets */
const INTERVALS_MS = (process.env.BENCH_INTERVALS_MS ?? '2000,1000').split(',').map(Number);
const OPS_PER_PUSH = Number(process.env.BENCH_OPS_PER_PUSH ?? 5);
const SYNC_MODE = process.env.BENCH_SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
const HARD_LIMIT_MS = 60_000;

const hardStop = setTimeout(() => {
  process.stderr.write('benchmark exceeded 60 s; aborting\n');
  process.exit(1);
}, HARD_LIMIT_MS);
hardStop.unref();
const benchStarted = performance.now();
/** phase marks on stderr, so a run that hits the 60 s limit shows where the time went */
const progress = (label: string) =>
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${label}\n`);

async function rssMb(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 300));
  gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

// ---- 1. store ingest ----

async function sqliteIngest(synchronous: 'FULL' | 'NORMAL') {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-bench-'));
  const store = new SqliteStore({ file: join(dir, 'bench.db'), synchronous });
  const batches: { user: string; ops: Op[] }[] = [];
  for (let b = 0; b < 100; b++) batches.push({ user: `u${b % 20}`, ops: sessionOps(`dev${b}`, 1, 500) });
  const t0 = performance.now();
  for (const b of batches) await store.appendOps(b.user, b.ops);
  const sequentialMs = performance.now() - t0;
  // group commit: 200 appends of 50 ops issued at once become one transaction per tick
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
  return {
    synchronous,
    batchOf500: {
      ops: 100_000,
      ms: Math.round(sequentialMs),
      opsPerSec: Math.round(100_000 / (sequentialMs / 1000)),
    },
    groupCommit200x50: {
      ops: 100_000,
      ms: Math.round(groupMs),
      opsPerSec: Math.round(100_000 / (groupMs / 1000)),
    },
  };
}

/**
 * What held up this process's event loop while a level ran: loop delay (sampled every 10 ms) and
 * garbage collection pauses, the usual suspects behind a latency tail.
 */
function watchLoop() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push(e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  delay.enable();
  return () => {
    delay.disable();
    gc.disconnect();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const r = (x: number) => Math.round(x * 100) / 100;
    return {
      loopDelayMs: { p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc: {
        count: pauses.length,
        totalMs: r(pauses.reduce((a, b) => a + b, 0)),
        maxMs: r(Math.max(0, ...pauses)),
      },
    };
  };
}

// ---- client child process ----

class ClientFleet {
  private readonly child = fork(join(HERE, 'clients.ts'), [], {
    execArgv: ['--conditions=@unknot/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  private next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve) => {
      const on = (msg: ChildMessage) => {
        if (msg.type !== type) return;
        this.child.off('message', on);
        resolve(msg as Extract<ChildMessage, { type: T }>);
      };
      this.child.on('message', on);
    });
  }

  private send(msg: ParentMessage): void {
    this.child.send(msg);
  }

  async connect(url: string, clients: ClientSpec[]) {
    const done = this.next('connected');
    this.send({ type: 'connect', url, clients });
    return done;
  }

  async run(intervalMs: number, durationMs = DURATION_MS) {
    const done = this.next('result');
    this.send({ type: 'go', durationMs, intervalMs, opsPerPush: OPS_PER_PUSH });
    return done;
  }

  /** closes the sockets; the process stays for the next target unless `exit` */
  async close(exit = false) {
    const done = this.next('closed');
    const exited = exit ? new Promise((r) => this.child.once('exit', r)) : null;
    this.send({ type: 'close', exit });
    await done;
    await exited;
  }
}

let fleetInstance: ClientFleet | null = null;

async function measure(
  name: string,
  url: string,
  clients: ClientSpec[],
  pushSeconds?: () => Promise<number>,
) {
  fleetInstance ??= new ClientFleet();
  const fleet = fleetInstance;
  const rssBefore = await rssMb();
  const connected = await fleet.connect(url, clients);
  const rssConnected = await rssMb();
  // warm-up (JIT, first pushes create the browser replicas' device rows), not reported
  await fleet.run(2000, 1500);
  await pushSeconds?.();
  progress(`${name}: ${connected.count} sockets connected`);
  const levels = [];
  for (const intervalMs of INTERVALS_MS) {
    // CPU of this process (the relay or the server; the clients are a child) while the level runs:
    // per push it is the cost the 2 shared cores must find, the least noisy number here
    const cpu0 = process.cpuUsage();
    const stopWatch = watchLoop();
    const result = await fleet.run(intervalMs);
    const cpu = process.cpuUsage(cpu0);
    const loop = stopWatch();
    progress(`${name}: one push every ${intervalMs} ms done`);
    levels.push({
      offeredOpsPerSec: (connected.count * OPS_PER_PUSH * 1000) / intervalMs,
      ackedOpsPerSec: Math.round(result.ackedOps / (result.elapsedMs / 1000)),
      ackedOps: result.ackedOps,
      rejectedOps: result.rejectedOps,
      failedPushes: result.failedPushes,
      fanoutOps: result.fanoutOps,
      ackLatencyMs: result.ackLatencyMs,
      fanoutLatencyMs: result.fanoutLatencyMs,
      cpuUsPerPush: Math.round((cpu.user + cpu.system) / Math.max(1, result.pushes)),
      ...loop,
      // server-side receive → durable → ack, mean over this level
      serverPushMeanMs: pushSeconds ? await pushSeconds() : null,
    });
  }
  const rssAfterLoad = await rssMb();
  await fleet.close();
  return {
    name,
    sockets: connected.count,
    connectFailures: connected.failed,
    connectMs: connected.ms,
    levels,
    rssKbPerConnection: Math.round(((rssConnected - rssBefore) * 1024) / Math.max(1, connected.count)),
    rssMb: {
      before: Math.round(rssBefore),
      connected: Math.round(rssConnected),
      afterLoad: Math.round(rssAfterLoad),
    },
  };
}

// ---- 2. bare relay ----

async function bareRelay() {
  const http = createHttpServer();
  const io = new Server(http, { path: '/ws', maxHttpBufferSize: 4 * 2 ** 20 });
  const seqs = new Map<string, number>();
  io.of('/sync').on('connection', (socket) => {
    const userId = String((socket.handshake.auth as { userId?: unknown }).userId);
    void socket.join(userId);
    socket.emit('ready', { userId, deviceId: 'x', serverSeq: 0, protocolVersion: PROTOCOL_VERSION });
    socket.on('push', (req: PushRequest, ack: (res: unknown) => void) => {
      let seq = seqs.get(userId) ?? 0;
      const ops = (req.ops as Op[]).map((op) => ({ ...op, serverSeq: ++seq }));
      seqs.set(userId, seq);
      ack({ ok: true, acks: ops.map((o) => ({ opId: o.opId, ok: true, serverSeq: o.serverSeq })) });
      socket.to(userId).emit('ops', { ops });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: ClientSpec[] = [];
  for (let u = 0; u < USERS; u++)
    for (const d of ['w', 'b']) clients.push({ deviceId: `relay-${u}-${d}`, auth: { userId: `u${u}` } });
  const res = await measure('bare socket.io relay (floor)', url, clients);
  await new Promise<void>((r) => io.close(() => r()));
  return res;
}

// ---- 3. real server ----

async function realServer() {
  const dataDir = mkdtempSync(join(process.env.BENCH_DATA_ROOT ?? tmpdir(), 'unknot-bench-server-'));
  const secret = 'b'.repeat(64);
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    LOG_LEVEL: 'error',
    SQLITE_SYNCHRONOUS: SYNC_MODE,
  });
  config.tuning = {
    ...DEFAULT_TUNING,
    pairingCodesPerWindow: 10_000,
    sqliteWriterThread: process.env.BENCH_WRITER_THREAD !== '0',
  };
  const server = await createServer(config, { logger: createLogger('error'), quiet: true });
  const tokens = new SessionTokens(secret, 3600_000);
  const clients: ClientSpec[] = [];
  for (let u = 0; u < USERS; u++) {
    const userId = `bench-user-${u}`;
    await server.services.store.ensureUser({
      userId,
      displayName: userId,
      email: null,
      createdAt: Date.now(),
    });
    const code = await server.services.pairing.createCode(userId);
    if (!('code' in code)) throw new Error('pairing failed');
    const watch = await server.services.pairing.redeem(
      { code: code.code, deviceName: 'bench watch', deviceKind: 'watch' },
      `bench-${u}`,
    );
    if (!('secret' in watch)) throw new Error('redeem failed');
    clients.push({
      deviceId: watch.deviceId,
      auth: {
        protocolVersion: PROTOCOL_VERSION,
        kind: 'device',
        deviceId: watch.deviceId,
        secret: watch.secret,
      },
    });
    const token = (await tokens.sign(userId)).token;
    clients.push({
      deviceId: `web-bench-${u}`,
      auth: { protocolVersion: PROTOCOL_VERSION, kind: 'user', token, deviceId: `web-bench-${u}` },
    });
  }
  progress('server up, users paired');
  let last = { sum: 0, count: 0 };
  const pushSeconds = async () => {
    const hist = await server.services.metrics.pushSeconds.get();
    const sum = hist.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
    const count = hist.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    const mean = (sum - last.sum) / Math.max(1, count - last.count);
    last = { sum, count };
    return Math.round(mean * 1000 * 100) / 100;
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const res = await measure(`unknot sync server (sqlite ${SYNC_MODE})`, server.url, clients, pushSeconds);
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  const serverProcess = {
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    eventLoopDelayMs: {
      p50: Math.round(loopDelay.percentile(50) / 1e4) / 100,
      p99: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      max: Math.round(loopDelay.max / 1e4) / 100,
    },
  };
  const head = await server.services.store.headSeq('bench-user-0');
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { ...res, sampleUserHead: head, serverProcess };
}

// ---- run ----

// sockets first, so their RSS baselines are not disturbed by the ingest run's freed memory
// BENCH_ONLY=server profiles the real server alone
// BENCH_ONLY=ingest measures the SQLite ingest alone (no sockets)
const only = process.env.BENCH_ONLY;
const relay = only === 'ingest' ? null : only === 'server' ? await realServer() : await bareRelay();
const real = only === 'ingest' ? null : await realServer();
await (fleetInstance as ClientFleet | null)?.close(true);
progress('sockets done');
const ingest = only === 'server' ? [] : [await sqliteIngest('FULL'), await sqliteIngest('NORMAL')];
progress('sqlite ingest done');
const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version },
  params: {
    users: USERS,
    socketsPerUser: 2,
    durationMs: DURATION_MS,
    intervalsMs: INTERVALS_MS,
    opsPerPush: OPS_PER_PUSH,
  },
  sqliteIngest: ingest,
  socket: [relay, real].filter((r) => r !== null),
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
console.log(
  `\n${'socket load (latency ms)'.padEnd(36)}${pad('offered', 8)}${pad('acked/s', 9)}${pad('ack p50', 9)}${pad('p95', 8)}${pad('p99', 8)}${pad('fan p50', 9)}${pad('p95', 8)}${pad('p99', 8)}${pad('srv ms', 8)}${pad('cpu µs/push', 12)}${pad('loop max', 9)}${pad('gc max', 8)}`,
);
for (const r of results.socket) {
  console.log(
    `${r.name} — ${r.sockets} sockets, ${r.rssKbPerConnection} KB RSS/connection, connect ${r.connectMs} ms`,
  );
  for (const l of r.levels)
    console.log(
      `${''.padEnd(36)}${pad(l.offeredOpsPerSec, 8)}${pad(l.ackedOpsPerSec, 9)}${pad(l.ackLatencyMs.p50, 9)}${pad(l.ackLatencyMs.p95, 8)}${pad(l.ackLatencyMs.p99, 8)}${pad(l.fanoutLatencyMs.p50, 9)}${pad(l.fanoutLatencyMs.p95, 8)}${pad(l.fanoutLatencyMs.p99, 8)}${pad(l.serverPushMeanMs ?? '-', 8)}${pad(l.cpuUsPerPush, 12)}${pad(l.loopDelayMs.max, 9)}${pad(l.gc.maxMs, 8)}`,
    );
}
console.log(`\n(total ${results.totalSeconds} s; JSON: ${out})`);
process.exit(0);
