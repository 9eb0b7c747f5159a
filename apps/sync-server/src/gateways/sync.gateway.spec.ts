import { HTTP_ROUTES, type HttpSyncResponse, type PullResponse, type ServerOp } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgeOp, registerOp, sessionOp, sessionOps } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  listDevices,
  loginOwner,
  pairDevice,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';

function okPull(res: PullResponse): Extract<PullResponse, { ok: true }> {
  if (!res.ok) throw new Error(`pull failed: ${res.error.code} ${res.error.message}`);
  return res;
}

describe('sync over socket.io (real clients, sqlite)', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('pushes, pulls and delivers live to the other device of the same user only', async () => {
    const watch = await pairDevice(server.url, owner.token, 'watch');
    const phone = await pairDevice(server.url, owner.token, 'phone');
    const a = await connectSync(server.url, deviceAuth(watch));
    const b = await connectSync(server.url, deviceAuth(phone));
    const stranger = await connectSync(
      server.url,
      userAuth(await server.tokenFor('someone-else'), 'web-stranger'),
    );
    expect(a.ready).toMatchObject({ userId: owner.userId, deviceId: watch.deviceId, serverSeq: 0 });

    const ops = [sessionOp(watch.deviceId, 1), nudgeOp(watch.deviceId, 2), registerOp(watch.deviceId, 3)];
    const res = await a.push(ops, 0);
    expect(res).toEqual({
      ok: true,
      acks: ops.map((op, i) => ({ opId: op.opId, ok: true, serverSeq: i + 1 })),
    });
    await b.waitForOps(3);
    const live = b.received.flatMap((e) => e.ops);
    expect(live.map((o) => [o.opId, o.serverSeq])).toEqual(ops.map((o, i) => [o.opId, i + 1]));
    expect(live[0]).toEqual({ ...ops[0], serverSeq: 1 });

    const pulled = okPull(await b.pull(0));
    expect(pulled.ops.map((o) => o.serverSeq)).toEqual([1, 2, 3]);
    expect(pulled).toMatchObject({ cursor: 3, hasMore: false });

    // the pusher gets acks, not its own ops back; another user gets nothing
    await new Promise((r) => setTimeout(r, 100));
    expect(a.received).toEqual([]);
    expect(stranger.received).toEqual([]);
    expect(okPull(await stranger.pull(0)).ops).toEqual([]);
    for (const c of [a, b, stranger]) c.close();
  });

  it('applies a duplicated push once and acks it again with the original serverSeq', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    const head = c.ready.serverSeq;
    const ops = sessionOps(dev.deviceId, 1, 3);
    const first = await c.push(ops);
    const again = await c.push(ops);
    expect(again).toEqual(first);
    const [twice1, twice2] = await Promise.all([
      c.push([sessionOp(dev.deviceId, 4)]),
      c.push([sessionOp(dev.deviceId, 4)]),
    ]);
    expect(twice1).toEqual(twice2);
    const log = okPull(await c.pull(head)).ops;
    expect(log.map((o) => o.opId)).toEqual(sessionOps(dev.deviceId, 1, 4).map((o) => o.opId));
    c.close();
  });

  it('lets a device that was offline catch up exactly by cursor, in pages', async () => {
    const w = await pairDevice(server.url, owner.token);
    const p = await pairDevice(server.url, owner.token);
    const watch = await connectSync(server.url, deviceAuth(w));
    const phone = await connectSync(server.url, deviceAuth(p));
    await phone.push([sessionOp(p.deviceId, 1)]);
    const cursor = okPull(await watch.pull(0)).cursor;
    watch.close();
    // downtime: the phone keeps working
    const later = sessionOps(p.deviceId, 2, 25);
    for (let i = 0; i < later.length; i += 5) await phone.push(later.slice(i, i + 5));
    const back = await connectSync(server.url, deviceAuth(w));
    const seen: ServerOp[] = [];
    let at = cursor;
    for (;;) {
      const page = okPull(await back.pull(at, 10));
      seen.push(...page.ops);
      at = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.map((o) => o.opId)).toEqual(later.map((o) => o.opId));
    expect(at).toBe(back.ready.serverSeq);
    expect(new Set(seen.map((o) => o.serverSeq)).size).toBe(seen.length);
    back.close();
    phone.close();
  });

  it('lists devices with last sync, pending ops and presence; a browser appears as web once it pushes', async () => {
    const dev = await pairDevice(server.url, owner.token, 'sim');
    const c = await connectSync(server.url, deviceAuth(dev));
    await c.push([sessionOp(dev.deviceId, 1)], 7);
    const web = await connectSync(server.url, userAuth(owner.token, 'web-tab1'));
    expect((await listDevices(server.url, owner.token)).some((d) => d.deviceId === 'web-tab1')).toBe(false);
    await web.push([registerOp('web-tab1', 1)]);
    const devices = await listDevices(server.url, owner.token);
    expect(devices.find((d) => d.deviceId === dev.deviceId)).toMatchObject({
      kind: 'sim',
      pendingOps: 7,
      connected: true,
      revokedAt: null,
    });
    expect(devices.find((d) => d.deviceId === dev.deviceId)?.lastSyncAt).toBeGreaterThan(0);
    expect(devices.find((d) => d.deviceId === 'web-tab1')).toMatchObject({ kind: 'web', connected: true });
    c.close();
    web.close();
  });

  it('serves a snapshot plus the tail to a new device once the log is long', async () => {
    const s = await startTestServer({ tuning: { ...server.services.config.tuning, snapshotEvery: 10 } });
    const o = await loginOwner(s);
    const dev = await pairDevice(s.url, o.token);
    const c = await connectSync(s.url, deviceAuth(dev));
    await c.push(sessionOps(dev.deviceId, 1, 12));
    await s.services.snapshots.idle();
    await c.push(sessionOps(dev.deviceId, 13, 3));
    const fresh = await connectSync(s.url, userAuth(o.token, 'web-new'));
    const res = okPull(await fresh.pull(0));
    expect(res.snapshot?.serverSeq).toBe(12);
    expect(res.snapshot?.sessions).toHaveLength(12);
    expect(res.ops.map((op) => op.serverSeq)).toEqual([13, 14, 15]);
    expect(res).toMatchObject({ cursor: 15, hasMore: false });
    // opting out pages through the log instead
    const raw = okPull(await fresh.pull(0, 5, false));
    expect(raw.snapshot).toBeUndefined();
    expect(raw.ops.map((op) => op.serverSeq)).toEqual([1, 2, 3, 4, 5]);
    // HTTP clients get a snapshot only when they ask for it
    const body = { protocolVersion: 1, ops: [], cursor: 0 };
    const auth = `Bearer ${o.token}`;
    const plain = await http<HttpSyncResponse>(s.url, 'POST', HTTP_ROUTES.sync, { auth, body });
    expect(plain.body).toMatchObject({ ok: true, cursor: 15, hasMore: false });
    expect(plain.body).not.toHaveProperty('snapshot');
    const withSnap = await http<HttpSyncResponse>(s.url, 'POST', HTTP_ROUTES.sync, {
      auth,
      body: { ...body, acceptSnapshot: true },
    });
    expect(withSnap.body).toMatchObject({ ok: true, snapshot: { serverSeq: 12 }, cursor: 15 });
    c.close();
    fresh.close();
    await s.dispose();
  });
});

