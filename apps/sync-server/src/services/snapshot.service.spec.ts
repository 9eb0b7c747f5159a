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

describe('the background check of stored snapshots after a change of the rules', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A real SQLite file whose snapshot scans are recorded (user of each page, in order). */
  function recordingStore() {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-snap-'));
    dirs.push(dir);
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    const scan = store.scanSnapshot.bind(store);
    const scans: string[] = [];
    store.scanSnapshot = (userId, ...rest) => {
      scans.push(userId);
      return scan(userId, ...rest);
    };
    return { store, scans };
  }
  const service = (store: SqliteStore, rules: string, backgroundBatch?: number) =>
    new SnapshotService(store, createLogger('silent'), 500, { checkPage: 16, rules, backgroundBatch });
  const watchOf = (userId: string, lastSeenAt: number) => ({
    deviceId: `${userId}-w`,
    userId,
    name: 'watch',
    kind: 'watch' as const,
    secretHash: 'ab'.repeat(32),
    createdAt: 1_000,
    lastSeenAt,
    lastSyncAt: null,
    pendingOps: null,
    revokedAt: null,
  });
  /** `n` sessions folded under `rules` into `userId`'s stored snapshot, its watch last seen at `seen`. */
  async function userWith(store: SqliteStore, userId: string, n: number, seen: number, rules: string) {
    await store.appendOps(
      userId,
      Array.from({ length: n }, (_, i) => sessionOp('w1', i + 1)),
    );
    await service(store, rules).refresh(userId);
    expect(await store.createDevice(watchOf(userId, seen))).toBe(true);
  }
  /** A snapshot an older server stored with a record today's rules refuse (and its log). */
  async function legacyUser(store: SqliteStore, userId: string, seen: number) {
    await store.appendOps(userId, [sessionOp('w1', 1), legacyNudge('w1', 2)]);
    const legacy = legacyNudge('w1', 2).payload as Snapshot['nudgeEvents'][number];
    await store.putSnapshot(userId, { serverSeq: 2, registers: {}, sessions: [], nudgeEvents: [legacy] });
    expect(await store.createDevice(watchOf(userId, seen))).toBe(true);
  }

  it('checks each one once, most recently active first; a device after it waits for no check', async () => {
    const { store, scans } = recordingStore();
    await userWith(store, 'u1', 40, 1_000, 'rules-1'); // 40 entries: 3 pages of 16
    await userWith(store, 'u2', 20, 3_000, 'rules-1'); // 2 pages
    await legacyUser(store, 'u3', 2_000); // 1 page, fails, rebuilt
    await userWith(store, 'u4', 5, 4_000, 'rules-2'); // checked under today's rules already
    const upgraded = service(store, 'rules-2', 2);
    const result = await upgraded.startBackgroundCheck();
    expect(result).toEqual({ users: 3, entries: 40 + 20 + 1, complete: true });
    expect(scans).toEqual(['u2', 'u2', 'u3', 'u1', 'u1', 'u1']);
    for (const u of ['u1', 'u2', 'u3'])
      expect((await store.getSnapshotEntries(u, []))?.rules).toBe('rules-2');
    // the record today's rules refuse was never kept: rebuilt from the log without it
    const rebuilt = await store.getSnapshot('u3');
    expect(rebuilt?.nudgeEvents).toEqual([]);
    expect(rebuilt?.sessions).toHaveLength(1);
    // new devices now, on this instance and after a restart: served with no scan at all
    scans.length = 0;
    expect(JSON.parse((await upgraded.latestText('u1'))?.json ?? 'null').sessions).toHaveLength(40);
    expect((await service(store, 'rules-2').latestText('u2'))?.serverSeq).toBe(20);
    expect(scans).toEqual([]);
    // a second start under the same rules does not even list the users again
    const list = store.snapshotsToCheck.bind(store);
    let listed = 0;
    store.snapshotsToCheck = (...args) => {
      listed++;
      return list(...args);
    };
    expect(await service(store, 'rules-2').startBackgroundCheck()).toEqual({
      users: 0,
      entries: 0,
      complete: true,
    });
    expect(listed).toBe(0);
    // new rules again: listed and checked again
    expect((await service(store, 'rules-3').startBackgroundCheck()).users).toBe(4);
    expect(listed).toBe(1);
    store.close();
  });

  it('serves a device arriving meanwhile a checked snapshot at once, ahead of the queue', async () => {
    const { store, scans } = recordingStore();
    await userWith(store, 'busy', 160, 9_000, 'rules-1'); // first in line: 10 pages
    await legacyUser(store, 'late', 1_000); // last in line
    const upgraded = service(store, 'rules-2');
    let backgroundDone = false;
    const background = upgraded.startBackgroundCheck().then((r) => {
      backgroundDone = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(scans).toEqual(['busy']);
    // the device of the user the check has not reached: its own check runs now, and what it is
    // served passes today's rules (the refused record left out), before the busy user is done
    const served = JSON.parse((await upgraded.latestText('late'))?.json ?? 'null') as Snapshot;
    expect(backgroundDone).toBe(false);
    expect(validateSnapshot(served).ok).toBe(true);
    expect(served.nudgeEvents).toEqual([]);
    expect(served.sessions).toHaveLength(1);
    // one arriving during the busy user's check waits for that same check
    const busy = await upgraded.latestText('busy');
    expect(JSON.parse(busy?.json ?? 'null').sessions).toHaveLength(160);
    // 160 entries, 16 a page: ten pages and the empty one that ends the scan
    expect(scans.filter((u) => u === 'busy')).toHaveLength(11);
    // the background pass does not check the late user again
    // (the entries count every check while it ran: the late user's own one too)
    expect(await background).toEqual({ users: 2, entries: 161, complete: true });
    expect(scans.filter((u) => u === 'late')).toHaveLength(1);
    store.close();
  });

  it('stops at shutdown between users, leaving the rest to be checked on demand', async () => {
    const { store, scans } = recordingStore();
    await userWith(store, 'u1', 20, 2_000, 'rules-1');
    await userWith(store, 'u2', 20, 1_000, 'rules-1');
    const upgraded = service(store, 'rules-2');
    const background = upgraded.startBackgroundCheck();
    await upgraded.stopBackgroundCheck();
    expect(await background).toEqual({ users: 0, entries: 0, complete: false });
    expect(scans).toEqual([]);
    expect((await store.getSnapshotEntries('u2', []))?.rules).toBe('rules-1');
    expect((await upgraded.latestText('u2'))?.serverSeq).toBe(20);
    expect(scans).toEqual(['u2', 'u2']);
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

describe('background folds', () => {
  it('folds at most foldConcurrency users in one event-loop turn, and every due user in the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-snap-'));
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    const users = 12;
    // Users whose folds read ops in one turn of the event loop: a ticker on setImmediate counts the
    // turns, and each fold step reads its page of ops once.
    const readers = new Map<number, Set<string>>();
    let turn = 0;
    const readOps = store.readOps.bind(store);
    store.readOps = (userId, afterSeq, limit) => {
      const set = readers.get(turn) ?? new Set<string>();
      set.add(userId);
      readers.set(turn, set);
      return readOps(userId, afterSeq, limit);
    };
    const foldAll = async (prefix: string, foldConcurrency: number) => {
      for (let u = 0; u < users; u++)
        for (let k = 0; k < 6; k++)
          await store.appendOps(
            `${prefix}${u}`,
            [1, 2, 3, 4, 5].map((i) => sessionOp(`w${u}`, k * 5 + i)),
          );
      // every 20 ops, 5 a step: each user's fold of its 30 ops takes 6 steps, one a turn
      const snapshots = new SnapshotService(store, createLogger('silent'), 20, {
        foldChunk: 5,
        foldConcurrency,
      });
      readers.clear();
      let ticking = true;
      const tick = () => {
        turn += 1;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      for (let u = 0; u < users; u++) snapshots.noteAppended(`${prefix}${u}`, 30);
      await snapshots.idle();
      ticking = false;
      for (let u = 0; u < users; u++)
        expect((await store.getSnapshotEntries(`${prefix}${u}`, []))?.serverSeq).toBe(30);
      return Math.max(...[...readers.values()].map((s) => s.size));
    };
    expect(await foldAll('bounded-', 2)).toBe(2);
    // without the bound every due user takes a step in the same turn
    expect(await foldAll('unbounded-', Number.POSITIVE_INFINITY)).toBe(users);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops the folds still waiting for a place at shutdown and finishes the running ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-snap-'));
    const store = new SqliteStore({ file: join(dir, 'unknot.db') });
    const users = 8;
    for (let u = 0; u < users; u++)
      for (let k = 0; k < 6; k++)
        await store.appendOps(
          `u${u}`,
          [1, 2, 3, 4, 5].map((i) => sessionOp(`w${u}`, k * 5 + i)),
        );
    const snapshots = new SnapshotService(store, createLogger('silent'), 20, {
      foldChunk: 5,
      foldConcurrency: 2,
    });
    for (let u = 0; u < users; u++) snapshots.noteAppended(`u${u}`, 30);
    // two turns: the first two folds have their places and have begun
    for (let t = 0; t < 2; t++) await new Promise((r) => setImmediate(r));
    snapshots.stopFolds();
    snapshots.noteAppended('u7', 30); // nothing new starts after the stop
    await snapshots.idle();
    const heads = [];
    for (let u = 0; u < users; u++) heads.push((await store.getSnapshotEntries(`u${u}`, []))?.serverSeq ?? 0);
    expect(heads).toEqual([30, 30, 0, 0, 0, 0, 0, 0]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
