/**
 * Report share links (`Store.shareLinks`): a read-only link to one report of one user. Only a
 * sha-256 hash of the link's token is stored (like login links and device secrets); the link is
 * listed and revoked by its `linkId`, never by its token.
 */
export interface ShareLinkRecord {
  linkId: string;
  userId: string;
  /** sha-256 (hex) of the token */
  tokenHash: string;
  /** the report's first and last local date */
  from: string;
  to: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastOpenedAt: number | null;
  opens: number;
}

export interface ShareLinkStore {
  /** Stores a new link (its token hash and link id are new). */
  create(link: ShareLinkRecord): Promise<void>;
  /** The link whose token hashes to `tokenHash`, revoked or expired or not; null when none. */
  getByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null>;
  /** The user's links, newest first. */
  list(userId: string): Promise<ShareLinkRecord[]>;
  /**
   * Revokes one of the user's links. False (and nothing changes) when the user has no such link;
   * true for a link revoked before (its first revocation time stays).
   */
  revoke(userId: string, linkId: string, at: number): Promise<boolean>;
  /** Records an opening: `lastOpenedAt = at` and one more in `opens`. */
  markOpened(tokenHash: string, at: number): Promise<void>;
}
