import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type Op,
  RECORD_STATE_KEYS,
  type RecordStateKey,
  type ServerOp,
  type Snapshot,
} from '@unknot/stretch-model';
import Database from 'better-sqlite3';
import { DEFAULT_SQLITE_COMMIT_MAX_OPS, DEFAULT_SQLITE_COMMIT_WINDOW_MS } from '../config.js';
import { SqliteAccountStore } from './sqlite-account.store.js';
import { opIdKey, SqliteLogKeys } from './sqlite-log-keys.js';
import { SqliteShareLinkStore } from './sqlite-share-link.store.js';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './migrations/sqlite-migrations.js';
import {
  type AppendResult,
  type AuthSessionRecord,
  type ConsumeResult,
  SESSION_KEEP_MS,
  type DeviceKind,
  type DeviceRecord,
  type DeviceStats,
  type OneTimeTokenKind,
  type OneTimeTokenRecord,
  opJson,
  storedOpText,
  type RemoveDeviceResult,
  type SnapshotDelta,
  type SnapshotEntriesRead,
  type SnapshotEntry,
  type SnapshotKey,
  type SnapshotPart,
  type SnapshotText,
  type Store,
  snapshotEntriesOf,
  snapshotSortAt,
  snapshotTextOf,
  type UserRecord,
} from './store.js';

export interface SqliteStoreOptions {
  /** database file, or ':memory:' */
  file: string;
  /**
   * NORMAL (the server's default): WAL commits are not fsynced; an acked op survives a process
   * crash (SIGKILL, OOM) but the last commits before a power loss / kernel panic may be lost.
   * FULL: every commit is fsynced before the ack — survives power loss, costs one fsync (~3 ms
   * here, on the event loop) per group commit.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * Caps the database at this many pages (SQLite's `max_page_count`): writes beyond it fail with
   * SQLITE_FULL, as on a full disk. `SQLITE_MAX_PAGES`; unset = no cap.
   */
  maxPageCount?: number;
  /**
   * Checkpoint the WAL from a worker thread (default true for files). SQLite's automatic
   * checkpoint runs inside the commit that crosses 1,000 WAL pages and fsyncs the database on
   * the event loop — under load that stalled every socket for tens of ms every few commits.
   */
  backgroundCheckpoint?: boolean;
  /**
   * Group commit's window (ms; default `DEFAULT_SQLITE_COMMIT_WINDOW_MS`, 2; 0 = none). An
   * append that arrives while the last commit is younger than this waits until the window has
   * passed, so that under load commits come at most once a window and carry every push that
   * arrived meanwhile; an append after a quiet spell is committed on the next turn, as before. A commit has a cost of its own (~0.12 ms
   * here) whatever it carries: at 500 pushes/s without a window nearly every push was a commit of
   * its own, 119 of the 928 µs a push cost. `SQLITE_COMMIT_WINDOW_MS`.
   */
  commitWindowMs?: number;
  /**
   * Ops a group commit gathers before it commits at once, in the turn that reached the number
   * (default `DEFAULT_SQLITE_COMMIT_MAX_OPS`, 250). At saturation one event-loop turn reads
   * hundreds of pushes; without a cap their objects all live until the turn's commit, survive the
   * young-generation collections that run meanwhile and are copied into the old generation (about
   * 3 MB a collection in the benchmark, against 1.2 MB with the cap). `SQLITE_COMMIT_MAX_OPS`.
   */
  commitMaxOps?: number;
  /**
   * Ops committed since the last checkpoint that make the next commit ask the checkpointer for one
   * (default 10,000). It was 1,000: at 5,000 ops/s that was five checkpoints a second, each with
   * two fsyncs on the checkpointer's thread while the event loop appends to the WAL, and the
   * fan-out p99 at that load was 1.59× the relay's (median of five interleaved runs) against 1.33×
   * with 10,000 and a 2 s watch (eight runs; 1.71× with a 1 s watch, three); checkpointing never at
   * all gave 1.10×. Tests set fewer.
   */
  checkpointEveryOps?: number;
  /**
   * How often (ms) the store looks whether this connection wrote anything since its last look
   * (SQLite's `total_changes()`); when it did, the checkpointer is asked for a checkpoint even
   * though few ops were committed (default 2000). Writes that are not ops — accounts, pairings,
   * sessions, the devices' contact stats — otherwise pile up in the WAL until enough ops come
   * (265 MB after pairing 5,000 users in the benchmark, when that was 1,000 ops), and every read
   * then has to search it. (The WAL file's size is no such signal: after a reset SQLite writes
   * it again from its start.)
   */
  walWatchMs?: number;
  /**
   * WAL frames from which the store makes sure the WAL is rewound (default `WAL_RESET_FRAMES`,
   * about 16 MB of 4 KB pages). SQLite starts the WAL again from its beginning only when a write
   * finds every frame copied into the database, and a checkpoint on the worker's thread never gets
   * there while commits go on: each commit adds frames while it copies. Under steady load the WAL
   * grew for as long as the load lasted (30 s at 5,000 ops/s in the benchmark: 156,000 frames,
   * 640 MB; 400 MB in 8 s of saturation), every read searched it and every commit extended its
   * file. Past this size checkpoints follow each other, each copying what the one before left,
   * until one is short; then the op commits are held (they queue, the event loop runs on; at most
   * 100 ms) while a last one copies the rest, and the next commit rewinds the WAL (the same 30 s:
   * 9,800 – 11,500 frames, holds of 1 – 12 ms every 2 s).
   */
  walResetFrames?: number;
  /** users whose committed head is kept in memory (default 100,000; tests set fewer) */
  headCacheMax?: number;
}

