/**
 * Ordered, append-only list of schema migrations for the SQLite store. Never edit a released
 * migration; add a new one. Applied versions are recorded in `schema_migrations`.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        email TEXT,
        created_at INTEGER NOT NULL
      );
      -- per-user log head: the last allocated serverSeq
      CREATE TABLE heads (
        user_id TEXT PRIMARY KEY,
        head INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE ops (
        user_id TEXT NOT NULL,
        server_seq INTEGER NOT NULL,
        op_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (user_id, server_seq)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX ops_by_op_id ON ops (user_id, op_id);
      CREATE TABLE snapshots (
        user_id TEXT PRIMARY KEY,
        server_seq INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        secret_hash TEXT,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        last_sync_at INTEGER,
        pending_ops INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX devices_by_user ON devices (user_id);
      CREATE TABLE one_time_tokens (
        token_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
    `,
  },
  {
    version: 2,
    name: 'ops-append-order',
    // The log keyed by (user_id, server_seq) WITHOUT ROWID put every push on its user's own
    // b-tree page, so a commit touched a page per user; in append (rowid) order the ops of one
    // commit share pages and only the two narrow indexes are per user. About 40 % less work
    // per appended op. Pulls read through the (user_id, server_seq) index. The content hash goes:
    // the stored JSON is canonical, so a retried op is told from a conflicting one by comparing
    // the texts, which only happens on an opId collision.
    sql: `
      CREATE TABLE ops_v2 (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        server_seq INTEGER NOT NULL,
        op_id TEXT NOT NULL,
        json TEXT NOT NULL
      );
      INSERT INTO ops_v2 (user_id, server_seq, op_id, json)
        SELECT user_id, server_seq, op_id, json FROM ops ORDER BY user_id, server_seq;
      DROP TABLE ops;
      ALTER TABLE ops_v2 RENAME TO ops;
      CREATE UNIQUE INDEX ops_by_seq ON ops (user_id, server_seq);
      CREATE UNIQUE INDEX ops_by_op_id ON ops (user_id, op_id);
    `,
  },
  {
    version: 3,
    name: 'auth-sessions',
    // Server-side sessions: a token is good only while its session row is open, so signing out
    // (here, everywhere, or by revoking the browser) ends it at once.
    sql: `
      CREATE TABLE auth_sessions (
        session_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ended_at INTEGER,
        web_device_id TEXT
      );
      CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);
    `,
  },
  {
    version: 4,
    name: 'device-list',
    // When the pending count was reported (shown with it), and devices taken off the list: a
    // removed device keeps its row, so its credential (or browser id) stays refused as revoked.
    sql: `
      ALTER TABLE devices ADD COLUMN pending_ops_at INTEGER;
      ALTER TABLE devices ADD COLUMN removed_at INTEGER;
    `,
  },
  {
    version: 5,
    name: 'snapshot-entries',
    // The snapshot as one row per register and record instead of one JSON document: folding 500
    // new ops writes the entries they changed, not the whole state again (a 100,000-session
    // snapshot is 56 MB of JSON; writing it stalled the event loop for about a second). The
    // stored documents are split into their entries here; `snapshot_heads` keeps the position.
    sql: `
      CREATE TABLE snapshot_heads (
        user_id TEXT PRIMARY KEY,
        server_seq INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE snapshot_entries (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL,
        part TEXT NOT NULL,
        key TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE UNIQUE INDEX snapshot_entries_by_key ON snapshot_entries (user_id, part, key);
      INSERT INTO snapshot_heads (user_id, server_seq) SELECT user_id, server_seq FROM snapshots;
      INSERT OR IGNORE INTO snapshot_entries (user_id, part, key, json)
        SELECT s.user_id, 'registers', r.key, r.value FROM snapshots s, json_each(s.json, '$.registers') r
        WHERE json_valid(s.json);
      INSERT OR IGNORE INTO snapshot_entries (user_id, part, key, json)
        SELECT s.user_id, 'sessions', json_extract(r.value, '$.id'), r.value
        FROM snapshots s, json_each(s.json, '$.sessions') r
        WHERE json_valid(s.json) AND json_type(r.value, '$.id') = 'text';
      INSERT OR IGNORE INTO snapshot_entries (user_id, part, key, json)
        SELECT s.user_id, 'nudgeEvents', json_extract(r.value, '$.id'), r.value
        FROM snapshots s, json_each(s.json, '$.nudgeEvents') r
        WHERE json_valid(s.json) AND json_type(r.value, '$.id') = 'text';
      DROP TABLE snapshots;
    `,
  },
  {
    version: 6,
    name: 'snapshot-order',
    // A new device's snapshot is assembled from the stored entries' text, in the snapshot's order,
    // by SQLite: each record keeps the number its list is ordered by (the op table's orderBy:
    // sessions by startedAt, nudge events by at; ties by id, the key), read through an index in
    // that order. `rules` on the head: the rules that checked (or wrote) every stored entry, so a
    // restart does not check the same snapshot again (null: not checked yet).
    sql: `
      ALTER TABLE snapshot_entries ADD COLUMN sort_at REAL;
      UPDATE snapshot_entries SET sort_at = json_extract(json, '$.startedAt')
        WHERE part = 'sessions' AND json_valid(json);
      UPDATE snapshot_entries SET sort_at = json_extract(json, '$.at')
        WHERE part = 'nudgeEvents' AND json_valid(json);
      CREATE INDEX snapshot_entries_in_order ON snapshot_entries (user_id, part, sort_at, key);
      ALTER TABLE snapshot_heads ADD COLUMN rules TEXT;
    `,
  },
  {
    version: 7,
    name: 'accounts',
    // Local-mode accounts: each user's passkeys (WebAuthn credentials), the challenges of
    // ceremonies in progress (single use, short-lived) and invitations to make an account (only a
    // hash of the token is kept). A passkey belongs to one user: its key is (user_id, credential_id).
    sql: `
      CREATE TABLE passkeys (
        user_id TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        counter INTEGER NOT NULL,
        transports TEXT NOT NULL,
        device_type TEXT NOT NULL,
        backed_up INTEGER NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        PRIMARY KEY (user_id, credential_id)
      ) WITHOUT ROWID;
      CREATE TABLE webauthn_challenges (
        challenge TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        user_id TEXT,
        invitation_hash TEXT,
        display_name TEXT,
        rp_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX webauthn_challenges_by_expiry ON webauthn_challenges (expires_at);
      CREATE TABLE invitations (
        token_hash TEXT PRIMARY KEY,
        invitation_id TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_by TEXT,
        revoked_at INTEGER
      );
      CREATE INDEX invitations_by_creator ON invitations (created_by);
    `,
  },
  {
    version: 8,
    name: 'share-links',
    // Report share links: a read-only link to one user's report for a date range. Only a hash of
    // the token is kept (the primary key: the public route looks a link up by it); the owner lists
    // and revokes by link_id. Last opening and the count of openings are shown on the share page.
    sql: `
      CREATE TABLE share_links (
        token_hash TEXT PRIMARY KEY,
        link_id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        range_from TEXT NOT NULL,
        range_to TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_opened_at INTEGER,
        opens INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX share_links_by_user ON share_links (user_id, created_at);
    `,
  },
  {
    version: 9,
    name: 'ops-integer-keys',
    // The log's two indexes held each op's user id and opId as text: per commit a page of each
    // index per user, the largest share of the WAL frames a push writes. They now hold integers: a
    // user key (op_users), and the opId as a device key (op_devices) and seq. An opId "device:seq"
    // (today's rule: deviceId, a colon, the seq in decimal) is read as that device and seq; any
    // other (stored under older rules) is kept whole as the device, with seq -1. So every opId has
    // one key and no two share one, and the store's opIdKey computes the same key for a new op.
    // `rtrim(op_id, digits)` drops the trailing digits; they are the seq when a colon precedes them
    // and they are written the canonical way (no leading zero, at most 15 digits). The rows keep
    // their ids, so the log keeps its append order.
    sql: `
      CREATE TABLE op_users (
        user_key INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL UNIQUE
      );
      CREATE TABLE op_devices (
        device_key INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL UNIQUE
      );
      CREATE TEMP TABLE op_id_keys AS
        SELECT id, user_id,
          CASE WHEN canonical THEN substr(head, 1, length(head) - 1) ELSE op_id END AS device_id,
          CASE WHEN canonical THEN CAST(substr(op_id, length(head) + 1) AS INTEGER) ELSE -1 END AS seq
        FROM (
          SELECT id, user_id, op_id, head,
            substr(head, -1) = ':' AND length(op_id) - length(head) BETWEEN 1 AND 15
              AND (substr(op_id, length(head) + 1) = '0' OR substr(op_id, length(head) + 1, 1) <> '0')
              AS canonical
          FROM (SELECT id, user_id, op_id, rtrim(op_id, '0123456789') AS head FROM ops)
        );
      INSERT INTO op_users (user_id) SELECT DISTINCT user_id FROM ops ORDER BY user_id;
      INSERT INTO op_devices (device_id) SELECT DISTINCT device_id FROM op_id_keys ORDER BY device_id;
      CREATE TABLE ops_v3 (
        id INTEGER PRIMARY KEY,
        user_key INTEGER NOT NULL,
        server_seq INTEGER NOT NULL,
        device_key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      INSERT INTO ops_v3 (id, user_key, server_seq, device_key, seq, json)
        SELECT o.id, u.user_key, o.server_seq, d.device_key, k.seq, o.json
        FROM ops o
        JOIN op_id_keys k ON k.id = o.id
        JOIN op_users u ON u.user_id = o.user_id
        JOIN op_devices d ON d.device_id = k.device_id
        ORDER BY o.id;
      DROP TABLE op_id_keys;
      DROP TABLE ops;
      ALTER TABLE ops_v3 RENAME TO ops;
      CREATE UNIQUE INDEX ops_by_seq ON ops (user_key, server_seq);
      CREATE UNIQUE INDEX ops_by_op_id ON ops (user_key, device_key, seq);
    `,
  },
];
