/** A store out of space: its own retryable code and a metric, nothing stored, the retry accepted once there is room. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReplica, type PushResponse, type ServerOp, syncOnce } from '@unknot/stretch-model';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionOps } from '../../test/support/ops.js';
import type { Principal } from '../auth/principal.js';
import { DEFAULT_TUNING } from '../config.js';
import { createLogger } from '../logger.js';
import { SqliteStore } from '../stores/sqlite.store.js';
import { DeviceService } from './device.service.js';
import { MetricsService } from './metrics.service.js';
import { limitPolicy, RequestLimits } from './request-limits.js';
import { SnapshotService } from './snapshot.service.js';
import type { SocketHub } from './socket-hub.js';
import { SyncService } from './sync.service.js';

const hub = {
  publishOps(_u: string, _o: ServerOp[]) {},
  disconnectDevice() {},
  async connectedDevices() {
    return new Set<string>();
  },
} as unknown as SocketHub;
const watch: Principal = { kind: 'device', userId: 'u1', deviceId: 'w1', expiresAt: null };
const dir = mkdtempSync(join(tmpdir(), 'unknot-full-'));
const file = join(dir, 'unknot.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(maxPageCount?: number) {
  const logger = createLogger('silent');
  const store = new SqliteStore({
    file,
    backgroundCheckpoint: false,
    ...(maxPageCount ? { maxPageCount } : {}),
  });
  const metrics = new MetricsService();
  const devices = new DeviceService(store, hub, logger, 60_000);
  const sync = new SyncService(
    store,
    hub,
    devices,
    new SnapshotService(store, logger, 1000),
    metrics,
    logger,
    {
      limits: new RequestLimits(limitPolicy(DEFAULT_TUNING), logger),
    },
  );
  return {
    store,
    metrics,
    sync,
    close: async () => {
      await devices.close();
      await store.close();
    },
  };
}

describe('a full store', () => {
  it('refuses a push with storageFull (retryable), counts it, stores nothing; accepted once there is room', async () => {
    // the schema as the server creates it, then a cap one page above what it uses: the "disk"
    const first = open();
    await first.close();
    const pages = (new Database(file).pragma('page_count', { simple: true }) as number) + 1;
    const full = open(pages);
    // 300 sessions (~200 KB) do not fit in one more page
    const ops = sessionOps('w1', 1, 300);
    const res: PushResponse = await full.sync.push(watch, { ops }, 'socket');
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'storageFull',
        message: 'the server is out of storage space; your changes are kept and sent again later',
      },
    });
    expect(await full.metrics.text()).toMatch(/unknot_storage_full_total 1/);
    expect(await full.metrics.text()).toMatch(/unknot_ops_rejected_total\{code="storageFull"\} 1/);
    expect(await full.store.readOps('u1', 0, 1000)).toEqual([]);

    // a device's replica keeps the ops queued through the refusal
    const replica = createReplica({ deviceId: 'w1', now: () => Date.UTC(2026, 10, 2, 12) });
    for (const op of ops) replica.record(op.type, op.payload as never);
    const round = await syncOnce(
      replica,
      {
        push: (batch) => full.sync.push(watch, { ops: batch }, 'socket'),
        pull: () => full.sync.pull(watch, { cursor: 0 }),
      },
      { sleep: async () => {}, random: () => 0.5 },
    );
    expect(round.ok || round.error.code).toBe('storageFull');
    expect(replica.pendingCount()).toBe(300);
    await full.close();

    // space freed: the same push is accepted in full, in order
    const roomy = open();
    const again = await roomy.sync.push(watch, { ops }, 'socket');
    expect(again.ok && again.acks.map((a) => (a.ok ? a.serverSeq : a.error.code))).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    await roomy.close();
  });
});
