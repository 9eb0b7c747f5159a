/**
 * Graceful shutdown under a push stream, per transport: on SIGTERM the server takes no new push
 * (refused with `unavailable`, nothing stored), finishes and acknowledges every push it already
 * received, closes and exits 0. Checked by restarting on the same data: the log holds exactly the
 * ops whose acks reached the client — none stored without its ack, none acked and missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HTTP_ROUTES,
  type HttpSyncResponse,
  type Op,
  PROTOCOL_VERSION,
  type PushResponse,
  type ServerOp,
} from '@unknot/stretch-model';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionOps } from '../support/ops.js';
import { connectSync, deviceAuth, http, pairDevice, type SyncClient } from '../support/server.js';
import { freePort, type SpawnedServer, spawnServer } from '../support/spawn-server.js';

/** 50 ops a push: the 1,500 acks before SIGTERM fit in the per-credential burst of 60 pushes. */
const BATCH = 50;
const LANES = 4;

async function pullAll(c: SyncClient): Promise<ServerOp[]> {
  const out: ServerOp[] = [];
  for (let cursor = 0; ; ) {
    const res = await c.pull(cursor, 1000, false);
    if (!res.ok) throw new Error(res.error.message);
    out.push(...res.ops);
    cursor = res.cursor;
    if (!res.hasMore) return out;
  }
}

/** Streams batches on LANES lanes until `send` fails; counts what came back. */
async function stream(
  all: Op[],
  send: (batch: Op[]) => Promise<{ acked: string[]; refused: string | null } | 'gone'>,
  onAcked: (n: number) => void,
) {
  const acked = new Set<string>();
  const refusals = new Map<string, number>();
  let next = 0;
  let gone = 0;
  const lane = async () => {
    while (next < all.length) {
      const batch = all.slice(next, next + BATCH);
      next += BATCH;
      const r = await send(batch);
      if (r === 'gone') {
        gone++;
        return;
      }
      for (const id of r.acked) acked.add(id);
      if (r.refused) {
        refusals.set(r.refused, (refusals.get(r.refused) ?? 0) + 1);
        await new Promise((res) => setTimeout(res, 20));
      }
      onAcked(acked.size);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  return { acked, refusals, gone };
}

describe('SIGTERM during a push stream', () => {
  const dirs: string[] = [];
  let server: SpawnedServer | null = null;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'unknot-shutdown-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'info' };
    server = await spawnServer(env);
    const login = await http<{ token: string }>(server.url, 'POST', HTTP_ROUTES.localLogin, {
      body: { loginToken: server.loginToken },
    });
    const dev = await pairDevice(server.url, login.body.token);
    return { env, dev, s: server };
  }

  /** After the stream: exit 0, then on restart the log is exactly the acked ops. */
  async function verify(
    env: Record<string, string>,
    dev: { deviceId: string; secret: string },
    acked: Set<string>,
  ) {
    const exit = await (server as SpawnedServer).exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const logs = (server as SpawnedServer).logs;
    expect(logs.some((l) => l.msg === 'stopped')).toBe(true);
    expect(logs.filter((l) => Number(l.level) >= 50).map((l) => l.msg)).toEqual([]);
    server = await spawnServer(env);
    const c = await connectSync(server.url, deviceAuth(dev));
    const stored = await pullAll(c);
    c.close();
    expect(new Set(stored.map((o) => o.opId)).size).toBe(stored.length);
    expect(new Set(stored.map((o) => o.opId))).toEqual(acked);
    await server.stop('SIGTERM');
  }

  it('socket.io: every push already received is acked before its socket closes; later ones refused; exit 0', {
    timeout: 120_000,
  }, async () => {
    const { env, dev, s } = await start();
    const client = await connectSync(s.url, deviceAuth(dev));
    let signalled = false;
    const all = sessionOps(dev.deviceId, 1, 8_000);
    const result = await stream(
      all,
      async (batch) => {
        if (!client.socket.connected) return 'gone';
        try {
          const res: PushResponse = await client.push(batch);
          if (!res.ok) return { acked: [], refused: res.error.code };
          return { acked: res.acks.filter((a) => a.ok).map((a) => a.opId), refused: null };
        } catch {
          // no ack: the socket closed or the ack timed out; none of it may be stored
          return 'gone';
        }
      },
      (n) => {
        if (!signalled && n >= 1500) {
          signalled = true;
          s.child.kill('SIGTERM');
        }
      },
    );
    client.close();
    expect(signalled).toBe(true);
    expect(result.acked.size).toBeGreaterThanOrEqual(1500);
    // refused pushes stored nothing: shutting down, or the rate limit once the burst is spent
    for (const code of result.refusals.keys()) expect(['unavailable', 'rateLimited']).toContain(code);
    await verify(env, dev, result.acked);
  });

  it('HTTP keep-alive: pushes on a reused connection after SIGTERM are refused (503), none acked and lost; exit 0', {
    timeout: 120_000,
  }, async () => {
    const { env, dev, s } = await start();
    let signalled = false;
    const all = sessionOps(dev.deviceId, 1, 8_000);
    const statuses = new Map<number, number>();
    let cursor = 0;
    const result = await stream(
      all,
      async (batch) => {
        try {
          // Node's fetch keeps connections alive and reuses them
          const res = await fetch(`${s.url}${HTTP_ROUTES.sync}`, {
            method: 'POST',
            headers: {
              authorization: `Device ${dev.deviceId}:${dev.secret}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              protocolVersion: PROTOCOL_VERSION,
              ops: batch,
              cursor,
              acceptSnapshot: false,
            }),
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const body = (await res.json()) as HttpSyncResponse;
          if (!body.ok) return { acked: [], refused: body.error.code };
          cursor = Math.max(cursor, body.cursor);
          return { acked: body.acks.filter((a) => a.ok).map((a) => a.opId), refused: null };
        } catch {
          return 'gone';
        }
      },
      (n) => {
        if (!signalled && n >= 1500) {
          signalled = true;
          s.child.kill('SIGTERM');
        }
      },
    );
    expect(signalled).toBe(true);
    // refused pushes stored nothing: shutting down, or the rate limit once the burst is spent
    for (const code of result.refusals.keys()) expect(['unavailable', 'rateLimited']).toContain(code);
    for (const status of statuses.keys()) expect([200, 429, 503]).toContain(status);
    await verify(env, dev, result.acked);
  });
});
