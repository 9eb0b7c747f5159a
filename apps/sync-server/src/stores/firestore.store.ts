import {
  type Op,
  RECORD_STATE_KEYS,
  type RecordStateKey,
  type ServerOp,
  type Snapshot,
} from '@unknot/stretch-model';
import type { App } from 'firebase-admin/app';
import {
  type DocumentReference,
  FieldPath,
  type Firestore,
  getFirestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { FirestoreAccountStore } from './firestore-account.store.js';
import { FirestoreShareLinkStore } from './firestore-share-link.store.js';
import {
  type AppendResult,
  type AuthSessionRecord,
  type ConsumeResult,
  type DeviceRecord,
  type DeviceStats,
  type OneTimeTokenKind,
  type OneTimeTokenRecord,
  type RemoveDeviceResult,
  type SnapshotDelta,
  type SnapshotEntriesRead,
  type SnapshotEntry,
  type SnapshotKey,
  type SnapshotPart,
  type SnapshotText,
  type Store,
  serialiseOp,
  snapshotEntriesOf,
  snapshotSortAt,
  snapshotTextOf,
  type UserRecord,
} from './store.js';

const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;

interface PendingAppend {
  ops: readonly Op[];
  resolve: (results: AppendResult[]) => void;
  reject: (err: unknown) => void;
}

/** `users/{uid}/ops/{serverSeq}` ids sort like numbers. */
export function seqDocId(serverSeq: number): string {
  return String(serverSeq).padStart(12, '0');
}

/**
 * Firestore store (firebase-admin). Layout:
 *   users/{uid}                    { head, displayName, email, createdAt }   ← per-user seq counter
 *   users/{uid}/ops/{seq:12}       { serverSeq, opId, json }
 *   users/{uid}/opIds/{opId}       { serverSeq, hash }                       ← dedupe
 *   users/{uid}/snapshot/head      { serverSeq, rules }                     ← the snapshot's position
 *   users/{uid}/snapshotEntries/{part~key}  { part, key, json, sortAt }     ← one per register / record
 *   devices/{deviceId}, oneTimeTokens/{sha256}, meta/{key}, authSessions/{sessionId}
 * serverSeq is allocated in a transaction that reads the user's `head`, the opIds docs of the
 * batch, and writes ops + opIds + head together: correct with any number of writers and
 * instances. Within one instance, appends for a user are queued and committed together (group
 * commit), so the counter document sees one transaction per batch-of-pushes, not per push.
 */
export class FirestoreStore implements Store {
  private readonly db: Firestore;
  readonly accounts: FirestoreAccountStore;
  readonly shareLinks: FirestoreShareLinkStore;
  private readonly queues = new Map<string, PendingAppend[]>();
  private readonly workers = new Map<string, Promise<void>>();
  private closed = false;

  constructor(app: App) {
    this.db = getFirestore(app);
    this.accounts = new FirestoreAccountStore(this.db);
    this.shareLinks = new FirestoreShareLinkStore(this.db);
  }

  private user(userId: string): DocumentReference {
    return this.db.collection('users').doc(userId);
  }

  appendOps(userId: string, ops: readonly Op[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    if (ops.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const q = this.queues.get(userId) ?? [];
      q.push({ ops, resolve, reject });
      this.queues.set(userId, q);
      if (!this.workers.has(userId)) {
        this.workers.set(userId, this.drainUser(userId));
      }
    });
  }

  /** One user's appends, one transaction at a time, each covering everything queued meanwhile. */
  private async drainUser(userId: string): Promise<void> {
    await new Promise((r) => setImmediate(r));
    for (;;) {
      const queued = this.queues.get(userId) ?? [];
      if (queued.length === 0) {
        // both maps are cleared synchronously, so an append arriving next starts a new worker
        this.queues.delete(userId);
        this.workers.delete(userId);
        return;
      }
      // at most ~500 ops per transaction, but never split one caller's batch
      const batch: PendingAppend[] = [];
      let count = 0;
      while (queued.length > 0 && (batch.length === 0 || count + (queued[0]?.ops.length ?? 0) <= 500)) {
        const next = queued.shift() as PendingAppend;
        batch.push(next);
        count += next.ops.length;
      }
      try {
        const results = await this.commit(
          userId,
          batch.map((b) => b.ops),
        );
        batch.forEach((b, i) => {
          b.resolve(results[i] ?? []);
        });
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
  }

  private commit(userId: string, batches: readonly (readonly Op[])[]): Promise<AppendResult[][]> {
    const userRef = this.user(userId);
    const opIdsCol = userRef.collection('opIds');
    const opsCol = userRef.collection('ops');
    return this.db.runTransaction(async (tx) => {
      const uniqueIds = [...new Set(batches.flatMap((b) => b.map((op) => op.opId)))];
      const [userSnap, ...idSnaps] = await tx.getAll(userRef, ...uniqueIds.map((id) => opIdsCol.doc(id)));
      const known = new Map<string, { serverSeq: number; hash: string }>();
      idSnaps.forEach((snap, i) => {
        if (snap.exists)
          known.set(uniqueIds[i] as string, snap.data() as { serverSeq: number; hash: string });
      });
      let head = (userSnap?.get('head') as number | undefined) ?? 0;
      const out: AppendResult[][] = [];
      for (const ops of batches) {
        const results: AppendResult[] = [];
        for (const op of ops) {
          const { json, hash } = serialiseOp(op);
          const existing = known.get(op.opId);
          if (existing) {
            results.push({
              status: existing.hash === hash ? 'duplicate' : 'conflict',
              serverSeq: existing.serverSeq,
            });
            continue;
          }
          head += 1;
          known.set(op.opId, { serverSeq: head, hash });
          tx.create(opsCol.doc(seqDocId(head)), { serverSeq: head, opId: op.opId, json });
          tx.create(opIdsCol.doc(op.opId), { serverSeq: head, hash });
          results.push({ status: 'applied', serverSeq: head });
        }
        out.push(results);
      }
      tx.set(userRef, { head }, { merge: true });
      return out;
    });
  }

  async readOps(userId: string, afterSeq: number, limit: number): Promise<ServerOp[]> {
    const snap = await this.user(userId)
      .collection('ops')
      .where('serverSeq', '>', afterSeq)
      .orderBy('serverSeq')
      .limit(limit)
      .get();
    return snap.docs.map((d) => ({
      ...(JSON.parse(d.get('json') as string) as Op),
      serverSeq: d.get('serverSeq') as number,
    }));
  }

  async headSeq(userId: string): Promise<number> {
    const snap = await this.user(userId).get();
    return (snap.get('head') as number | undefined) ?? 0;
  }

  /** `users/{uid}/snapshotEntries/{part~key}`: ids are user-influenced, so the key is escaped. */
  private entryRef(userId: string, k: SnapshotKey): DocumentReference {
    return this.user(userId)
      .collection('snapshotEntries')
      .doc(`${k.part}~${encodeURIComponent(k.key)}`);
  }

  async getSnapshot(userId: string): Promise<Snapshot | null> {
    const text = await this.getSnapshotText(userId);
    return text ? (JSON.parse(text.json) as Snapshot) : null;
  }

  async getSnapshotText(userId: string): Promise<SnapshotText | null> {
    const col = this.user(userId).collection('snapshot');
    // the head and the entries at one read time
    return this.db.runTransaction(
      async (tx: Transaction) => {
        const head = await tx.get(col.doc('head'));
        if (!head.exists) return null;
        const serverSeq = head.get('serverSeq') as number;
        const parts = head.get('parts') as number | undefined;
        if (parts !== undefined) {
          // a whole-document snapshot of an older version (written by toSnapshot), split in parts
          const docs = await tx.getAll(...Array.from({ length: parts }, (_, i) => col.doc(`part-${i}`)));
          return { serverSeq, json: docs.map((d) => d.get('json') as string).join('') };
        }
        const entries = await tx.get(this.user(userId).collection('snapshotEntries'));
        const registers: { key: string; json: string }[] = [];
        const byPart = new Map<string, { at: number; key: string; json: string }[]>();
        for (const d of entries.docs) {
          const part = d.get('part') as SnapshotPart;
          const key = d.get('key') as string;
          const json = d.get('json') as string;
          if (part === 'registers') {
            registers.push({ key, json });
            continue;
          }
          // entries written before sortAt was kept: read it from the record once
          const stored = d.get('sortAt') as number | null | undefined;
          const at = stored !== undefined ? stored : snapshotSortAt(part, JSON.parse(json));
          const list = byPart.get(part) ?? [];
          list.push({ at: at ?? Number.NEGATIVE_INFINITY, key, json });
          byPart.set(part, list);
        }
        const ordered = {} as Record<RecordStateKey, string[]>;
        for (const part of RECORD_STATE_KEYS)
          ordered[part] = (byPart.get(part) ?? [])
            .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
            .map((e) => e.json);
        return { serverSeq, json: snapshotTextOf(serverSeq, registers, ordered) };
      },
      { readOnly: true },
    );
  }

  async putSnapshot(userId: string, snapshot: Snapshot, rules?: string): Promise<void> {
    const headRef = this.user(userId).collection('snapshot').doc('head');
    const entriesCol = this.user(userId).collection('snapshotEntries');
    const entries = snapshotEntriesOf(snapshot);
    await this.db.runTransaction(async (tx: Transaction) => {
      const head = await tx.get(headRef);
      if (head.exists && (head.get('serverSeq') as number) > snapshot.serverSeq) return;
      // a full put replaces: entries it does not hold go (a rebuild under today's rules)
      const keep = new Set(entries.map((e) => this.entryRef(userId, e).id));
      for (const doc of await entriesCol.listDocuments()) if (!keep.has(doc.id)) tx.delete(doc);
      const parts = (head.get('parts') as number | undefined) ?? 0;
      for (let i = 0; i < parts; i++) tx.delete(this.user(userId).collection('snapshot').doc(`part-${i}`));
      for (const e of entries) tx.set(this.entryRef(userId, e), entryDoc(e));
      tx.set(headRef, { serverSeq: snapshot.serverSeq, rules: rules ?? null });
    });
  }

  async getSnapshotEntries(
    userId: string,
    keys: readonly SnapshotKey[],
  ): Promise<SnapshotEntriesRead | null> {
    const headRef = this.user(userId).collection('snapshot').doc('head');
    // one batched read: the head and the entries at the same read time
    const [head, ...docs] = await this.db.getAll(headRef, ...keys.map((k) => this.entryRef(userId, k)));
    if (!head?.exists) return { serverSeq: 0, entries: [], rules: null };
    if (head.get('parts') !== undefined) return null;
    return {
      serverSeq: head.get('serverSeq') as number,
      entries: docs.filter((d) => d.exists).map(toEntry),
      rules: (head.get('rules') as string | null | undefined) ?? null,
    };
  }

  async markSnapshotChecked(userId: string, serverSeq: number, rules: string): Promise<boolean> {
    const headRef = this.user(userId).collection('snapshot').doc('head');
    return this.db.runTransaction(async (tx: Transaction) => {
      const head = await tx.get(headRef);
      if (!head.exists || head.get('parts') !== undefined || head.get('serverSeq') !== serverSeq)
        return false;
      tx.update(headRef, { rules });
      return true;
    });
  }

  async snapshotsToCheck(rules: string, limit: number): Promise<string[]> {
    // One read of every snapshot head and every device (a start-up task, not a request): no
    // composite index, and a rules field that is missing, null or another value all count.
    const [heads, devices] = await Promise.all([
      this.db.collectionGroup('snapshot').select('serverSeq', 'rules').get(),
      this.db.collection('devices').select('userId', 'lastSeenAt', 'createdAt').get(),
    ]);
    const latest = new Map<string, number>();
    for (const d of devices.docs) {
      const userId = d.get('userId') as unknown;
      if (typeof userId !== 'string') continue;
      const seen = d.get('lastSeenAt') as unknown;
      const at = typeof seen === 'number' ? seen : Number(d.get('createdAt') ?? 0);
      latest.set(userId, Math.max(latest.get(userId) ?? Number.NEGATIVE_INFINITY, at));
    }
    const users: string[] = [];
    for (const h of heads.docs) {
      const owner = h.ref.parent.parent;
      if (h.id !== 'head' || !owner || owner.parent.id !== 'users') continue;
      if (!((h.get('serverSeq') as number | undefined) ?? 0)) continue;
      if (((h.get('rules') as string | null | undefined) ?? null) === rules) continue;
      users.push(owner.id);
    }
    const at = (u: string) => latest.get(u) ?? Number.NEGATIVE_INFINITY;
    users.sort((a, b) => at(b) - at(a) || (a < b ? -1 : a > b ? 1 : 0));
    return users.slice(0, Math.max(0, Math.floor(limit)));
  }

  async updateSnapshot(userId: string, delta: SnapshotDelta): Promise<boolean> {
    const headRef = this.user(userId).collection('snapshot').doc('head');
    return this.db.runTransaction(async (tx: Transaction) => {
      const head = await tx.get(headRef);
      if (head.exists && head.get('parts') !== undefined) return false;
      const stored = head.exists ? (head.get('serverSeq') as number) : 0;
      if (stored !== delta.fromSeq) return false;
      for (const e of delta.entries) tx.set(this.entryRef(userId, e), entryDoc(e));
      // a first delta holds only this writer's entries; later ones keep the rules if they are the same
      const had = head.exists ? ((head.get('rules') as string | null | undefined) ?? null) : undefined;
      const rules =
        delta.rules === undefined ? null : had === undefined || had === delta.rules ? delta.rules : null;
      tx.set(headRef, { serverSeq: delta.serverSeq, rules });
      return true;
    });
  }

  async scanSnapshot(userId: string, after: SnapshotKey | null, limit: number): Promise<SnapshotEntry[]> {
    // in document id order: no composite index needed
    let q = this.user(userId).collection('snapshotEntries').orderBy(FieldPath.documentId());
    if (after) q = q.startAfter(this.entryRef(userId, after).id);
    const snap = await q.limit(limit).get();
    return snap.docs.map(toEntry);
  }

  async ensureUser(user: UserRecord): Promise<UserRecord> {
    const ref = this.user(user.userId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (snap.exists && typeof snap.get('createdAt') === 'number')
        return toUser(user.userId, snap.data() ?? {});
      tx.set(
        ref,
        { displayName: user.displayName, email: user.email, createdAt: user.createdAt },
        { merge: true },
      );
      return user;
    });
  }

  async getUser(userId: string): Promise<UserRecord | null> {
    const snap = await this.user(userId).get();
    if (!snap.exists || typeof snap.get('createdAt') !== 'number') return null;
    return toUser(userId, snap.data() ?? {});
  }

  async getMeta(key: string): Promise<string | null> {
    const snap = await this.db.collection('meta').doc(key).get();
    return snap.exists ? (snap.get('value') as string) : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.collection('meta').doc(key).set({ value });
  }

  async createDevice(device: DeviceRecord): Promise<boolean> {
    try {
      await this.db
        .collection('devices')
        .doc(device.deviceId)
        .create({ ...device, pendingOpsAt: device.pendingOpsAt ?? null, removedAt: null });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === ALREADY_EXISTS) return false;
      throw err;
    }
  }

  async getDevice(deviceId: string): Promise<DeviceRecord | null> {
    const snap = await this.db.collection('devices').doc(deviceId).get();
    return snap.exists ? toDevice(snap.data() ?? {}) : null;
  }

  async listDevices(userId: string): Promise<DeviceRecord[]> {
    const snap = await this.db.collection('devices').where('userId', '==', userId).get();
    return snap.docs
      .filter((d) => (d.get('removedAt') ?? null) === null)
      .map((d) => toDevice(d.data()))
      .sort((a, b) => a.createdAt - b.createdAt || (a.deviceId < b.deviceId ? -1 : 1));
  }

  async revokeDevice(userId: string, deviceId: string, at: number): Promise<boolean> {
    const ref = this.db.collection('devices').doc(deviceId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('userId') !== userId) return false;
      if (snap.get('revokedAt') === null) tx.update(ref, { revokedAt: at });
      return true;
    });
  }

  async renameDevice(userId: string, deviceId: string, name: string): Promise<boolean> {
    const ref = this.db.collection('devices').doc(deviceId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('userId') !== userId || (snap.get('removedAt') ?? null) !== null)
        return false;
      tx.update(ref, { name });
      return true;
    });
  }

  async removeDevice(userId: string, deviceId: string, at: number): Promise<RemoveDeviceResult> {
    const ref = this.db.collection('devices').doc(deviceId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('userId') !== userId) return 'notFound';
      if ((snap.get('revokedAt') ?? null) === null) return 'active';
      // the document stays (a tombstone): the credential and browser id keep hearing deviceRevoked
      if ((snap.get('removedAt') ?? null) === null) tx.update(ref, { removedAt: at });
      return 'removed';
    });
  }

  async updateDeviceStats(stats: ReadonlyMap<string, DeviceStats>): Promise<void> {
    const col = this.db.collection('devices');
    const results = await Promise.allSettled(
      [...stats].map(([deviceId, s]) => {
        const fields: Record<string, number | null> = {};
        if (s.lastSeenAt !== undefined) fields.lastSeenAt = s.lastSeenAt;
        if (s.lastSyncAt !== undefined) fields.lastSyncAt = s.lastSyncAt;
        if (s.pendingOps !== undefined) fields.pendingOps = s.pendingOps;
        if (s.pendingOpsAt !== undefined) fields.pendingOpsAt = s.pendingOpsAt;
        return col.doc(deviceId).update(fields);
      }),
    );
    // a device that does not exist (yet) has no stats to keep; anything else is a real failure
    const failed = results.find(
      (r) => r.status === 'rejected' && (r.reason as { code?: number }).code !== NOT_FOUND,
    );
    if (failed && failed.status === 'rejected') throw failed.reason;
  }

  private session(sessionId: string): DocumentReference {
    return this.db.collection('authSessions').doc(sessionId);
  }

  async createSession(x: AuthSessionRecord): Promise<void> {
    try {
      await this.session(x.sessionId).create({ ...x });
    } catch (err) {
      if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
    }
  }

  async getSession(sessionId: string): Promise<AuthSessionRecord | null> {
    const snap = await this.session(sessionId).get();
    return snap.exists ? toSession(snap.data() ?? {}) : null;
  }

  async setSessionWebDevice(sessionId: string, webDeviceId: string): Promise<void> {
    try {
      await this.session(sessionId).update({ webDeviceId });
    } catch (err) {
      if ((err as { code?: number }).code !== NOT_FOUND) throw err;
    }
  }

  async endSession(userId: string, sessionId: string, at: number): Promise<boolean> {
    const ref = this.session(sessionId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('userId') !== userId || snap.get('endedAt') !== null) return false;
      tx.update(ref, { endedAt: at });
      return true;
    });
  }

  async endUserSessions(userId: string, at: number, webDeviceId?: string): Promise<string[]> {
    // one equality filter: served by the automatic single-field index, no composite index to deploy
    const snaps = await this.db.collection('authSessions').where('userId', '==', userId).get();
    const open = snaps.docs.filter(
      (d) => d.get('endedAt') === null && (webDeviceId === undefined || d.get('webDeviceId') === webDeviceId),
    );
    for (let i = 0; i < open.length; i += 400) {
      const batch = this.db.batch();
      for (const d of open.slice(i, i + 400)) batch.update(d.ref, { endedAt: at });
      await batch.commit();
    }
    return open.map((d) => d.id);
  }

  async putOneTimeToken(t: OneTimeTokenRecord): Promise<void> {
    await this.db.collection('oneTimeTokens').doc(t.tokenHash).create({
      kind: t.kind,
      userId: t.userId,
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      usedAt: null,
    });
  }

  async consumeOneTimeToken(kind: OneTimeTokenKind, tokenHash: string, now: number): Promise<ConsumeResult> {
    const ref = this.db.collection('oneTimeTokens').doc(tokenHash);
    return this.db.runTransaction(async (tx): Promise<ConsumeResult> => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('kind') !== kind) return { ok: false, reason: 'invalid' };
      if (snap.get('usedAt') !== null) return { ok: false, reason: 'used' };
      if ((snap.get('expiresAt') as number) <= now) return { ok: false, reason: 'expired' };
      tx.update(ref, { usedAt: now });
      return { ok: true, userId: snap.get('userId') as string };
    });
  }

  async ping(): Promise<void> {
    await this.db.collection('meta').limit(1).get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.workers.values());
    await this.db.terminate();
  }
}

