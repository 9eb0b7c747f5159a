import { randomBytes } from 'node:crypto';
import { HTTP_ROUTES } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FirestoreEmulator, startFirestoreEmulator } from '../support/firestore-emulator.js';
import { DEFAULT_TUNING } from '../../src/config.js';
import { TIGHT } from '../support/limits.js';
import { sessionOp, sessionOps } from '../support/ops.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
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
} from '../support/server.js';

describe('scale-out: two instances, shared Firestore emulator, Redis adapter', () => {
  let firestore: FirestoreEmulator;
  let redis: RedisServer;
  let a: TestServer;
  let b: TestServer;
  let tightA: TestServer;
  let tightB: TestServer;

  beforeAll(async () => {
    [firestore, redis] = await Promise.all([startFirestoreEmulator(), startRedisServer()]);
    process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
    const env = {
      STORE: 'firestore',
      FIREBASE_PROJECT_ID: firestore.projectId,
      REDIS_URL: redis.url,
      SESSION_SECRET: randomBytes(32).toString('hex'),
    };
    a = await startTestServer({}, env);
    b = await startTestServer({}, env);
    // a second pair with tight limits (see request-limits.spec.ts): what one allows, both allow
    tightA = await startTestServer({ tuning: { ...DEFAULT_TUNING, ...TIGHT } }, env);
    tightB = await startTestServer({ tuning: { ...DEFAULT_TUNING, ...TIGHT } }, env);
  }, 120_000);
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await tightA?.dispose();
    await tightB?.dispose();
    await redis?.stop();
    await firestore?.stop();
  });

  it('delivers a push on instance A to a socket of the same user on instance B, and only there', async () => {
    const token = await a.tokenFor('scale-user');
    const watch = await pairDevice(a.url, token, 'watch');
    const onA = await connectSync(a.url, deviceAuth(watch));
    const onB = await connectSync(b.url, userAuth(token, 'web-on-b'));
    const strangerOnB = await connectSync(b.url, userAuth(await b.tokenFor('other-user'), 'web-other'));
    const ops = sessionOps(watch.deviceId, 1, 3);
    const res = await onA.push(ops);
    expect(res).toEqual({
      ok: true,
      acks: ops.map((o, i) => ({ opId: o.opId, ok: true, serverSeq: i + 1 })),
    });
    await onB.waitForOps(3);
    expect(onB.received.flatMap((e) => e.ops).map((o) => o.serverSeq)).toEqual([1, 2, 3]);

    // HTTP push on B reaches the socket on A
    const phone = await pairDevice(b.url, token, 'phone');
    const viaHttp = await http(b.url, 'POST', HTTP_ROUTES.sync, {
      auth: `Device ${phone.deviceId}:${phone.secret}`,
      body: { protocolVersion: 1, ops: sessionOps(phone.deviceId, 1, 2), cursor: 3 },
    });
    expect(viaHttp.body).toMatchObject({ ok: true, cursor: 5 });
    await onA.waitForOps(2);
    expect(onA.received.flatMap((e) => e.ops).map((o) => o.serverSeq)).toEqual([4, 5]);

    // presence spans instances
    const devices = await listDevices(b.url, token);
    expect(devices.find((d) => d.deviceId === watch.deviceId)?.connected).toBe(true);

    await new Promise((r) => setTimeout(r, 100));
    expect(strangerOnB.received).toEqual([]);
    for (const c of [onA, onB, strangerOnB]) c.close();
  });

  it('closes a revoked device socket on the other instance', async () => {
    const token = await a.tokenFor('scale-user-2');
    const watch = await pairDevice(a.url, token);
    const onA = await connectSync(a.url, deviceAuth(watch));
    let closed = false;
    onA.socket.on('disconnect', () => {
      closed = true;
    });
    const del = await http(b.url, 'DELETE', `${HTTP_ROUTES.devices}/${watch.deviceId}`, {
      auth: `Bearer ${token}`,
    });
    expect(del.status).toBe(200);
    await waitUntil(() => closed, 5000, 'cross-instance revocation');
    expect(onA.revoked[0]?.code).toBe('deviceRevoked');
  });

  it('allocates one gap-free sequence when both instances take pushes for one user at once', async () => {
    const token = await a.tokenFor('scale-user-3');
    const w1 = await pairDevice(a.url, token);
    const w2 = await pairDevice(b.url, token);
    const c1 = await connectSync(a.url, deviceAuth(w1));
    const c2 = await connectSync(b.url, deviceAuth(w2));
    const pushes = [];
    for (let i = 0; i < 5; i++) {
      pushes.push(
        c1.push(sessionOps(w1.deviceId, 1 + i * 4, 4)),
        c2.push(sessionOps(w2.deviceId, 1 + i * 4, 4)),
      );
    }
    const results = await Promise.all(pushes);
    const seqs = results.flatMap((r) => (r.ok ? r.acks.map((x) => (x.ok ? x.serverSeq : -1)) : [-1]));
    expect(seqs.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    c1.close();
    c2.close();
  });

  it('shares the limits through Redis: two instances grant one allowance, not two', async () => {
    const token = await tightA.tokenFor('shared-limits');
    const watch = await pairDevice(tightA.url, token);
    const onA = await connectSync(tightA.url, deviceAuth(watch));
    const onB = await connectSync(tightB.url, deviceAuth(watch));
    const codes = async (c: SyncClient, from: number, n: number) => {
      const out: string[] = [];
      for (let k = from; k < from + n; k++) {
        const r = await c.push([sessionOp(watch.deviceId, k)]);
        out.push(r.ok ? 'ok' : r.error.code);
      }
      return out;
    };
    // 10 pushes per credential in all: 6 on A, then 4 of 6 on B (in memory, B would allow all 6)
    expect(await codes(onA, 1, 6)).toEqual(Array(6).fill('ok'));
    expect(await codes(onB, 7, 6)).toEqual([...Array(4).fill('ok'), 'rateLimited', 'rateLimited']);
    expect(await tightA.services.store.headSeq('shared-limits')).toBe(10);
    // pulls likewise: 4 per credential, 2 here and 2 there, then refused on either
    const pulls: string[] = [];
    for (const c of [onA, onA, onB, onB, onA]) {
      const r = await c.pull(0);
      pulls.push(r.ok ? 'ok' : r.error.code);
    }
    expect(pulls).toEqual(['ok', 'ok', 'ok', 'ok', 'rateLimited']);
    // the socket cap (3 per credential) counts sockets on both instances: a 4th closes the oldest
    await new Promise((r) => setTimeout(r, 5));
    const third = await connectSync(tightB.url, deviceAuth(watch));
    await new Promise((r) => setTimeout(r, 5));
    const fourth = await connectSync(tightA.url, deviceAuth(watch));
    await waitUntil(() => !onA.socket.connected, 5000, 'the oldest socket, on the other instance, closed');
    expect([onB, third, fourth].map((c) => c.socket.connected)).toEqual([true, true, true]);
    for (const c of [onB, third, fourth]) c.close();
  });
});
