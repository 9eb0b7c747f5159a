/**
 * A seeded, bounded fuzz over both transports (socket.io and POST /v1/sync) against the real server
 * process: valid ops mixed with mutated ones and junk bodies. Afterwards the server must be healthy,
 * still sync, have logged no error-level line, export without failing, and hold exactly the ops it
 * acknowledged — each once, none carrying what the schemas do not know.
 *
 * Bounded: 2 × FUZZ_PUSHES pushes of at most 6 items, one seed (FUZZ_SEED to replay another).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_REMINDER_SETTINGS,
  HTTP_ROUTES,
  type HttpSyncResponse,
  LIMITS,
  type Op,
  PROTOCOL_VERSION,
  type PushResponse,
  type ServerOp,
  SYNC_ERROR_CODES,
  validateOp,
} from '@unknot/stretch-model';
import { nudgeOp, registerOp, sessionOp } from '@unknot/stretch-model/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { connectSync, deviceAuth, http, pairDevice, type SyncClient } from '../support/server.js';
import { freePort, type SpawnedServer, spawnServer } from '../support/spawn-server.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PUSHES = Number(process.env.FUZZ_PUSHES ?? 90);

/** mulberry32: small, seeded, reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}
type Rng = ReturnType<typeof rng>;

/** Keys no stored op may carry: none is in any schema. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype', 'userId', 'blob'];

/** A JSON text nested `depth` levels deep (built as text: JSON.stringify would recurse). */
function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

interface Item {
  /** what goes on the wire, as JSON text (so `__proto__` and deep nesting survive) */
  json: string;
  /** the op as built, when it was left valid */
  valid: Op | null;
  opId: string | null;
}

