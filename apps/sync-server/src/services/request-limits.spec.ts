import { DEVICE_ID_HEADER, HTTP_ROUTES, PROTOCOL_VERSION, type PushResponse } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  listDevices,
  pairDevice,
  type SyncClient,
  startTestServer,
  type TestServer,
  userAuth,
  waitUntil,
} from '../../test/support/server.js';
import { TIGHT } from '../../test/support/limits.js';
import { DEFAULT_TUNING } from '../config.js';

const codeOf = (r: PushResponse) => (r.ok ? 'ok' : r.error.code);
const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

describe('limits by who asks, not by what they claim', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ tuning: { ...DEFAULT_TUNING, ...TIGHT } });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('one token naming 8 fresh web- ids is one credential: 10 of 40 pushes pass, 30 are rateLimited', async () => {
    const token = await server.tokenFor('limit-attacker');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => `web-fresh-${i}`).flatMap((id) =>
        Array.from({ length: 5 }, (_, k) =>
          http<PushResponse>(server.url, 'POST', HTTP_ROUTES.sync, {
            auth: `Bearer ${token}`,
            headers: { [DEVICE_ID_HEADER]: id },
            body: { protocolVersion: PROTOCOL_VERSION, ops: [sessionOp(id, k + 1)], cursor: 0 },
          }),
        ),
      ),
    );
    const codes = results.map((r) => codeOf(r.body));
    expect(count(codes, 'rateLimited')).toBe(30);
    expect(results.filter((r) => r.status === 429)).toHaveLength(30);
    // the 10 that passed the limiter: stored, or refused as a 4th+ browser of the account
    expect(count(codes, 'ok') + count(codes, 'tooManyReplicas')).toBe(10);
    expect(await server.services.store.headSeq('limit-attacker')).toBe(count(codes, 'ok'));
    const rows = (await server.services.store.listDevices('limit-attacker')).filter((d) => d.kind === 'web');
    expect(rows.length).toBeLessThanOrEqual(3);
  });

  it('limits per user across credentials: a second session gets the 5 left, a paired watch none', async () => {
    const a = await server.tokenFor('limit-user');
    const b = await server.tokenFor('limit-user');
    const onA = await connectSync(server.url, userAuth(a, 'web-ua'));
    const onB = await connectSync(server.url, userAuth(b, 'web-ub'));
    const aCodes: string[] = [];
    for (let k = 1; k <= 11; k++) aCodes.push(codeOf(await onA.push([sessionOp('web-ua', k)]))); // 10 + 1
    expect(aCodes).toEqual([...Array(10).fill('ok'), 'rateLimited']);
    const bCodes: string[] = [];
    for (let k = 1; k <= 6; k++) bCodes.push(codeOf(await onB.push([sessionOp('web-ub', k)]))); // 5 left of 15
    expect(bCodes).toEqual([...Array(5).fill('ok'), 'rateLimited']);
    const watch = await pairDevice(server.url, a);
    const onWatch = await connectSync(server.url, deviceAuth(watch));
    const refused = await onWatch.push([sessionOp(watch.deviceId, 1)]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'rateLimited' } });
    expect(refused.ok === false && refused.error.message).toMatch(/account/);
    // the same limit over HTTP, and nothing stored beyond the 15
    const viaHttp = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth: `Device ${watch.deviceId}:${watch.secret}`,
      body: { protocolVersion: PROTOCOL_VERSION, ops: [sessionOp(watch.deviceId, 1)], cursor: 0 },
    });
    expect(viaHttp.status).toBe(429);
    expect(viaHttp.body).toMatchObject({ ok: false, error: { code: 'rateLimited' } });
    expect(await server.services.store.headSeq('limit-user')).toBe(15);
    // another user is not affected
    const other = await connectSync(server.url, userAuth(await server.tokenFor('limit-bystander'), 'web-by'));
    expect((await other.push([sessionOp('web-by', 1)])).ok).toBe(true);
    for (const c of [onA, onB, onWatch, other]) c.close();
  });

  it('limits pulls per credential (4) and per user (6)', async () => {
    const a = await server.tokenFor('pull-user');
    const b = await server.tokenFor('pull-user');
    const onA = await connectSync(server.url, userAuth(a, 'web-pa'));
    const onB = await connectSync(server.url, userAuth(b, 'web-pb'));
    const codes = async (c: SyncClient, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await c.pull(0);
        out.push(r.ok ? 'ok' : r.error.code);
      }
      return out;
    };
    expect(await codes(onA, 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'rateLimited']);
    expect(await codes(onB, 3)).toEqual(['ok', 'ok', 'rateLimited']); // 6 per user: 4 + 2
    onA.close();
    onB.close();
  });

  it('caps browsers per user (3): a 4th is refused with tooManyReplicas, storing nothing, until one is revoked', async () => {
    const token = await server.tokenFor('replica-user');
    for (const id of ['web-r1', 'web-r2', 'web-r3']) {
      const res = await http(server.url, 'POST', HTTP_ROUTES.sync, {
        auth: `Bearer ${token}`,
        headers: { [DEVICE_ID_HEADER]: id },
        body: { protocolVersion: PROTOCOL_VERSION, ops: [sessionOp(id, 1)], cursor: 0 },
      });
      expect(res.status, id).toBe(200);
    }
    const fourth = await connectSync(server.url, userAuth(token, 'web-r4'));
    const refused = await fourth.push([sessionOp('web-r4', 1)]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'tooManyReplicas' } });
    expect(await server.services.store.getDevice('web-r4')).toBeNull();
    expect(await server.services.store.headSeq('replica-user')).toBe(3);
    expect((await listDevices(server.url, token)).map((d) => d.deviceId).sort()).toEqual([
      'web-r1',
      'web-r2',
      'web-r3',
    ]);

    const del = await http(server.url, 'DELETE', `${HTTP_ROUTES.devices}/web-r1`, {
      auth: `Bearer ${await server.tokenFor('replica-user')}`,
    });
    expect(del.status).toBe(200);
    // a fresh session (the revocation ended the one that synced as web-r1 — this very token)
    const again = await connectSync(server.url, userAuth(await server.tokenFor('replica-user'), 'web-r4'));
    expect((await again.push([sessionOp('web-r4', 1)])).ok).toBe(true);
    fourth.close();
    again.close();
  });

  it('caps sockets per credential (3): a new one closes the oldest', async () => {
    const watch = await pairDevice(server.url, await server.tokenFor('socket-user'));
    const sockets: SyncClient[] = [];
    for (let i = 0; i < 5; i++) {
      sockets.push(await connectSync(server.url, deviceAuth(watch)));
      await new Promise((r) => setTimeout(r, 5)); // distinct handshake times
    }
    await waitUntil(() => sockets.filter((s) => s.socket.connected).length === 3, 5000, '3 sockets left');
    expect(sockets.map((s) => s.socket.connected)).toEqual([false, false, true, true, true]);
    // closed without `revoked`: the credential is still good
    expect(sockets[0]?.revoked).toEqual([]);
    for (const s of sockets) s.close();
  });

  it('caps sockets per session (3) the same way, leaving another session of the same browser be', async () => {
    const first = await server.tokenFor('session-cap-user');
    const second = await server.tokenFor('session-cap-user');
    const other = await connectSync(server.url, userAuth(second, 'web-capped'));
    const sockets: SyncClient[] = [];
    for (let i = 0; i < 5; i++) {
      sockets.push(await connectSync(server.url, userAuth(first, 'web-capped')));
      await new Promise((r) => setTimeout(r, 5)); // distinct handshake times
    }
    await waitUntil(() => sockets.filter((s) => s.socket.connected).length === 3, 5000, '3 sockets left');
    expect(sockets.map((s) => s.socket.connected)).toEqual([false, false, true, true, true]);
    await new Promise((r) => setTimeout(r, 100));
    expect(other.socket.connected).toBe(true);
    expect(sockets[0]?.revoked).toEqual([]);
    for (const s of [...sockets, other]) s.close();
  });

  it('keys device rooms and the browser cache by user: a replica id of one user never works for another', async () => {
    const alice = await server.tokenFor('room-alice');
    const bob = await server.tokenFor('room-bob');
    // both open a socket naming the same fresh id before either pushed (no row yet)
    const onAlice = await connectSync(server.url, userAuth(alice, 'web-contested'));
    const onBob = await connectSync(server.url, userAuth(bob, 'web-contested'));
    expect((await onAlice.push([sessionOp('web-contested', 1)])).ok).toBe(true);
    const bobPush = await onBob.push([sessionOp('web-contested', 2)]);
    expect(bobPush).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await server.services.store.headSeq('room-bob')).toBe(0);
    // revoking Alice's browser closes her socket only
    const del = await http(server.url, 'DELETE', `${HTTP_ROUTES.devices}/web-contested`, {
      auth: `Bearer ${await server.tokenFor('room-alice')}`,
    });
    expect(del.status).toBe(200);
    await waitUntil(() => !onAlice.socket.connected, 5000, 'alice closed');
    await new Promise((r) => setTimeout(r, 100));
    expect(onBob.socket.connected).toBe(true);
    expect(onBob.revoked).toEqual([]);
    onBob.close();
  });
});
