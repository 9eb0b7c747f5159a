/**
 * A new device's first sync from the snapshot reply (the stored entries' text, spliced into the
 * socket.io ack and the HTTP body) ends in exactly the state the whole log describes. The expected
 * state is written out from the ops themselves — every record once by its id, each register the
 * write with the highest HLC — not by the server's fold or the core's merge.
 */
import {
  createReplica,
  HTTP_ROUTES,
  type HttpSyncResponse,
  type Op,
  PROTOCOL_VERSION,
  type PullResponse,
  type PushResponse,
  type SyncState,
  syncOnce,
  type SyncTransport,
} from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgeOp, registerOp, sessionOp } from '../../test/support/ops.js';
import { DEFAULT_TUNING } from '../config.js';
import {
  connectSync,
  deviceAuth,
  http,
  loginOwner,
  pairDevice,
  type SyncClient,
  startTestServer,
  type TestServer,
} from '../../test/support/server.js';

const BASE = Date.UTC(2026, 10, 2, 8, 0, 0);

/** The ops of two devices: sessions out of start order (two at the same minute), nudges, registers. */
function history(a: string, b: string): Op[] {
  const ops: Op[] = [];
  let seqA = 0;
  let seqB = 0;
  for (let i = 0; i < 40; i++) {
    // starts go back and forth: the log order is not the snapshot order
    const minute = (i * 17) % 40;
    ops.push(
      sessionOp(a, ++seqA, { startedAt: BASE + minute * 60_000, endedAt: BASE + minute * 60_000 + 300_000 }),
    );
    if (i % 4 === 0) ops.push(nudgeOp(b, ++seqB, { at: BASE + (40 - i) * 60_000 }));
  }
  // the same start on both devices: ordered by id in the snapshot
  ops.push(sessionOp(b, ++seqB, { startedAt: BASE + 3 * 60_000, endedAt: BASE + 8 * 60_000 }));
  // registers: b's later write carries the older clock and must lose; a tombstone wins on another key
  ops.push(registerOp(a, ++seqA, 'routine.custom-1', routine('custom-1', 'Morning'), BASE + 5000));
  ops.push(registerOp(b, ++seqB, 'routine.custom-1', routine('custom-1', 'Old name'), BASE + 1000));
  ops.push(registerOp(a, ++seqA, 'routine.custom-2', routine('custom-2', 'Evening'), BASE + 2000));
  ops.push(registerOp(b, ++seqB, 'routine.custom-2', null, BASE + 9000));
  return ops;
}

function routine(id: string, name: string) {
  return {
    id,
    name,
    kind: 'custom',
    restSeconds: 10,
    allowRepeats: false,
    items: [{ stretchId: 'cat-cow', holdSeconds: null, reps: 8, enabled: true }],
  };
}

/** The state the log describes, from the ops alone. */
function expectedState(ops: readonly Op[]) {
  const sessions: Record<string, unknown> = {};
  const nudgeEvents: Record<string, unknown> = {};
  const registers: Record<string, { value: unknown; hlc: string }> = {};
  for (const op of ops) {
    const p = op.payload as { id?: string; key?: string; value?: unknown };
    if (op.type === 'session.finished') sessions[p.id as string] = op.payload;
    else if (op.type === 'nudge.event') nudgeEvents[p.id as string] = op.payload;
    else {
      const key = p.key as string;
      const had = registers[key];
      if (!had || had.hlc < op.hlc) registers[key] = { value: p.value ?? null, hlc: op.hlc };
    }
  }
  return { sessions, nudgeEvents, registers };
}

function acked(res: PushResponse): number {
  return res.ok ? res.acks.filter((a) => a.ok).length : 0;
}

function comparable(state: SyncState) {
  return { sessions: state.sessions, nudgeEvents: state.nudgeEvents, registers: state.registers };
}

