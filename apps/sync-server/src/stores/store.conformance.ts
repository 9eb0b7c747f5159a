/**
 * The one behaviour every Store must have. Run by `sqlite.store.spec.ts` and
 * `firestore.store.spec.ts`; a new store passes this before it is used.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlcAt, registerOp, sessionOp, sessionOps, sessionRecord } from '../../test/support/ops.js';
import type { DeviceRecord, Store } from './store.js';

export interface StoreHarness {
  store: Store;
  /** tears down whatever the factory started */
  dispose(): Promise<void>;
}

function device(userId: string, deviceId: string, createdAt = 1000): DeviceRecord {
  return {
    deviceId,
    userId,
    name: `watch ${deviceId}`,
    kind: 'watch',
    secretHash: 'ab'.repeat(32),
    createdAt,
    lastSeenAt: null,
    lastSyncAt: null,
    pendingOps: null,
    pendingOpsAt: null,
    revokedAt: null,
  };
}

export function runStoreConformance(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`Store conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    // every test uses fresh ids so the suite can share one database
    const uid = () => `u-${randomUUID().slice(0, 8)}`;
    const did = () => `d${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      h = await createHarness();
      store = h.store;
    });
    afterAll(async () => {
      await h?.dispose();
    });

    it('allocates serverSeq 1, 2, 3 … per user and reads them back in order', async () => {
      const u = uid();
      const d = did();
      expect(await store.headSeq(u)).toBe(0);
      const r1 = await store.appendOps(u, sessionOps(d, 1, 3));
      expect(r1).toEqual([
        { status: 'applied', serverSeq: 1 },
        { status: 'applied', serverSeq: 2 },
        { status: 'applied', serverSeq: 3 },
      ]);
      const r2 = await store.appendOps(u, [registerOp(d, 4)]);
      expect(r2).toEqual([{ status: 'applied', serverSeq: 4 }]);
      expect(await store.headSeq(u)).toBe(4);
      const all = await store.readOps(u, 0, 100);
      expect(all.map((o) => o.serverSeq)).toEqual([1, 2, 3, 4]);
      expect(all[0]).toEqual({ ...sessionOp(d, 1), serverSeq: 1 });
      expect(all[3]).toEqual({ ...registerOp(d, 4), serverSeq: 4 });
      expect((await store.readOps(u, 1, 2)).map((o) => o.serverSeq)).toEqual([2, 3]);
      expect(await store.readOps(u, 4, 10)).toEqual([]);
    });

    it('keeps users apart', async () => {
      const a = uid();
      const b = uid();
      await store.appendOps(a, sessionOps('da', 1, 2));
      const rb = await store.appendOps(b, sessionOps('db', 1, 1));
      expect(rb).toEqual([{ status: 'applied', serverSeq: 1 }]);
      expect((await store.readOps(b, 0, 10)).map((o) => o.deviceId)).toEqual(['db']);
      expect(await store.headSeq(a)).toBe(2);
    });

    it('acknowledges a retried op with its original serverSeq and stores it once', async () => {
      const u = uid();
      const d = did();
      await store.appendOps(u, sessionOps(d, 1, 2));
      const again = await store.appendOps(u, [sessionOp(d, 2), sessionOp(d, 3), sessionOp(d, 1)]);
      expect(again).toEqual([
        { status: 'duplicate', serverSeq: 2 },
        { status: 'applied', serverSeq: 3 },
        { status: 'duplicate', serverSeq: 1 },
      ]);
      // the same op twice in one batch
      const twice = await store.appendOps(u, [sessionOp(d, 4), sessionOp(d, 4)]);
      expect(twice).toEqual([
        { status: 'applied', serverSeq: 4 },
        { status: 'duplicate', serverSeq: 4 },
      ]);
      expect(await store.headSeq(u)).toBe(4);
      expect(await store.readOps(u, 0, 100)).toHaveLength(4);
    });

    it('reports a reused opId with different content as a conflict', async () => {
      const u = uid();
      const d = did();
      await store.appendOps(u, [sessionOp(d, 1)]);
      const res = await store.appendOps(u, [sessionOp(d, 1, { painAfter: 0 })]);
      expect(res).toEqual([{ status: 'conflict', serverSeq: 1 }]);
      expect(await store.headSeq(u)).toBe(1);
    });

    it('allocates without gaps or duplicates under concurrent appends', async () => {
      const u = uid();
      const devices = [did(), did(), did(), did()];
      const batches = devices.flatMap((d) => [sessionOps(d, 1, 5), sessionOps(d, 6, 5), sessionOps(d, 1, 5)]);
      const results = await Promise.all(batches.map((b) => store.appendOps(u, b)));
      const applied = results.flat().filter((r) => r.status === 'applied');
      expect(applied).toHaveLength(40);
      expect(applied.map((r) => r.serverSeq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      const log = await store.readOps(u, 0, 1000);
      expect(log.map((o) => o.serverSeq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(log.map((o) => o.opId)).size).toBe(40);
    });

    it('stores snapshots and never replaces a newer one with an older one', async () => {
      const u = uid();
      expect(await store.getSnapshot(u)).toBeNull();
      const snap = {
        serverSeq: 5,
        registers: { 'routine.x': { value: null, hlc: 'h' } },
        sessions: [],
        nudgeEvents: [],
      };
      await store.putSnapshot(u, snap);
      expect(await store.getSnapshot(u)).toEqual(snap);
      await store.putSnapshot(u, { ...snap, serverSeq: 3, registers: {} });
      expect(await store.getSnapshot(u)).toEqual(snap);
      // the same position rebuilt replaces it
      const rebuilt = { ...snap, registers: {} };
      await store.putSnapshot(u, rebuilt);
      expect(await store.getSnapshot(u)).toEqual(rebuilt);
      const newer = { ...snap, serverSeq: 9 };
      await store.putSnapshot(u, newer);
      expect(await store.getSnapshot(u)).toEqual(newer);
    });

    it('updates a snapshot by its changed entries only while it stands where the delta starts', async () => {
      const u = uid();
      const d = did();
      const s1 = sessionRecord(d, 1);
      const s2 = sessionRecord(d, 2);
      const s3 = sessionRecord(d, 3);
      const reg = { value: null, hlc: hlcAt(1000, 0, d) };
      expect(await store.getSnapshotEntries(u, [])).toEqual({ serverSeq: 0, entries: [], rules: null });
      // nothing stored: a delta must start at 0
      expect(await store.updateSnapshot(u, { fromSeq: 3, serverSeq: 5, entries: [] })).toBe(false);
      expect(await store.getSnapshot(u)).toBeNull();
      const first = [
        { part: 'sessions' as const, key: s2.id, value: s2 },
        { part: 'registers' as const, key: 'routine.x', value: reg },
        { part: 'sessions' as const, key: s1.id, value: s1 },
      ];
      expect(await store.updateSnapshot(u, { fromSeq: 0, serverSeq: 4, entries: first })).toBe(true);
      // served in the snapshot order: sessions by start
      expect(await store.getSnapshot(u)).toEqual({
        serverSeq: 4,
        registers: { 'routine.x': reg },
        sessions: [s1, s2],
        nudgeEvents: [],
      });
      // a stale writer (still at 0) changes nothing
      expect(await store.updateSnapshot(u, { fromSeq: 0, serverSeq: 9, entries: first })).toBe(false);
      const reg2 = { value: null, hlc: hlcAt(2000, 0, d) };
      const delta = [
        { part: 'registers' as const, key: 'routine.x', value: reg2 },
        { part: 'sessions' as const, key: s3.id, value: s3 },
      ];
      expect(await store.updateSnapshot(u, { fromSeq: 4, serverSeq: 7, entries: delta })).toBe(true);
      const read = await store.getSnapshotEntries(u, [
        { part: 'registers', key: 'routine.x' },
        { part: 'sessions', key: s1.id },
        { part: 'sessions', key: 'missing' },
        { part: 'nudgeEvents', key: s1.id },
      ]);
      expect(read).toEqual({
        serverSeq: 7,
        entries: [
          { part: 'registers', key: 'routine.x', value: reg2 },
          { part: 'sessions', key: s1.id, value: s1 },
        ],
        rules: null,
      });
      // page through every entry in (part, key) order
      const keys: string[] = [];
      let after: { part: 'registers' | 'sessions' | 'nudgeEvents'; key: string } | null = null;
      for (;;) {
        const page = await store.scanSnapshot(u, after, 2);
        keys.push(...page.map((e) => `${e.part}/${e.key}`));
        const last = page.at(-1);
        if (!last || page.length < 2) break;
        after = { part: last.part, key: last.key };
      }
      expect(keys).toEqual([
        'registers/routine.x',
        ...[s1.id, s2.id, s3.id].sort().map((k) => `sessions/${k}`),
      ]);
      // a full put at the same position replaces every entry
      await store.putSnapshot(u, { serverSeq: 7, registers: {}, sessions: [s2], nudgeEvents: [] });
      expect(await store.getSnapshot(u)).toEqual({
        serverSeq: 7,
        registers: {},
        sessions: [s2],
        nudgeEvents: [],
      });
      expect(await store.scanSnapshot(u, null, 10)).toEqual([{ part: 'sessions', key: s2.id, value: s2 }]);
    });

    it("serves the snapshot as JSON text in the core's order, assembled from the stored entries", async () => {
      const u = uid();
      expect(await store.getSnapshotText(u)).toBeNull();
      const d = did();
      // sessions: keys not in start order, two starting at the same minute (then by id)
      const late = sessionRecord(d, 9);
      const early = sessionRecord(d, 2);
      const tieA = { ...sessionRecord(d, 5), id: `${d}:a-tie` };
      const tieB = { ...sessionRecord(d, 5), id: `${d}:b-tie` };
      const nudgeLate = { id: `${d}:n1`, deviceId: d, nudgeId: `${d}:nudge1`, at: 3000, action: 'shown' };
      const nudgeEarly = { id: `${d}:n2`, deviceId: d, nudgeId: `${d}:nudge2`, at: 1000, action: 'shown' };
      const regZ = { value: { name: 'z' }, hlc: hlcAt(1000, 0, d) };
      const regA = { value: null, hlc: hlcAt(2000, 0, d) };
      const entries = [
        { part: 'sessions' as const, key: tieB.id, value: tieB },
        { part: 'registers' as const, key: 'routine.z', value: regZ },
        { part: 'sessions' as const, key: late.id, value: late },
        { part: 'nudgeEvents' as const, key: nudgeLate.id, value: nudgeLate },
        { part: 'sessions' as const, key: early.id, value: early },
        { part: 'registers' as const, key: 'routine.a', value: regA },
        { part: 'sessions' as const, key: tieA.id, value: tieA },
        { part: 'nudgeEvents' as const, key: nudgeEarly.id, value: nudgeEarly },
      ];
      expect(await store.updateSnapshot(u, { fromSeq: 0, serverSeq: 12, entries })).toBe(true);
      const j = JSON.stringify;
      // written out by hand: serverSeq, registers by key, sessions by startedAt then id, nudges by at
      const expected =
        `{"serverSeq":12,"registers":{"routine.a":${j(regA)},"routine.z":${j(regZ)}},` +
        `"sessions":[${j(early)},${j(tieA)},${j(tieB)},${j(late)}],` +
        `"nudgeEvents":[${j(nudgeEarly)},${j(nudgeLate)}]}`;
      expect(await store.getSnapshotText(u)).toEqual({ serverSeq: 12, json: expected });
      expect(await store.getSnapshot(u)).toEqual(JSON.parse(expected));
      // an entry folded again moves to its new place (its sort number is rewritten with it)
      const moved = { ...late, startedAt: early.startedAt - 60_000 };
      const delta = [{ part: 'sessions' as const, key: late.id, value: moved }];
      expect(await store.updateSnapshot(u, { fromSeq: 12, serverSeq: 13, entries: delta })).toBe(true);
      const text = await store.getSnapshotText(u);
      expect(text?.serverSeq).toBe(13);
      expect(
        (JSON.parse(text?.json ?? 'null') as { sessions: { id: string }[] }).sessions.map((x) => x.id),
      ).toEqual([late.id, early.id, tieA.id, tieB.id]);
      // a full put is served the same way
      await store.putSnapshot(u, { serverSeq: 14, registers: {}, sessions: [early, late], nudgeEvents: [] });
      expect(await store.getSnapshotText(u)).toEqual({
        serverSeq: 14,
        json: `{"serverSeq":14,"registers":{},"sessions":[${j(early)},${j(late)}],"nudgeEvents":[]}`,
      });
    });

    it('keeps the rules that checked or wrote the stored snapshot, and forgets them on a mix', async () => {
      const u = uid();
      const d = did();
      const e = (n: number) => [
        { part: 'sessions' as const, key: sessionRecord(d, n).id, value: sessionRecord(d, n) },
      ];
      const rulesOf = async () => (await store.getSnapshotEntries(u, []))?.rules;
      // a first delta holds only its writer's entries
      expect(await store.updateSnapshot(u, { fromSeq: 0, serverSeq: 1, entries: e(1), rules: 'r1' })).toBe(
        true,
      );
      expect(await rulesOf()).toBe('r1');
      expect(await store.updateSnapshot(u, { fromSeq: 1, serverSeq: 2, entries: e(2), rules: 'r1' })).toBe(
        true,
      );
      expect(await rulesOf()).toBe('r1');
      // a writer under other rules: the entries are of two rule sets now
      expect(await store.updateSnapshot(u, { fromSeq: 2, serverSeq: 3, entries: e(3), rules: 'r2' })).toBe(
        true,
      );
      expect(await rulesOf()).toBeNull();
      // a check marks the snapshot where it stood, not one that moved on
      expect(await store.markSnapshotChecked(u, 2, 'r2')).toBe(false);
      expect(await rulesOf()).toBeNull();
      expect(await store.markSnapshotChecked(u, 3, 'r2')).toBe(true);
      expect(await rulesOf()).toBe('r2');
      // a writer that names no rules clears them; a full put sets its own
      expect(await store.updateSnapshot(u, { fromSeq: 3, serverSeq: 4, entries: e(4) })).toBe(true);
      expect(await rulesOf()).toBeNull();
      await store.putSnapshot(u, { serverSeq: 5, registers: {}, sessions: [], nudgeEvents: [] }, 'r3');
      expect(await rulesOf()).toBe('r3');
      await store.putSnapshot(u, { serverSeq: 6, registers: {}, sessions: [], nudgeEvents: [] });
      expect(await rulesOf()).toBeNull();
      expect(await store.markSnapshotChecked(uid(), 0, 'r1')).toBe(false);
    });

    it('lists the snapshots other rules checked, the most recently active user first', async () => {
      const empty = { registers: {}, sessions: [], nudgeEvents: [] };
      const [a, b, c, d, e, f] = [uid(), uid(), uid(), uid(), uid(), uid()];
      await store.putSnapshot(a, { serverSeq: 3, ...empty }, 'old'); // other rules, contact at 5,000
      await store.putSnapshot(b, { serverSeq: 4, ...empty }); // none, contact at 9,000
      await store.putSnapshot(c, { serverSeq: 5, ...empty }, 'now'); // checked under today's: not listed
      await store.putSnapshot(d, { serverSeq: 6, ...empty }, 'old'); // no device: last
      await store.putSnapshot(e, { serverSeq: 7, ...empty }, 'old'); // never seen: its creation, 7,000
      await store.putSnapshot(f, { serverSeq: 0, ...empty }, 'old'); // nothing folded yet: not listed
      const dev = (userId: string, createdAt: number) => device(userId, did(), createdAt);
      const a1 = dev(a, 1_000);
      const a2 = dev(a, 2_000);
      const b1 = dev(b, 1_000);
      for (const x of [a1, a2, b1, dev(c, 1_000), dev(e, 7_000)])
        expect(await store.createDevice(x)).toBe(true);
      await store.updateDeviceStats(
        new Map([
          [a1.deviceId, { lastSeenAt: 5_000 }],
          [a2.deviceId, { lastSeenAt: 3_000 }],
          [b1.deviceId, { lastSeenAt: 9_000 }],
        ]),
      );
      const mine = new Set([a, b, c, d, e, f]);
      // the database may hold other tests' users: keep this test's, in the order given
      const listed = (await store.snapshotsToCheck('now', 100_000)).filter((u) => mine.has(u));
      expect(listed).toEqual([b, e, a, d]);
      // a check under today's rules takes a user off the list
      expect(await store.markSnapshotChecked(b, 4, 'now')).toBe(true);
      expect((await store.snapshotsToCheck('now', 100_000)).filter((u) => mine.has(u))).toEqual([e, a, d]);
      expect(await store.snapshotsToCheck('now', 0)).toEqual([]);
    });

    it('creates users once and keeps meta values', async () => {
      const u = uid();
      expect(await store.getUser(u)).toBeNull();
      const rec = { userId: u, displayName: 'Ada', email: 'ada@example.com', createdAt: 42 };
      expect(await store.ensureUser(rec)).toEqual(rec);
      expect(await store.ensureUser({ ...rec, displayName: 'Other', createdAt: 99 })).toEqual(rec);
      const key = `k-${u}`;
      expect(await store.getMeta(key)).toBeNull();
      await store.setMeta(key, 'v1');
      await store.setMeta(key, 'v2');
      expect(await store.getMeta(key)).toBe('v2');
    });

    it('creates, lists, updates and revokes devices', async () => {
      const u = uid();
      const other = uid();
      const d1 = device(u, did(), 1000);
      const d2 = { ...device(u, did(), 2000), kind: 'web' as const, secretHash: null };
      expect(await store.createDevice(d1)).toBe(true);
      expect(await store.createDevice(d2)).toBe(true);
      expect(await store.createDevice({ ...d1, userId: other })).toBe(false);
      expect(await store.getDevice(d1.deviceId)).toEqual(d1);
      expect((await store.listDevices(u)).map((d) => d.deviceId)).toEqual([d1.deviceId, d2.deviceId]);
      expect(await store.listDevices(other)).toEqual([]);
      await store.updateDeviceStats(
        new Map([
          [d1.deviceId, { lastSeenAt: 5000, lastSyncAt: 5000, pendingOps: 3 }],
          [d2.deviceId, { lastSeenAt: 6000 }],
        ]),
      );
      const after = await store.getDevice(d1.deviceId);
      expect(after).toMatchObject({ lastSeenAt: 5000, lastSyncAt: 5000, pendingOps: 3 });
      expect(await store.getDevice(d2.deviceId)).toMatchObject({ lastSeenAt: 6000, lastSyncAt: null });
      expect(await store.revokeDevice(other, d1.deviceId, 7000)).toBe(false);
      expect((await store.getDevice(d1.deviceId))?.revokedAt).toBeNull();
      expect(await store.revokeDevice(u, d1.deviceId, 7000)).toBe(true);
      expect((await store.getDevice(d1.deviceId))?.revokedAt).toBe(7000);
      expect(await store.revokeDevice(u, 'missing-device', 7000)).toBe(false);
    });

    it('keeps the time a pending count was reported, and both stay until the next report', async () => {
      const u = uid();
      const d = device(u, did());
      await store.createDevice(d);
      await store.updateDeviceStats(
        new Map([[d.deviceId, { lastSeenAt: 5000, pendingOps: 2, pendingOpsAt: 5000 }]]),
      );
      await store.updateDeviceStats(new Map([[d.deviceId, { lastSeenAt: 9000 }]]));
      expect(await store.getDevice(d.deviceId)).toMatchObject({
        lastSeenAt: 9000,
        pendingOps: 2,
        pendingOpsAt: 5000,
      });
      await store.updateDeviceStats(new Map([[d.deviceId, { pendingOps: 0, pendingOpsAt: 9500 }]]));
      expect(await store.getDevice(d.deviceId)).toMatchObject({ pendingOps: 0, pendingOpsAt: 9500 });
    });

    it('renames a device of its owner only, and lists the new name', async () => {
      const u = uid();
      const other = uid();
      const d = device(u, did());
      await store.createDevice(d);
      expect(await store.renameDevice(other, d.deviceId, 'Not yours')).toBe(false);
      expect((await store.getDevice(d.deviceId))?.name).toBe(d.name);
      expect(await store.renameDevice(u, 'missing-device', 'Nothing')).toBe(false);
      expect(await store.renameDevice(u, d.deviceId, 'Kitchen watch')).toBe(true);
      expect((await store.listDevices(u)).map((x) => x.name)).toEqual(['Kitchen watch']);
      // everything else of the row is as it was
      expect(await store.getDevice(d.deviceId)).toEqual({ ...d, name: 'Kitchen watch' });
    });

    it('removes a revoked device from its list only, keeping its ops and its id refused', async () => {
      const u = uid();
      const other = uid();
      const keep = device(u, did(), 1000);
      const gone = device(u, did(), 2000);
      await store.createDevice(keep);
      await store.createDevice(gone);
      await store.appendOps(u, sessionOps(gone.deviceId, 1, 3));
      // still active: refused, nothing changes
      expect(await store.removeDevice(u, gone.deviceId, 8000)).toBe('active');
      expect((await store.listDevices(u)).map((x) => x.deviceId)).toEqual([keep.deviceId, gone.deviceId]);
      await store.revokeDevice(u, gone.deviceId, 7000);
      // another user's device, or none at all
      expect(await store.removeDevice(other, gone.deviceId, 8000)).toBe('notFound');
      expect(await store.removeDevice(u, 'missing-device', 8000)).toBe('notFound');
      expect((await store.listDevices(u)).map((x) => x.deviceId)).toEqual([keep.deviceId, gone.deviceId]);

      expect(await store.removeDevice(u, gone.deviceId, 8000)).toBe('removed');
      expect((await store.listDevices(u)).map((x) => x.deviceId)).toEqual([keep.deviceId]);
      // a second removal (a retry) is fine and changes nothing
      expect(await store.removeDevice(u, gone.deviceId, 9000)).toBe('removed');
      // the row stays behind the list: still revoked, so its credential keeps hearing deviceRevoked
      expect(await store.getDevice(gone.deviceId)).toMatchObject({ userId: u, revokedAt: 7000 });
      expect(await store.createDevice({ ...gone, revokedAt: null })).toBe(false);
      expect(await store.renameDevice(u, gone.deviceId, 'Back again')).toBe(false);
      // acknowledged data is never lost
      expect((await store.readOps(u, 0, 10)).map((op) => op.opId)).toEqual(
        sessionOps(gone.deviceId, 1, 3).map((op) => op.opId),
      );
    });

    it('consumes one-time tokens exactly once, even concurrently', async () => {
      const u = uid();
      const hash = `h-${randomUUID()}`;
      await store.putOneTimeToken({
        kind: 'pairing',
        tokenHash: hash,
        userId: u,
        createdAt: 0,
        expiresAt: 10_000,
      });
      expect(await store.consumeOneTimeToken('login', hash, 1)).toEqual({ ok: false, reason: 'invalid' });
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.consumeOneTimeToken('pairing', hash, 1)),
      );
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, userId: u }]);
      expect(results.filter((r) => !r.ok)).toHaveLength(7);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'used')).toBe(true);
      expect(await store.consumeOneTimeToken('pairing', 'nope', 1)).toEqual({ ok: false, reason: 'invalid' });
      const expiring = `h-${randomUUID()}`;
      await store.putOneTimeToken({
        kind: 'login',
        tokenHash: expiring,
        userId: u,
        createdAt: 0,
        expiresAt: 100,
      });
      expect(await store.consumeOneTimeToken('login', expiring, 100)).toEqual({
        ok: false,
        reason: 'expired',
      });
    });

    it('keeps sessions: create once, bind a browser, end one, end a browser’s, end all', async () => {
      const u = uid();
      const other = uid();
      const t = Date.now();
      const sid = () => `s${randomUUID().replaceAll('-', '')}`;
      const session = (sessionId: string, userId = u) => ({
        sessionId,
        userId,
        createdAt: t,
        expiresAt: t + 3600_000,
        endedAt: null,
        webDeviceId: null,
      });
      const [a, b, c, d] = [sid(), sid(), sid(), sid()];
      for (const x of [a, b, c]) await store.createSession(session(x));
      await store.createSession(session(d, other));
      // creating again changes nothing (a Firebase sign-in seen on a second request)
      await store.createSession({ ...session(a), createdAt: t + 5, webDeviceId: 'web-x' });
      expect(await store.getSession(a)).toEqual(session(a));
      expect(await store.getSession('s-missing')).toBeNull();

      await store.setSessionWebDevice(b, 'web-b');
      await store.setSessionWebDevice(c, 'web-c');
      await store.setSessionWebDevice(c, 'web-c2'); // the last one wins
      await store.setSessionWebDevice('s-missing', 'web-z'); // no error, nothing created
      expect(await store.getSession('s-missing')).toBeNull();
      expect((await store.getSession(c))?.webDeviceId).toBe('web-c2');

      // one session, only by its own user, only once
      expect(await store.endSession(other, a, t + 1)).toBe(false);
      expect((await store.getSession(a))?.endedAt).toBeNull();
      expect(await store.endSession(u, a, t + 1)).toBe(true);
      expect(await store.endSession(u, a, t + 2)).toBe(false);
      expect((await store.getSession(a))?.endedAt).toBe(t + 1);

      // the sessions of one browser replica
      expect(await store.endUserSessions(u, t + 3, 'web-b')).toEqual([b]);
      expect((await store.getSession(c))?.endedAt).toBeNull();

      // everywhere: the rest of this user's open sessions, not the other user's
      expect(await store.endUserSessions(u, t + 4)).toEqual([c]);
      expect(await store.endUserSessions(u, t + 5)).toEqual([]);
      expect((await store.getSession(a))?.endedAt).toBe(t + 1);
      expect((await store.getSession(b))?.endedAt).toBe(t + 3);
      expect((await store.getSession(c))?.endedAt).toBe(t + 4);
      expect((await store.getSession(d))?.endedAt).toBeNull();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
