import type Database from 'better-sqlite3';

/**
 * Where an op sits in the log's dedup index (migration 9): an opId `device:seq` (what today's rules
 * require: deviceId, a colon, the seq in decimal) as that device and seq, any other opId (one stored
 * under older rules) whole, with seq -1. One opId, one key, and two opIds never share one: a seq
 * read from the id is written back the same way (decimal, no leading zero, at most 15 digits), and
 * -1 is never read from an id. Migration 9 computes the same key in SQL for the ops stored before it.
 */
export function opIdKey(opId: string): { device: string; seq: number } {
  // only the last colon can start a suffix of digits alone
  const colon = opId.lastIndexOf(':');
  const seq = colon < 0 ? '' : opId.slice(colon + 1);
  return SEQ.test(seq) ? { device: opId.slice(0, colon), seq: Number(seq) } : { device: opId, seq: -1 };
}

const SEQ = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * The integer keys of users and devices that the log's rows and indexes hold instead of their ids
 * (`op_users`, `op_devices`; migration 9): an index entry of three integers instead of two ids is
 * about a third of the size, and a commit writes about a quarter fewer WAL pages. Keys are kept in
 * memory once committed (a map each, started again past `cacheMax`); a key made inside a
 * transaction is kept only when that transaction commits (`committed`), so a rolled-back one
 * (`rolledBack`) never leaves a key the table does not hold. Only the store's connection writes.
 */
export class SqliteLogKeys {
  private readonly users = new Map<string, number>();
  private readonly devices = new Map<string, number>();
  private readonly newUsers = new Map<string, number>();
  private readonly newDevices = new Map<string, number>();
  private readonly stmt;

  constructor(
    db: Database.Database,
    private readonly cacheMax: number,
  ) {
    this.stmt = {
      user: db.prepare<[string], number>('SELECT user_key FROM op_users WHERE user_id = ?').pluck(),
      addUser: db
        .prepare<[string], number>('INSERT INTO op_users (user_id) VALUES (?) RETURNING user_key')
        .pluck(),
      device: db.prepare<[string], number>('SELECT device_key FROM op_devices WHERE device_id = ?').pluck(),
      addDevice: db
        .prepare<[string], number>('INSERT INTO op_devices (device_id) VALUES (?) RETURNING device_key')
        .pluck(),
    };
  }

  /** The user's key, or null when none of the user's ops is stored (reads). */
  user(userId: string): number | null {
    return this.find(userId, this.users, this.newUsers, this.stmt.user);
  }

  /** The device's key, or null when no op of that device is stored (reads). */
  device(deviceId: string): number | null {
    return this.find(deviceId, this.devices, this.newDevices, this.stmt.device);
  }

  /** Inside a write transaction: the user's key, made when the user has none yet. */
  userForWrite(userId: string): number {
    return this.user(userId) ?? this.add(userId, this.newUsers, this.stmt.addUser);
  }

  /** Inside a write transaction: the device's key, made when it has none yet. */
  deviceForWrite(deviceId: string): number {
    return this.device(deviceId) ?? this.add(deviceId, this.newDevices, this.stmt.addDevice);
  }

  /** The transaction that made keys committed: they are kept. */
  committed(): void {
    for (const [id, key] of this.newUsers) this.keep(this.users, id, key);
    for (const [id, key] of this.newDevices) this.keep(this.devices, id, key);
    this.newUsers.clear();
    this.newDevices.clear();
  }

  /** The transaction that made keys rolled back: they are gone. */
  rolledBack(): void {
    this.newUsers.clear();
    this.newDevices.clear();
  }

  private find(
    id: string,
    cache: Map<string, number>,
    made: Map<string, number>,
    read: Database.Statement<[string], number>,
  ): number | null {
    const known = cache.get(id) ?? made.get(id);
    if (known !== undefined) return known;
    const key = read.get(id);
    if (key === undefined) return null;
    // not made by the transaction under way (it would be in `made`), so committed
    this.keep(cache, id, key);
    return key;
  }

  private add(id: string, made: Map<string, number>, insert: Database.Statement<[string], number>): number {
    const key = insert.get(id);
    if (key === undefined) throw new Error(`no key made for ${id}`);
    made.set(id, key);
    return key;
  }

  private keep(cache: Map<string, number>, id: string, key: number): void {
    if (cache.size >= this.cacheMax && !cache.has(id)) cache.clear();
    cache.set(id, key);
  }
}
