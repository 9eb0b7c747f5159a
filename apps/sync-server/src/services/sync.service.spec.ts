import {
  createReplica,
  MAX_HLC_DRIFT_MS,
  type Op,
  PERMANENT_OP_ERRORS,
  type PushResponse,
  type ServerOp,
  type SessionRecord,
  syncOnce,
} from '@unknot/stretch-model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hlcAt, registerOp, sessionOp, sessionOps } from '../../test/support/ops.js';
import type { Principal } from '../auth/principal.js';
import { createLogger } from '../logger.js';
import { SqliteStore } from '../stores/sqlite.store.js';
import type { Store } from '../stores/store.js';
import { DeviceService } from './device.service.js';
import { MetricsService } from './metrics.service.js';
import { SnapshotService } from './snapshot.service.js';
import type { SocketHub } from './socket-hub.js';
import { DEFAULT_TUNING } from '../config.js';
import { limitPolicy, RequestLimits } from './request-limits.js';
import { SyncService } from './sync.service.js';

class RecordingHub {
  published: { userId: string; ops: ServerOp[]; except?: string }[] = [];
  publishOps(userId: string, ops: ServerOp[], except?: string): void {
    this.published.push({ userId, ops, except });
  }
  disconnectDevice(): void {}
  async connectedDevices(): Promise<Set<string>> {
    return new Set();
  }
}

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const watch: Principal = { kind: 'device', userId: 'u1', deviceId: 'w1', expiresAt: null };

function seqs(res: PushResponse): (number | string)[] {
  if (!res.ok) return [res.error.code];
  return res.acks.map((a) => (a.ok ? a.serverSeq : a.error.code));
}

