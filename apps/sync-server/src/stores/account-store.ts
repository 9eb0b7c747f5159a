import type { AuthSessionRecord } from './store.js';

/**
 * Local-mode accounts (AUTH_MODE=local): passkeys, WebAuthn challenges and invitations, plus the
 * account page's reads. Every store has one (`Store.accounts`), checked by the same conformance
 * cases (`accounts.conformance.ts`) on SQLite and the Firestore emulator.
 */

/** A registered passkey (a WebAuthn credential) of one user. */
export interface PasskeyRecord {
  /** the credential id, base64url, as the authenticator made it */
  credentialId: string;
  userId: string;
  /** the COSE public key, base64url */
  publicKey: string;
  /** the authenticator's signature counter as last seen (0: it keeps none) */
  counter: number;
  /** hints for the browser (`internal`, `usb`, `hybrid` …) */
  transports: string[];
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  /** what the person calls it on the account page */
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** What a pending WebAuthn ceremony was started for. */
export type ChallengePurpose = 'register' | 'signIn';

/**
 * A challenge the server handed out: single use (taken once, then gone) and short-lived. A
 * registration one names who registers: a signed-in user adding a passkey (`userId`), or an
 * invitee (`invitationHash`, with the new account's `userId` and `displayName` chosen up front).
 */
export interface ChallengeRecord {
  challenge: string;
  purpose: ChallengePurpose;
  userId: string | null;
  invitationHash: string | null;
  displayName: string | null;
  /** the relying party (host name) and origin the ceremony must have happened on */
  rpId: string;
  origin: string;
  createdAt: number;
  expiresAt: number;
}

/** A single-use, expiring invitation to make an account on this server. Only a hash of its token is stored. */
export interface InvitationRecord {
  invitationId: string;
  tokenHash: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** the account made with it */
  usedBy: string | null;
  revokedAt: number | null;
}

export type InvitationRefusal = 'invalid' | 'expired' | 'used' | 'revoked';
export type UseInvitationResult =
  | { ok: true; invitation: InvitationRecord }
  | { ok: false; reason: InvitationRefusal };

/** Challenges expired longer than this are deleted as new ones come. */
export const CHALLENGE_KEEP_MS = 3600_000;

export interface AccountStore {
  /** The name people see; false when there is no such user. */
  setDisplayName(userId: string, displayName: string): Promise<boolean>;

  /** Stores a new passkey; false when the user already has one with this credential id. */
  addPasskey(passkey: PasskeyRecord): Promise<boolean>;
  /** The user's passkey with this credential id, or null (another user's never answers). */
  getPasskey(userId: string, credentialId: string): Promise<PasskeyRecord | null>;
  /** The user's passkeys in order of creation. */
  listPasskeys(userId: string): Promise<PasskeyRecord[]>;
  /**
   * Records a sign-in with the passkey: its counter moves from `expectedCounter` to `newCounter`
   * and `lastUsedAt` is set — only if the stored counter is still `expectedCounter` (compare and
   * set: two sign-ins racing with one counter value cannot both pass). False: nothing written.
   */
  recordPasskeyUse(
    userId: string,
    credentialId: string,
    expectedCounter: number,
    newCounter: number,
    at: number,
  ): Promise<boolean>;
  /** Deletes the user's passkey; false when it is not theirs (or gone). */
  removePasskey(userId: string, credentialId: string): Promise<boolean>;

  putChallenge(challenge: ChallengeRecord): Promise<void>;
  /**
   * Takes the challenge: returns it and deletes it, once, even under concurrency (exactly one
   * caller gets it). Null when unknown, already taken, or expired at `now`.
   */
  takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | null>;

  createInvitation(invitation: InvitationRecord): Promise<void>;
  /** Invitations the user made, newest first. */
  listInvitations(userId: string): Promise<InvitationRecord[]>;
  /** The invitation by its token's hash, whoever made it. */
  getInvitation(tokenHash: string): Promise<InvitationRecord | null>;
  /** Revokes an unused invitation the user made; false when not theirs, used or already revoked. */
  revokeInvitation(userId: string, invitationId: string, at: number): Promise<boolean>;
  /** Uses the invitation for the new account `usedBy`: exactly one caller gets ok, even concurrently. */
  useInvitation(tokenHash: string, usedBy: string, now: number): Promise<UseInvitationResult>;

  /** The user's sessions still open and unexpired at `now`, newest first (the account page's list). */
  listOpenSessions(userId: string, now: number): Promise<AuthSessionRecord[]>;
}
