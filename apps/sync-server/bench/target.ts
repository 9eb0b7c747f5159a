/**
 * Child process of bench/load.ts that serves one target: `relay` (a bare socket.io relay, the
 * floor) or `server` (the real sync server on SQLite). Each target has a process to itself, so its
 * CPU, event loop, garbage collector and RSS are its own; the clients run in yet another process.
 * Driven over IPC (`TargetRequest` → `TargetReply`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { type Op, PROTOCOL_VERSION, type PushRequest } from '@unknot/stretch-model';
import { Server } from 'socket.io';
import { DEFAULT_TUNING, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServer } from '../src/server.js';
import type { ClientSpec } from './clients.js';

export type TargetKind = 'relay' | 'server';
export type TargetRequest =
  /** redisUrl: the server with REDIS_URL (socket.io Redis adapter, limits in Redis) */
  | { type: 'start'; users: number; synchronous: 'FULL' | 'NORMAL'; redisUrl?: string }
  | { type: 'rss' }
  /** profile: a V8 CPU profile of the process while it is watched, written there on unwatch */
  | { type: 'watch'; profile?: string }
  | { type: 'unwatch'; pushes: number }
  | { type: 'stop' };
export interface WatchStats {
  cpuUsPerPush: number;
  /** event-loop delay sampled every 10 ms while the level ran */
  loopDelayMs: { p99: number; max: number };
  /** garbage-collection pauses while the level ran */
  gc: { count: number; totalMs: number; maxMs: number };
  /** the server's own receive → durable → ack time (mean, from its metrics); null for the relay */
  serverPushMeanMs: number | null;
}
export type TargetReply =
  | { type: 'ready'; name: string; url: string; clients: ClientSpec[] }
  | { type: 'rss'; mb: number }
  | { type: 'watching' }
  | { type: 'stats'; stats: WatchStats }
  | { type: 'stopped'; sampleUserHead: number | null };

const kind = process.argv[2] as TargetKind;
const reply = (msg: TargetReply) => process.send?.(msg);
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Running {
  name: string;
  url: string;
  clients: ClientSpec[];
  /** cumulative push-time sum (s) and count from the server's metrics */
  pushTotals?: () => Promise<{ sum: number; count: number }>;
  sampleHead?: () => Promise<number>;
  close: () => Promise<void>;
}

