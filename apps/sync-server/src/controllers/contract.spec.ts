/**
 * The wire contract as the server enforces it (issue 13, "one contract in the core"): each attack
 * or odd input gets a typed refusal and stores nothing, and what is stored and served is the
 * parsed op. Real SQLite store, real HTTP and real socket.io clients.
 */
import {
  HTTP_ROUTES,
  type HttpSyncResponse,
  type OpAck,
  PROTOCOL_VERSION,
  type PullResponse,
} from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlcAt, nudgeOp, sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  loginOwner,
  pairDevice,
  refusedWith,
  startTestServer,
  type SyncClient,
  type TestServer,
} from '../../test/support/server.js';

type Paired = { deviceId: string; secret: string; userId: string };
const T = Date.UTC(2026, 10, 2, 8, 0, 0);

/** POST /v1/sync with a raw JSON text body (so `__proto__` stays an own key, and depth is ours). */
async function syncRaw(server: TestServer, dev: Paired, opsJson: string[], cursor = 0) {
  return http<HttpSyncResponse>(server.url, 'POST', HTTP_ROUTES.sync, {
    auth: `Device ${dev.deviceId}:${dev.secret}`,
    rawBody: `{"protocolVersion":${PROTOCOL_VERSION},"cursor":${cursor},"ops":[${opsJson.join(',')}]}`,
  });
}

/** A socket push whose body is raw JSON text, written straight into the engine.io connection. */
function pushRaw(client: SyncClient, opsJson: string[]): Promise<{ ok: boolean; acks?: OpAck[] }> {
  const engine = (client.socket.io as unknown as { engine: RawEngine }).engine;
  const id = 9000 + Math.floor(Math.random() * 1000);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack')), 10_000);
    const onPacket = (packet: { type: string; data?: unknown }) => {
      // an engine.io message carrying a socket.io ACK (3) in namespace /sync with our id
      const prefix = `3/sync,${id}`;
      if (packet.type !== 'message' || typeof packet.data !== 'string' || !packet.data.startsWith(prefix))
        return;
      clearTimeout(timer);
      engine.off('packet', onPacket);
      resolve((JSON.parse(packet.data.slice(prefix.length)) as [{ ok: boolean; acks?: OpAck[] }])[0]);
    };
    engine.on('packet', onPacket);
    // a socket.io EVENT (2) in namespace /sync asking for ack `id`; engine.io adds its message type
    engine.write(`2/sync,${id}["push",{"ops":[${opsJson.join(',')}]}]`);
  });
}
interface RawEngine {
  write(data: string): void;
  on(event: 'packet', fn: (packet: { type: string; data?: unknown }) => void): void;
  off(event: 'packet', fn: (packet: { type: string; data?: unknown }) => void): void;
}

/** `depth` objects inside each other, as JSON text (too deep for a recursive JSON.stringify). */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A register op as JSON text with `valueJson` spliced in verbatim. */
function registerJson(dev: Paired, seq: number, key: string, valueJson: string): string {
  const env = `"opId":"${dev.deviceId}:${seq}","deviceId":"${dev.deviceId}","seq":${seq},"hlc":"${hlcAt(T + seq, 0, dev.deviceId)}"`;
  return `{${env},"type":"register.set","payload":{"key":"${key}","value":${valueJson}}}`;
}

const okAcks = (res: { body: HttpSyncResponse }) => {
  if (!res.body.ok) throw new Error(`sync failed: ${JSON.stringify(res.body)}`);
  return res.body.acks.map((a) => (a.ok ? 'ok' : a.error.code));
};

