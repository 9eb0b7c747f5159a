import { type DeviceInfo, HTTP_ROUTES, PROTOCOL_VERSION } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  listDevices,
  loginOwner,
  pairDevice,
  startTestServer,
  type TestServer,
} from '../../test/support/server.js';

// The devices page's routes: last contact from every kind of sync, renaming, removing a revoked
// device from the list, and the refusals (another account's device, bad names, an active device).

let server: TestServer;
let owner: { token: string; userId: string };
let intruder: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await loginOwner(server);
  intruder = await server.tokenFor('intruder');
});
afterAll(async () => {
  await server?.dispose();
});

const bearer = (token: string) => `Bearer ${token}`;
const deviceHeader = (d: { deviceId: string; secret: string }) => `Device ${d.deviceId}:${d.secret}`;
const one = async (deviceId: string): Promise<DeviceInfo | undefined> =>
  (await listDevices(server.url, owner.token)).find((d) => d.deviceId === deviceId);

/** What the phone side service sends for its watch: POST /v1/sync with the watch's credential. */
function relaySync(d: { deviceId: string; secret: string }, body: Record<string, unknown>) {
  return http(server.url, 'POST', HTTP_ROUTES.sync, {
    auth: deviceHeader(d),
    body: { protocolVersion: PROTOCOL_VERSION, cursor: 0, ...body },
  });
}

/** Waits for the clock to move past `t`, so a later contact has a later time. */
function after(t: number): void {
  while (Date.now() <= t) {
    // a millisecond at most
  }
}

describe('last contact', () => {
  it('counts a pull-only sync relayed by the phone as the watch’s contact, with its pending count', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    expect(await one(watch.deviceId)).toMatchObject({
      kind: 'watch',
      lastContactAt: null,
      lastSyncAt: null,
      pendingOps: null,
      pendingOpsAt: null,
      connected: false,
    });
    const before = Date.now();
    const res = await relaySync(watch, { outboxSize: 2 });
    expect(res.status).toBe(200);
    const info = await one(watch.deviceId);
    expect(info?.lastContactAt).toBeGreaterThanOrEqual(before);
    expect(info?.lastContactAt).toBeLessThanOrEqual(Date.now());
    // a pull is contact, not a push
    expect(info?.lastSyncAt).toBeNull();
    expect(info?.pendingOps).toBe(2);
    expect(info?.pendingOpsAt).toBe(info?.lastContactAt);
    // no socket, yet in contact a moment ago: connected, not "not connected"
    expect(info?.connected).toBe(true);

    // a push through the phone updates both; a later report replaces the pending count
    after(info?.lastContactAt ?? 0);
    const pushed = await relaySync(watch, { ops: [sessionOp(watch.deviceId, 1)], outboxSize: 0 });
    expect(pushed.status).toBe(200);
    const later = await one(watch.deviceId);
    expect(later?.lastSyncAt).toBeGreaterThan(info?.lastContactAt ?? 0);
    // the pull half of the same sync comes right after its push
    expect(later?.lastContactAt).toBeGreaterThanOrEqual(later?.lastSyncAt ?? Number.POSITIVE_INFINITY);
    expect(later?.pendingOps).toBe(0);
  });

  it('counts a refused HTTP sync of an authenticated device as contact, without its pending count', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    const res = await relaySync(watch, { cursor: -1, outboxSize: 7 });
    expect(res.status).toBe(400);
    const info = await one(watch.deviceId);
    expect(info?.lastContactAt).not.toBeNull();
    expect(info?.pendingOps).toBeNull();
  });

  it('counts a socket pull', async () => {
    const sim = await pairDevice(server.url, owner.token, 'sim');
    const c = await connectSync(server.url, deviceAuth(sim));
    const onConnect = (await one(sim.deviceId))?.lastContactAt ?? 0;
    expect(onConnect).toBeGreaterThan(0);
    after(onConnect);
    const pulled = await c.pull(0);
    expect(pulled.ok).toBe(true);
    const info = await one(sim.deviceId);
    expect(info?.lastContactAt).toBeGreaterThan(onConnect);
    expect(info?.lastSyncAt).toBeNull();
    expect(info?.connected).toBe(true);
    c.close();
  });
});

