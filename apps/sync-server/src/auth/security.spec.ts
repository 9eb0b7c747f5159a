import { HTTP_ROUTES, LIMITS, PROTOCOL_VERSION, type PushResponse } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlcAt, nudgeOp, sessionOp, sessionOps } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  listDevices,
  loginOwner,
  pairDevice,
  refusedWith,
  startTestServer,
  type TestServer,
  userAuth,
  waitUntil,
} from '../../test/support/server.js';

function codes(res: PushResponse): (number | string)[] {
  if (!res.ok) return [res.error.code];
  return res.acks.map((a) => (a.ok ? a.serverSeq : a.error.code));
}

describe('security: every refusal has its code and stores nothing', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses unauthenticated sockets in the handshake, before any event', async () => {
    expect(await refusedWith(server.url, {})).toMatchObject({ code: 'clientTooOld' });
    expect(await refusedWith(server.url, { protocolVersion: PROTOCOL_VERSION })).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await refusedWith(server.url, userAuth('not-a-jwt', 'web-x'))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(await refusedWith(server.url, deviceAuth({ deviceId: 'watch-nope', secret: 'x' }))).toMatchObject({
      code: 'unauthenticated',
    });
    const dev = await pairDevice(server.url, owner.token);
    expect(await refusedWith(server.url, deviceAuth({ ...dev, secret: `${dev.secret}x` }))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(
      await refusedWith(server.url, { ...deviceAuth(dev), protocolVersion: PROTOCOL_VERSION + 1 }),
    ).toMatchObject({ code: 'serverTooOld' });
    expect(await refusedWith(server.url, userAuth(owner.token, 'not-web'))).toMatchObject({
      code: 'forbidden',
    });
  });

  it('refuses unauthenticated HTTP requests with 401', async () => {
    for (const [method, path] of [
      ['POST', HTTP_ROUTES.sync],
      ['GET', HTTP_ROUTES.devices],
      ['POST', HTTP_ROUTES.pairingCodes],
      ['GET', HTTP_ROUTES.export],
      ['GET', HTTP_ROUTES.me],
      ['DELETE', `${HTTP_ROUTES.devices}/x`],
      ['GET', HTTP_ROUTES.account],
      ['PATCH', HTTP_ROUTES.account],
      ['POST', HTTP_ROUTES.accountPasskeyOptions],
      ['POST', HTTP_ROUTES.accountPasskeys],
      ['DELETE', `${HTTP_ROUTES.accountPasskeys}/x`],
      ['GET', HTTP_ROUTES.accountInvitations],
      ['POST', HTTP_ROUTES.accountInvitations],
      ['DELETE', `${HTTP_ROUTES.accountInvitations}/x`],
    ] as const) {
      const res = await http(server.url, method, path, { body: method === 'POST' ? {} : undefined });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    const bad = await http(server.url, 'GET', HTTP_ROUTES.devices, { auth: 'Bearer forged.jwt.token' });
    expect(bad.status).toBe(401);
  });

  it('makes a one-time login link single-use', async () => {
    const replay = await http(server.url, 'POST', HTTP_ROUTES.localLogin, {
      body: { loginToken: server.loginToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('keeps users apart: no foreign devices, no revoking them, no borrowing their device ids', async () => {
    const other = await server.tokenFor('intruder');
    const dev = await pairDevice(server.url, owner.token);
    expect(await listDevices(server.url, other)).toEqual([]);
    const del = await http(server.url, 'DELETE', `${HTTP_ROUTES.devices}/${dev.deviceId}`, {
      auth: `Bearer ${other}`,
    });
    expect(del.status).toBe(403);
    expect(del.body).toMatchObject({ error: { code: 'forbidden' } });
    const web = await connectSync(server.url, userAuth(owner.token, 'web-owner-tab'));
    await web.push([sessionOp('web-owner-tab', 1)]);
    web.close();
    expect(await refusedWith(server.url, userAuth(other, 'web-owner-tab'))).toMatchObject({
      code: 'forbidden',
    });
    // a device cannot act as a user
    const asDevice = await http(server.url, 'GET', HTTP_ROUTES.devices, {
      auth: `Device ${dev.deviceId}:${dev.secret}`,
    });
    expect(asDevice.status).toBe(403);
  });

  it('refuses malformed, oversized, unknown, foreign and far-future ops, storing none of them', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const other = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    const head = c.ready.serverSeq;
    const d = dev.deviceId;
    const big = sessionOp(d, 3, { routineName: 'x'.repeat(80) });
    const oversized = { ...big, padding: 'y'.repeat(LIMITS.maxOpBytes) };
    const foreignRecord = sessionOp(d, 6);
    (foreignRecord.payload as { deviceId: string }).deviceId = other.deviceId;
    const farFuture = { ...nudgeOp(d, 7), hlc: hlcAt(Date.now() + 8 * 24 * 3600_000, 0, d) };
    const res = await c.push([
      { opId: `${d}:1`, deviceId: d },
      { ...sessionOp(d, 2), seq: 'two' },
      oversized,
      { ...sessionOp(d, 4), type: 'session.deleted' },
      sessionOp(other.deviceId, 5),
      foreignRecord,
      farFuture,
      { ...sessionOp(d, 8), opId: `${other.deviceId}:8` },
      null,
    ]);
    expect(codes(res)).toEqual([
      'invalidOp',
      'invalidOp',
      'opTooLarge',
      'unknownOpType',
      'forbidden',
      'invalidOp',
      // 8 days ahead of the server's clock > the core's 24 h bound: refused, but retryable.
      'clockAhead',
      'invalidOp',
      'invalidOp',
    ]);
    expect(await server.services.store.headSeq(owner.userId)).toBe(head);

    expect(codes(await c.push(sessionOps(d, 1, LIMITS.maxOpsPerPush + 1)))).toEqual(['tooManyOps']);
    expect(codes(await c.push('nonsense' as unknown as unknown[]))).toEqual(['invalidOp']);
    const huge = Array.from({ length: 80 }, (_, i) => ({ ...sessionOp(d, i + 1), pad: 'z'.repeat(15_000) }));
    expect(codes(await c.push(huge))).toEqual(['opTooLarge']);
    expect(await server.services.store.headSeq(owner.userId)).toBe(head);
    c.close();
  });

  it('refuses a foreign userId or deviceId smuggled into a payload', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    const head = c.ready.serverSeq;
    const smuggled = { ...sessionOp(dev.deviceId, 1), userId: 'intruder', deviceId: 'watch-someone' };
    const res = await c.push([
      smuggled,
      { ...nudgeOp(dev.deviceId, 2), payload: { ...nudgeOp(dev.deviceId, 2).payload, deviceId: 'x' } },
    ]);
    expect(codes(res)).toEqual(['invalidOp', 'invalidOp']);
    // extra fields are stripped, never stored: the op lands under the socket's user
    const extra = { ...sessionOp(dev.deviceId, 3), userId: 'intruder' };
    const ok = await c.push([extra]);
    expect(codes(ok)).toEqual([head + 1]);
    const stored = await server.services.store.readOps(owner.userId, head, 10);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toHaveProperty('userId');
    expect(await server.services.store.headSeq('intruder')).toBe(0);
    c.close();
  });

  it('revokes a device at once: its open socket is told and closed, its credential refused', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    let disconnected = false;
    c.socket.on('disconnect', () => {
      disconnected = true;
    });
    const del = await http(server.url, 'DELETE', `${HTTP_ROUTES.devices}/${dev.deviceId}`, {
      auth: `Bearer ${owner.token}`,
    });
    expect(del.status).toBe(200);
    await waitUntil(() => disconnected, 3000, 'disconnect');
    expect(c.revoked).toEqual([{ code: 'deviceRevoked', message: expect.any(String) }]);
    expect(await refusedWith(server.url, deviceAuth(dev))).toMatchObject({ code: 'deviceRevoked' });
    const viaHttp = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth: `Device ${dev.deviceId}:${dev.secret}`,
      body: { protocolVersion: 1, ops: [sessionOp(dev.deviceId, 1)], cursor: 0 },
    });
    expect(viaHttp.status).toBe(403);
    expect(viaHttp.body).toMatchObject({ error: { code: 'deviceRevoked' } });
    const listed = (await listDevices(server.url, owner.token)).find((d) => d.deviceId === dev.deviceId);
    expect(listed?.revokedAt).toBeGreaterThan(0);
  });

  it('closes a socket when its session token expires, telling it why', async () => {
    const shortLived = await server.services.sessions.issue(owner.userId, 1500);
    const c = await connectSync(server.url, userAuth(shortLived.token, 'web-expiring'));
    let disconnected = false;
    c.socket.on('disconnect', () => {
      disconnected = true;
    });
    await waitUntil(() => disconnected, 5000, 'expiry disconnect');
    expect(c.revoked).toEqual([{ code: 'unauthenticated', message: expect.any(String) }]);
    expect(await refusedWith(server.url, userAuth(shortLived.token, 'web-expiring'))).toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('refuses bad HTTP bodies with a code', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const auth = `Device ${dev.deviceId}:${dev.secret}`;
    const malformed = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth,
      rawBody: '{"protocolVersion":1,',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ ok: false, error: { code: 'invalidOp' } });
    const old = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth,
      body: { protocolVersion: 0, ops: [], cursor: 0 },
    });
    expect(old.body).toMatchObject({ error: { code: 'clientTooOld' } });
    const cursor = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth,
      body: { protocolVersion: 1, ops: [], cursor: -1 },
    });
    expect(cursor.body).toMatchObject({ error: { code: 'badCursor' } });
    const past = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth,
      body: { protocolVersion: 1, ops: [], cursor: 10 ** 9 },
    });
    expect(past.body).toMatchObject({ error: { code: 'badCursor' } });
  });
});

