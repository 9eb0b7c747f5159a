/**
 * Writes a user's log straight into a SqliteStore's file (its schema, its stored text, its log
 * keys), in one transaction: how the benches build logs of a million ops in seconds instead of
 * pushing them. The file must hold the store's schema already (open and close a SqliteStore first).
 */
import type { Op } from '@unknot/stretch-model';
import Database from 'better-sqlite3';
import { opIdKey, SqliteLogKeys } from '../src/stores/sqlite-log-keys.js';
import { opJson } from '../src/stores/store.js';

export function writeLog(file: string, userId: string, ops: readonly Op[]): void {
  const db = new Database(file);
  const insert = db.prepare(
    'INSERT INTO ops (user_key, server_seq, device_key, seq, json) VALUES (?, ?, ?, ?, ?)',
  );
  const keys = new SqliteLogKeys(db, 1000);
  db.transaction(() => {
    const user = keys.userForWrite(userId);
    for (const [i, op] of ops.entries()) {
      const key = opIdKey(op.opId);
      insert.run(user, i + 1, keys.deviceForWrite(key.device), key.seq, opJson(op));
    }
    db.prepare('INSERT OR REPLACE INTO heads (user_id, head) VALUES (?, ?)').run(userId, ops.length);
  })();
  db.close();
}