describe('renaming', () => {
  it('renames the user’s device, trimmed, and lists the new name', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    const res = await http<DeviceInfo>(server.url, 'PATCH', `${HTTP_ROUTES.devices}/${watch.deviceId}`, {
      auth: bearer(owner.token),
      body: { name: '  Kitchen watch  ' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deviceId: watch.deviceId, name: 'Kitchen watch', kind: 'watch' });
    expect((await one(watch.deviceId))?.name).toBe('Kitchen watch');
  });

  it('refuses a blank, too long or missing name with a typed error, and nothing changes', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    const path = `${HTTP_ROUTES.devices}/${watch.deviceId}`;
    const cases: [unknown, string][] = [
      [{ name: '   ' }, 'Please give the device a name.'],
      [{ name: '' }, 'Please give the device a name.'],
      [{}, 'Please give the device a name.'],
      [{ name: 42 }, 'Please give the device a name.'],
      [{ name: 'w'.repeat(41) }, 'Please keep the name to 40 characters or fewer (this one has 41).'],
      [{ name: 'two\nlines' }, 'Please keep the name on one line, without special characters.'],
    ];
    for (const [body, message] of cases) {
      const res = await http(server.url, 'PATCH', path, { auth: bearer(owner.token), body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: { code: 'deviceNameInvalid', message } });
    }
    expect((await one(watch.deviceId))?.name).toBe('test watch');
  });

  it('refuses another account’s device, an unknown one, a paired device and no sign-in', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    const path = `${HTTP_ROUTES.devices}/${watch.deviceId}`;
    const body = { name: 'Mine now' };
    const foreign = await http(server.url, 'PATCH', path, { auth: bearer(intruder), body });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unknown = await http(server.url, 'PATCH', `${HTTP_ROUTES.devices}/watch-nothing`, {
      auth: bearer(owner.token),
      body,
    });
    expect(unknown.status).toBe(403);
    // a device credential may sync, not manage devices
    const asDevice = await http(server.url, 'PATCH', path, { auth: deviceHeader(watch), body });
    expect(asDevice.status).toBe(403);
    expect((await http(server.url, 'PATCH', path, { body })).status).toBe(401);
    expect((await one(watch.deviceId))?.name).toBe('test watch');
  });
});

describe('removing from the list', () => {
  it('refuses an active device, then removes it once revoked; its ops stay and its credential stays refused', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    const op = sessionOp(watch.deviceId, 1);
    expect((await relaySync(watch, { ops: [op] })).status).toBe(200);
    const remove = (token: string) =>
      http(server.url, 'POST', `${HTTP_ROUTES.devices}/${watch.deviceId}/remove`, { auth: bearer(token) });

    const active = await remove(owner.token);
    expect(active.status).toBe(409);
    expect(active.body).toMatchObject({ ok: false, error: { code: 'deviceNotRevoked' } });
    expect(await one(watch.deviceId)).toBeDefined();

    const revoked = await http(server.url, 'DELETE', `${HTTP_ROUTES.devices}/${watch.deviceId}`, {
      auth: bearer(owner.token),
    });
    expect(revoked.status).toBe(200);
    expect((await remove(intruder)).status).toBe(403);
    expect(await one(watch.deviceId)).toMatchObject({ revokedAt: expect.any(Number), connected: false });

    const removed = await remove(owner.token);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ ok: true });
    expect(await one(watch.deviceId)).toBeUndefined();
    // the watch's acknowledged data is still there for the account
    const pulled = await http<{ ops: { opId: string }[] }>(server.url, 'POST', HTTP_ROUTES.sync, {
      auth: bearer(owner.token),
      body: { protocolVersion: PROTOCOL_VERSION, cursor: 0 },
    });
    expect(pulled.body.ops.map((o) => o.opId)).toContain(op.opId);
    // the old credential still hears that it was revoked (and can pair again)
    const again = await relaySync(watch, {});
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ error: { code: 'deviceRevoked' } });
    // and the row cannot be renamed back into view
    const rename = await http(server.url, 'PATCH', `${HTTP_ROUTES.devices}/${watch.deviceId}`, {
      auth: bearer(owner.token),
      body: { name: 'Back' },
    });
    expect(rename.status).toBe(403);
  });
});
