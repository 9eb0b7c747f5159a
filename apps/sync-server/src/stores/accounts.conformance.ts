/**
 * What every store's `accounts` must do (passkeys, challenges, invitations, the account page's
 * session list). Run by `sqlite.store.spec.ts` and `firestore.store.spec.ts` (the real Firestore
 * emulator) beside the store conformance suite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChallengeRecord, InvitationRecord, PasskeyRecord } from './account-store.js';
import type { StoreHarness } from './store.conformance.js';
import type { Store } from './store.js';

const uid = () => `u-${randomUUID().slice(0, 8)}`;

function passkey(userId: string, credentialId: string, createdAt: number): PasskeyRecord {
  return {
    credentialId,
    userId,
    publicKey: 'pQECAyYgASFYIA',
    counter: 0,
    transports: ['internal', 'hybrid'],
    deviceType: 'multiDevice',
    backedUp: true,
    name: `key ${credentialId}`,
    createdAt,
    lastUsedAt: null,
  };
}

function challenge(c: string, expiresAt: number, o: Partial<ChallengeRecord> = {}): ChallengeRecord {
  return {
    challenge: c,
    purpose: 'signIn',
    userId: null,
    invitationHash: null,
    displayName: null,
    rpId: 'localhost',
    origin: 'http://localhost:8787',
    createdAt: expiresAt - 300_000,
    expiresAt,
    ...o,
  };
}

function invitation(
  createdBy: string,
  createdAt: number,
  o: Partial<InvitationRecord> = {},
): InvitationRecord {
  return {
    invitationId: `inv-${randomUUID().slice(0, 8)}`,
    tokenHash: randomUUID().replaceAll('-', ''),
    createdBy,
    createdAt,
    expiresAt: createdAt + 7 * 86_400_000,
    usedAt: null,
    usedBy: null,
    revokedAt: null,
    ...o,
  };
}

export function runAccountConformance(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`Account store: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    beforeAll(async () => {
      h = await createHarness();
      store = h.store;
    });
    afterAll(async () => {
      await h?.dispose();
    });

    it('keeps passkeys per user: add once, list in order, read only by their owner, remove', async () => {
      const a = uid();
      const b = uid();
      const acc = store.accounts;
      expect(await acc.addPasskey(passkey(a, 'cred-2', 2000))).toBe(true);
      expect(await acc.addPasskey(passkey(a, 'cred-1', 1000))).toBe(true);
      expect(await acc.addPasskey(passkey(a, 'cred-1', 3000))).toBe(false); // taken: the first stays
      expect(await acc.addPasskey(passkey(b, 'cred-b', 1000))).toBe(true);
      expect((await acc.listPasskeys(a)).map((p) => [p.credentialId, p.createdAt])).toEqual([
        ['cred-1', 1000],
        ['cred-2', 2000],
      ]);
      expect(await acc.getPasskey(a, 'cred-1')).toEqual(passkey(a, 'cred-1', 1000));
      expect(await acc.getPasskey(b, 'cred-1')).toBeNull();
      expect(await acc.getPasskey(a, 'cred-b')).toBeNull();
      expect(await acc.removePasskey(b, 'cred-1')).toBe(false); // not b's
      expect(await acc.removePasskey(a, 'cred-1')).toBe(true);
      expect(await acc.removePasskey(a, 'cred-1')).toBe(false);
      expect((await acc.listPasskeys(a)).map((p) => p.credentialId)).toEqual(['cred-2']);
      expect((await acc.listPasskeys(b)).map((p) => p.credentialId)).toEqual(['cred-b']);
    });

    it('moves a passkey counter only from the value it expects (compare and set)', async () => {
      const a = uid();
      await store.accounts.addPasskey(passkey(a, 'cred', 1000));
      expect(await store.accounts.recordPasskeyUse(a, 'cred', 0, 5, 9000)).toBe(true);
      expect(await store.accounts.recordPasskeyUse(a, 'cred', 0, 6, 9500)).toBe(false);
      expect(await store.accounts.recordPasskeyUse('someone-else', 'cred', 5, 6, 9500)).toBe(false);
      expect(await store.accounts.getPasskey(a, 'cred')).toMatchObject({ counter: 5, lastUsedAt: 9000 });
      const both = await Promise.all([
        store.accounts.recordPasskeyUse(a, 'cred', 5, 6, 10_000),
        store.accounts.recordPasskeyUse(a, 'cred', 5, 6, 10_001),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect((await store.accounts.getPasskey(a, 'cred'))?.counter).toBe(6);
    });

    it('hands a challenge out once, even concurrently, and never an expired one', async () => {
      const c = `ch-${randomUUID()}`;
      const rec = challenge(c, 100_000, { purpose: 'register', userId: 'u1', displayName: 'Sam' });
      await store.accounts.putChallenge(rec);
      const taken = await Promise.all([
        store.accounts.takeChallenge(c, 50_000),
        store.accounts.takeChallenge(c, 50_000),
        store.accounts.takeChallenge(c, 50_000),
      ]);
      expect(taken.filter((t) => t !== null)).toEqual([rec]);
      expect(await store.accounts.takeChallenge(c, 50_000)).toBeNull();
      const old = `ch-${randomUUID()}`;
      await store.accounts.putChallenge(challenge(old, 100_000));
      expect(await store.accounts.takeChallenge(old, 100_000)).toBeNull(); // expired at its expiry
      expect(await store.accounts.takeChallenge(`ch-${randomUUID()}`, 0)).toBeNull();
    });

    it('keeps invitations: listed newest first by their maker, revoked and used once', async () => {
      const a = uid();
      const b = uid();
      const acc = store.accounts;
      const first = invitation(a, 1000);
      const second = invitation(a, 2000);
      await acc.createInvitation(first);
      await acc.createInvitation(second);
      await acc.createInvitation(invitation(b, 1500));
      expect((await acc.listInvitations(a)).map((i) => i.invitationId)).toEqual([
        second.invitationId,
        first.invitationId,
      ]);
      expect(await acc.getInvitation(first.tokenHash)).toEqual(first);
      expect(await acc.revokeInvitation(b, first.invitationId, 3000)).toBe(false); // not b's
      expect(await acc.revokeInvitation(a, first.invitationId, 3000)).toBe(true);
      expect(await acc.revokeInvitation(a, first.invitationId, 3100)).toBe(false);
      expect(await acc.useInvitation(first.tokenHash, 'new-1', 4000)).toEqual({
        ok: false,
        reason: 'revoked',
      });

      const results = await Promise.all([
        acc.useInvitation(second.tokenHash, 'new-2', 4000),
        acc.useInvitation(second.tokenHash, 'new-3', 4000),
      ]);
      const ok = results.filter((r) => r.ok);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }]);
      const stored = await acc.getInvitation(second.tokenHash);
      expect(stored?.usedAt).toBe(4000);
      expect(ok[0]?.ok && ok[0].invitation.usedBy).toBe(stored?.usedBy);
      expect(await acc.revokeInvitation(a, second.invitationId, 5000)).toBe(false); // used: stays used
      expect(await acc.useInvitation('no-such-hash', 'x', 4000)).toEqual({ ok: false, reason: 'invalid' });
      const late = invitation(a, 1000, { expiresAt: 5000 });
      await acc.createInvitation(late);
      expect(await acc.useInvitation(late.tokenHash, 'x', 5000)).toEqual({ ok: false, reason: 'expired' });
      expect((await acc.getInvitation(late.tokenHash))?.usedAt).toBeNull();
    });

    it('renames a user that exists, and lists only open, unexpired sessions, newest first', async () => {
      const a = uid();
      expect(await store.accounts.setDisplayName(a, 'Nobody')).toBe(false);
      await store.ensureUser({ userId: a, displayName: 'Owner', email: null, createdAt: 1 });
      expect(await store.accounts.setDisplayName(a, 'Alex')).toBe(true);
      expect((await store.getUser(a))?.displayName).toBe('Alex');

      const at = Date.now();
      const s = (sessionId: string, createdAt: number, expiresAt: number) => ({
        sessionId,
        userId: a,
        createdAt,
        expiresAt,
        endedAt: null,
        webDeviceId: null,
      });
      const id = randomUUID().slice(0, 8);
      await store.createSession(s(`s-old-${id}`, at - 2000, at + 3600_000));
      await store.createSession(s(`s-new-${id}`, at - 1000, at + 3600_000));
      await store.createSession(s(`s-expired-${id}`, at - 3000, at - 1));
      await store.createSession(s(`s-ended-${id}`, at - 500, at + 3600_000));
      await store.endSession(a, `s-ended-${id}`, at);
      await store.createSession({ ...s(`s-other-${id}`, at, at + 3600_000), userId: uid() });
      expect((await store.accounts.listOpenSessions(a, at)).map((x) => x.sessionId)).toEqual([
        `s-new-${id}`,
        `s-old-${id}`,
      ]);
    });
  });
}