/** One item of a push: a valid op, a mutated op, or junk. */
function makeItem(r: Rng, deviceId: string, otherDeviceId: string, seq: number, maxDepth: number): Item {
  const kind = r.pick(['session', 'session', 'nudge', 'reminders', 'tombstone'] as const);
  const op: Op =
    kind === 'session'
      ? sessionOp(deviceId, seq, { painBefore: r.int(11), painAfter: r.int(11) })
      : kind === 'nudge'
        ? nudgeOp(deviceId, seq, r.pick(['shown', 'started', 'snoozed', 'dismissed'] as const))
        : kind === 'reminders'
          ? registerOp(deviceId, seq, 'settings.reminders', {
              ...DEFAULT_REMINDER_SETTINGS,
              snoozeMinutes: 10,
            })
          : registerOp(deviceId, seq, 'routine.custom-1');
  if (r.next() < 0.35) return { json: JSON.stringify(op), valid: op, opId: op.opId };
  const o = JSON.parse(JSON.stringify(op)) as Record<string, unknown> & { payload: Record<string, unknown> };
  const payload = o.payload;
  const mutation = r.int(14);
  switch (mutation) {
    case 0: {
      const keys = Object.keys(o);
      delete o[r.pick(keys)];
      break;
    }
    case 1: {
      const keys = Object.keys(payload);
      if (keys.length > 0) delete payload[r.pick(keys)];
      else (o as Record<string, unknown>).payload = 'x';
      break;
    }
    case 2: {
      const target = r.next() < 0.5 ? o : payload;
      const keys = Object.keys(target);
      if (keys.length > 0)
        target[r.pick(keys)] = r.pick([null, -1, 1.5, 1e308, '', 'x'.repeat(20_000), [], {}, true, '1']);
      break;
    }
    case 3:
      o.type = r.pick(['mystery.op', '__proto__', 'constructor', 'toString', '', 'session.finished ']);
      break;
    case 4:
      o.seq = r.pick([0, -1, 1.5, '1', null]);
      break;
    case 5:
      o.opId = `${deviceId}:${seq + 1_000_000}`;
      break;
    case 6:
      o.hlc = String(o.hlc).replace(`:${deviceId}`, `:${otherDeviceId}`);
      break;
    case 7:
      // time bounds a CSV export or a dashboard could not format
      if (kind === 'nudge') payload.at = r.pick([8.64e15, -1, 1e20]);
      else if (kind === 'session') payload.endedAt = r.pick([8.64e15, (payload.startedAt as number) - 1]);
      else o.payload = { key: 'settings.plan', value: { days: [1], timeZone: 'Mars/Olympus_Mons' } };
      break;
    case 8:
      if (kind === 'session' || kind === 'nudge') payload.timeZone = 'Mars/Olympus_Mons';
      else payload.value = { ...DEFAULT_REMINDER_SETTINGS, snoozeMinutes: -5 };
      break;
    case 9:
      // another device's record id (or device) in this device's op
      if (kind === 'session' || kind === 'nudge') payload.id = `${otherDeviceId}:${seq}`;
      else payload.key = 'settings.unknown';
      break;
    case 10: {
      // extra keys: must be dropped if the op is acked, never stored or served
      const extra = `,"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"userId":"someone-else","blob":"${'b'.repeat(6 * 1024)}"`;
      const target = kind === 'reminders' ? (payload.value as Record<string, unknown>) : payload;
      target.__marker__ = 1;
      const json = JSON.stringify(o).replace('"__marker__":1', extra.slice(1));
      return { json, valid: null, opId: op.opId };
    }
    case 11: {
      // nesting thousands deep, where the schema drops it, where it expects an object, and as a value
      const deep = deepJson(Math.min(maxDepth, r.pick([200, 3000, 10_000])));
      const text = JSON.stringify(o);
      const json = r.pick([
        text.replace(/"payload":\{/, `"payload":{"deep":${deep},`),
        text.replace(/"payload":\{/, `"deep":${deep},"payload":{`),
        kind === 'session' ? text.replace(/"stretches":\[/, `"stretches":[${deep},`) : text,
        kind === 'reminders' || kind === 'tombstone'
          ? text.replace(
              /"value":(\{|null)/,
              (_m, v: string) => `"value":${v === 'null' ? deep : `{"deep":${deep},`}`,
            )
          : text.replace(/"payload":\{[\s\S]*\}\}$/, `"payload":${deep}}`),
      ]);
      return { json, valid: null, opId: op.opId };
    }
    case 12:
      return {
        json: r.pick(['null', '1', '"op"', '[]', '[[[]]]', 'true', deepJson(2000)]),
        valid: null,
        opId: null,
      };
    default:
      payload.stretches = Array.from({ length: 200 }, () => ({ stretchId: 'cat-cow' }));
      break;
  }
  return { json: JSON.stringify(o), valid: null, opId: typeof o.opId === 'string' ? o.opId : null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`fuzz over socket.io and HTTP (seed ${SEED}, ${PUSHES} pushes each)`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-fuzz-'));
  let server: SpawnedServer | null = null;
  afterAll(async () => {
    await server?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays healthy and stores exactly the valid ops it acked', { timeout: 240_000 }, async () => {
    const port = String(await freePort());
    server = await spawnServer({ DATA_DIR: dataDir, PORT: port, LOG_LEVEL: 'info' });
    const url = server.url;
    const login = await http<{ token: string }>(url, 'POST', HTTP_ROUTES.localLogin, {
      body: { loginToken: server.loginToken },
    });
    const userToken = login.body.token;
    const watch = await pairDevice(url, userToken, 'watch');
    const phone = await pairDevice(url, userToken, 'phone');
    let socket: SyncClient = await connectSync(url, deviceAuth(watch));
    const logsBefore = server.logs.length;

    /** opId → the op as built, for every op sent unmodified */
    const validSent = new Map<string, Op>();
    /** opId → ack ok, for every op the server acknowledged */
    const acked = new Map<string, number>();
    const refusals = new Map<string, number>();
    const r = rng(SEED);
    const seqs = { [watch.deviceId]: 0, [phone.deviceId]: 0 } as Record<string, number>;

    const checkAcks = (items: Item[], res: PushResponse | HttpSyncResponse) => {
      if (!res.ok) {
        expect(SYNC_ERROR_CODES, JSON.stringify(res)).toContain(res.error.code);
        expect(res.error.code).not.toBe('internal');
        refusals.set(res.error.code, (refusals.get(res.error.code) ?? 0) + 1);
        return;
      }
      expect(res.acks).toHaveLength(items.length);
      res.acks.forEach((ack, i) => {
        const item = items[i] as Item;
        if (ack.ok) {
          expect(acked.has(ack.opId), `acked twice: ${ack.opId}`).toBe(false);
          acked.set(ack.opId, ack.serverSeq);
        } else {
          expect(SYNC_ERROR_CODES).toContain(ack.error.code);
          expect(ack.error.code, `${ack.error.message}`).not.toBe('internal');
          refusals.set(ack.error.code, (refusals.get(ack.error.code) ?? 0) + 1);
          expect(item.valid, `a valid op was refused: ${ack.error.code} ${ack.error.message}`).toBeNull();
        }
      });
    };

    // socket.io's client walks a body recursively (hasBinary), so over the socket nesting stops at
    // 3,000 levels; HTTP sends raw text and goes to 10,000.
    const itemsFor = (deviceId: string, other: string, maxDepth: number): Item[] =>
      Array.from({ length: 1 + r.int(6) }, () => {
        seqs[deviceId] = (seqs[deviceId] ?? 0) + 1;
        const item = makeItem(r, deviceId, other, seqs[deviceId] as number, maxDepth);
        if (item.valid) validSent.set(item.valid.opId, item.valid);
        return item;
      });

    /** Retries a push the rate limit refused (bounded), as a client would. */
    const withRetry = async <T extends PushResponse | HttpSyncResponse>(
      send: () => Promise<T>,
    ): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        const res = await send();
        if (res.ok || res.error.code !== 'rateLimited' || attempt >= 30) return res;
        await sleep(150);
      }
    };

    for (let i = 0; i < PUSHES; i++) {
      // --- socket.io: the body is parsed by socket.io's parser from the text we send
      const sItems = itemsFor(watch.deviceId, phone.deviceId, 3000);
      const junkBody = r.next() < 0.08;
      if (!socket.socket.connected) socket = await connectSync(url, deviceAuth(watch));
      if (junkBody) {
        const body = r.pick([
          null,
          7,
          'ops',
          [],
          { ops: 'x' },
          { ops: Array.from({ length: 501 }, () => ({})) },
        ]);
        const res = (await socket.socket.timeout(10_000).emitWithAck('push', body)) as PushResponse;
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.error.code).not.toBe('internal');
        for (const it of sItems) if (it.valid) validSent.delete(it.valid.opId);
      } else {
        const ops = sItems.map((it) => JSON.parse(it.json) as unknown);
        const res = await withRetry(
          () => socket.socket.timeout(10_000).emitWithAck('push', { ops }) as Promise<PushResponse>,
        );
        checkAcks(sItems, res);
      }

      // --- HTTP: raw JSON text, so `__proto__` keys and deep nesting reach the server as sent
      const hItems = itemsFor(phone.deviceId, watch.deviceId, 10_000);
      const auth = `Device ${phone.deviceId}:${phone.secret}`;
      if (r.next() < 0.08) {
        const raw = r.pick(['{', 'null', '[]', '{"protocolVersion":1,"ops":7,"cursor":0}', deepJson(20_000)]);
        const res = await http<HttpSyncResponse>(url, 'POST', HTTP_ROUTES.sync, { auth, rawBody: raw });
        expect(res.status, res.text).toBeLessThan(500);
        expect(res.status).toBeGreaterThanOrEqual(400);
        for (const it of hItems) if (it.valid) validSent.delete(it.valid.opId);
      } else {
        const rawBody = `{"protocolVersion":${PROTOCOL_VERSION},"cursor":0,"acceptSnapshot":false,"ops":[${hItems.map((it) => it.json).join(',')}]}`;
        const res = await withRetry(async () => {
          const out = await http<HttpSyncResponse>(url, 'POST', HTTP_ROUTES.sync, { auth, rawBody });
          expect(out.status, out.text).toBeLessThan(500);
          return out.body;
        });
        checkAcks(hItems, res);
      }
    }

    // --- afterwards: healthy, still syncing, nothing logged at error level
    expect((await http(url, 'GET', HTTP_ROUTES.health)).status).toBe(200);
    expect((await http(url, 'GET', HTTP_ROUTES.ready)).status).toBe(200);
    if (!socket.socket.connected) socket = await connectSync(url, deviceAuth(watch));
    const finalSeq = (seqs[watch.deviceId] as number) + 1;
    const final = sessionOp(watch.deviceId, finalSeq);
    const finalRes = await withRetry(() => socket.push([final]));
    expect(finalRes.ok && finalRes.acks[0]?.ok).toBe(true);
    if (finalRes.ok && finalRes.acks[0]?.ok) acked.set(final.opId, finalRes.acks[0].serverSeq);
    validSent.set(final.opId, final);

    const errors = server.logs.slice(logsBefore).filter((l) => Number(l.level) >= 50);
    expect(errors.map((l) => l.msg)).toEqual([]);

    // --- exactly the acked ops, once each, as parsed
    const stored: ServerOp[] = [];
    for (let cursor = 0; ; ) {
      const page = await socket.pull(cursor, 1000, false);
      if (!page.ok) throw new Error(page.error.message);
      stored.push(...page.ops);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(new Set(stored.map((o) => o.opId)).size).toBe(stored.length);
    expect(new Map(stored.map((o) => [o.opId, o.serverSeq]))).toEqual(acked);
    for (const op of stored) {
      const { serverSeq: _seq, ...plain } = op;
      const text = JSON.stringify(plain);
      for (const key of FORBIDDEN_KEYS) expect(text, `${op.opId} carries "${key}"`).not.toContain(`"${key}"`);
      expect(text.length).toBeLessThanOrEqual(LIMITS.maxOpBytes);
      expect(validateOp(plain).ok, op.opId).toBe(true);
      const built = validSent.get(op.opId);
      if (built) expect(plain).toEqual(built);
    }
    // every op sent unmodified (in a body that was not junk) was acked
    for (const opId of validSent.keys()) expect(acked.has(opId), `valid ${opId} not acked`).toBe(true);

    // --- the export formats every stored record
    for (const kind of ['sessions', 'nudges']) {
      const res = await http(url, 'GET', `${HTTP_ROUTES.export}?format=csv&kind=${kind}`, {
        auth: `Bearer ${userToken}`,
      });
      expect(res.status, res.text).toBe(200);
    }
    socket.close();
    console.log(
      `fuzz seed ${SEED}: ${acked.size} acked, refusals ${JSON.stringify(Object.fromEntries(refusals))}`,
    );
    // the run did exercise both sides
    expect(acked.size).toBeGreaterThan(PUSHES / 2);
    expect([...refusals.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(PUSHES / 2);
  });
});
