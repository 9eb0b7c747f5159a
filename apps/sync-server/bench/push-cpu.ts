/**
 * CPU cost of one push without sockets: `node --conditions=@unknot/source --import tsx bench/push-cpu.ts`
 * (add `--cpu-prof` to profile). SyncService over a real SqliteStore (synchronous=NORMAL), 500
 * users, 5 session ops per push, 200 pushes in flight per tick (group commit as under load).
 * Prints µs of process CPU per push and per phase (validateOp alone, serialiseOp alone).
 * CPU time, not wall time, so it is usable on a busy machine. Profile with
 * `PHASES=0 node … --cpu-prof bench/push-cpu.ts`, then `bench/profile-summary.ts <profile> 22000`
 * (the 2,000 warm-up pushes are in the profile too).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateOp } from '@unknot/stretch-model';
import { createLogger } from '../src/logger.js';
import { DeviceService } from '../src/services/device.service.js';
import { MetricsService } from '../src/services/metrics.service.js';
import { SnapshotService } from '../src/services/snapshot.service.js';
import { SocketHub } from '../src/services/socket-hub.js';
import { DEFAULT_TUNING } from '../src/config.js';
import { limitPolicy, RequestLimits } from '../src/services/request-limits.js';
import { SyncService } from '../src/services/sync.service.js';
import { SqliteStore } from '../src/stores/sqlite.store.js';
import { serialiseOp } from '../src/stores/store.js';
import { hlcAt, sessionOp } from '../test/support/ops.js';

const PUSHES = Number(process.env.PUSHES ?? 20_000);
const USERS = 500;
const OPS = 5;
const CONCURRENT = Number(process.env.CONCURRENT ?? 200);

const cpuUs = (fn: () => void | Promise<void>) => async () => {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return c.user + c.system;
};

/** CPU µs of the main thread alone (Linux /proc; the SQLite checkpointer is another thread), or null. */
function mainThreadCpuUs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime + stime, 100 ticks/s
  } catch {
    return null;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'unknot-push-cpu-'));
const store = new SqliteStore({
  file: join(dir, 'bench.db'),
  synchronous: 'NORMAL',
  // the server's own variable; unset, the store's default (config's DEFAULT_SQLITE_COMMIT_WINDOW_MS)
  ...(process.env.SQLITE_COMMIT_WINDOW_MS
    ? { commitWindowMs: Number(process.env.SQLITE_COMMIT_WINDOW_MS) }
    : {}),
});
const logger = createLogger('error');
const hub = new SocketHub();
const metrics = new MetricsService();
const devices = new DeviceService(store, hub, logger, 1000);
const snapshots = new SnapshotService(store, logger, 500);
const sync = new SyncService(store, hub, devices, snapshots, metrics, logger, {
  limits: new RequestLimits(
    limitPolicy({
      ...DEFAULT_TUNING,
      pushBurst: 1e9,
      pushesPerSecond: 1e9,
      userPushBurst: 1e9,
      userPushesPerSecond: 1e9,
    }),
    logger,
  ),
});
const seqs = new Array<number>(USERS).fill(0);
const makeOps = (u: number) =>
  Array.from({ length: OPS }, () => {
    seqs[u] = (seqs[u] ?? 0) + 1;
    const dev = `dev-${u}`;
    return { ...sessionOp(dev, seqs[u] ?? 0), hlc: hlcAt(Date.now(), 0, dev) };
  });

async function pushes(n: number): Promise<void> {
  for (let i = 0; i < n; i += CONCURRENT) {
    const batch: Promise<unknown>[] = [];
    for (let k = 0; k < CONCURRENT && i + k < n; k++) {
      const u = (i + k) % USERS;
      // a JSON round trip, as socket.io hands the gateway a freshly parsed object
      const body = JSON.parse(JSON.stringify({ ops: makeOps(u) })) as unknown;
      batch.push(
        sync.push(
          { kind: 'device', userId: `user-${u}`, deviceId: `dev-${u}`, expiresAt: null },
          body,
          'socket',
        ),
      );
    }
    await Promise.all(batch);
  }
}

// the cost of building the request bodies alone, subtracted below
async function bodiesOnly(n: number): Promise<void> {
  for (let i = 0; i < n; i++) JSON.parse(JSON.stringify({ ops: makeOps(i % USERS) }));
}

await pushes(2_000); // warm-up
const t0 = performance.now();
const main0 = mainThreadCpuUs();
const total = await cpuUs(() => pushes(PUSHES))();
const main1 = mainThreadCpuUs();
const wallMs = performance.now() - t0;
// under --cpu-prof, PHASES=0 leaves out the parts below that would be charged to the push's areas
const phases = process.env.PHASES !== '0';
const bodies = await cpuUs(() => bodiesOnly(phases ? PUSHES : 0))();
const sample = Array.from(
  { length: 2_000 },
  (_, i) => JSON.parse(JSON.stringify(makeOps(i % USERS)[0])) as unknown,
);
const validate = await cpuUs(() => {
  if (phases) for (let r = 0; r < 5; r++) for (const op of sample) validateOp(op);
})();
const validated = sample.map((o) => {
  const r = validateOp(o);
  if (!r.ok) throw new Error(r.error.message);
  return r.op;
});
const serialise = await cpuUs(() => {
  if (phases) for (let r = 0; r < 5; r++) for (const op of validated) serialiseOp(op);
})();
const perPush = (total - bodies) / PUSHES;
console.log(
  JSON.stringify({
    pushes: PUSHES,
    opsPerPush: OPS,
    cpuUsPerPush: Math.round(perPush * 10) / 10,
    // the event loop's share (excludes worker threads); includes building the request bodies
    mainThreadCpuUsPerPush: main0 === null || main1 === null ? null : Math.round((main1 - main0) / PUSHES),
    // wall time includes I/O waits on the event loop (fsync, checkpoints) and other processes
    wallUsPerPush: Math.round((wallMs * 1000) / PUSHES),
    validateOpUsPerOp: Math.round((validate / 10_000) * 10) / 10,
    serialiseOpUsPerOp: Math.round((serialise / 10_000) * 10) / 10,
  }),
);
await devices.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
