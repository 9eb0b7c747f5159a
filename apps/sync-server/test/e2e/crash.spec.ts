import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op, PullResponse, ServerOp } from '@unknot/stretch-model';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionOps } from '../support/ops.js';
import { connectSync, deviceAuth, http, pairDevice, type SyncClient } from '../support/server.js';
import { freePort, type SpawnedServer, spawnServer } from '../support/spawn-server.js';

async function pullAll(c: SyncClient): Promise<ServerOp[]> {
  const out: ServerOp[] = [];
  let cursor = 0;
  for (;;) {
    const res: PullResponse = await c.pull(cursor, 1000, false);
    if (!res.ok) throw new Error(res.error.message);
    if (res.snapshot) throw new Error('unexpected snapshot');
    out.push(...res.ops);
    cursor = res.cursor;
    if (!res.hasMore) return out;
  }
}

describe('crash: SIGKILL mid-stream, restart on the same DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'unknot-crash-'));
  let server: SpawnedServer | null = null;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acked op exactly once and applies re-pushed unacked ops once', async () => {
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, LOG_LEVEL: 'info' };
    server = await spawnServer(env);
    const login = await http<{ token: string }>(server.url, 'POST', '/v1/auth/local/login', {
      body: { loginToken: server.loginToken },
    });
    const dev = await pairDevice(server.url, login.body.token);
    const client = await connectSync(server.url, deviceAuth(dev));

    // 4 pushes of 25 ops in flight at any time, each op sent once
    const all: Op[] = sessionOps(dev.deviceId, 1, 20_000);
    const acked = new Map<string, number>();
    let next = 0;
    let killed = false;
    const lane = async () => {
      while (!killed && next < all.length) {
        const batch = all.slice(next, next + 25);
        next += 25;
        try {
          const res = await client.push(batch);
          if (res.ok) for (const a of res.acks) if (a.ok) acked.set(a.opId, a.serverSeq);
        } catch {
          // the server died under this push: its ops are "unacked"
          return;
        }
      }
    };
    const lanes = Promise.all([lane(), lane(), lane(), lane()]);
    while (acked.size < 1500) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    server.child.kill('SIGKILL');
    await server.exited;
    await lanes;
    client.close();
    const sent = all.slice(0, next);
    expect(acked.size).toBeGreaterThanOrEqual(1500);
    // pushes were in flight when the process died
    expect(sent.length).toBeGreaterThan(acked.size);

    server = await spawnServer(env);
    const again = await connectSync(server.url, deviceAuth(dev));
    const log = await pullAll(again);
    const bySeq = log.map((o) => o.serverSeq);
    expect(bySeq).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    expect(new Set(log.map((o) => o.opId)).size).toBe(log.length);
    const stored = new Map(log.map((o) => [o.opId, o.serverSeq]));
    for (const [opId, seq] of acked) expect(stored.get(opId), opId).toBe(seq);

    // the client re-pushes everything it is not sure about: applied once, acked with the same seq
    const unacked = sent.filter((op) => !acked.has(op.opId));
    for (let i = 0; i < unacked.length; i += 250) {
      const res = await again.push(unacked.slice(i, i + 250));
      if (!res.ok) throw new Error(res.error.message);
      for (const a of res.acks) {
        expect(a.ok).toBe(true);
        if (a.ok && stored.has(a.opId)) expect(a.serverSeq).toBe(stored.get(a.opId));
      }
    }
    const final = await pullAll(again);
    expect(final.map((o) => o.opId).sort()).toEqual(sent.map((o) => o.opId).sort());
    expect(final.map((o) => o.serverSeq)).toEqual(Array.from({ length: sent.length }, (_, i) => i + 1));
    again.close();
    await server.stop('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 90_000);
});