/** A WAL file larger than this is truncated to it when SQLite next resets the WAL. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/** Ops committed since the last checkpoint that make the next commit ask for one (see checkpointEveryOps). */
const CHECKPOINT_EVERY_OPS = 10_000;
/** How often the store looks for writes the op count does not see (see walWatchMs). */
const WAL_WATCH_MS = 2000;
/** WAL frames (4 KB page + 24 B header) in WAL_SIZE_LIMIT_BYTES: the catch-up's threshold. */
const WAL_RESET_FRAMES = Math.floor(WAL_SIZE_LIMIT_BYTES / (4096 + 24));
/** The longest the op commits are held for a catch-up checkpoint (ms). */
const CATCH_UP_MAX_MS = 100;
/** A checkpoint at most this long (ms) left few frames: the next is the held catch-up. */
const CATCH_UP_AFTER_MS = 15;
/** Checkpoints run back to back before the catch-up is held whatever their length. */
const CATCH_UP_CHAIN_MAX = 4;

/**
 * The checkpointer: its own connection in a worker thread, PASSIVE checkpoints on request (never
 * blocks the writer; frames written meanwhile wait for the next round). Plain JS (eval) so it runs
 * the same from the TypeScript sources and from dist.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
parentPort.on('message', (msg) => {
  if (msg === 'close') { db.close(); parentPort.close(); return; }
  let error = null;
  let log = 0;
  try { log = db.pragma('wal_checkpoint(PASSIVE)')[0].log; } catch (err) { error = String(err); }
  parentPort.postMessage({ error, log });
});
`;

/** The checkpointer's answer: the WAL's frames when it began (`log` of `wal_checkpoint`). */
interface CheckpointReply {
  error: string | null;
  log: number;
}

interface PendingAppend {
  userId: string;
  ops: readonly Op[];
  resolve: (results: AppendResult[]) => void;
  reject: (err: unknown) => void;
}

interface DeviceRow {
  device_id: string;
  user_id: string;
  name: string;
  kind: string;
  secret_hash: string | null;
  created_at: number;
  last_seen_at: number | null;
  last_sync_at: number | null;
  pending_ops: number | null;
  pending_ops_at: number | null;
  revoked_at: number | null;
  removed_at: number | null;
}

export function applySqliteMigrations(
  db: Database.Database,
  migrations: readonly SqliteMigration[],
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
    ran.push(m.version);
  }
  return ran;
}

/** rows per multi-row op insert (5 parameters each) */
const MULTI_ROW_MAX = 100;
/** users whose committed head is kept in memory; past this the map starts again (a miss reads the table) */
const HEAD_CACHE_MAX = 100_000;
/** how long session bindings gather after a commit of them (see setSessionWebDevice) */
const BINDING_WINDOW_MS = 25;

