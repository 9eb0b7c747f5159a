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