describe('HTTP sync gives the same results as the socket path', () => {
  it('same ops, same acks, same log', async () => {
    const viaSocket = await startTestServer();
    const viaHttp = await startTestServer();
    try {
      const d = 'web-same';
      const ops: unknown[] = [
        sessionOp(d, 1),
        nudgeOp(d, 2),
        sessionOp(d, 1),
        { ...registerOp(d, 3), type: 'mystery.op' },
        registerOp(d, 4),
        sessionOp(d, 1, { painAfter: 0 }),
      ];
      const s = await connectSync(viaSocket.url, userAuth(await viaSocket.tokenFor('u1'), d));
      const socketAcks = await s.push(ops);
      const socketPull = okPull(await s.pull(0));
      s.close();

      const token = await viaHttp.tokenFor('u1');
      const res = await http<HttpSyncResponse>(viaHttp.url, 'POST', HTTP_ROUTES.sync, {
        auth: `Bearer ${token}`,
        headers: { 'x-unknot-device-id': d },
        body: { protocolVersion: 1, ops, cursor: 0 },
      });
      expect(res.status).toBe(200);
      if (!res.body.ok || !socketAcks.ok) throw new Error('push failed');
      expect(res.body.acks).toEqual(socketAcks.acks);
      expect(res.body.ops).toEqual(socketPull.ops);
      expect(res.body.cursor).toBe(socketPull.cursor);
      expect(res.body.hasMore).toBe(false);
      expect(socketAcks.acks.map((a) => (a.ok ? a.serverSeq : a.error.code))).toEqual([
        1,
        2,
        1,
        'unknownOpType',
        3,
        'conflictingOpId',
      ]);
    } finally {
      await viaSocket.dispose();
      await viaHttp.dispose();
    }
  });

  it('fans ops pushed over HTTP out to the user sockets', async () => {
    const server = await startTestServer();
    try {
      const owner = await loginOwner(server);
      const phone = await pairDevice(server.url, owner.token, 'phone');
      const dash = await connectSync(server.url, userAuth(owner.token, 'web-dash'));
      const res = await http<HttpSyncResponse>(server.url, 'POST', HTTP_ROUTES.sync, {
        auth: `Device ${phone.deviceId}:${phone.secret}`,
        body: { protocolVersion: 1, ops: sessionOps(phone.deviceId, 1, 2), cursor: 0, outboxSize: 0 },
      });
      expect(res.body).toMatchObject({ ok: true, cursor: 2, hasMore: false });
      await dash.waitForOps(2);
      expect(dash.received.flatMap((e) => e.ops).map((o) => o.serverSeq)).toEqual([1, 2]);
      dash.close();
    } finally {
      await server.dispose();
    }
  });
});