describe('the wire contract, enforced by the server', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** The user's log as `dev` pulls it, keeping only the ops `dev` made (the tests share a user). */
  const pulled = async (dev: Paired) => {
    const res = await syncRaw(server, dev, [], 0);
    if (!res.body.ok) throw new Error('pull failed');
    return { ...res.body, ops: res.body.ops.filter((o) => o.deviceId === dev.deviceId) };
  };

  it('stores and serves the parsed register value: unknown keys dropped, the blob gone', async () => {
    const dev = await pairDevice(server.url, owner.token);
    // the reminder settings written out by hand, then the attacker's extras
    const settings =
      '{"enabled":true,"activeHours":{"startMinute":540,"endMinute":1080},"activeDays":[1,2,3,4,5],' +
      '"stillThresholdMinutes":50,"movingStepsPerMinute":20,"snoozeMinutes":15,"dailyCap":6,' +
      '"quietPeriods":[{"startMinute":720,"endMinute":780,"note":"x"}]';
    const attack = `${settings},"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"userId":"someone-else","blob":"${'x'.repeat(6000)}"}`;
    const res = await syncRaw(server, dev, [registerJson(dev, 1, 'settings.reminders', attack)]);
    expect(res.status).toBe(200);
    expect(okAcks(res)).toEqual(['ok']);

    const expected = {
      enabled: true,
      activeHours: { startMinute: 540, endMinute: 1080 },
      activeDays: [1, 2, 3, 4, 5],
      stillThresholdMinutes: 50,
      movingStepsPerMinute: 20,
      snoozeMinutes: 15,
      dailyCap: 6,
      quietPeriods: [{ startMinute: 720, endMinute: 780 }],
    };
    const body = await pulled(dev);
    expect(body.ops).toHaveLength(1);
    expect(body.ops[0]?.payload).toEqual({ key: 'settings.reminders', value: expected });
    // nothing else travels (the store writes registers in canonical key order)
    const value = (body.ops[0]?.payload as { value: unknown } | undefined)?.value as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(Object.keys(expected).sort());
    expect(JSON.stringify(value).length).toBe(JSON.stringify(expected).length);

    // a new device's snapshot serves the same parsed value
    const other = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(other));
    const pull = (await c.pull(0)) as PullResponse;
    c.close();
    if (!pull.ok) throw new Error('pull failed');
    const served = pull.snapshot
      ? pull.snapshot.registers['settings.reminders']?.value
      : pull.ops.find((o) => o.type === 'register.set')?.payload.value;
    expect(served).toEqual(expected);
    expect(Object.keys(served as object).sort()).toEqual(Object.keys(expected).sort());
  });

  it('refuses a payload nested 10,000 deep as invalidOp over HTTP and keeps the rest of the batch', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const ops = [
      JSON.stringify(sessionOp(dev.deviceId, 1)),
      registerJson(dev, 2, 'settings.reminders', nestedJson(10_000)),
      JSON.stringify(nudgeOp(dev.deviceId, 3)),
    ];
    const res = await syncRaw(server, dev, ops);
    expect(res.status).toBe(200);
    expect(okAcks(res)).toEqual(['ok', 'invalidOp', 'ok']);
    if (res.body.ok) {
      const refused = res.body.acks[1];
      expect(refused?.ok === false && refused.error.message).toBe('op nests deeper than 16 levels');
    }
    expect((await pulled(dev)).ops.map((o) => o.opId)).toEqual([`${dev.deviceId}:1`, `${dev.deviceId}:3`]);
  });

  it('refuses a payload nested 10,000 deep as invalidOp over socket.io and keeps the rest of the batch', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const c = await connectSync(server.url, deviceAuth(dev));
    const deepSession = `{"opId":"${dev.deviceId}:2","deviceId":"${dev.deviceId}","seq":2,"hlc":"${hlcAt(T, 0, dev.deviceId)}","type":"session.finished","payload":${nestedJson(10_000)}}`;
    const res = await pushRaw(c, [
      JSON.stringify(sessionOp(dev.deviceId, 1)),
      deepSession,
      JSON.stringify(nudgeOp(dev.deviceId, 3)),
    ]);
    expect(res.ok).toBe(true);
    expect(res.acks?.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'invalidOp', 'ok']);
    expect((await pulled(dev)).ops.map((o) => o.opId)).toEqual([`${dev.deviceId}:1`, `${dev.deviceId}:3`]);
    // the socket is still healthy
    expect((await c.push([nudgeOp(dev.deviceId, 4)])).ok).toBe(true);
    c.close();
  });

  it('refuses an unknown time zone, times outside 2020–2100 and a session over 24 h; stores nothing', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const plan = (tz: string) => `{"routineId":"full-back","days":[1,3,5],"timeZone":"${tz}"}`;
    const res = await syncRaw(server, dev, [
      registerJson(dev, 1, 'settings.plan', plan('Mars/Olympus_Mons')),
      JSON.stringify(nudgeOp(dev.deviceId, 2, { at: 8.64e15 })),
      JSON.stringify(nudgeOp(dev.deviceId, 3, { at: 1_577_836_799_999 })),
      JSON.stringify(nudgeOp(dev.deviceId, 4, { at: 4_102_444_800_001 })),
      JSON.stringify(sessionOp(dev.deviceId, 5, { endedAt: T + 5 * 60_000 + 24 * 3600_000 + 1 })),
      JSON.stringify(sessionOp(dev.deviceId, 6, { timeZone: 'Mars/Olympus_Mons' })),
    ]);
    expect(okAcks(res)).toEqual([
      'invalidOp',
      'invalidOp',
      'invalidOp',
      'invalidOp',
      'invalidOp',
      'invalidOp',
    ]);
    if (res.body.ok) {
      const first = res.body.acks[0];
      expect(first?.ok === false && first.error.message).toContain('timeZone is not a known IANA zone');
    }
    expect((await pulled(dev)).ops).toEqual([]);
    // the real zone goes through
    expect(
      okAcks(await syncRaw(server, dev, [registerJson(dev, 7, 'settings.plan', plan('Pacific/Chatham'))])),
    ).toEqual(['ok']);
  });

  it("refuses a record under another device's id, so it can never replace that device's copy", async () => {
    const a = await pairDevice(server.url, owner.token);
    const b = await pairDevice(server.url, owner.token);
    const mine = sessionOp(a.deviceId, 1);
    expect(okAcks(await syncRaw(server, a, [JSON.stringify(mine)]))).toEqual(['ok']);
    const id = (mine.payload as { id: string }).id;
    const forged = sessionOp(b.deviceId, 1, { id, routineName: 'Forged', painAfter: 0 });
    const unprefixed = sessionOp(b.deviceId, 2, { id: 'plain-id' });
    const res = await syncRaw(server, b, [JSON.stringify(forged), JSON.stringify(unprefixed)]);
    expect(okAcks(res)).toEqual(['invalidOp', 'invalidOp']);
    if (res.body.ok) {
      const ack = res.body.acks[0];
      expect(ack?.ok === false && ack.error.message).toBe(
        `record id must start with "${b.deviceId}:" (its device)`,
      );
    }
    const log = (await pulled(a)).ops.filter((o) => o.type === 'session.finished');
    expect(log.map((o) => [o.deviceId, (o.payload as { routineName: string }).routineName])).toEqual([
      [a.deviceId, 'Full back'],
    ]);
  });

  it('answers bad message bodies with typed errors', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const auth = `Device ${dev.deviceId}:${dev.secret}`;
    const sync = (body: unknown) =>
      http<HttpSyncResponse>(server.url, 'POST', HTTP_ROUTES.sync, { auth, body });
    const badOps = await sync({ protocolVersion: PROTOCOL_VERSION, cursor: 0, ops: 'all of them' });
    expect([badOps.status, !badOps.body.ok && badOps.body.error.code]).toEqual([400, 'invalidOp']);
    const badCursor = await sync({ protocolVersion: PROTOCOL_VERSION, cursor: -1 });
    expect([badCursor.status, !badCursor.body.ok && badCursor.body.error.code]).toEqual([400, 'badCursor']);
    const noVersion = await sync({ cursor: 0 });
    expect(!noVersion.body.ok && noVersion.body.error.code).toBe('clientTooOld');

    const redeem = (body: unknown) =>
      http<{ ok: false; error: { code: string } }>(server.url, 'POST', HTTP_ROUTES.pairingRedeem, { body });
    expect((await redeem({ code: 42, deviceKind: 'watch' })).body.error.code).toBe('pairingCodeInvalid');
    expect((await redeem({ code: 'ABCD-EFGH', deviceKind: 'toaster' })).body.error.code).toBe('invalidOp');

    expect(
      await refusedWith(server.url, {
        protocolVersion: PROTOCOL_VERSION,
        kind: 'device',
        deviceId: dev.deviceId,
      }),
    ).toMatchObject({ code: 'unauthenticated' });
    expect((await pulled(dev)).ops).toEqual([]);
  });
});
