/**
 * What every store's `shareLinks` must do. Run by `sqlite.store.spec.ts` and
 * `firestore.store.spec.ts` (the real Firestore emulator) beside the store conformance suite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareLinkRecord } from './share-link-store.js';
import { sha256Hex } from './store.js';
import type { StoreHarness } from './store.conformance.js';

function link(userId: string, createdAt: number, o: Partial<ShareLinkRecord> = {}): ShareLinkRecord {
  const token = randomUUID();
  return {
    linkId: `l-${randomUUID()}`,
    userId,
    tokenHash: sha256Hex(token),
    from: '2026-10-01',
    to: '2026-10-31',
    createdAt,
    expiresAt: createdAt + 30 * 86_400_000,
    revokedAt: null,
    lastOpenedAt: null,
    opens: 0,
    ...o,
  };
}

export function runShareLinkConformance(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`Share link store: ${name}`, () => {
    let h: StoreHarness;
    const uid = () => `u-${randomUUID().slice(0, 8)}`;
    beforeAll(async () => {
      h = await createHarness();
    });
    afterAll(async () => {
      await h?.dispose();
    });

    it('stores a link under its token hash, lists a user’s own newest first', async () => {
      const u = uid();
      const other = uid();
      const a = link(u, 1000);
      const b = link(u, 2000, { from: '2026-09-01', to: '2026-09-30' });
      const c = link(other, 1500);
      for (const l of [a, b, c]) await h.store.shareLinks.create(l);
      expect(await h.store.shareLinks.getByTokenHash(a.tokenHash)).toEqual(a);
      expect(await h.store.shareLinks.getByTokenHash(sha256Hex('no such token'))).toBeNull();
      expect(await h.store.shareLinks.list(u)).toEqual([b, a]);
      expect(await h.store.shareLinks.list(other)).toEqual([c]);
      expect(await h.store.shareLinks.list(uid())).toEqual([]);
    });

    it('revokes only the owner’s link, once (the first time stays)', async () => {
      const u = uid();
      const thief = uid();
      const a = link(u, 1000);
      await h.store.shareLinks.create(a);
      expect(await h.store.shareLinks.revoke(thief, a.linkId, 5000)).toBe(false);
      expect((await h.store.shareLinks.getByTokenHash(a.tokenHash))?.revokedAt).toBeNull();
      expect(await h.store.shareLinks.revoke(u, 'l-unknown', 5000)).toBe(false);
      expect(await h.store.shareLinks.revoke(u, a.linkId, 6000)).toBe(true);
      expect(await h.store.shareLinks.revoke(u, a.linkId, 7000)).toBe(true);
      expect((await h.store.shareLinks.getByTokenHash(a.tokenHash))?.revokedAt).toBe(6000);
    });

    it('records each opening: the last time and how many', async () => {
      const u = uid();
      const a = link(u, 1000);
      await h.store.shareLinks.create(a);
      await h.store.shareLinks.markOpened(a.tokenHash, 3000);
      await h.store.shareLinks.markOpened(a.tokenHash, 4000);
      expect(await h.store.shareLinks.getByTokenHash(a.tokenHash)).toEqual({
        ...a,
        lastOpenedAt: 4000,
        opens: 2,
      });
    });
  });
}