describe('SyncService', () => {
  let store: Store;
  let hub: RecordingHub;
  let metrics: MetricsService;
  let devices: DeviceService;
  let sync: SyncService;
  const logger = createLogger('silent');

  function build(s: Store) {
    hub = new RecordingHub();
    metrics = new MetricsService();
    devices = new DeviceService(s, hub as unknown as SocketHub, logger, 60_000, () => NOW);
    sync = new SyncService(
      s,
      hub as unknown as SocketHub,
      devices,
      new SnapshotService(s, logger, 1000),
      metrics,
      logger,
      {
        limits: new RequestLimits(limitPolicy(DEFAULT_TUNING), logger),
        now: () => NOW,
      },
    );
  }

  beforeEach(() => {
    store = new SqliteStore({ file: ':memory:' });
    build(store);
  });
  afterEach(async () => {
    await devices.close();
    await store.close();
  });

  it('stores, acks in request order and fans out only new ops, excluding the pushing socket', async () => {
    const res = await sync.push(watch, { ops: sessionOps('w1', 1, 3) }, 'socket', 'sock-1');
    expect(seqs(res)).toEqual([1, 2, 3]);
    expect(hub.published).toEqual([{ userId: 'u1', ops: expect.any(Array), except: 'sock-1' }]);
    expect(hub.published[0]?.ops.map((o) => o.serverSeq)).toEqual([1, 2, 3]);
    const again = await sync.push(watch, { ops: [sessionOp('w1', 2), sessionOp('w1', 4)] }, 'http');
    expect(seqs(again)).toEqual([2, 4]);
    expect(hub.published[1]?.ops.map((o) => o.opId)).toEqual(['w1:4']);
    const text = await metrics.text();
    expect(text).toMatch(/unknot_ops_acked_total\{outcome="applied"\} 4/);
    expect(text).toMatch(/unknot_ops_acked_total\{outcome="duplicate"\} 1/);
  });

  it('recognises a retried op whatever the key order of its JSON', async () => {
    const op = registerOp('w1', 1, 'settings.plan');
    (op.payload as { value: unknown }).value = { routineId: 'full-back', days: [1, 2], timeZone: 'UTC' };
    await sync.push(watch, { ops: [op] }, 'socket');
    const reordered = {
      ...op,
      payload: { value: { timeZone: 'UTC', days: [1, 2], routineId: 'full-back' }, key: 'settings.plan' },
    } as Op;
    expect(seqs(await sync.push(watch, { ops: [reordered] }, 'socket'))).toEqual([1]);
  });

  it('accepts clocks skewed by hours, refuses ops more than the core bound (24 h) ahead as clockAhead', async () => {
    expect(MAX_HLC_DRIFT_MS).toBe(24 * 3600_000);
    const skewed = { ...sessionOp('w1', 1), hlc: hlcAt(NOW + 12 * 3600_000, 0, 'w1') };
    const edge = { ...sessionOp('w1', 2), hlc: hlcAt(NOW + 24 * 3600_000, 0, 'w1') };
    const twoDaysFast = { ...sessionOp('w1', 3), hlc: hlcAt(NOW + 48 * 3600_000, 0, 'w1') };
    const res = await sync.push(watch, { ops: [skewed, edge, twoDaysFast] }, 'socket');
    expect(seqs(res)).toEqual([1, 2, 'clockAhead']);
    // Retryable, not permanent: the device keeps it in its outbox.
    expect(PERMANENT_OP_ERRORS).not.toContain('clockAhead');
  });

  it('a watch a year ahead for one edit, then corrected: its session is on the server exactly once', async () => {
    // The real core replica against this service. The watch's clock first reads a year ahead.
    let watchNow = NOW + 365 * 24 * 3600_000;
    let saved: string | null = null;
    const storage = { get: () => saved, set: (value: string) => (saved = value) };
    const transport = {
      push: (ops: Op[]) => sync.push(watch, { ops: JSON.parse(JSON.stringify(ops)) }, 'http'),
      pull: (cursor: number) => sync.pull(watch, { cursor, acceptSnapshot: false }),
    };
    const opts = { maxAttempts: 1, sleep: async () => undefined };
    const r1 = createReplica({ deviceId: 'w1', now: () => watchNow, storage });
    r1.record('register.set', {
      key: 'settings.plan',
      value: { routineId: 'full-back', days: [1, 3, 5], timeZone: 'UTC' },
    });
    expect(await syncOnce(r1, transport, opts)).toMatchObject({
      ok: true,
      pushed: 0,
      rejected: 0,
      pending: 1,
    });

    // Corrected (5 minutes behind the server, as watches often are); a routine is then finished.
    watchNow = NOW - 5 * 60_000;
    const r2 = createReplica({ deviceId: 'w1', now: () => watchNow, storage });
    const record = sessionOp('w1', 99).payload as SessionRecord;
    expect(r2.record('session.finished', { ...record, id: 'w1:run-1' }).ok).toBe(true);
    expect(await syncOnce(r2, transport, opts)).toMatchObject({
      ok: true,
      pushed: 2,
      rejected: 0,
      pending: 0,
    });
    expect(r2.rejected()).toEqual([]);
    await syncOnce(r2, transport, opts);

    const log = await sync.pull(watch, { cursor: 0, acceptSnapshot: false });
    if (!log.ok) throw new Error('pull failed');
    const sessions = log.ops.filter((op) => op.type === 'session.finished');
    expect(sessions.map((op) => (op.payload as SessionRecord).id)).toEqual(['w1:run-1']);
    expect(log.ops.map((op) => op.opId)).toEqual(['w1:1', 'w1:2']);
  });

  it('needs a device id to push and rejects ops of other devices', async () => {
    const dashboardWithoutReplica: Principal = {
      kind: 'user',
      userId: 'u1',
      deviceId: null,
      expiresAt: null,
    };
    expect(seqs(await sync.push(dashboardWithoutReplica, { ops: [sessionOp('w1', 1)] }, 'http'))).toEqual([
      'forbidden',
    ]);
    expect(seqs(await sync.push(watch, { ops: [sessionOp('w2', 1)] }, 'http'))).toEqual(['forbidden']);
    expect(await store.headSeq('u1')).toBe(0);
  });

  it('answers internal (and publishes nothing) when the store fails', async () => {
    const failing = new SqliteStore({ file: ':memory:' });
    failing.appendOps = async () => {
      throw new Error('disk on fire');
    };
    await devices.close();
    build(failing);
    const res = await sync.push(watch, { ops: [sessionOp('w1', 1)] }, 'socket');
    expect(res).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(hub.published).toEqual([]);
    await failing.close();
  });

  it('pages pulls and refuses bad cursors', async () => {
    await sync.push(watch, { ops: sessionOps('w1', 1, 5) }, 'socket');
    const page = await sync.pull(watch, { cursor: 1, limit: 2 });
    expect(page).toMatchObject({ ok: true, cursor: 3, hasMore: true });
    expect(await sync.pull(watch, { cursor: 5 })).toMatchObject({
      ok: true,
      ops: [],
      cursor: 5,
      hasMore: false,
    });
    expect(await sync.pull(watch, { cursor: 6 })).toMatchObject({ ok: false, error: { code: 'badCursor' } });
    expect(await sync.pull(watch, { cursor: 1.5 })).toMatchObject({
      ok: false,
      error: { code: 'badCursor' },
    });
    expect(await sync.pull(watch, null)).toMatchObject({ ok: false, error: { code: 'badCursor' } });
  });

  it('drain() waits for pushes in flight', async () => {
    const pending = sync.push(watch, { ops: sessionOps('w1', 1, 50) }, 'socket');
    let drained = false;
    const d = sync.drain().then(() => {
      drained = true;
    });
    expect(drained).toBe(false);
    await pending;
    await d;
    expect(drained).toBe(true);
  });
});
