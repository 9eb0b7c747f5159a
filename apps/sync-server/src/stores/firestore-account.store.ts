import type { DocumentData, Firestore } from 'firebase-admin/firestore';
import {
  type AccountStore,
  CHALLENGE_KEEP_MS,
  type ChallengePurpose,
  type ChallengeRecord,
  type InvitationRecord,
  type PasskeyRecord,
  type UseInvitationResult,
} from './account-store.js';
import { type AuthSessionRecord, sha256Hex } from './store.js';

const ALREADY_EXISTS = 6;

/**
 * The Firestore side of `Store.accounts`. Layout:
 *   users/{uid}/passkeys/{sha256(credentialId)}   a user's passkeys, under the user
 *   webauthnChallenges/{sha256(challenge)}        pending ceremonies (sign-in has no user yet)
 *   invitations/{tokenHash}                       looked up by token, before the invitee has a user;
 *                                                 listed by `createdBy` (single-field index)
 * Credential and challenge ids are hashed into document ids: they are base64url of any length,
 * and a document id has limits of its own.
 */
export class FirestoreAccountStore implements AccountStore {
  constructor(private readonly db: Firestore) {}

  private passkey(userId: string, credentialId: string) {
    return this.db.collection('users').doc(userId).collection('passkeys').doc(sha256Hex(credentialId));
  }