async function startRelay(users: number): Promise<Running> {
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
  const clients: ClientSpec[] = [];
  for (let u = 0; u < users; u++)
    for (const d of ['w', 'b']) clients.push({ deviceId: `relay-${u}-${d}`, auth: { userId: `u${u}` } });
  return {
    name: 'bare socket.io relay (floor)',
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    clients,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

async function startServer(
  users: number,
  synchronous: 'FULL' | 'NORMAL',
  redisUrl?: string,
): Promise<Running> {
  const dataDir = mkdtempSync(join(process.env.BENCH_DATA_ROOT ?? tmpdir(), 'unknot-bench-server-'));
  const secret = 'b'.repeat(64);
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    LOG_LEVEL: 'error',
    SQLITE_SYNCHRONOUS: synchronous,
    // the server's own variables, so a run can compare windows and caps (the defaults otherwise)
    ...(process.env.SQLITE_COMMIT_WINDOW_MS
      ? { SQLITE_COMMIT_WINDOW_MS: process.env.SQLITE_COMMIT_WINDOW_MS }
      : {}),
    ...(process.env.SQLITE_COMMIT_MAX_OPS
      ? { SQLITE_COMMIT_MAX_OPS: process.env.SQLITE_COMMIT_MAX_OPS }
      : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  config.tuning = {
    ...DEFAULT_TUNING,
    pairingCodesPerWindow: 10_000,
    // BENCH_SNAPSHOT_EVERY: the snapshot upkeep's pace (ops per user between folds), an A/B switch
    ...(process.env.BENCH_SNAPSHOT_EVERY ? { snapshotEvery: Number(process.env.BENCH_SNAPSHOT_EVERY) } : {}),
  };
  const server = await createServer(config, { logger: createLogger('error'), quiet: true });
  // BENCH_SPLICE_FANOUT=0: fan-out serialised from the op objects, as before the stored-text
  // fan-out (an A/B switch for the profile table in the README)
  if (process.env.BENCH_SPLICE_FANOUT === '0') server.services.hub.spliceFanOut = false;
  const clients: ClientSpec[] = [];
  for (let u = 0; u < users; u++) {
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
    const token = (await server.services.sessions.issue(userId)).token;
    clients.push({
      deviceId: `web-bench-${u}`,
      auth: { protocolVersion: PROTOCOL_VERSION, kind: 'user', token, deviceId: `web-bench-${u}` },
    });
  }
  return {
    name: `unknot sync server (sqlite ${synchronous}${redisUrl ? ', Redis adapter' : ''})`,
    url: server.url,
    clients,
    pushTotals: async () => {
      const hist = await server.services.metrics.pushSeconds.get();
      const sum = hist.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
      const count = hist.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
      return { sum, count };
    },
    sampleHead: () => server.services.store.headSeq('bench-user-0'),
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function rssMb(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 300));
  gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

let running: Running | null = null;
let watch: {
  cpu: NodeJS.CpuUsage;
  delay: ReturnType<typeof monitorEventLoopDelay>;
  pauses: number[];
  gc: PerformanceObserver;
  push: { sum: number; count: number } | null;
  profile: { session: Session; file: string } | null;
} | null = null;

// the orchestrator gone (it stopped itself at its time limit): go too, leaving nothing behind
process.on('disconnect', () => process.exit(1));
process.on('message', (msg: TargetRequest) => {
  void (async () => {
    if (msg.type === 'start') {
      running =
        kind === 'relay'
          ? await startRelay(msg.users)
          : await startServer(msg.users, msg.synchronous, msg.redisUrl);
      reply({ type: 'ready', name: running.name, url: running.url, clients: running.clients });
    } else if (msg.type === 'rss') {
      reply({ type: 'rss', mb: await rssMb() });
    } else if (msg.type === 'watch') {
      const pauses: number[] = [];
      const gc = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) pauses.push(e.duration);
      });
      gc.observe({ entryTypes: ['gc'] });
      let profile: { session: Session; file: string } | null = null;
      if (msg.profile) {
        const session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        profile = { session, file: msg.profile };
      }
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      watch = {
        cpu: process.cpuUsage(),
        delay,
        pauses,
        gc,
        push: (await running?.pushTotals?.()) ?? null,
        profile,
      };
      reply({ type: 'watching' });
    } else if (msg.type === 'unwatch' && watch) {
      const w = watch;
      watch = null;
      const cpu = process.cpuUsage(w.cpu);
      if (w.profile) {
        const { profile } = await w.profile.session.post('Profiler.stop');
        writeFileSync(w.profile.file, JSON.stringify(profile));
        w.profile.session.disconnect();
      }
      w.delay.disable();
      w.gc.disconnect();
      const push = (await running?.pushTotals?.()) ?? null;
      const serverPushMeanMs =
        push && w.push
          ? round2(((push.sum - w.push.sum) / Math.max(1, push.count - w.push.count)) * 1000)
          : null;
      reply({
        type: 'stats',
        stats: {
          cpuUsPerPush: Math.round((cpu.user + cpu.system) / Math.max(1, msg.pushes)),
          loopDelayMs: { p99: round2(w.delay.percentile(99) / 1e6), max: round2(w.delay.max / 1e6) },
          gc: {
            count: w.pauses.length,
            totalMs: round2(w.pauses.reduce((a, b) => a + b, 0)),
            maxMs: round2(Math.max(0, ...w.pauses)),
          },
          serverPushMeanMs,
        },
      });
    } else if (msg.type === 'stop') {
      const sampleUserHead = (await running?.sampleHead?.()) ?? null;
      await running?.close();
      reply({ type: 'stopped', sampleUserHead });
      setTimeout(() => process.exit(0), 50);
    }
  })().catch((err: unknown) => {
    process.stderr.write(`bench target ${kind} failed: ${String(err)}\n`);
    process.exit(1);
  });
});
