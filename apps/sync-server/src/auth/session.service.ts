import { randomBytes } from 'node:crypto';
import type { SyncError } from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SocketHub } from '../services/socket-hub.js';
import type { Store } from '../stores/store.js';
import type { IdentityVerifier, VerifiedUser } from './identity.js';
import type { Principal } from './principal.js';
import type { SessionTokens } from './session-tokens.js';

/**
 * A Firebase sign-in has no expiry of its own (its ID tokens refresh until revoked), so its
 * stored session is kept this long after it was first seen; an ended one must outlive every token
 * of that sign-in, or a token could bring it back.
 */
const FIREBASE_SESSION_KEEP_MS = 365 * 24 * 3600_000;

/** Why a socket is closed, sent in its `revoked` event (reusing what device revocation does). */
export const SESSION_ENDED: SyncError = syncError('unauthenticated', 'you were signed out; sign in again');
export const BROWSER_REVOKED: SyncError = syncError(
  'deviceRevoked',
  'this browser was removed from the account; sign in again',
);

/**
 * Server-side sessions. Every user token names one (local: the JWT's `sid`; Firebase: the user and
 * the sign-in's `auth_time`), and a token is good only while its stored session is open: signing
 * out, signing out everywhere and revoking the browser end it at once, on every route and socket
 * (sockets are closed with `revoked`, on every instance through the socket.io adapter).
 */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly hub: SocketHub,
    private readonly identity: IdentityVerifier,
    /** AUTH_MODE=local only: the server signs its own tokens */
    private readonly tokens: SessionTokens | null,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts a local session for the user and signs its token (local sign-in, tests, benchmark).
   * The user's record exists once this returns (made as 'Owner' if missing), so a socket or request
   * with the token never has to look (AuthService).
   */
  async issue(
    userId: string,
    ttlMs?: number,
  ): Promise<{ token: string; expiresAt: number; sessionId: string }> {
    if (!this.tokens) throw new Error('sessions are issued by Firebase in AUTH_MODE=firebase');
    await this.store.ensureUser({ userId, displayName: 'Owner', email: null, createdAt: this.now() });
    const sessionId = `s-${randomBytes(18).toString('base64url')}`;
    const signed = await this.tokens.sign(userId, sessionId, ttlMs);
    await this.store.createSession({
      sessionId,
      userId,
      createdAt: this.now(),
      expiresAt: signed.expiresAt,
      endedAt: null,
      webDeviceId: null,
    });
    return { ...signed, sessionId };
  }

  /** Null when the verified token's session is open; records the browser replica it syncs as. */
  async admit(user: VerifiedUser, webDeviceId: string | null): Promise<SyncError | null> {
    let session = await this.store.getSession(user.sessionId);
    if (!session && this.identity.mode === 'firebase') {
      const at = this.now();
      await this.store.createSession({
        sessionId: user.sessionId,
        userId: user.userId,
        createdAt: at,
        expiresAt: at + FIREBASE_SESSION_KEEP_MS,
        endedAt: null,
        webDeviceId,
      });
      session = await this.store.getSession(user.sessionId);
    }
    if (!session || session.userId !== user.userId || session.endedAt !== null) return SESSION_ENDED;
    if (webDeviceId !== null && session.webDeviceId !== webDeviceId)
      await this.store.setSessionWebDevice(session.sessionId, webDeviceId);
    return null;
  }

  /** Ends the caller's own session. */
  async signOut(principal: Principal): Promise<void> {
    if (!principal.sessionId) return;
    await this.store.endSession(principal.userId, principal.sessionId, this.now());
    this.hub.disconnectSession(principal.sessionId, SESSION_ENDED);
    this.logger.info({ userId: principal.userId }, 'signed out');
  }

  /** Ends every session of the user (and, in firebase mode, revokes their Firebase tokens). */
  async signOutEverywhere(userId: string): Promise<number> {
    await this.identity.revokeAll(userId);
    const ended = await this.store.endUserSessions(userId, this.now());
    for (const sessionId of ended) this.hub.disconnectSession(sessionId, SESSION_ENDED);
    // sockets of sessions this store did not know (none in local mode) go too
    this.hub.disconnectUserSessions(userId, SESSION_ENDED);
    this.logger.info({ userId, sessions: ended.length }, 'signed out everywhere');
    return ended.length;
  }

  /** A browser replica was revoked on the devices page: the sessions that synced as it end. */
  async endBrowser(userId: string, webDeviceId: string): Promise<void> {
    const ended = await this.store.endUserSessions(userId, this.now(), webDeviceId);
    for (const sessionId of ended) this.hub.disconnectSession(sessionId, BROWSER_REVOKED);
    if (ended.length > 0) this.logger.info({ userId, webDeviceId }, 'browser sessions ended');
  }
}
