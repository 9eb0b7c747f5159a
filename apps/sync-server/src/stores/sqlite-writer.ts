/**
 * The writes of the SQLite store that happen under load: appending ops to the log (group
 * commit) and the once-a-second device bookkeeping. Imports only Node built-ins and
 * better-sqlite3 (types are erased), so the same code runs on the store's writer thread
 * (`sqlite-writer.worker.ts`) and, where a thread cannot be used (`:memory:`), on the caller's.
 */
import type Database from 'better-sqlite3';
import { sha256Hex } from './hash.js';
import type { AppendResult, DeviceStats } from './store.js';

/** An op as the writer receives it: already validated and serialised by the caller. */
export interface EncodedOp {
  opId: string;
  json: string;
}

export interface AppendItem {
  userId: string;
  ops: EncodedOp[];
}

export type StatsEntry = [deviceId: string, stats: DeviceStats];

export type WriterRequest =
  | { id: number; type: 'append'; items: AppendItem[] }
  | { id: number; type: 'stats'; entries: StatsEntry[] }
  | { id: number; type: 'close' };

export type WriterResponse =
  | { id: number; ok: true; results?: AppendResult[][] }
  | { id: number; ok: false; error: string };

export interface WriterOptions {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
}

export interface OpLogWriter {
  /** One IMMEDIATE transaction for all items; results in item order. Throws (nothing stored) on failure. */
  append(items: readonly AppendItem[]): AppendResult[][];
  updateDeviceStats(entries: readonly StatsEntry[]): void;
}

export function createOpLogWriter(db: Database.Database): OpLogWriter {
  const head = db.prepare<[string], { head: number }>('SELECT head FROM heads WHERE user_id = ?');
  const setHead = db.prepare(
    'INSERT INTO heads (user_id, head) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET head = excluded.head',
  );
  // the unique (user_id, op_id) index is probed once, by the insert; a retried op falls through
  // to findOp
  const insertOp = db.prepare(
    `INSERT INTO ops (user_id, server_seq, op_id, content_hash, json) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, op_id) DO NOTHING`,
  );
  const findOp = db.prepare<[string, string], { server_seq: number; content_hash: string }>(
    'SELECT server_seq, content_hash FROM ops WHERE user_id = ? AND op_id = ?',
  );
  const deviceStats = db.prepare(
    `UPDATE devices SET last_seen_at = COALESCE(?, last_seen_at), last_sync_at = COALESCE(?, last_sync_at),
       pending_ops = CASE WHEN ? THEN ? ELSE pending_ops END WHERE device_id = ?`,
  );

  const append = db.transaction((items: readonly AppendItem[]) => {
    const heads = new Map<string, number>();
    const out: AppendResult[][] = [];
    for (const item of items) {
      let seq = heads.get(item.userId) ?? head.get(item.userId)?.head ?? 0;
      const results: AppendResult[] = [];
      for (const op of item.ops) {
        const hash = sha256Hex(op.json);
        if (insertOp.run(item.userId, seq + 1, op.opId, hash, op.json).changes === 1) {
          seq += 1;
          results.push({ status: 'applied', serverSeq: seq });
          continue;
        }
        const existing = findOp.get(item.userId, op.opId);
        if (!existing) throw new Error(`op ${op.opId} neither inserted nor found`);
        results.push({
          status: existing.content_hash === hash ? 'duplicate' : 'conflict',
          serverSeq: existing.server_seq,
        });
      }
      heads.set(item.userId, seq);
      out.push(results);
    }
    for (const [userId, seq] of heads) setHead.run(userId, seq);
    return out;
  });

  const stats = db.transaction((entries: readonly StatsEntry[]) => {
    for (const [deviceId, s] of entries)
      deviceStats.run(
        s.lastSeenAt ?? null,
        s.lastSyncAt ?? null,
        s.pendingOps !== undefined ? 1 : 0,
        s.pendingOps ?? null,
        deviceId,
      );
  });

  return {
    // IMMEDIATE: take the write lock first, so a write from the store's other connection
    // (devices, tokens) waits its turn instead of failing the read-then-write transaction
    append: (items) => append.immediate(items),
    updateDeviceStats: (entries) => stats.immediate(entries),
  };
}

/** Opens the writer's own connection with the store's settings (the file is already migrated). */
export function configureWriterConnection(db: Database.Database, options: WriterOptions): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // the store checkpoints from its own thread; a commit never does
  db.pragma('wal_autocheckpoint = 0');
}
