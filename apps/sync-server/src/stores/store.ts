import * as crypto from 'node:crypto';
import {
  canonicalJson,
  type DeviceInfo,
  type Op,
  RECORD_STATE_KEYS,
  type RecordStateKey,
  recordOpTypeOf,
  OP_TABLE,
  type ServerOp,
  type Snapshot,
} from '@unknot/stretch-model';
import type { AccountStore } from './account-store.js';
import type { ShareLinkStore } from './share-link-store.js';

/** What happened to one op of an `appendOps` batch, in batch order. */
export type AppendResult =
  | { status: 'applied'; serverSeq: number }
  /** the same opId with the same content was stored before: ack again with the original position */
  | { status: 'duplicate'; serverSeq: number }
  /** the same opId was stored before with different content */
  | { status: 'conflict'; serverSeq: number };

export interface UserRecord {
  userId: string;
  displayName: string;
  email: string | null;
  createdAt: number;
}

export type DeviceKind = DeviceInfo['kind'];

export interface DeviceRecord {
  deviceId: string;
  userId: string;
  name: string;
  kind: DeviceKind;
  /** sha-256 (hex) of the device secret; null for web replicas, which sign in as their user */
  secretHash: string | null;
  createdAt: number;
  /** any authenticated contact: socket handshake, push or pull (socket or HTTP) */
  lastSeenAt: number | null;
  /** the last push */
  lastSyncAt: number | null;
  pendingOps: number | null;
  /** when `pendingOps` was reported; stores always return it (null), a new record may leave it out */
  pendingOpsAt?: number | null;
  revokedAt: number | null;
}

export interface DeviceStats {
  lastSeenAt?: number;
  lastSyncAt?: number;
  /** set together with `pendingOpsAt` */
  pendingOps?: number | null;
  pendingOpsAt?: number;
}

/** What `removeDevice` did: taken off the list (or already off it), no such device of the user, or still active. */
export type RemoveDeviceResult = 'removed' | 'notFound' | 'active';

/** Single-use secrets: one-time login links and pairing codes. Only a hash is stored. */
export type OneTimeTokenKind = 'login' | 'pairing';
export interface OneTimeTokenRecord {
  kind: OneTimeTokenKind;
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}
export type ConsumeResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** A part of the snapshot: the registers, or one record part of the op table (`sessions`, `nudgeEvents`). */
export type SnapshotPart = 'registers' | RecordStateKey;

/** Where one entry of a snapshot lives: a register by its key, a record by its id. */
export interface SnapshotKey {
  part: SnapshotPart;
  key: string;
}

/** One entry of a stored snapshot: `{ value, hlc }` for a register, the record itself otherwise. */
export interface SnapshotEntry extends SnapshotKey {
  value: unknown;
}

/**
 * What folding some ops changed in the stored snapshot at `fromSeq` (0: none stored yet): the
 * entries to write, and the serverSeq the snapshot then stands at. The merge never removes an
 * entry (records are append-once, a deleted register keeps its tombstone), so a delta only writes.
 */
export interface SnapshotDelta {
  fromSeq: number;
  serverSeq: number;
  entries: readonly SnapshotEntry[];
  /**
   * The rules of the writer (it folded ops those rules accept). The stored snapshot's `rules`
   * stays when it is the same, and is cleared when not: the entries are then of two rule sets.
   */
  rules?: string;
}

/** The stored snapshot's position and the rules that checked or wrote every entry (null: none yet). */
export interface SnapshotEntriesRead {
  serverSeq: number;
  entries: SnapshotEntry[];
  rules: string | null;
}

/**
 * A stored snapshot as JSON text: a `Snapshot` in the core's order (`toSnapshot`'s: serverSeq,
 * registers by key, then each record part by its op table order, ties by id), assembled from the
 * entries' stored text without parsing them. What a new device is sent.
 */
export interface SnapshotText {
  serverSeq: number;
  json: string;
}

/**
 * The number a record part is ordered by (the op table's `orderBy`: `startedAt`, `at`), which
 * the stores keep beside each record to read a part in order; null for registers (few, ordered
 * by key) and for a value without it.
 */
