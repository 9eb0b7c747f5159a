import type Database from 'better-sqlite3';
import type { ShareLinkRecord, ShareLinkStore } from './share-link-store.js';

interface ShareLinkRow {
  token_hash: string;
  link_id: string;
  user_id: string;
  range_from: string;
  range_to: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_opened_at: number | null;
  opens: number;
}

function toRecord(r: ShareLinkRow): ShareLinkRecord {
  return {
    linkId: r.link_id,
    userId: r.user_id,
    tokenHash: r.token_hash,
    from: r.range_from,
    to: r.range_to,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastOpenedAt: r.last_opened_at,
    opens: r.opens,
  };
}

/** The SQLite side of `Store.shareLinks` (table `share_links`, migration 8), on the store's connection. */
export class SqliteShareLinkStore implements ShareLinkStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO share_links (token_hash, link_id, user_id, range_from, range_to, created_at, expires_at,
           revoked_at, last_opened_at, opens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      byHash: db.prepare<[string], ShareLinkRow>('SELECT * FROM share_links WHERE token_hash = ?'),
      list: db.prepare<[string], ShareLinkRow>(
        'SELECT * FROM share_links WHERE user_id = ? ORDER BY created_at DESC, link_id DESC',
      ),
      revoke: db.prepare(
        'UPDATE share_links SET revoked_at = COALESCE(revoked_at, ?) WHERE user_id = ? AND link_id = ?',
      ),
      opened: db.prepare('UPDATE share_links SET last_opened_at = ?, opens = opens + 1 WHERE token_hash = ?'),
    };
  }

  async create(l: ShareLinkRecord): Promise<void> {
    this.s.insert.run(
      l.tokenHash,
      l.linkId,
      l.userId,
      l.from,
      l.to,
      l.createdAt,
      l.expiresAt,
      l.revokedAt,
      l.lastOpenedAt,
      l.opens,
    );
  }

  async getByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null> {
    const row = this.s.byHash.get(tokenHash);
    return row ? toRecord(row) : null;
  }

  async list(userId: string): Promise<ShareLinkRecord[]> {
    return this.s.list.all(userId).map(toRecord);
  }

  async revoke(userId: string, linkId: string, at: number): Promise<boolean> {
    return this.s.revoke.run(at, userId, linkId).changes === 1;
  }

  async markOpened(tokenHash: string, at: number): Promise<void> {
    this.s.opened.run(at, tokenHash);
  }
}
