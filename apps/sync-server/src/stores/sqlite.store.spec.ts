import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Op } from '@unknot/stretch-model';
import { sessionOps } from '../../test/support/ops.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite-migrations.js';
import { opJson, sha256Hex } from './store.js';
import { applySqliteMigrations, SqliteStore } from './sqlite.store.js';
import { runShareLinkConformance } from './share-link.conformance.js';
import { runAccountConformance } from './accounts.conformance.js';
import { runStoreConformance } from './store.conformance.js';

runAccountConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
  const store = new SqliteStore({ file: join(dir, 'unknot.db') });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

runStoreConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
  const store = new SqliteStore({ file: join(dir, 'unknot.db') });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

runShareLinkConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
  const store = new SqliteStore({ file: join(dir, 'unknot.db') });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

/** A database file in a directory of its own with the migrations before `version` applied (an older release's schema). */
function databaseBefore(version: number) {
  const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
  const file = join(dir, 'unknot.db');
  const old = new Database(file);
  applySqliteMigrations(
    old,
    SQLITE_MIGRATIONS.filter((m) => m.version < version),
  );
  return { dir, file, old };
}

describe('SqliteStore specifics', () => {
  it('applies migrations once and records them', () => {
    const db = new Database(':memory:');
    expect(applySqliteMigrations(db, SQLITE_MIGRATIONS)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(applySqliteMigrations(db, SQLITE_MIGRATIONS)).toEqual([]);
    const extra = [
      ...SQLITE_MIGRATIONS,
      { version: 100, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' },
    ];
    expect(applySqliteMigrations(db, extra)).toEqual([100]);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual([
      { version: 1, name: 'initial' },
      { version: 2, name: 'ops-append-order' },
      { version: 3, name: 'auth-sessions' },
      { version: 4, name: 'device-list' },
      { version: 5, name: 'snapshot-entries' },
      { version: 6, name: 'snapshot-order' },
      { version: 7, name: 'accounts' },
      { version: 8, name: 'share-links' },
      { version: 9, name: 'ops-integer-keys' },
      { version: 100, name: 'extra' },
    ]);
    db.close();
  });

  it('moves a version-1 log into the append-ordered table without losing or re-numbering an op', async () => {
    const { dir, file, old } = databaseBefore(2);
    const insert = old.prepare(
      'INSERT INTO ops (user_id, server_seq, op_id, content_hash, json) VALUES (?, ?, ?, ?, ?)',
    );
    const ops = sessionOps('w1', 1, 3);
    ops.forEach((op, i) => {
      const json = JSON.stringify(op);
      insert.run('u1', i + 1, op.opId, sha256Hex(json), json);
    });
    old.prepare('INSERT INTO heads (user_id, head) VALUES (?, ?)').run('u1', 3);
    old.close();

    const store = new SqliteStore({ file });
    expect((await store.readOps('u1', 0, 10)).map((o) => [o.opId, o.serverSeq])).toEqual(
      ops.map((op, i) => [op.opId, i + 1]),
    );
    // a retry of a migrated op is still recognised; a new op continues the numbering
    const again = await store.appendOps('u1', [...ops.slice(1, 2), ...sessionOps('w1', 4, 1)]);
    expect(again).toEqual([
      { status: 'duplicate', serverSeq: 2 },
      { status: 'applied', serverSeq: 4 },
    ]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keys the log by integers (migration 9): every stored opId one key, retries still found, numbering kept', async () => {
    const { dir, file, old } = databaseBefore(9);
    // today's opIds (device:seq) and ones older rules let in; each with its stored text
    const legacy = (opId: string, minute: number): Op => ({
      ...(sessionOps('w1', minute, 1)[0] as Op),
      opId,
    });
    const u1 = [
      ...sessionOps('w1', 1, 2), // w1:1, w1:2
      legacy('legacy', 3), // no colon
      legacy('w1:007', 4), // leading zeros: not the seq 7
      legacy('w1:', 5), // nothing after the colon
      legacy('a:b:12', 6), // device "a:b", seq 12
      legacy('w1:1234567890123456', 7), // 16 digits: kept whole
      legacy('w1:0', 8), // seq 0
    ];
    const u2 = sessionOps('w1', 1, 1); // the same opId as u1's first, another user
    const insert = old.prepare('INSERT INTO ops (user_id, server_seq, op_id, json) VALUES (?, ?, ?, ?)');
    for (const [i, op] of u1.entries()) insert.run('u1', i + 1, op.opId, opJson(op));
    for (const [i, op] of u2.entries()) insert.run('u2', i + 1, op.opId, opJson(op));
    old.prepare('INSERT INTO heads (user_id, head) VALUES (?, ?), (?, ?)').run('u1', u1.length, 'u2', 1);
    old.close();

    const store = new SqliteStore({ file, backgroundCheckpoint: false });
    expect((await store.readOps('u1', 0, 20)).map((o) => [o.opId, o.serverSeq])).toEqual(
      u1.map((op, i) => [op.opId, i + 1]),
    );
    expect((await store.readOps('u2', 0, 20)).map((o) => [o.opId, o.serverSeq])).toEqual([['w1:1', 1]]);
    // each stored op sent again is found by the key the store computes for it: the migration's
    // SQL and the store agree on every one of these ids
    expect(await store.appendOps('u1', u1)).toEqual(
      u1.map((_, i) => ({ status: 'duplicate', serverSeq: i + 1 })),
    );
    expect(await store.appendOps('u2', u2)).toEqual([{ status: 'duplicate', serverSeq: 1 }]);
    // ids that read like a stored one but are not it are new; the numbering goes on
    const near = [legacy('w1:7', 9), legacy('w1:00', 10), legacy('a:b:012', 11), legacy('a:b', 12)];
    expect(await store.appendOps('u1', near)).toEqual(
      near.map((_, i) => ({ status: 'applied', serverSeq: u1.length + 1 + i })),
    );
    await store.close();
    // the keys as worked out by hand from the ids
    const db = new Database(file, { readonly: true });
    const keys = db
      .prepare(
        `SELECT u.user_id AS user, o.server_seq AS at, d.device_id AS device, o.seq FROM ops o
           JOIN op_users u USING (user_key) JOIN op_devices d USING (device_key)
           ORDER BY o.id`,
      )
      .all();
    db.close();
    expect(keys).toEqual([
      { user: 'u1', at: 1, device: 'w1', seq: 1 },
      { user: 'u1', at: 2, device: 'w1', seq: 2 },
      { user: 'u1', at: 3, device: 'legacy', seq: -1 },
      { user: 'u1', at: 4, device: 'w1:007', seq: -1 },
      { user: 'u1', at: 5, device: 'w1:', seq: -1 },
      { user: 'u1', at: 6, device: 'a:b', seq: 12 },
      { user: 'u1', at: 7, device: 'w1:1234567890123456', seq: -1 },
      { user: 'u1', at: 8, device: 'w1', seq: 0 },
      { user: 'u2', at: 1, device: 'w1', seq: 1 },
      { user: 'u1', at: 9, device: 'w1', seq: 7 },
      { user: 'u1', at: 10, device: 'w1:00', seq: -1 },
      { user: 'u1', at: 11, device: 'a:b:012', seq: -1 },
      { user: 'u1', at: 12, device: 'a:b', seq: -1 },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the devices of a version-3 database, listed, with no pending time and none removed', async () => {
    const { dir, file, old } = databaseBefore(4);
    old
      .prepare(
        `INSERT INTO devices (device_id, user_id, name, kind, secret_hash, created_at, last_seen_at,
           last_sync_at, pending_ops, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run('watch-a', 'u1', 'watch', 'watch', 'cd'.repeat(32), 1000, 4000, 3000, 2, null);
    old.close();

    const store = new SqliteStore({ file });
    expect(await store.listDevices('u1')).toEqual([
      {
        deviceId: 'watch-a',
        userId: 'u1',
        name: 'watch',
        kind: 'watch',
        secretHash: 'cd'.repeat(32),
        createdAt: 1000,
        lastSeenAt: 4000,
        lastSyncAt: 3000,
        pendingOps: 2,
        pendingOpsAt: null,
        revokedAt: null,
      },
    ]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('splits a stored snapshot document into entries (migration 5) and pulls through the log index', async () => {
    const { dir, file, old } = databaseBefore(5);
    const [s1, s2] = sessionOps('w1', 1, 2).map((op) => op.payload);
    const doc = {
      serverSeq: 2,
      registers: { 'routine.x': { value: null, hlc: '000001000000000:00000:w1' } },
      sessions: [s1, s2],
      nudgeEvents: [],
    };
    old
      .prepare('INSERT INTO snapshots (user_id, server_seq, json) VALUES (?, ?, ?)')
      .run('u1', 2, JSON.stringify(doc));
    old.close();
    const store = new SqliteStore({ file });
    expect(await store.getSnapshot('u1')).toEqual(doc);
    await store.close();
    // a pull from a cursor walks the (user_id, server_seq) index, not the log
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT server_seq, json FROM ops WHERE user_key = ? AND server_seq > ? ORDER BY server_seq LIMIT ?',
      )
      .all(1, 0, 10) as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual([
      'SEARCH ops USING INDEX ops_by_seq (user_key=? AND server_seq>?)',
    ]);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the sort number of entries stored before migration 6 and reads a part in order through its index', async () => {
    const { dir, file, old } = databaseBefore(6);
    const [s1, s2, s3] = sessionOps('w1', 1, 3).map((op) => op.payload as { id: string; startedAt: number });
    const nudge = { id: 'w1:n1', deviceId: 'w1', nudgeId: 'w1:nudge1', at: 5, action: 'shown' };
    const insert = old.prepare('INSERT INTO snapshot_entries (user_id, part, key, json) VALUES (?, ?, ?, ?)');
    // stored in no particular order, as migration 5 or folds left them
    for (const s of [s3, s1, s2]) insert.run('u1', 'sessions', s?.id, JSON.stringify(s));
    insert.run('u1', 'nudgeEvents', nudge.id, JSON.stringify(nudge));
    old.prepare('INSERT INTO snapshot_heads (user_id, server_seq) VALUES (?, ?)').run('u1', 4);
    old.close();
    const store = new SqliteStore({ file });
    expect(await store.getSnapshotText('u1')).toEqual({
      serverSeq: 4,
      json: `{"serverSeq":4,"registers":{},"sessions":[${[s1, s2, s3].map((s) => JSON.stringify(s)).join(',')}],"nudgeEvents":[${JSON.stringify(nudge)}]}`,
    });
    expect((await store.getSnapshotEntries('u1', []))?.rules).toBeNull();
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(
      db
        .prepare("SELECT sort_at FROM snapshot_entries WHERE part = 'sessions' ORDER BY sort_at")
        .pluck()
        .all(),
    ).toEqual([s1?.startedAt, s2?.startedAt, s3?.startedAt]);
    // walked in order through the index: no sort step
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT json FROM snapshot_entries WHERE user_id = ? AND part = ? ORDER BY sort_at, key',
      )
      .all('u1', 'sessions') as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual([
      'SEARCH snapshot_entries USING INDEX snapshot_entries_in_order (user_id=? AND part=?)',
    ]);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('coalesces appends issued in the same tick into one transaction and survives reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const file = join(dir, 'unknot.db');
    const store = new SqliteStore({ file });
    const db = new Database(file, { readonly: true });
    const before = db.pragma('data_version', { simple: true });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.appendOps(`user-${i % 5}`, sessionOps(`dev${i}`, 1, 10))),
    );
    // data_version changes once per commit made by another connection
    const after = db.pragma('data_version', { simple: true });
    expect(Number(after) - Number(before)).toBe(1);
    expect(results.flat()).toHaveLength(500);
    await store.close();
    db.close();
    const reopened = new SqliteStore({ file });
    expect(await reopened.headSeq('user-0')).toBe(100);
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a head only once it is committed: after a refused commit the log goes on from the last one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const file = join(dir, 'unknot.db');
    await new SqliteStore({ file, backgroundCheckpoint: false }).close();
    // a cap of a few pages above the empty schema: the "disk" of this test
    const pages = (new Database(file).pragma('page_count', { simple: true }) as number) + 3;
    const store = new SqliteStore({ file, backgroundCheckpoint: false, maxPageCount: pages });
    expect(await store.headSeq('u')).toBe(0); // read before anything is written (remembered)
    expect((await store.appendOps('u', sessionOps('w', 1, 2))).map((r) => r.serverSeq)).toEqual([1, 2]);
    expect(await store.headSeq('u')).toBe(2);
    // one group commit: u's op fits, v's 300 sessions (~200 KB) do not; the transaction rolls
    // back as a whole, u's new head with it
    const [small, big] = await Promise.allSettled([
      store.appendOps('u', sessionOps('w', 3, 1)),
      store.appendOps('v', sessionOps('x', 1, 300)),
    ]);
    expect(small).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_FULL' } });
    expect(big).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_FULL' } });
    expect(await store.headSeq('u')).toBe(2);
    expect(await store.headSeq('v')).toBe(0);
    expect((await store.appendOps('u', sessionOps('w', 3, 1))).map((r) => r.serverSeq)).toEqual([3]);
    expect(await store.headSeq('u')).toBe(3);
    // the keys the refused commit made for v and its device x went with it: a new user and device
    // are given the same numbers now, and v's log stays empty
    expect((await store.appendOps('z', sessionOps('y', 1, 1))).map((r) => r.serverSeq)).toEqual([1]);
    expect(await store.readOps('v', 0, 10)).toEqual([]);
    expect((await store.readOps('z', 0, 10)).map((o) => o.opId)).toEqual(['y:1']);
    await store.close();
    const reopened = new SqliteStore({ file, backgroundCheckpoint: false });
    expect(await reopened.headSeq('u')).toBe(3);
    expect(await reopened.readOps('u', 0, 10)).toHaveLength(3);
    expect(await reopened.readOps('v', 0, 10)).toEqual([]);
    expect((await reopened.readOps('z', 0, 10)).map((o) => o.opId)).toEqual(['y:1']);
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with every head in memory when they fit, and reads the table once they do not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const file = join(dir, 'unknot.db');
    const first = new SqliteStore({ file, backgroundCheckpoint: false });
    for (let u = 1; u <= 5; u++) await first.appendOps(`u${u}`, sessionOps(`w${u}`, 1, u));
    await first.close();
    const expected = [1, 2, 3, 4, 5];
    // 5 heads, room for 10: all loaded; a user without a row has none
    const roomy = new SqliteStore({ file, backgroundCheckpoint: false, headCacheMax: 10 });
    expect(await Promise.all(expected.map((u) => roomy.headSeq(`u${u}`)))).toEqual(expected);
    expect(await roomy.headSeq('nobody')).toBe(0);
    await roomy.close();
    // room for 3 of 5: none is assumed missing, each is read
    const tight = new SqliteStore({ file, backgroundCheckpoint: false, headCacheMax: 3 });
    expect(await Promise.all(expected.map((u) => tight.headSeq(`u${u}`)))).toEqual(expected);
    await tight.close();
    // room for 6: all 5 loaded, then a sixth and a seventh user start the map again, after which
    // the first five are read from the table, not taken for new
    const filling = new SqliteStore({ file, backgroundCheckpoint: false, headCacheMax: 6 });
    await filling.appendOps('u6', sessionOps('w6', 1, 1));
    await filling.appendOps('u7', sessionOps('w7', 1, 2));
    expect(await Promise.all(expected.map((u) => filling.headSeq(`u${u}`)))).toEqual(expected);
    expect((await filling.appendOps('u1', sessionOps('w1', 2, 1))).map((r) => r.serverSeq)).toEqual([2]);
    expect(await filling.headSeq('u7')).toBe(2);
    await filling.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a session binding still gathering before browser sessions are ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const store = new SqliteStore({ file: join(dir, 'unknot.db'), backgroundCheckpoint: false });
    const session = (sessionId: string) => ({
      sessionId,
      userId: 'u',
      createdAt: 1,
      expiresAt: 10 ** 13,
      endedAt: null,
      webDeviceId: null,
    });
    await store.createSession(session('s1'));
    await store.createSession(session('s2'));
    await store.setSessionWebDevice('s1', 'web-a'); // committed at once: nothing was gathering
    // within the window of that commit: this one gathers, and the browser is revoked meanwhile
    const bound = store.setSessionWebDevice('s2', 'web-b');
    expect(await store.endUserSessions('u', 5, 'web-b')).toEqual(['s2']);
    await bound;
    expect((await store.getSession('s2'))?.endedAt).toBe(5);
    expect((await store.getSession('s1'))?.endedAt).toBeNull();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('under load commits at most once per window, with every append that arrived meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const run = async (commitWindowMs: number) => {
      const file = join(dir, `window-${commitWindowMs}.db`);
      const store = new SqliteStore({ file, commitWindowMs });
      // data_version changes when another connection has committed since this one last looked
      const db = new Database(file, { readonly: true });
      const version = () => Number(db.pragma('data_version', { simple: true }));
      await store.appendOps('user-a', sessionOps('dev-a', 1, 2)); // a commit: the window starts
      const committed = performance.now();
      const before = version();
      const first = store.appendOps('user-a', sessionOps('dev-a', 3, 2)).then(() => performance.now());
      let at50 = 0;
      const later = new Promise((r) => setTimeout(r, 50)).then(() => {
        at50 = version();
        return store.appendOps('user-b', sessionOps('dev-b', 1, 2));
      });
      const [firstAt, laterResults] = await Promise.all([first, later]);
      const after = version();
      expect(laterResults.map((r) => r.status)).toEqual(['applied', 'applied']);
      db.close();
      await store.close();
      return {
        committedBy50: at50 !== before,
        committedAfter50: after !== at50,
        waitedMs: firstAt - committed,
      };
    };
    // a 200 ms window: the append right after a commit waits for it, and the one 50 ms later
    // joins that same commit
    const windowed = await run(200);
    expect(windowed).toMatchObject({ committedBy50: false, committedAfter50: true });
    expect(windowed.waitedMs).toBeGreaterThanOrEqual(195);
    // no window: each is committed on its own next turn
    const none = await run(0);
    expect(none).toMatchObject({ committedBy50: true, committedAfter50: true });
    expect(none.waitedMs).toBeLessThan(50);
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits at once, inside the turn, when the appends gathered reach commitMaxOps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const run = async (commitMaxOps: number | undefined) => {
      const file = join(dir, `cap-${commitMaxOps ?? 'default'}.db`);
      // a long window, so that nothing but the cap commits within these turns
      const store = new SqliteStore({ file, commitWindowMs: 200, ...(commitMaxOps ? { commitMaxOps } : {}) });
      await store.appendOps('user-a', sessionOps('dev-a', 1, 1)); // the window starts now
      const db = new Database(file, { readonly: true });
      const rows = () => (db.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n;
      const seen: number[] = [];
      const a = store.appendOps('user-a', sessionOps('dev-a', 2, 4));
      const b = store.appendOps('user-b', sessionOps('dev-b', 1, 4));
      seen.push(rows());
      const c = store.appendOps('user-a', sessionOps('dev-a', 6, 4)); // 12 ops gathered
      seen.push(rows());
      const d = store.appendOps('user-b', sessionOps('dev-b', 5, 2));
      seen.push(rows());
      const seqs = (await Promise.all([a, b, c, d])).map((r) => r.map((x) => `${x.status}:${x.serverSeq}`));
      seen.push(rows());
      db.close();
      await store.close();
      return { seen, seqs };
    };
    const capped = await run(10);
    // the third append brought 12 ops: all three were committed before it returned; the fourth waits
    expect(capped.seen).toEqual([1, 13, 13, 15]);
    expect(capped.seqs).toEqual([
      ['applied:2', 'applied:3', 'applied:4', 'applied:5'],
      ['applied:1', 'applied:2', 'applied:3', 'applied:4'],
      ['applied:6', 'applied:7', 'applied:8', 'applied:9'],
      ['applied:5', 'applied:6'],
    ]);
    // the default (250 ops) is far above 14: everything waits for the window's commit
    expect((await run(undefined)).seen).toEqual([1, 1, 1, 15]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints a WAL that grew from writes that are not ops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const dbBytesAfterWrites = async (walWatchMs: number) => {
      const file = join(dir, `watch-${walWatchMs}.db`);
      const store = new SqliteStore({ file, walWatchMs });
      // accounts only: no op is appended, so the op count never asks for a checkpoint
      for (let i = 0; i < 300; i++)
        await store.ensureUser({ userId: `user-${i}`, displayName: `User ${i}`, email: null, createdAt: i });
      const walBytes = statSync(`${file}-wal`).size;
      await new Promise((r) => setTimeout(r, 600));
      // a checkpoint copies the pages into the database file
      const dbBytes = statSync(file).size;
      await store.close();
      return { walBytes, dbBytes };
    };
    const watched = await dbBytesAfterWrites(50);
    const unwatched = await dbBytesAfterWrites(3_600_000);
    expect(watched.walBytes).toBeGreaterThan(100_000);
    expect(unwatched.dbBytes).toBeLessThanOrEqual(4096);
    expect(watched.dbBytes).toBeGreaterThan(4 * 4096);
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a checkpoint once checkpointEveryOps ops were committed, not before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const dbBytesAfterOps = async (checkpointEveryOps: number | undefined) => {
      const file = join(dir, `ops-${checkpointEveryOps ?? 'default'}.db`);
      // no watch within the test: only the op count can ask for a checkpoint
      const store = new SqliteStore({
        file,
        walWatchMs: 3_600_000,
        ...(checkpointEveryOps ? { checkpointEveryOps } : {}),
      });
      for (let round = 0; round < 3; round++)
        await store.appendOps('user-a', sessionOps('dev-a', 1 + round * 50, 50));
      await store.appendOps('user-a', sessionOps('dev-a', 151, 1)); // a commit after the 150th op
      await new Promise((r) => setTimeout(r, 500));
      const dbBytes = statSync(file).size;
      await store.close();
      return dbBytes;
    };
    // 151 ops: past a threshold of 100, so the checkpointer copied the pages into the database file
    expect(await dbBytesAfterOps(100)).toBeGreaterThan(20 * 4096);
    // the default (10,000) is far from 151: everything is still in the WAL, the file at its first page
    expect(await dbBytesAfterOps(undefined)).toBeLessThanOrEqual(4096);
    rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints such writes again after the WAL was reset, when they do not grow its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const file = join(dir, 'reset.db');
    const store = new SqliteStore({ file, walWatchMs: 50 });
    const users = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++)
        await store.ensureUser({ userId: `user-${i}`, displayName: `User ${i}`, email: null, createdAt: i });
    };
    await users(0, 300);
    await new Promise((r) => setTimeout(r, 400)); // checkpointed: the pages are in the database file
    const firstDb = statSync(file).size;
    const walAfterFirst = statSync(`${file}-wal`).size;
    // fewer writes than before: SQLite reuses the WAL from its start, so its file does not grow
    await users(300, 100);
    expect(statSync(`${file}-wal`).size).toBe(walAfterFirst);
    await new Promise((r) => setTimeout(r, 400));
    expect(statSync(file).size).toBeGreaterThan(firstDb);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewinds the WAL under steady appends once it reached walResetFrames, losing no op', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    // The WAL header's checkpoint sequence number (bytes 12 – 15) goes up by one each time SQLite
    // starts the WAL again from its beginning.
    const walSequence = (file: string) => {
      const header = readFileSync(`${file}-wal`).subarray(0, 16);
      return header.length === 16 ? header.readUInt32BE(12) : -1;
    };
    const steadyAppends = async (walResetFrames: number) => {
      const file = join(dir, `steady-${walResetFrames}.db`);
      const store = new SqliteStore({
        file,
        walResetFrames,
        checkpointEveryOps: 100,
        walWatchMs: 3_600_000,
        commitWindowMs: 0,
      });
      const sequences = new Set<number>();
      const sample = setInterval(() => sequences.add(walSequence(file)), 5);
      const users = 20;
      let pushes = 0;
      // one push a turn, each awaited: a commit every turn, so every checkpoint overlaps commits
      const until = performance.now() + 1200;
      while (performance.now() < until) {
        const u = pushes % users;
        await store.appendOps(`user-${u}`, sessionOps(`dev-${u}`, 1 + 5 * Math.floor(pushes / users), 5));
        pushes += 1;
      }
      clearInterval(sample);
      sequences.add(walSequence(file));
      // every acknowledged op is in the log once, in order
      let stored = 0;
      for (let u = 0; u < users; u++) {
        const ops = await store.readOps(`user-${u}`, 0, 1_000_000);
        expect(ops.map((o) => o.serverSeq)).toEqual(ops.map((_, i) => i + 1));
        expect(await store.headSeq(`user-${u}`)).toBe(ops.length);
        stored += ops.length;
      }
      expect(stored).toBe(pushes * 5);
      await store.close();
      return { rewinds: sequences.size - 1, pushes };
    };
    const caughtUp = await steadyAppends(20);
    const left = await steadyAppends(Number.POSITIVE_INFINITY);
    expect(caughtUp.pushes).toBeGreaterThan(300);
    expect(left.pushes).toBeGreaterThan(300);
    // Without the catch-up nearly every checkpoint meets a commit, and the WAL is rewound only when
    // one happens to end between two (13 – 21 times in 1.2 s here, against 74 – 186 with it).
    expect(caughtUp.rewinds).toBeGreaterThanOrEqual(5);
    expect(caughtUp.rewinds).toBeGreaterThan(2 * left.rewinds);
    rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints the WAL off the event loop, keeps duplicates recognised, and closes cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unknot-sqlite-'));
    const file = join(dir, 'unknot.db');
    const store = new SqliteStore({ file, checkpointEveryOps: 1000 });
    // past checkpointEveryOps, so the checkpointer thread starts and runs while appends go on
    for (let round = 0; round < 6; round++)
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.appendOps(`user-${i % 2}`, sessionOps(`dev${i}`, 1 + round * 50, 50)),
        ),
      );
    const again = await store.appendOps('user-0', sessionOps('dev0', 1, 3));
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.map((r) => r.serverSeq)).toEqual([1, 2, 3]);
    expect(await store.headSeq('user-0')).toBe(1500);
    await store.close();
    // the last connection closed checkpointed everything and removed the WAL
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SqliteStore({ file });
    expect(await reopened.headSeq('user-1')).toBe(1500);
    expect((await reopened.readOps('user-1', 1499, 10)).map((o) => o.serverSeq)).toEqual([1500]);
    await reopened.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
