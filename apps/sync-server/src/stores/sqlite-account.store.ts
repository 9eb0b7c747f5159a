import type Database from 'better-sqlite3';
import {
  type AccountStore,
  CHALLENGE_KEEP_MS,
  type ChallengePurpose,
  type ChallengeRecord,
  type InvitationRecord,
  type PasskeyRecord,
  type UseInvitationResult,
} from './account-store.js';
import type { AuthSessionRecord } from './store.js';

interface PasskeyRow {
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  device_type: string;
  backed_up: number;
  name: string;
  created_at: number;
  last_used_at: number | null;
}
interface ChallengeRow {
  challenge: string;
  purpose: string;
  user_id: string | null;
  invitation_hash: string | null;
  display_name: string | null;
  rp_id: string;
  origin: string;
  created_at: number;
  expires_at: number;
}
interface InvitationRow {
  token_hash: string;
  invitation_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
}
interface SessionRow {
  session_id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  web_device_id: string | null;
}

/** The SQLite side of `Store.accounts` (tables of migration 7), on the store's own connection. */
export class SqliteAccountStore implements AccountStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      setName: db.prepare('UPDATE users SET display_name = ? WHERE user_id = ?'),
      addPasskey: db.prepare(
        `INSERT INTO passkeys (user_id, credential_id, public_key, counter, transports, device_type,
           backed_up, name, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, credential_id) DO NOTHING`,
      ),
      getPasskey: db.prepare<[string, string], PasskeyRow>(
        'SELECT * FROM passkeys WHERE user_id = ? AND credential_id = ?',
      ),
      listPasskeys: db.prepare<[string], PasskeyRow>(
        'SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, credential_id',
      ),
      usePasskey: db.prepare(
        `UPDATE passkeys SET counter = ?, last_used_at = ?
         WHERE user_id = ? AND credential_id = ? AND counter = ?`,
      ),
      removePasskey: db.prepare('DELETE FROM passkeys WHERE user_id = ? AND credential_id = ?'),
      pruneChallenges: db.prepare('DELETE FROM webauthn_challenges WHERE expires_at < ?'),
      putChallenge: db.prepare(
        `INSERT INTO webauthn_challenges (challenge, purpose, user_id, invitation_hash, display_name,
           rp_id, origin, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // DELETE … RETURNING: the row goes in the same statement that reads it, so only one taker
      takeChallenge: db.prepare<[string], ChallengeRow>(
        'DELETE FROM webauthn_challenges WHERE challenge = ? RETURNING *',
      ),
      putInvitation: db.prepare(
        `INSERT INTO invitations (token_hash, invitation_id, created_by, created_at, expires_at,
           used_at, used_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listInvitations: db.prepare<[string], InvitationRow>(
        'SELECT * FROM invitations WHERE created_by = ? ORDER BY created_at DESC, invitation_id',
      ),
      getInvitation: db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE token_hash = ?'),
      revokeInvitation: db.prepare(
        `UPDATE invitations SET revoked_at = ?
         WHERE created_by = ? AND invitation_id = ? AND used_at IS NULL AND revoked_at IS NULL`,
      ),
      useInvitation: db.prepare(
        'UPDATE invitations SET used_at = ?, used_by = ? WHERE token_hash = ? AND used_at IS NULL',
      ),
      openSessions: db.prepare<[string, number], SessionRow>(
        `SELECT * FROM auth_sessions WHERE user_id = ? AND ended_at IS NULL AND expires_at > ?
         ORDER BY created_at DESC, session_id`,
      ),
    };
  }

  async setDisplayName(userId: string, displayName: string): Promise<boolean> {
    return this.s.setName.run(displayName, userId).changes === 1;
  }

  async addPasskey(p: PasskeyRecord): Promise<boolean> {
    const res = this.s.addPasskey.run(
      p.userId,
      p.credentialId,
      p.publicKey,
      p.counter,
      JSON.stringify(p.transports),
      p.deviceType,
      p.backedUp ? 1 : 0,
      p.name,
      p.createdAt,
      p.lastUsedAt,
    );
    return res.changes === 1;
  }

  async getPasskey(userId: string, credentialId: string): Promise<PasskeyRecord | null> {
    const row = this.s.getPasskey.get(userId, credentialId);
    return row ? toPasskey(row) : null;
  }

  async listPasskeys(userId: string): Promise<PasskeyRecord[]> {
    return this.s.listPasskeys.all(userId).map(toPasskey);
  }

  async recordPasskeyUse(
    userId: string,
    credentialId: string,
    expectedCounter: number,
    newCounter: number,
    at: number,
  ): Promise<boolean> {
    return this.s.usePasskey.run(newCounter, at, userId, credentialId, expectedCounter).changes === 1;
  }

  async removePasskey(userId: string, credentialId: string): Promise<boolean> {
    return this.s.removePasskey.run(userId, credentialId).changes === 1;
  }

  async putChallenge(c: ChallengeRecord): Promise<void> {
    this.db.transaction(() => {
      this.s.pruneChallenges.run(c.createdAt - CHALLENGE_KEEP_MS);
      this.s.putChallenge.run(
        c.challenge,
        c.purpose,
        c.userId,
        c.invitationHash,
        c.displayName,
        c.rpId,
        c.origin,
        c.createdAt,
        c.expiresAt,
      );
    })();
  }

  async takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | null> {
    const row = this.s.takeChallenge.get(challenge);
    if (!row || row.expires_at <= now) return null;
    return {
      challenge: row.challenge,
      purpose: row.purpose as ChallengePurpose,
      userId: row.user_id,
      invitationHash: row.invitation_hash,
      displayName: row.display_name,
      rpId: row.rp_id,
      origin: row.origin,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async createInvitation(i: InvitationRecord): Promise<void> {
    this.s.putInvitation.run(
      i.tokenHash,
      i.invitationId,
      i.createdBy,
      i.createdAt,
      i.expiresAt,
      i.usedAt,
      i.usedBy,
      i.revokedAt,
    );
  }

  async listInvitations(userId: string): Promise<InvitationRecord[]> {
    return this.s.listInvitations.all(userId).map(toInvitation);
  }

  async getInvitation(tokenHash: string): Promise<InvitationRecord | null> {
    const row = this.s.getInvitation.get(tokenHash);
    return row ? toInvitation(row) : null;
  }

  async revokeInvitation(userId: string, invitationId: string, at: number): Promise<boolean> {
    return this.s.revokeInvitation.run(at, userId, invitationId).changes === 1;
  }

  async useInvitation(tokenHash: string, usedBy: string, now: number): Promise<UseInvitationResult> {
    return this.db.transaction((): UseInvitationResult => {
      const row = this.s.getInvitation.get(tokenHash);
      if (!row) return { ok: false, reason: 'invalid' };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
      if (row.used_at !== null) return { ok: false, reason: 'used' };
      if (row.expires_at <= now) return { ok: false, reason: 'expired' };
      if (this.s.useInvitation.run(now, usedBy, tokenHash).changes !== 1)
        return { ok: false, reason: 'used' };
      return { ok: true, invitation: { ...toInvitation(row), usedAt: now, usedBy } };
    })();
  }

  async listOpenSessions(userId: string, now: number): Promise<AuthSessionRecord[]> {
    return this.s.openSessions.all(userId, now).map((row) => ({
      sessionId: row.session_id,
      userId: row.user_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      endedAt: row.ended_at,
      webDeviceId: row.web_device_id,
    }));
  }
}

function toPasskey(row: PasskeyRow): PasskeyRecord {
  let transports: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.transports);
    if (Array.isArray(parsed)) transports = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    // a damaged hint list only costs the browser a hint
  }
  return {
    credentialId: row.credential_id,
    userId: row.user_id,
    publicKey: row.public_key,
    counter: row.counter,
    transports,
    deviceType: row.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backedUp: row.backed_up === 1,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

function toInvitation(row: InvitationRow): InvitationRecord {
  return {
    invitationId: row.invitation_id,
    tokenHash: row.token_hash,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    usedBy: row.used_by,
    revokedAt: row.revoked_at,
  };
}
