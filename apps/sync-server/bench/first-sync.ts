/**
 * A new device's first sync, alone, for profiling (`--cpu-prof`): one user with 2 years of history
 * (730 days of 3 sessions and 8 nudge events, the log-size bench's user) in a real SQLite file,
 * the snapshot stored 120 ops before the head; then BENCH_TRIES (50) pulls from cursor 0 through
 * SyncService, each followed by the JSON text the transports send (socket.io and Express both
 * `JSON.stringify` the answer, or splice the stored text: `serialiseReply`), timed by phase.
 *
 *   node --conditions=@unknot/source --import tsx [--cpu-prof] bench/first-sync.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyOps, emptySyncState, type Op, toSnapshot } from '@unknot/stretch-model';
import { nudgeOp, sessionOp } from '@unknot/stretch-model/testing';
import type { Principal } from '../src/auth/principal.js';
import { DEFAULT_TUNING } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { DeviceService } from '../src/services/device.service.js';
import { MetricsService } from '../src/services/metrics.service.js';
import { limitPolicy, RequestLimits } from '../src/services/request-limits.js';
import { serialiseReply } from '../src/services/raw-json.js';
import { SnapshotService } from '../src/services/snapshot.service.js';
import type { SocketHub } from '../src/services/socket-hub.js';
import { SyncService } from '../src/services/sync.service.js';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { writeLog } from './bulk-log.js';
import { median, round2 } from './stats.js';

const TRIES = Number(process.env.BENCH_TRIES ?? 50);
const NOW = Date.UTC(2031, 0, 1);
const logger = createLogger('silent');
const hub = {
  publishOps() {},
  disconnectDevice() {},
  async connectedDevices() {
    return new Set<string>();
  },
} as unknown as SocketHub;

const ops: Op[] = [];
let seq = 0;
for (let d = 0; d < 730; d++) {
  for (let k = 0; k < 3; k++) ops.push(sessionOp('w1', ++seq));
  for (let k = 0; k < 8; k++) ops.push(nudgeOp('w1', ++seq));
}

const dir = mkdtempSync(join(tmpdir(), 'unknot-firstsync-'));
const file = join(dir, 'u.db');
try {
  await new SqliteStore({ file, backgroundCheckpoint: false }).close();
  writeLog(file, 'u1', ops);
  const at = ops.length - 120;
  const seed = new SqliteStore({ file, backgroundCheckpoint: false });
  await seed.putSnapshot('u1', toSnapshot(applyOps(emptySyncState(), ops.slice(0, at)), at));
  await seed.close();

  const store = new SqliteStore({ file, backgroundCheckpoint: false });
  const unlimited = {
    ...DEFAULT_TUNING,
    pullBurst: 1e9,
    pullsPerSecond: 1e9,
    userPullBurst: 1e9,
    userPullsPerSecond: 1e9,
  };
  const devices = new DeviceService(store, hub, logger, 3_600_000, () => NOW);
  const snapshots = new SnapshotService(store, logger, DEFAULT_TUNING.snapshotEvery);
  const sync = new SyncService(store, hub, devices, snapshots, new MetricsService(), logger, {
    limits: new RequestLimits(limitPolicy(unlimited), logger),
    now: () => NOW,
  });
  const who: Principal = { kind: 'device', userId: 'u1', deviceId: 'w9', expiresAt: null };
  const pullMs: number[] = [];
  const sendMs: number[] = [];
  let bytes = 0;
  for (let t = 0; t < TRIES + 1; t++) {
    const t0 = performance.now();
    const res = await sync.pullReply(who, { cursor: 0 });
    const t1 = performance.now();
    const text = serialiseReply(res);
    const t2 = performance.now();
    if (!res.ok) throw new Error(res.error.message);
    bytes = text.length;
    if (t === 0) continue; // the first: this instance checks the stored snapshot once
    pullMs.push(t1 - t0);
    sendMs.push(t2 - t1);
  }
  // the same bytes as the parsed snapshot serialised (what the server sent before)
  const reply = await sync.pullReply(who, { cursor: 0 });
  const parsed = reply.ok && reply.snapshot ? { ...reply, snapshot: reply.snapshot.toJSON() } : reply;
  if (serialiseReply(reply) !== JSON.stringify(parsed)) throw new Error('the spliced reply differs');
  const total = pullMs.map((p, i) => p + (sendMs[i] ?? 0));
  console.log(
    JSON.stringify({
      tries: TRIES,
      replyChars: bytes,
      pullMs: median(pullMs),
      serialiseMs: median(sendMs),
      totalMs: median(total),
      totalMinMs: round2(Math.min(...total)),
    }),
  );
  await devices.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