describe("a new device's first sync from the snapshot reply", () => {
  let server: TestServer;
  let owner: { token: string; userId: string };
  let pusher: SyncClient;
  let ops: Op[];
  let snapshotSeq = 0;

  beforeAll(async () => {
    server = await startTestServer({ tuning: { ...DEFAULT_TUNING, snapshotEvery: 25 } });
    owner = await loginOwner(server);
    const a = await pairDevice(server.url, owner.token, 'watch');
    const b = await pairDevice(server.url, owner.token, 'phone');
    pusher = await connectSync(server.url, deviceAuth(a));
    const other = await connectSync(server.url, deviceAuth(b));
    ops = history(a.deviceId, b.deviceId);
    for (let i = 0; i < ops.length; i += 10) {
      const batch = ops.slice(i, i + 10);
      const by = batch.filter((op) => op.deviceId === a.deviceId);
      const bOps = batch.filter((op) => op.deviceId === b.deviceId);
      if (by.length) expect(acked(await pusher.push(by))).toBe(by.length);
      if (bOps.length) expect(acked(await other.push(bOps))).toBe(bOps.length);
    }
    await server.services.snapshots.idle();
    // and a tail the snapshot does not hold yet
    const tail = [sessionOp(a.deviceId, 900, { startedAt: BASE - 60_000, endedAt: BASE + 240_000 })];
    expect(acked(await pusher.push(tail))).toBe(1);
    ops.push(...tail);
    other.close();
    snapshotSeq = (await server.services.snapshots.latestText(owner.userId))?.serverSeq ?? 0;
  }, 60_000);
  afterAll(async () => {
    pusher?.close();
    await server?.dispose();
  });

  it('over socket.io: the snapshot plus the tail is the whole log', async () => {
    const dev = await pairDevice(server.url, owner.token, 'sim');
    const c = await connectSync(server.url, deviceAuth(dev));
    const first = (await c.pull(0)) as PullResponse;
    if (!first.ok) throw new Error(first.error.message);
    // the snapshot path is the one taken: it stands before the head, the tail follows it
    expect(snapshotSeq).toBeGreaterThan(0);
    expect(first.snapshot?.serverSeq).toBe(snapshotSeq);
    expect(first.ops[0]?.serverSeq).toBe(snapshotSeq + 1);
    expect(first.ops.at(-1)?.serverSeq).toBe(ops.length);
    // in the snapshot's order: sessions by start, ties by id
    const starts = first.snapshot?.sessions.map((s) => ({ at: s.startedAt, id: s.id })) ?? [];
    expect(starts).toEqual([...starts].sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1)));
    expect(new Set(starts.map((s) => s.at)).size).toBeLessThan(starts.length);

    const replica = createReplica({ deviceId: dev.deviceId, now: () => BASE + 3600_000 });
    const transport: SyncTransport = { push: (o) => c.push(o), pull: (cursor) => c.pull(cursor) };
    const done = await syncOnce(replica, transport);
    c.close();
    expect(done.ok).toBe(true);
    expect(replica.cursor()).toBe(ops.length);
    expect(comparable(replica.state())).toEqual(expectedState(ops));
  });

  it('over HTTP with acceptSnapshot: the same state', async () => {
    const dev = await pairDevice(server.url, owner.token, 'phone');
    const auth = `Device ${dev.deviceId}:${dev.secret}`;
    let snapshots = 0;
    const transport: SyncTransport = {
      push: async () => ({ ok: true, acks: [] }),
      pull: async (cursor) => {
        const res = await http<HttpSyncResponse>(server.url, 'POST', HTTP_ROUTES.sync, {
          auth,
          body: { protocolVersion: PROTOCOL_VERSION, cursor, acceptSnapshot: true },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        if (res.body.ok && res.body.snapshot) snapshots++;
        return res.body as PullResponse;
      },
    };
    const replica = createReplica({ deviceId: dev.deviceId, now: () => BASE + 3600_000 });
    expect((await syncOnce(replica, transport)).ok).toBe(true);
    expect(snapshots).toBe(1);
    expect(comparable(replica.state())).toEqual(expectedState(ops));
  });
});