export function snapshotSortAt(part: SnapshotPart, value: unknown): number | null {
  if (part === 'registers' || typeof value !== 'object' || value === null) return null;
  const field = OP_TABLE[recordOpTypeOf(part)].orderBy;
  const at = (value as Record<string, unknown>)[field];
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

/**
 * The snapshot text from entries' stored text: registers in any order (sorted here by key, as
 * `toSnapshot` sorts them: UTF-16 code units), each record part's texts already in its order.
 */
export function snapshotTextOf(
  serverSeq: number,
  registers: readonly { key: string; json: string }[],
  parts: Readonly<Record<RecordStateKey, readonly string[]>>,
): string {
  const regs = [...registers].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let out = `{"serverSeq":${JSON.stringify(serverSeq)},"registers":{`;
  out += regs.map((r) => `${JSON.stringify(r.key)}:${r.json}`).join(',');
  out += '}';
  for (const part of RECORD_STATE_KEYS) out += `,${JSON.stringify(part)}:[${(parts[part] ?? []).join(',')}]`;
  return `${out}}`;
}

/** The entries of a snapshot (what a full `putSnapshot` writes). */
export function snapshotEntriesOf(snapshot: Snapshot): SnapshotEntry[] {
  const out: SnapshotEntry[] = [];
  for (const key of Object.keys(snapshot.registers))
    out.push({ part: 'registers', key, value: snapshot.registers[key] });
  for (const part of RECORD_STATE_KEYS)
    for (const rec of snapshot[part] as { id: string }[]) out.push({ part, key: rec.id, value: rec });
  return out;
}

/** Sessions expired longer than this are deleted (a week is long past any token's life). */
export const SESSION_KEEP_MS = 7 * 24 * 3600_000;

/**
 * A signed-in session of a user (a dashboard sign-in). Tokens name their session; a token whose
 * session is ended, or missing, is refused on every route and socket.
 */
export interface AuthSessionRecord {
  sessionId: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  /** when it was signed out (itself, everywhere, or its browser revoked); null while it lasts */
  endedAt: number | null;
  /** the browser replica (`web-…`) this session last synced as, if any */
  webDeviceId: string | null;
}

/**
 * Everything the sync server persists. One interface, two implementations (SQLite, Firestore),
 * one conformance suite (`store.conformance.ts`).
 */
export interface Store {
  /** Local-mode accounts: passkeys, WebAuthn challenges, invitations (see account-store.ts). */
  readonly accounts: AccountStore;
  /** Report share links: read-only links to one report (see share-link-store.ts). */
  readonly shareLinks: ShareLinkStore;
  /**
   * Appends ops (as `validateOp` returns them) to the user's log, atomically per batch: duplicates (same opId) are
   * recognised, new ops get the next serverSeq (1, 2, 3 … per user, no gaps). Resolves only when
   * the batch is durable.
   */
  appendOps(userId: string, ops: readonly Op[]): Promise<AppendResult[]>;
  /** Ops with serverSeq > afterSeq, ascending, at most `limit`. */
  readOps(userId: string, afterSeq: number, limit: number): Promise<ServerOp[]>;
  /** The newest serverSeq of the user, 0 if none. */
  headSeq(userId: string): Promise<number>;

  getSnapshot(userId: string): Promise<Snapshot | null>;
  /**
   * The stored snapshot as JSON text (see SnapshotText), read together with its serverSeq; what
   * `getSnapshot` returns, serialised, without parsing a stored entry. null when none is stored.
   */
  getSnapshotText(userId: string): Promise<SnapshotText | null>;
  /**
   * Stores the snapshot unless a newer one (higher serverSeq) is already stored; one at the same
   * serverSeq is replaced (a rebuild under today's rules, see SnapshotService). `rules`: the rules
   * it was folded under (every entry passes them), stored as the snapshot's `rules`; none: null.
   */
  putSnapshot(userId: string, snapshot: Snapshot, rules?: string): Promise<void>;
  /**
   * The stored snapshot's serverSeq (0 when none), its `rules`, and those of `keys` it holds, read
   * together (one consistent read). null when a snapshot is stored in a layout that has no entries
   * (a whole-document snapshot of an older version): it must be rebuilt with `putSnapshot`.
   */
  getSnapshotEntries(userId: string, keys: readonly SnapshotKey[]): Promise<SnapshotEntriesRead | null>;
  /**
   * Records that `rules` checked every entry of the stored snapshot at `serverSeq`, if it still
   * stands there (false, and nothing written, when it moved meanwhile).
   */
  markSnapshotChecked(userId: string, serverSeq: number, rules: string): Promise<boolean>;
  /**
   * Users whose stored snapshot (at a serverSeq above 0) was not checked under `rules` (other
   * rules, or none), most recently active first (the latest contact of any of their devices;
   * users without a device last), at most `limit`. What a background check works through.
   */
  snapshotsToCheck(rules: string, limit: number): Promise<string[]>;
  /**
   * Writes a delta atomically if the stored snapshot still stands at `delta.fromSeq` (compare and
   * set: false, and nothing written, when another writer moved it meanwhile). Costs what changed,
   * not the size of the snapshot.
   */
  updateSnapshot(userId: string, delta: SnapshotDelta): Promise<boolean>;
  /**
   * Up to `limit` entries of the stored snapshot after the entry `after` (null: from the start), in
   * an order fixed by the store: to read or check a large snapshot a page at a time.
   */
  scanSnapshot(userId: string, after: SnapshotKey | null, limit: number): Promise<SnapshotEntry[]>;

  /** Creates the user if missing; returns the stored record. */
  ensureUser(user: UserRecord): Promise<UserRecord>;
  getUser(userId: string): Promise<UserRecord | null>;

  /** Small key/value settings of the installation (e.g. the local owner's id). */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  /** Inserts a device; false if the deviceId is taken (also by a device removed from its list). */
  createDevice(device: DeviceRecord): Promise<boolean>;
  /**
   * The device, removed from its list or not: a removed device's credential and browser id must
   * keep hearing `deviceRevoked`, so its row stays as a tombstone.
   */
  getDevice(deviceId: string): Promise<DeviceRecord | null>;
  /** The user's devices in order of creation, without those removed from the list. */
  listDevices(userId: string): Promise<DeviceRecord[]>;
  /** Marks the device revoked; false if it does not exist or belongs to someone else. */
  revokeDevice(userId: string, deviceId: string, at: number): Promise<boolean>;
  /** Sets the name people see; false if the device is not the user's or was removed from the list. */
  renameDevice(userId: string, deviceId: string, name: string): Promise<boolean>;
  /**
   * Takes a revoked device off the user's list; nothing else changes (its ops stay in the log).
   * `active` (and nothing changes) while it is not revoked; `notFound` for another user's device.
   */
  removeDevice(userId: string, deviceId: string, at: number): Promise<RemoveDeviceResult>;
  updateDeviceStats(stats: ReadonlyMap<string, DeviceStats>): Promise<void>;

  /** Stores a new session; does nothing when the id exists (a Firebase sign-in seen again). */
  createSession(session: AuthSessionRecord): Promise<void>;
  getSession(sessionId: string): Promise<AuthSessionRecord | null>;
  /** Records the browser replica a session syncs as (the last one wins). */
  setSessionWebDevice(sessionId: string, webDeviceId: string): Promise<void>;
  /** Ends one session of the user; false when it is not theirs or already ended. */
  endSession(userId: string, sessionId: string, at: number): Promise<boolean>;
  /**
   * Ends the user's open sessions — all of them, or only those last seen as `webDeviceId` —
   * and returns the ids it ended.
   */
  endUserSessions(userId: string, at: number, webDeviceId?: string): Promise<string[]>;

  putOneTimeToken(token: OneTimeTokenRecord): Promise<void>;
  /** Single use even under concurrency: exactly one caller gets ok for a given token. */
  consumeOneTimeToken(kind: OneTimeTokenKind, tokenHash: string, now: number): Promise<ConsumeResult>;

  /** Throws if the backing database is unreachable. */
  ping(): Promise<void>;
  /** Flushes pending writes and releases resources. */
  close(): Promise<void>;
}

/**
 * The stored text of a validated op and its content fingerprint (to tell a retried op from a
 * different op reusing its opId). `validateOp` rebuilds every object in schema order, so plain
 * JSON is already canonical — except register values, which pass through as the client sent them.
 */
export function serialiseOp(op: Op): { json: string; hash: string } {
  const json = opJson(op);
  return { json, hash: sha256Hex(json) };
}

/**
 * The stored text of ops a store has just written (`opJson`), by op object, for a fan-out that
 * sends them as they are (SocketHub) instead of serialising each op a second time. A store may
 * leave an op out; weak, so nothing outlives the push.
 */
export const storedOpText = new WeakMap<Op, string>();

/** The stored text alone (the SQLite store compares texts instead of fingerprints). */
export function opJson(op: Op): string {
  return op.type === 'register.set' ? canonicalJson(op) : JSON.stringify(op);
}

/** One-shot `crypto.hash` where the runtime has it (Node ≥ 20.12): no Hash object per op. */
const oneShotHash: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function sha256Hex(text: string): string {
  return oneShotHash
    ? oneShotHash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * True when a store error means "out of space" rather than a fault: SQLite's SQLITE_FULL (the disk,
 * or `max_page_count`), or the operating system's ENOSPC / EDQUOT.
 */
export function isStorageFull(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = String((err as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true;
  return (
    code.startsWith('SQLITE_IOERR') &&
    /ENOSPC|no space left|disk is full/i.test(String((err as Error).message))
  );
}