describe('security: pairing codes and rate limits', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer({
      tuning: {
        ...(await import('../config.js')).DEFAULT_TUNING,
        pairingCodeTtlMs: 300,
        pushBurst: 5,
        pushesPerSecond: 1,
      },
    });
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const redeem = (code: string) =>
    http(server.url, 'POST', HTTP_ROUTES.pairingRedeem, {
      body: { code, deviceName: 'w', deviceKind: 'watch' },
    });

  it('refuses replayed, expired and unknown codes and limits how many a user makes', async () => {
    const make = () =>
      http<{ code: string; expiresAt: number }>(server.url, 'POST', HTTP_ROUTES.pairingCodes, {
        auth: `Bearer ${owner.token}`,
      });
    const first = await make();
    expect(first.body.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const formatted = `${first.body.code.slice(0, 4).toLowerCase()}-${first.body.code.slice(4)}`;
    expect((await redeem(formatted)).status).toBe(200);
    const replay = await redeem(first.body.code);
    expect(replay.body).toMatchObject({ error: { code: 'pairingCodeUsed' } });
    const second = await make();
    await new Promise((r) => setTimeout(r, 350));
    expect((await redeem(second.body.code)).body).toMatchObject({ error: { code: 'pairingCodeExpired' } });
    expect((await redeem('ZZZZZZZZ')).body).toMatchObject({ error: { code: 'pairingCodeInvalid' } });
    await make();
    await make();
    await make();
    const sixth = await make();
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ error: { code: 'rateLimited' } });
  });

  it('redeems a code exactly once under concurrency', async () => {
    const other = await server.tokenFor('someone');
    const code = await http<{ code: string }>(server.url, 'POST', HTTP_ROUTES.pairingCodes, {
      auth: `Bearer ${other}`,
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => redeem(code.body.code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('rate-limits pushes per device with a token bucket', async () => {
    const dev = await pairDevice(server.url, await server.tokenFor('pusher'));
    const c = await connectSync(server.url, deviceAuth(dev));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => c.push([sessionOp(dev.deviceId, i + 1)])),
    );
    const limited = results.filter((r) => !r.ok && r.error.code === 'rateLimited');
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(results.filter((r) => r.ok)).toHaveLength(8 - limited.length);
    c.close();
  });
});