  async setDisplayName(userId: string, displayName: string): Promise<boolean> {
    const ref = this.db.collection('users').doc(userId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || typeof snap.get('createdAt') !== 'number') return false;
      tx.update(ref, { displayName });
      return true;
    });
  }

  async addPasskey(p: PasskeyRecord): Promise<boolean> {
    try {
      await this.passkey(p.userId, p.credentialId).create({ ...p, transports: [...p.transports] });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === ALREADY_EXISTS) return false;
      throw err;
    }
  }

  async getPasskey(userId: string, credentialId: string): Promise<PasskeyRecord | null> {
    const snap = await this.passkey(userId, credentialId).get();
    const data = snap.data();
    return data && data.credentialId === credentialId ? toPasskey(data) : null;
  }

  async listPasskeys(userId: string): Promise<PasskeyRecord[]> {
    const snap = await this.db.collection('users').doc(userId).collection('passkeys').get();
    return snap.docs
      .map((d) => toPasskey(d.data()))
      .sort((a, b) => a.createdAt - b.createdAt || (a.credentialId < b.credentialId ? -1 : 1));
  }

  async recordPasskeyUse(
    userId: string,
    credentialId: string,
    expectedCounter: number,
    newCounter: number,
    at: number,
  ): Promise<boolean> {
    const ref = this.passkey(userId, credentialId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('counter') !== expectedCounter) return false;
      tx.update(ref, { counter: newCounter, lastUsedAt: at });
      return true;
    });
  }

  async removePasskey(userId: string, credentialId: string): Promise<boolean> {
    const ref = this.passkey(userId, credentialId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return false;
      tx.delete(ref);
      return true;
    });
  }

  async putChallenge(c: ChallengeRecord): Promise<void> {
    await this.db
      .collection('webauthnChallenges')
      .doc(sha256Hex(c.challenge))
      .create({ ...c });
    // long-expired challenges go as new ones come (a few at a time; expiresAt is auto-indexed)
    const old = await this.db
      .collection('webauthnChallenges')
      .where('expiresAt', '<', c.createdAt - CHALLENGE_KEEP_MS)
      .limit(50)
      .get();
    if (!old.empty) {
      const batch = this.db.batch();
      for (const d of old.docs) batch.delete(d.ref);
      await batch.commit();
    }
  }

  async takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | null> {
    const ref = this.db.collection('webauthnChallenges').doc(sha256Hex(challenge));
    const taken = await this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const data = snap.data();
      if (!data || data.challenge !== challenge) return null;
      tx.delete(ref);
      return data;
    });
    if (!taken || (taken.expiresAt as number) <= now) return null;
    return {
      challenge: taken.challenge as string,
      purpose: taken.purpose as ChallengePurpose,
      userId: (taken.userId as string | null) ?? null,
      invitationHash: (taken.invitationHash as string | null) ?? null,
      displayName: (taken.displayName as string | null) ?? null,
      rpId: taken.rpId as string,
      origin: taken.origin as string,
      createdAt: taken.createdAt as number,
      expiresAt: taken.expiresAt as number,
    };
  }

  async createInvitation(i: InvitationRecord): Promise<void> {
    await this.db
      .collection('invitations')
      .doc(i.tokenHash)
      .create({ ...i });
  }

  async listInvitations(userId: string): Promise<InvitationRecord[]> {
    const snap = await this.db.collection('invitations').where('createdBy', '==', userId).get();
    return snap.docs
      .map((d) => toInvitation(d.data()))
      .sort((a, b) => b.createdAt - a.createdAt || (a.invitationId < b.invitationId ? -1 : 1));
  }

  async getInvitation(tokenHash: string): Promise<InvitationRecord | null> {
    const snap = await this.db.collection('invitations').doc(tokenHash).get();
    const data = snap.data();
    return data ? toInvitation(data) : null;
  }

  async revokeInvitation(userId: string, invitationId: string, at: number): Promise<boolean> {
    const found = await this.db
      .collection('invitations')
      .where('createdBy', '==', userId)
      .where('invitationId', '==', invitationId)
      .limit(1)
      .get();
    const ref = found.docs[0]?.ref;
    if (!ref) return false;
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists || snap.get('usedAt') !== null || snap.get('revokedAt') !== null) return false;
      tx.update(ref, { revokedAt: at });
      return true;
    });
  }

  async useInvitation(tokenHash: string, usedBy: string, now: number): Promise<UseInvitationResult> {
    const ref = this.db.collection('invitations').doc(tokenHash);
    return this.db.runTransaction(async (tx): Promise<UseInvitationResult> => {
      const snap = await tx.get(ref);
      const data = snap.data();
      if (!data) return { ok: false, reason: 'invalid' };
      const inv = toInvitation(data);
      if (inv.revokedAt !== null) return { ok: false, reason: 'revoked' };
      if (inv.usedAt !== null) return { ok: false, reason: 'used' };
      if (inv.expiresAt <= now) return { ok: false, reason: 'expired' };
      tx.update(ref, { usedAt: now, usedBy });
      return { ok: true, invitation: { ...inv, usedAt: now, usedBy } };
    });
  }

  async listOpenSessions(userId: string, now: number): Promise<AuthSessionRecord[]> {
    const snaps = await this.db.collection('authSessions').where('userId', '==', userId).get();
    return snaps.docs
      .map((d) => d.data())
      .filter((d) => d.endedAt === null && (d.expiresAt as number) > now)
      .map((d) => ({
        sessionId: d.sessionId as string,
        userId: d.userId as string,
        createdAt: d.createdAt as number,
        expiresAt: d.expiresAt as number,
        endedAt: null,
        webDeviceId: (d.webDeviceId as string | null) ?? null,
      }))
      .sort((a, b) => b.createdAt - a.createdAt || (a.sessionId < b.sessionId ? -1 : 1));
  }
}

function toPasskey(d: DocumentData): PasskeyRecord {
  return {
    credentialId: d.credentialId as string,
    userId: d.userId as string,
    publicKey: d.publicKey as string,
    counter: d.counter as number,
    transports: Array.isArray(d.transports) ? (d.transports as string[]) : [],
    deviceType: d.deviceType === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backedUp: d.backedUp === true,
    name: d.name as string,
    createdAt: d.createdAt as number,
    lastUsedAt: typeof d.lastUsedAt === 'number' ? d.lastUsedAt : null,
  };
}

function toInvitation(d: DocumentData): InvitationRecord {
  const num = (x: unknown) => (typeof x === 'number' ? x : null);
  return {
    invitationId: d.invitationId as string,
    tokenHash: d.tokenHash as string,
    createdBy: d.createdBy as string,
    createdAt: d.createdAt as number,
    expiresAt: d.expiresAt as number,
    usedAt: num(d.usedAt),
    usedBy: typeof d.usedBy === 'string' ? d.usedBy : null,
    revokedAt: num(d.revokedAt),
  };
}
