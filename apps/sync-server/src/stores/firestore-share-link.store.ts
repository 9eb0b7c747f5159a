import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { ShareLinkRecord, ShareLinkStore } from './share-link-store.js';

/**
 * The Firestore side of `Store.shareLinks`: `shareLinks/{tokenHash}` (the public route reads a
 * link by its token's hash in one get), listed by an equality query on `userId`.
 */
export class FirestoreShareLinkStore implements ShareLinkStore {
  constructor(private readonly db: Firestore) {}

  private get col() {
    return this.db.collection('shareLinks');
  }

  async create(l: ShareLinkRecord): Promise<void> {
    await this.col.doc(l.tokenHash).create({ ...l });
  }

  async getByTokenHash(tokenHash: string): Promise<ShareLinkRecord | null> {
    const snap = await this.col.doc(tokenHash).get();
    return snap.exists ? toRecord(snap.data() as Record<string, unknown>) : null;
  }

  async list(userId: string): Promise<ShareLinkRecord[]> {
    const snap = await this.col.where('userId', '==', userId).get();
    return snap.docs
      .map((d) => toRecord(d.data()))
      .sort((a, b) => b.createdAt - a.createdAt || (a.linkId < b.linkId ? 1 : a.linkId > b.linkId ? -1 : 0));
  }

  async revoke(userId: string, linkId: string, at: number): Promise<boolean> {
    const snap = await this.col.where('userId', '==', userId).where('linkId', '==', linkId).limit(1).get();
    const doc = snap.docs[0];
    if (!doc) return false;
    await this.db.runTransaction(async (tx) => {
      const cur = await tx.get(doc.ref);
      if (cur.exists && cur.get('revokedAt') === null) tx.update(doc.ref, { revokedAt: at });
    });
    return true;
  }

  async markOpened(tokenHash: string, at: number): Promise<void> {
    await this.col.doc(tokenHash).update({ lastOpenedAt: at, opens: FieldValue.increment(1) });
  }
}

function toRecord(d: Record<string, unknown>): ShareLinkRecord {
  return {
    linkId: String(d.linkId),
    userId: String(d.userId),
    tokenHash: String(d.tokenHash),
    from: String(d.from),
    to: String(d.to),
    createdAt: Number(d.createdAt),
    expiresAt: Number(d.expiresAt),
    revokedAt: typeof d.revokedAt === 'number' ? d.revokedAt : null,
    lastOpenedAt: typeof d.lastOpenedAt === 'number' ? d.lastOpenedAt : null,
    opens: typeof d.opens === 'number' ? d.opens : 0,
  };
}
