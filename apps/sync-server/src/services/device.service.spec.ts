import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { SqliteStore } from '../stores/sqlite.store.js';
import { DeviceService } from './device.service.js';
import { SocketHub } from './socket-hub.js';

describe('DeviceService bookkeeping', () => {
  let store: SqliteStore;
  let devices: DeviceService;
  afterEach(async () => {
    await devices.close();
    await store.close();
  });

  async function setUp(count: number) {
    store = new SqliteStore({ file: ':memory:' });
    let clock = 1_000;
    devices = new DeviceService(store, new SocketHub(), createLogger('silent'), 60_000, () => clock);
    await store.ensureUser({ userId: 'u1', displayName: 'U', email: null, createdAt: 0 });
    for (let i = 0; i < count; i++)
      await store.createDevice({
        deviceId: `d${i}`,
        userId: 'u1',
        name: `watch ${i}`,
        kind: 'watch',
        secretHash: null,
        createdAt: 0,
        lastSeenAt: null,
        lastSyncAt: null,
        pendingOps: null,
        revokedAt: null,
      });
    return { tick: (ms: number) => (clock += ms) };
  }

  it('keeps handshake contacts in memory, writing none per handshake, and stores them at shutdown', async () => {
    const { tick } = await setUp(3);
    tick(2_000);
    const writes: number[] = [];
    const update = store.updateDeviceStats.bind(store);
    store.updateDeviceStats = (stats) => {
      writes.push(stats.size);
      return update(stats);
    };
    // a reconnect storm: every device's socket handshakes, some twice
    for (const id of ['d0', 'd1', 'd2', 'd0', 'd1']) devices.recordSeen(id);
    expect(writes).toEqual([]);
    expect((await store.getDevice('d0'))?.lastSeenAt).toBeNull();
    // the graceful shutdown's flush: one write of the three devices, each with its contact time
    await devices.close();
    expect(writes).toEqual([3]);
    for (const id of ['d0', 'd1', 'd2']) expect((await store.getDevice(id))?.lastSeenAt).toBe(3_000);
  });

  it('writes the stats of more devices than one chunk holds, every one of them', async () => {
    const { tick } = await setUp(250);
    tick(5_000);
    for (let i = 0; i < 250; i++) devices.recordSync(`d${i}`, i);
    await devices.flushStats();
    const rows = await store.listDevices('u1');
    expect(rows).toHaveLength(250);
    for (const row of rows) {
      expect(row.lastSyncAt).toBe(6_000);
      expect(row.pendingOps).toBe(Number(row.deviceId.slice(1)));
    }
  });

  it('lists contact of any kind; connected only within 60 s of it without a socket, never when revoked', async () => {
    const { tick } = await setUp(3);
    const info = async (id: string) => (await devices.list('u1')).find((d) => d.deviceId === id);
    expect(await info('d0')).toMatchObject({ lastContactAt: null, connected: false });
    tick(1_000); // 2_000
    devices.recordSeen('d0'); // a pull
    devices.recordHttpContact('d1', { protocolVersion: 2, cursor: 0, outboxSize: 4 });
    devices.recordHttpContact('d2', { outboxSize: -1 }); // not a count: ignored
    expect(await info('d0')).toMatchObject({ lastContactAt: 2_000, lastSyncAt: null, connected: true });
    expect(await info('d1')).toMatchObject({ lastContactAt: 2_000, pendingOps: 4, pendingOpsAt: 2_000 });
    expect(await info('d2')).toMatchObject({ lastContactAt: 2_000, pendingOps: null, pendingOpsAt: null });
    tick(60_000); // 62_000: exactly a minute later, still connected
    expect((await info('d0'))?.connected).toBe(true);
    tick(1); // a minute and a millisecond: no longer
    expect(await info('d0')).toMatchObject({ lastContactAt: 2_000, connected: false });
    devices.recordSync('d0', undefined); // a push without an outbox size keeps the last reported one
    expect(await info('d0')).toMatchObject({ lastContactAt: 62_001, lastSyncAt: 62_001, connected: true });
    await devices.revoke('u1', 'd0');
    expect(await info('d0')).toMatchObject({ lastContactAt: 62_001, connected: false });
  });

  it('keeps the newest stats when flushes overlap', async () => {
    const { tick } = await setUp(150);
    for (let i = 0; i < 150; i++) devices.recordSync(`d${i}`, 1);
    const first = devices.flushStats(); // two chunks: yields between them
    tick(10);
    devices.recordSync('d149', 9);
    const second = devices.flushStats();
    await Promise.all([first, second]);
    const last = (await store.listDevices('u1')).find((d) => d.deviceId === 'd149');
    expect(last).toMatchObject({ pendingOps: 9, lastSyncAt: 1_010 });
  });
});
