import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyOps,
  emptySyncState,
  type Op,
  type Snapshot,
  toSnapshot,
  validateOp,
  validateSnapshot,
} from '@unknot/stretch-model';
import { afterEach, describe, expect, it } from 'vitest';
import { nudgeOp, registerOp, sessionOp, sessionRecord } from '../../test/support/ops.js';
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
  function setup(foldChunk?: number) {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-snap-'));
    dirs.push(dir);
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    const snapshots = new SnapshotService(store, createLogger('silent'), 500, { foldChunk, checkPage: 16 });
    return { store, snapshots };
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

  it('folds incrementally to the same snapshot as one fold of the whole log, legacy ops left out', async () => {
    const { store, snapshots } = setup(7);
    // a second instance on the same store, folding at the same time (compare and set between them)
    const other = new SnapshotService(store, createLogger('silent'), 500, { foldChunk: 11 });
    const ops = randomLog(20261201, 900);
    const legacy = ops.filter((op) => !validateOp(op).ok).length;
    expect(legacy).toBeGreaterThan(10);
    let at = 0;
    let round = 0;
    const rnd = mulberry32(7);
    while (at < ops.length) {
      const batch = ops.slice(at, at + 1 + Math.floor(rnd() * 60));
      at += batch.length;
      await store.appendOps('u1', batch);
      const head = await store.headSeq('u1');
      snapshots.noteAppended('u1', head);
      if (round++ % 3 === 0) await Promise.all([snapshots.refresh('u1'), other.refresh('u1')]);
    }
    await snapshots.idle();
    const snap = await snapshots.refresh('u1');
    const head = await store.headSeq('u1');
    const reference = toSnapshot(
      applyOps(
        emptySyncState(),
        ops.filter((op) => validateOp(op).ok),
      ),
      head,
    );
    expect(snap.serverSeq).toBe(ops.length);
    expect(snap).toEqual(reference);
    expect(validateSnapshot(snap).ok).toBe(true);
    // what a new instance serves after checking the stored entries a page at a time
    const fresh = new SnapshotService(store, createLogger('silent'), 500, { checkPage: 5 });
    expect(await fresh.latest('u1')).toEqual(reference);
    expect((await fresh.materialise('u1')).serverSeq).toBe(ops.length);
    store.close();
  });
});

describe('the check of a stored snapshot, remembered across restarts', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A store whose full scans (the check) are counted. */
  function countingStore() {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-snap-'));
    dirs.push(dir);
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    const scan = store.scanSnapshot.bind(store);
    const counts = { scans: 0 };
    store.scanSnapshot = (...args) => {
      counts.scans++;
      return scan(...args);
    };
    return { store, counts };
  }
  const service = (store: SqliteStore, rules: string) =>
    new SnapshotService(store, createLogger('silent'), 500, { checkPage: 16, rules });

  it('checks a snapshot once per rules, whichever instance or restart meets it', async () => {
    const { store, counts } = countingStore();
    await store.appendOps('u1', [
      ...Array.from({ length: 40 }, (_, i) => sessionOp('w1', i + 1)),
      nudgeOp('w1', 41),
    ]);
    const writer = service(store, 'rules-1');
    const written = await writer.refresh('u1');
    expect(written.sessions).toHaveLength(40);
    // written under rules-1: a restart under rules-1 serves it without a check
    const restarted = service(store, 'rules-1');
    expect((await restarted.latestText('u1'))?.serverSeq).toBe(41);
    expect(counts.scans).toBe(0);
    // new rules: checked once (41 entries, 16 per turn: 3 pages), then remembered
    const upgraded = service(store, 'rules-2');
    const served = await upgraded.latestText('u1');
    expect(counts.scans).toBe(3);
    expect(JSON.parse(served?.json ?? 'null')).toEqual(written);
    expect((await store.getSnapshotEntries('u1', []))?.rules).toBe('rules-2');
    await service(store, 'rules-2').latestText('u1');
    expect(counts.scans).toBe(3);
    // folds under the same rules keep the mark; a snapshot an older server put (no rules) is checked
    await store.appendOps('u1', [sessionOp('w1', 42)]);
    await upgraded.refresh('u1');
    expect((await store.getSnapshotEntries('u1', []))?.rules).toBe('rules-2');
    await store.putSnapshot('u1', { ...written, serverSeq: 42 });
    await service(store, 'rules-2').latestText('u1');
    expect(counts.scans).toBe(6);
    store.close();
  });

  it('lets other work run between the pages of a check', async () => {
    const { store } = countingStore();
    await store.appendOps(
      'u1',
      Array.from({ length: 160 }, (_, i) => sessionOp('w1', i + 1)),
    );
    await store.putSnapshot('u1', await service(store, 'x').refresh('u1'));
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const check = service(store, 'y').latestText('u1');
    await check;
    done = true;
    // 160 entries, 16 per page: the loop got a turn between each page
    expect(turns).toBeGreaterThanOrEqual(9);
    store.close();
  });
});

/** A small seeded generator (the log must be the same on every run). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Sessions, nudge events, register writes in no particular clock order (last writer wins by HLC,
 * not by arrival), re-sent records under an id already used with other content, and legacy nudges
 * today's rules refuse; from three devices.
 */
function randomLog(seed: number, count: number): Op[] {
  const rnd = mulberry32(seed);
  const devices = ['w1', 'p2', 'web-3'];
  const seqs = new Map<string, number>();
  const out: Op[] = [];
  for (let i = 0; i < count; i++) {
    const d = devices[Math.floor(rnd() * devices.length)] as string;
    const seq = (seqs.get(d) ?? 0) + 1;
    seqs.set(d, seq);
    const r = rnd();
    if (r < 0.4) out.push(sessionOp(d, seq));
    else if (r < 0.5 && seq > 2) {
      // the same record id as an earlier session of this device, different content
      const earlier = 1 + Math.floor(rnd() * (seq - 1));
      const op = sessionOp(d, seq);
      out.push({ ...op, payload: sessionRecord(d, earlier, { painAfter: Math.floor(rnd() * 10) }) } as Op);
    } else if (r < 0.7) out.push(nudgeOp(d, seq));
    else if (r < 0.75) out.push(legacyNudge(d, seq));
    else {
      const key = `routine.custom-${1 + Math.floor(rnd() * 3)}`;
      out.push(registerOp(d, seq, key, null, Date.UTC(2026, 10, 1) + Math.floor(rnd() * 1e6)));
    }
  }
  return out;
}