/**
 * better-sqlite3 store. Writes of the op log go through a group-commit queue: every append that
 * arrives while the event loop is busy is written in ONE transaction (on the next turn, or once
 * the commit window since the last commit has passed), so a thousand sockets pushing at once cost
 * one fsync, not a thousand.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  /** ops in `queue` */
  private queuedOps = 0;
  private flushScheduled = false;
  /** performance.now() when the last group commit ended */
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushImmediate: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly stmt;
  /** the log's user and device keys (migration 9) */
  private readonly keys: SqliteLogKeys;
  readonly accounts: SqliteAccountStore;
  readonly shareLinks: SqliteShareLinkStore;
  /** one transaction: each append's results, and the heads it leaves (kept once it commits) */
  private readonly commitBatch: (batch: PendingAppend[]) => {
    results: AppendResult[][];
    heads: Map<string, number>;
  };
  /**
   * Each user's committed head, as in the `heads` table: set after a commit succeeds or when read.
   * Every handshake reads it and every commit starts from it; this process is the log's only
   * writer (the server's own connection appends; the operator CLI writes tokens only), and if
   * another ever appended, the unique (user_id, server_seq) index would refuse a stale head.
   */
  private readonly heads = new Map<string, number>();
  /**
   * True while `heads` holds every row of the table (loaded at start-up when they fit in the cap),
   * so a user missing from it has no op yet: a new user's first socket needs no read.
   */
  private headsComplete = false;
  private readonly headCacheMax: number;
  /** multi-row op inserts by row count (see insertAllNew) */
  private readonly insertMany = new Map<number, Database.Statement>();
  private readonly options: SqliteStoreOptions;
  private checkpointer: Worker | null = null;
  private checkpointing = false;
  /** `total_changes()` when the running checkpoint was asked for */
  private changesAtCheckpoint = 0;
  /** the running checkpoint is a catch-up (see walResetFrames) */
  private catchingUp = false;
  /** op commits wait while set: a catch-up checkpoint is copying the WAL's last frames */
  private commitsHeld = false;
  private catchUpGuard: NodeJS.Timeout | null = null;
  /** writes other than op commits that wait for the hold's end */
  private released: (() => void)[] = [];
  /** checkpoints run back to back since the WAL reached walResetFrames */
  private chained = 0;
  private checkpointStartedAt = 0;
  private opsSinceCheckpoint = 0;
  private walWatch: NodeJS.Timeout | null = null;
  /** `total_changes()` when last looked at */
  private changesSeen = 0;

  constructor(options: SqliteStoreOptions) {
    this.options = { ...options };
    this.headCacheMax = options.headCacheMax ?? HEAD_CACHE_MAX;
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    if (options.maxPageCount !== undefined)
      this.db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
    if (this.backgroundCheckpoints) {
      this.db.pragma('wal_autocheckpoint = 0');
      // a WAL that grew large once is cut back when it is next reset (after a full checkpoint)
      this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      this.walWatch = setInterval(() => this.checkpointIfWritten(), options.walWatchMs ?? WAL_WATCH_MS);
      this.walWatch.unref();
    }
    applySqliteMigrations(this.db, SQLITE_MIGRATIONS);
    this.keys = new SqliteLogKeys(this.db, this.headCacheMax);
    this.accounts = new SqliteAccountStore(this.db);
    this.shareLinks = new SqliteShareLinkStore(this.db);
    const db = this.db;
    this.stmt = {
      head: db.prepare<[string], { head: number }>('SELECT head FROM heads WHERE user_id = ?'),
      setHead: db.prepare(
        'INSERT INTO heads (user_id, head) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET head = excluded.head',
      ),
      // the log by integer keys (migration 9, see SqliteLogKeys and opIdKey)
      findOp: db.prepare<[number, number, number], { server_seq: number; json: string }>(
        'SELECT server_seq, json FROM ops WHERE user_key = ? AND device_key = ? AND seq = ?',
      ),
      // the unique (user_key, device_key, seq) index is probed once, by the insert; a retried op
      // falls through to findOp
      insertOp: db.prepare<[number, number, number, number, string]>(
        `INSERT INTO ops (user_key, server_seq, device_key, seq, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_key, device_key, seq) DO NOTHING`,
      ),
      readOps: db.prepare<[number, number, number], { server_seq: number; json: string }>(
        'SELECT server_seq, json FROM ops WHERE user_key = ? AND server_seq > ? ORDER BY server_seq LIMIT ?',
      ),
      // the snapshot, one row per entry (migration 5), records with their sort number and the
      // head with the rules that checked it (migration 6)
      snapshotHead: db.prepare<[string], { server_seq: number; rules: string | null }>(
        'SELECT server_seq, rules FROM snapshot_heads WHERE user_id = ?',
      ),
      setSnapshotHead: db.prepare(
        `INSERT INTO snapshot_heads (user_id, server_seq, rules) VALUES (?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET server_seq = excluded.server_seq, rules = excluded.rules`,
      ),
      markSnapshotChecked: db.prepare(
        'UPDATE snapshot_heads SET rules = ? WHERE user_id = ? AND server_seq = ?',
      ),
      // users whose stored snapshot other rules (or none) checked, the latest device contact first
      snapshotsToCheck: db
        .prepare<[string, number], string>(
          `SELECT h.user_id FROM snapshot_heads h
           LEFT JOIN (SELECT user_id, MAX(COALESCE(last_seen_at, created_at)) AS at FROM devices
                      GROUP BY user_id) d ON d.user_id = h.user_id
           WHERE h.server_seq > 0 AND (h.rules IS NULL OR h.rules <> ?)
           ORDER BY d.at IS NULL, d.at DESC, h.user_id LIMIT ?`,
        )
        .pluck(),
      snapshotRegisters: db.prepare<[string], { key: string; json: string }>(
        "SELECT key, json FROM snapshot_entries WHERE user_id = ? AND part = 'registers'",
      ),
      // one record part's stored texts in the snapshot's order, through snapshot_entries_in_order
      snapshotPartTexts: db
        .prepare<[string, string], string>(
          'SELECT json FROM snapshot_entries WHERE user_id = ? AND part = ? ORDER BY sort_at, key',
        )
        .pluck(),
      snapshotEntry: db.prepare<[string, string, string], { json: string }>(
        'SELECT json FROM snapshot_entries WHERE user_id = ? AND part = ? AND key = ?',
      ),
      putSnapshotEntry: db.prepare(
        `INSERT INTO snapshot_entries (user_id, part, key, json, sort_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, part, key) DO UPDATE SET json = excluded.json, sort_at = excluded.sort_at`,
      ),
      scanSnapshot: db.prepare<[string, string, string, number], { part: string; key: string; json: string }>(
        `SELECT part, key, json FROM snapshot_entries WHERE user_id = ? AND (part, key) > (?, ?)
         ORDER BY part, key LIMIT ?`,
      ),
      dropSnapshotEntries: db.prepare('DELETE FROM snapshot_entries WHERE user_id = ?'),
      insertUser: db.prepare(
        'INSERT OR IGNORE INTO users (user_id, display_name, email, created_at) VALUES (?, ?, ?, ?)',
      ),
      getUser: db.prepare<
        [string],
        { user_id: string; display_name: string; email: string | null; created_at: number }
      >('SELECT user_id, display_name, email, created_at FROM users WHERE user_id = ?'),
      totalChanges: db.prepare<[], { n: number }>('SELECT total_changes() AS n'),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      insertDevice: db.prepare(
        `INSERT OR IGNORE INTO devices (device_id, user_id, name, kind, secret_hash, created_at, last_seen_at,
           last_sync_at, pending_ops, pending_ops_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getDevice: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE device_id = ?'),
      listDevices: db.prepare<[string], DeviceRow>(
        'SELECT * FROM devices WHERE user_id = ? AND removed_at IS NULL ORDER BY created_at, device_id',
      ),
      revokeDevice: db.prepare(
        'UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE device_id = ? AND user_id = ?',
      ),
      renameDevice: db.prepare(
        'UPDATE devices SET name = ? WHERE device_id = ? AND user_id = ? AND removed_at IS NULL',
      ),
      removeDevice: db.prepare(
        `UPDATE devices SET removed_at = COALESCE(removed_at, ?)
           WHERE device_id = ? AND user_id = ? AND revoked_at IS NOT NULL`,
      ),
      deviceOwner: db.prepare<[string], { user_id: string; revoked_at: number | null }>(
        'SELECT user_id, revoked_at FROM devices WHERE device_id = ?',
      ),
      deviceStats: db.prepare(
        `UPDATE devices SET last_seen_at = COALESCE(?, last_seen_at), last_sync_at = COALESCE(?, last_sync_at),
           pending_ops = CASE WHEN ? THEN ? ELSE pending_ops END,
           pending_ops_at = CASE WHEN ? THEN ? ELSE pending_ops_at END WHERE device_id = ?`,
      ),
      putToken: db.prepare(
        'INSERT INTO one_time_tokens (token_hash, kind, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      getToken: db.prepare<[string, string], { user_id: string; expires_at: number; used_at: number | null }>(
        'SELECT user_id, expires_at, used_at FROM one_time_tokens WHERE token_hash = ? AND kind = ?',
      ),
      useToken: db.prepare('UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
      insertSession: db.prepare(
        `INSERT INTO auth_sessions (session_id, user_id, created_at, expires_at, ended_at, web_device_id)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING`,
      ),
      getSession: db.prepare<[string], SessionRow>('SELECT * FROM auth_sessions WHERE session_id = ?'),
      setSessionWebDevice: db.prepare('UPDATE auth_sessions SET web_device_id = ? WHERE session_id = ?'),
      endSession: db.prepare(
        'UPDATE auth_sessions SET ended_at = ? WHERE session_id = ? AND user_id = ? AND ended_at IS NULL',
      ),
      openSessions: db.prepare<[string], { session_id: string; web_device_id: string | null }>(
        'SELECT session_id, web_device_id FROM auth_sessions WHERE user_id = ? AND ended_at IS NULL',
      ),
      pruneSessions: db.prepare('DELETE FROM auth_sessions WHERE expires_at < ?'),
    };
    const stmt = this.stmt;
    this.loadHeads();
    const keys = this.keys;
    this.commitBatch = db.transaction((batch: PendingAppend[]) => {
      const heads = new Map<string, number>();
      const out: AppendResult[][] = [];
      for (const item of batch) {
        let head = heads.get(item.userId) ?? this.committedHead(item.userId);
        const userKey = keys.userForWrite(item.userId);
        const results: AppendResult[] = [];
        const ops = item.ops;
        for (let from = 0; from < ops.length; from += MULTI_ROW_MAX) {
          const to = Math.min(ops.length, from + MULTI_ROW_MAX);
          // the stored text is canonical, so a retried op is recognised by comparing it (only on
          // an opId collision; no fingerprint is computed or stored per op)
          const jsons: string[] = [];
          const opKeys: { device: number; seq: number }[] = [];
          // a push's ops are mostly one device's: its key is looked up once
          let deviceId: string | null = null;
          let deviceKey = 0;
          for (let k = from; k < to; k++) {
            const op = ops[k] as Op;
            jsons.push(opJson(op));
            const key = opIdKey(op.opId);
            if (key.device !== deviceId) {
              deviceId = key.device;
              deviceKey = keys.deviceForWrite(deviceId);
            }
            opKeys.push({ device: deviceKey, seq: key.seq });
          }
          if (to - from > 1 && this.insertAllNew(userKey, head, opKeys, jsons)) {
            for (let k = from; k < to; k++) {
              results.push({ status: 'applied', serverSeq: ++head });
              storedOpText.set(ops[k] as Op, jsons[k - from] as string);
            }
            continue;
          }
          for (let k = from; k < to; k++) {
            const op = ops[k] as Op;
            const json = jsons[k - from] as string;
            const key = opKeys[k - from] as { device: number; seq: number };
            if (stmt.insertOp.run(userKey, head + 1, key.device, key.seq, json).changes === 1) {
              head += 1;
              results.push({ status: 'applied', serverSeq: head });
              storedOpText.set(op, json);
              continue;
            }
            const existing = stmt.findOp.get(userKey, key.device, key.seq);
            if (!existing) throw new Error(`op ${op.opId} neither inserted nor found`);
            results.push({
              status: existing.json === json ? 'duplicate' : 'conflict',
              serverSeq: existing.server_seq,
            });
          }
        }
        heads.set(item.userId, head);
        out.push(results);
      }
      for (const [userId, head] of heads) stmt.setHead.run(userId, head);
      return { results: out, heads };
    });
  }

  /**
   * One multi-row INSERT for ops (their keys and texts) at serverSeqs head + 1 …, when none of
   * them is stored yet (the common case: one statement per push instead of one per op). Returns
   * false when one is (a retry, or the same opId twice in a push): SQLite then backs out that
   * statement alone and the transaction goes on, so the caller takes the ops one by one.
   */
  private insertAllNew(
    userKey: number,
    head: number,
    opKeys: readonly { device: number; seq: number }[],
    jsons: readonly string[],
  ) {
    const n = jsons.length;
    let insert = this.insertMany.get(n);
    if (!insert) {
      insert = this.db.prepare(
        `INSERT INTO ops (user_key, server_seq, device_key, seq, json) VALUES ${Array(n).fill('(?, ?, ?, ?, ?)').join(', ')}`,
      );
      this.insertMany.set(n, insert);
    }
    const args: unknown[] = new Array(5 * n);
    for (let k = 0; k < n; k++) {
      const key = opKeys[k] as { device: number; seq: number };
      args[5 * k] = userKey;
      args[5 * k + 1] = head + 1 + k;
      args[5 * k + 2] = key.device;
      args[5 * k + 3] = key.seq;
      args[5 * k + 4] = jsons[k];
    }
    try {
      insert.run(...args);
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw err;
    }
  }

  appendOps(userId: string, ops: readonly Op[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    if (ops.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ userId, ops, resolve, reject });
      this.queuedOps += ops.length;
      // enough gathered: commit now rather than at the end of the turn (see commitMaxOps)
      if (this.queuedOps >= (this.options.commitMaxOps ?? DEFAULT_SQLITE_COMMIT_MAX_OPS)) {
        this.flush();
        return;
      }
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        const wait =
          (this.options.commitWindowMs ?? DEFAULT_SQLITE_COMMIT_WINDOW_MS) -
          (performance.now() - this.lastCommitAt);
        if (wait >= 1) this.flushTimer = setTimeout(() => this.flush(), wait);
        else this.flushImmediate = setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued so far in one transaction. */
  private flush(): void {
    if (this.commitsHeld) return; // the catch-up's end flushes
    this.flushScheduled = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushImmediate) clearImmediate(this.flushImmediate);
    this.flushTimer = null;
    this.flushImmediate = null;
    const batch = this.queue;
    this.queue = [];
    this.queuedOps = 0;
    if (batch.length === 0) return;
    let results: AppendResult[][];
    try {
      const committed = this.commitBatch(batch);
      this.keys.committed();
      results = committed.results;
      for (const [userId, head] of committed.heads) this.cacheHead(userId, head);
    } catch (err) {
      this.keys.rolledBack();
      for (const item of batch) item.reject(err);
      return;
    } finally {
      this.lastCommitAt = performance.now();
    }
    batch.forEach((item, i) => {
      const r = results[i] ?? [];
      this.opsSinceCheckpoint += r.length;
      item.resolve(r);
    });
    if (this.opsSinceCheckpoint >= (this.options.checkpointEveryOps ?? CHECKPOINT_EVERY_OPS))
      this.requestCheckpoint();
  }

  private get backgroundCheckpoints(): boolean {
    return this.options.file !== ':memory:' && this.options.backgroundCheckpoint !== false;
  }

  /** A checkpoint when anything was written since the last look (ops or not). */
  private checkpointIfWritten(): void {
    if (this.closed || this.checkpointing) return; // looked at again next time
    const changes = this.stmt.totalChanges.get()?.n ?? 0;
    if (changes === this.changesSeen) return;
    this.changesSeen = changes;
    this.requestCheckpoint();
  }

  /** Asks the checkpointer thread for a PASSIVE checkpoint; without one, checkpoints here. */
  private requestCheckpoint(): void {
    if (this.checkpointing || this.closed) return;
    this.opsSinceCheckpoint = 0;
    if (!this.backgroundCheckpoints) return;
    const worker = this.checkpointer ?? this.startCheckpointer();
    if (!worker) {
      this.db.pragma('wal_checkpoint(PASSIVE)');
      return;
    }
    this.postCheckpoint(worker);
  }

  /**
   * A checkpoint has ended. SQLite starts the WAL again from its beginning only when a write finds
   * every frame copied, and frames written while this checkpoint ran are not. So once the WAL is
   * large (walResetFrames), checkpoints follow each other, each copying what the one before left,
   * until one was short (few frames can have come meanwhile): then the op commits wait while one
   * more copies the rest, and the next commit rewinds the WAL.
   */
  private checkpointDone(reply: CheckpointReply): void {
    const tookMs = performance.now() - this.checkpointStartedAt;
    this.checkpointing = false;
    if (this.catchingUp) {
      this.catchingUp = false;
      this.chained = 0;
      this.releaseCommits();
      return;
    }
    const worker = this.checkpointer;
    if (this.closed || !worker || reply.error !== null) return;
    if (reply.log < (this.options.walResetFrames ?? WAL_RESET_FRAMES)) {
      this.chained = 0;
      return;
    }
    const changes = this.stmt.totalChanges.get()?.n ?? 0;
    if (changes === this.changesAtCheckpoint) {
      this.chained = 0; // nothing written meanwhile: the next write rewinds the WAL
      return;
    }
    if (tookMs <= CATCH_UP_AFTER_MS || this.chained >= CATCH_UP_CHAIN_MAX) {
      this.catchingUp = true;
      this.commitsHeld = true;
      this.catchUpGuard = setTimeout(() => this.releaseCommits(), CATCH_UP_MAX_MS);
    } else this.chained += 1;
    this.postCheckpoint(worker);
  }

  private postCheckpoint(worker: Worker): void {
    this.checkpointing = true;
    this.changesAtCheckpoint = this.stmt.totalChanges.get()?.n ?? 0;
    this.checkpointStartedAt = performance.now();
    worker.postMessage('checkpoint');
  }

  private releaseCommits(): void {
    if (this.catchUpGuard) clearTimeout(this.catchUpGuard);
    this.catchUpGuard = null;
    if (!this.commitsHeld) return;
    this.commitsHeld = false;
    const waiting = this.released;
    this.released = [];
    for (const go of waiting) go();
    if (this.queue.length > 0) this.flush();
  }

  /** Resolves at once, or when a catch-up's hold on commits ends. */
  private commitsAllowed(): Promise<void> | null {
    return this.commitsHeld ? new Promise((resolve) => this.released.push(resolve)) : null;
  }

  private startCheckpointer(): Worker | null {
    try {
      const worker = new Worker(CHECKPOINT_WORKER, {
        eval: true,
        // plain JS: none of the parent's loaders (tsx in development) are needed
        execArgv: [],
        workerData: {
          driver: createRequire(import.meta.url).resolve('better-sqlite3'),
          file: this.options.file,
          synchronous: this.options.synchronous ?? 'NORMAL',
        },
      });
      worker.unref();
      worker.on('message', (reply: CheckpointReply) => this.checkpointDone(reply));
      worker.on('error', () => {
        // fall back to checkpointing on this thread
        this.checkpointer = null;
        this.checkpointing = false;
        this.catchingUp = false;
        this.releaseCommits();
        this.options.backgroundCheckpoint = false;
        if (!this.closed) this.db.pragma('wal_autocheckpoint = 1000');
      });
      this.checkpointer = worker;
      return worker;
    } catch {
      return null;
    }
  }

  async readOps(userId: string, afterSeq: number, limit: number): Promise<ServerOp[]> {
    const userKey = this.keys.user(userId);
    if (userKey === null) return [];
    return this.stmt.readOps
      .all(userKey, afterSeq, limit)
      .map((row) => ({ ...(JSON.parse(row.json) as Op), serverSeq: row.server_seq }));
  }

  async headSeq(userId: string): Promise<number> {
    return this.committedHead(userId);
  }

  /**
   * The user's committed head (see `heads`). A group commit reads it before writing the user's
   * heads row (it writes them all at its end), so even inside one the row read is committed.
   */
  private committedHead(userId: string): number {
    const known = this.heads.get(userId);
    if (known !== undefined) return known;
    if (this.headsComplete) return 0;
    const head = this.stmt.head.get(userId)?.head ?? 0;
    this.cacheHead(userId, head);
    return head;
  }

  private cacheHead(userId: string, head: number): void {
    if (this.heads.size >= this.headCacheMax && !this.heads.has(userId)) {
      this.heads.clear();
      this.headsComplete = false;
    }
    this.heads.set(userId, head);
  }

  /** Start-up: every committed head into `heads` when the table fits in the cap. */
  private loadHeads(): void {
    const rows = this.db
      .prepare<[number], { user_id: string; head: number }>('SELECT user_id, head FROM heads LIMIT ?')
      .all(this.headCacheMax + 1);
    if (rows.length > this.headCacheMax) return;
    for (const row of rows) this.heads.set(row.user_id, row.head);
    this.headsComplete = true;
  }

  async getSnapshot(userId: string): Promise<Snapshot | null> {
    const text = this.snapshotText(userId);
    return text ? (JSON.parse(text.json) as Snapshot) : null;
  }

  async getSnapshotText(userId: string): Promise<SnapshotText | null> {
    return this.snapshotText(userId);
  }

  /**
   * Assembled by SQLite from the stored texts: each record part walked in order through its
   * index (no sort, no parse), the few registers sorted here by key. One connection, synchronous
   * statements: nothing is written between them.
   */
  private snapshotText(userId: string): SnapshotText | null {
    const head = this.stmt.snapshotHead.get(userId);
    if (!head) return null;
    const parts = {} as Record<RecordStateKey, string[]>;
    for (const part of RECORD_STATE_KEYS) parts[part] = this.stmt.snapshotPartTexts.all(userId, part);
    const json = snapshotTextOf(head.server_seq, this.stmt.snapshotRegisters.all(userId), parts);
    return { serverSeq: head.server_seq, json };
  }

  async putSnapshot(userId: string, snapshot: Snapshot, rules?: string): Promise<void> {
    this.putSnapshotTx(userId, snapshot, rules ?? null);
  }

  private readonly putSnapshotTx = this.dbTransaction(
    (userId: string, snapshot: Snapshot, rules: string | null) => {
      const stored = this.stmt.snapshotHead.get(userId)?.server_seq;
      if (stored !== undefined && stored > snapshot.serverSeq) return;
      this.stmt.dropSnapshotEntries.run(userId);
      for (const e of snapshotEntriesOf(snapshot)) this.putEntry(userId, e);
      this.stmt.setSnapshotHead.run(userId, snapshot.serverSeq, rules);
    },
  );

  private putEntry(userId: string, e: SnapshotEntry): void {
    this.stmt.putSnapshotEntry.run(
      userId,
      e.part,
      e.key,
      JSON.stringify(e.value),
      snapshotSortAt(e.part, e.value),
    );
  }

  async getSnapshotEntries(
    userId: string,
    keys: readonly SnapshotKey[],
  ): Promise<SnapshotEntriesRead | null> {
    const head = this.stmt.snapshotHead.get(userId);
    const entries: SnapshotEntry[] = [];
    for (const k of keys) {
      const row = this.stmt.snapshotEntry.get(userId, k.part, k.key);
      if (row) entries.push({ part: k.part, key: k.key, value: JSON.parse(row.json) as unknown });
    }
    return { serverSeq: head?.server_seq ?? 0, entries, rules: head?.rules ?? null };
  }

  async markSnapshotChecked(userId: string, serverSeq: number, rules: string): Promise<boolean> {
    return this.stmt.markSnapshotChecked.run(rules, userId, serverSeq).changes === 1;
  }

  async snapshotsToCheck(rules: string, limit: number): Promise<string[]> {
    return this.stmt.snapshotsToCheck.all(rules, Math.max(0, Math.floor(limit)));
  }

  async updateSnapshot(userId: string, delta: SnapshotDelta): Promise<boolean> {
    return this.updateSnapshotTx(userId, delta);
  }

  private readonly updateSnapshotTx = this.dbTransaction((userId: string, delta: SnapshotDelta): boolean => {
    const head = this.stmt.snapshotHead.get(userId);
    if ((head?.server_seq ?? 0) !== delta.fromSeq) return false;
    for (const e of delta.entries) this.putEntry(userId, e);
    // a first delta holds only this writer's entries; later ones keep the rules if they are the same
    const rules = delta.rules === undefined ? null : !head || head.rules === delta.rules ? delta.rules : null;
    this.stmt.setSnapshotHead.run(userId, delta.serverSeq, rules);
    return true;
  });

  async scanSnapshot(userId: string, after: SnapshotKey | null, limit: number): Promise<SnapshotEntry[]> {
    // '' sorts before every part and key, so (part, key) > ('', '') is "from the start"
    return this.stmt.scanSnapshot
      .all(userId, after?.part ?? '', after?.key ?? '', limit)
      .map((r) => ({ part: r.part as SnapshotPart, key: r.key, value: JSON.parse(r.json) as unknown }));
  }

  /** A transaction over the store's connection, made once (the statements exist by then). */
  private dbTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    let tx: ((...args: A) => R) | null = null;
    return (...args: A) => {
      tx ??= this.db.transaction(fn);
      return tx(...args);
    };
  }

  async ensureUser(user: UserRecord): Promise<UserRecord> {
    // a read first: a user met again (every first sign-in of a process) costs no write transaction
    const known = await this.getUser(user.userId);
    if (known) return known;
    this.stmt.insertUser.run(user.userId, user.displayName, user.email, user.createdAt);
    return (await this.getUser(user.userId)) ?? user;
  }

  async getUser(userId: string): Promise<UserRecord | null> {
    const row = this.stmt.getUser.get(userId);
    return row
      ? { userId: row.user_id, displayName: row.display_name, email: row.email, createdAt: row.created_at }
      : null;
  }

  async getMeta(key: string): Promise<string | null> {
    return this.stmt.getMeta.get(key)?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.stmt.setMeta.run(key, value);
  }

  async createDevice(d: DeviceRecord): Promise<boolean> {
    const res = this.stmt.insertDevice.run(
      d.deviceId,
      d.userId,
      d.name,
      d.kind,
      d.secretHash,
      d.createdAt,
      d.lastSeenAt,
      d.lastSyncAt,
      d.pendingOps,
      d.pendingOpsAt ?? null,
      d.revokedAt,
    );
    return res.changes === 1;
  }

  async getDevice(deviceId: string): Promise<DeviceRecord | null> {
    const row = this.stmt.getDevice.get(deviceId);
    return row ? toDevice(row) : null;
  }

  async listDevices(userId: string): Promise<DeviceRecord[]> {
    return this.stmt.listDevices.all(userId).map(toDevice);
  }

  async revokeDevice(userId: string, deviceId: string, at: number): Promise<boolean> {
    return this.stmt.revokeDevice.run(at, deviceId, userId).changes === 1;
  }

  async renameDevice(userId: string, deviceId: string, name: string): Promise<boolean> {
    return this.stmt.renameDevice.run(name, deviceId, userId).changes === 1;
  }

  async removeDevice(userId: string, deviceId: string, at: number): Promise<RemoveDeviceResult> {
    if (this.stmt.removeDevice.run(at, deviceId, userId).changes === 1) return 'removed';
    const row = this.stmt.deviceOwner.get(deviceId);
    return row && row.user_id === userId && row.revoked_at === null ? 'active' : 'notFound';
  }

  async updateDeviceStats(stats: ReadonlyMap<string, DeviceStats>): Promise<void> {
    await this.commitsAllowed();
    if (this.closed) throw new Error('store closed');
    this.db.transaction(() => {
      for (const [deviceId, s] of stats) {
        const hasPending = s.pendingOps !== undefined ? 1 : 0;
        const hasPendingAt = s.pendingOpsAt !== undefined ? 1 : 0;
        this.stmt.deviceStats.run(
          s.lastSeenAt ?? null,
          s.lastSyncAt ?? null,
          hasPending,
          s.pendingOps ?? null,
          hasPendingAt,
          s.pendingOpsAt ?? null,
          deviceId,
        );
      }
    })();
  }

  async createSession(x: AuthSessionRecord): Promise<void> {
    // sessions long expired are of no use to anyone: drop them as new ones come
    this.stmt.pruneSessions.run(x.createdAt - SESSION_KEEP_MS);
    this.stmt.insertSession.run(x.sessionId, x.userId, x.createdAt, x.expiresAt, x.endedAt, x.webDeviceId);
  }

  async getSession(sessionId: string): Promise<AuthSessionRecord | null> {
    const row = this.stmt.getSession.get(sessionId);
    return row
      ? {
          sessionId: row.session_id,
          userId: row.user_id,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          endedAt: row.ended_at,
          webDeviceId: row.web_device_id,
        }
      : null;
  }

  /**
   * Group commit, as for ops: a browser's first socket after a sign-in binds its session, and the
   * bindings asked for close together (a storm of new sign-ins) are written in one transaction,
   * each resolved once it is committed. A binding after a quiet spell is written on the next turn;
   * one within BINDING_WINDOW_MS of the last commit waits for the window to end. Measured on 5,000
   * sessions: ~80 µs of CPU a binding one a commit, 35 five a commit, 12 twenty a commit — and in
   * a storm they come about one a millisecond, so the next turn alone gathers one or two.
   */
  setSessionWebDevice(sessionId: string, webDeviceId: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store closed'));
    return new Promise((resolve, reject) => {
      this.webDeviceQueue.push({ sessionId, webDeviceId, resolve, reject });
      if (this.webDeviceQueue.length > 1) return;
      const wait = BINDING_WINDOW_MS - (performance.now() - this.lastBindingAt);
      if (wait >= 1) this.bindingTimer = setTimeout(() => this.flushWebDevices(), wait);
      else setImmediate(() => this.flushWebDevices());
    });
  }

  private lastBindingAt = Number.NEGATIVE_INFINITY;
  private bindingTimer: NodeJS.Timeout | null = null;

  private webDeviceQueue: {
    sessionId: string;
    webDeviceId: string;
    resolve: () => void;
    reject: (err: unknown) => void;
  }[] = [];

  private flushWebDevices(): void {
    if (this.bindingTimer) clearTimeout(this.bindingTimer);
    this.bindingTimer = null;
    const batch = this.webDeviceQueue;
    if (batch.length === 0) return;
    this.webDeviceQueue = [];
    try {
      this.db.transaction(() => {
        for (const b of batch) this.stmt.setSessionWebDevice.run(b.webDeviceId, b.sessionId);
      })();
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    } finally {
      this.lastBindingAt = performance.now();
    }
    for (const b of batch) b.resolve();
  }

  async endSession(userId: string, sessionId: string, at: number): Promise<boolean> {
    return this.stmt.endSession.run(at, sessionId, userId).changes === 1;
  }

  async endUserSessions(userId: string, at: number, webDeviceId?: string): Promise<string[]> {
    // a binding still gathering would be missed by the web-device filter: write it first
    this.flushWebDevices();
    return this.db.transaction(() => {
      const ended: string[] = [];
      for (const row of this.stmt.openSessions.all(userId)) {
        if (webDeviceId !== undefined && row.web_device_id !== webDeviceId) continue;
        this.stmt.endSession.run(at, row.session_id, userId);
        ended.push(row.session_id);
      }
      return ended;
    })();
  }

  async putOneTimeToken(t: OneTimeTokenRecord): Promise<void> {
    this.stmt.putToken.run(t.tokenHash, t.kind, t.userId, t.createdAt, t.expiresAt);
  }

  async consumeOneTimeToken(kind: OneTimeTokenKind, tokenHash: string, now: number): Promise<ConsumeResult> {
    return this.db.transaction((): ConsumeResult => {
      const row = this.stmt.getToken.get(tokenHash, kind);
      if (!row) return { ok: false, reason: 'invalid' };
      if (row.used_at !== null) return { ok: false, reason: 'used' };
      if (row.expires_at <= now) return { ok: false, reason: 'expired' };
      this.stmt.useToken.run(now, tokenHash);
      return { ok: true, userId: row.user_id };
    })();
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store closed');
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.walWatch) clearInterval(this.walWatch);
    this.releaseCommits();
    this.flush();
    this.flushWebDevices();
    this.closed = true;
    const worker = this.checkpointer;
    this.checkpointer = null;
    if (worker) {
      // the last connection to close checkpoints and removes the WAL: let the worker go first
      const exited = new Promise<void>((r) => worker.once('exit', () => r()));
      worker.ref(); // keep the process alive until the worker has closed its connection
      worker.postMessage('close');
      const stuck = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(stuck);
    }
    this.db.close();
  }
}

interface SessionRow {
  session_id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  web_device_id: string | null;
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    deviceId: row.device_id,
    userId: row.user_id,
    name: row.name,
    kind: row.kind as DeviceKind,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    lastSyncAt: row.last_sync_at,
    pendingOps: row.pending_ops,
    pendingOpsAt: row.pending_ops_at,
    revokedAt: row.revoked_at,
  };
}
