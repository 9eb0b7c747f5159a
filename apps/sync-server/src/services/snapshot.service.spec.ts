import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Op, type Snapshot, validateSnapshot } from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import { nudgeOp, sessionOp } from '../../test/support/ops.js';
import { createLogger } from '../logger.js';
import { SqliteStore } from '../stores/sqlite.store.js';
import { SnapshotService } from './snapshot.service.js';

/** A nudge stored before the time bounds existed: at 8.64e15 ms (year 275760). */
function legacyNudge(deviceId: string, seq: number): Op {
  const op = nudgeOp(deviceId, seq);
  return { ...op, payload: { ...(op.payload as object), at: 8.64e15 } } as Op;
}

describe('snapshots and ops stored under older rules', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-snap-'));
    dirs.push(dir);
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    return { store, snapshots: new SnapshotService(store, createLogger('silent'), 500) };
  }

  it('leaves a stored op today refuses out of the snapshot, keeps it in the log, keeps the rest', async () => {
    const { store, snapshots } = setup();
    // written straight to the store, as an older server acknowledged them
    await store.appendOps('u1', [sessionOp('w1', 1), legacyNudge('w1', 2), nudgeOp('w1', 3)]);
    const snap = await snapshots.refresh('u1');
    expect(validateSnapshot(snap).ok).toBe(true);
    expect(snap.serverSeq).toBe(3);
    expect(snap.sessions.map((x) => x.id)).toEqual([`w1:${Date.UTC(2026, 10, 2, 8, 1)}`]);
    expect(snap.nudgeEvents.map((e) => e.id)).toEqual(['w1:n3']);
    expect((await store.readOps('u1', 0, 10)).map((o) => o.opId)).toEqual(['w1:1', 'w1:2', 'w1:3']);
    store.close();
  });

  it('rebuilds a persisted snapshot that holds such a record before serving it', async () => {
    const { store, snapshots } = setup();
    await store.appendOps('u1', [sessionOp('w1', 1), legacyNudge('w1', 2)]);
    const legacy = legacyNudge('w1', 2).payload as Snapshot['nudgeEvents'][number];
    // what an older server persisted: the bad record folded in
    const old: Snapshot = { serverSeq: 2, registers: {}, sessions: [], nudgeEvents: [legacy] };
    await store.putSnapshot('u1', old);
    expect(validateSnapshot(old).ok).toBe(false);
    const served = await snapshots.latest('u1');
    expect(served && validateSnapshot(served).ok).toBe(true);
    expect(served?.nudgeEvents).toEqual([]);
    expect(served?.sessions).toHaveLength(1);
    // and the rebuilt one replaced it in the store
    const persisted = await store.getSnapshot('u1');
    expect(persisted && validateSnapshot(persisted).ok).toBe(true);
    expect(persisted?.nudgeEvents).toEqual([]);
    store.close();
  });
});