/** A device document as a record (documents written before `pendingOpsAt` existed lack it). */
function toDevice(d: Record<string, unknown>): DeviceRecord {
  const num = (x: unknown) => (typeof x === 'number' ? x : null);
  return {
    deviceId: String(d.deviceId),
    userId: String(d.userId),
    name: String(d.name ?? ''),
    kind: d.kind as DeviceRecord['kind'],
    secretHash: typeof d.secretHash === 'string' ? d.secretHash : null,
    createdAt: Number(d.createdAt ?? 0),
    lastSeenAt: num(d.lastSeenAt),
    lastSyncAt: num(d.lastSyncAt),
    pendingOps: num(d.pendingOps),
    pendingOpsAt: num(d.pendingOpsAt),
    revokedAt: num(d.revokedAt),
  };
}

function toUser(userId: string, data: Record<string, unknown>): UserRecord {
  return {
    userId,
    displayName: String(data.displayName ?? userId),
    email: typeof data.email === 'string' ? data.email : null,
    createdAt: Number(data.createdAt ?? 0),
  };
}

function toSession(d: Record<string, unknown>): AuthSessionRecord {
  return {
    sessionId: String(d.sessionId),
    userId: String(d.userId),
    createdAt: Number(d.createdAt),
    expiresAt: Number(d.expiresAt),
    endedAt: typeof d.endedAt === 'number' ? d.endedAt : null,
    webDeviceId: typeof d.webDeviceId === 'string' ? d.webDeviceId : null,
  };
}

function entryDoc(e: SnapshotEntry): { part: string; key: string; json: string; sortAt: number | null } {
  return { part: e.part, key: e.key, json: JSON.stringify(e.value), sortAt: snapshotSortAt(e.part, e.value) };
}

function toEntry(doc: { get(field: string): unknown }): SnapshotEntry {
  return {
    part: doc.get('part') as SnapshotPart,
    key: doc.get('key') as string,
    value: JSON.parse(doc.get('json') as string) as unknown,
  };
}
