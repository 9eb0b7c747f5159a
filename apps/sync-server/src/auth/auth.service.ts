import { timingSafeEqual } from 'node:crypto';
import type { Me, SyncError } from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import { sha256Hex, type Store } from '../stores/store.js';
import type { IdentityVerifier } from './identity.js';
import type { SessionService } from './session.service.js';
import { type Principal, WEB_DEVICE_ID } from './principal.js';

export type PresentedCredential =
  | { kind: 'user'; token: string; deviceId: string | null }
  | { kind: 'device'; deviceId: string; secret: string };

export type AuthResult = { ok: true; principal: Principal } | { ok: false; error: SyncError };

/**
 * Every socket and request goes through `authenticate`: a user token (local JWT or Firebase ID
 * token) or a paired device's credential, checked against the store (revocation included).
 */
export class AuthService {
  private readonly knownUsers = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly identity: IdentityVerifier,
    private readonly sessions: SessionService,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(cred: PresentedCredential): Promise<AuthResult> {
    if (cred.kind === 'device') return this.authenticateDevice(cred.deviceId, cred.secret);
    const verified = await this.identity.verify(cred.token);
    if (!verified.ok) return { ok: false, error: syncError('unauthenticated', verified.message) };
    const user = verified.user;
    // Firebase users get their record on first sign-in. A local token is signed only by
    // SessionService.issue, which has made sure of the user's record, so it needs no look here.
    if (this.identity.mode === 'firebase' && !this.knownUsers.has(user.userId)) {
      await this.store.ensureUser({
        userId: user.userId,
        displayName: user.displayName,
        email: user.email,
        createdAt: this.now(),
      });
      this.knownUsers.add(user.userId);
    }
    if (cred.deviceId !== null) {
      if (!WEB_DEVICE_ID.test(cred.deviceId))
        return { ok: false, error: syncError('forbidden', 'a browser replica id must look like web-…') };
      const existing = await this.store.getDevice(cred.deviceId);
      if (existing && existing.userId !== user.userId)
        return { ok: false, error: syncError('forbidden', 'this device id belongs to another account') };
      if (existing?.revokedAt)
        return { ok: false, error: syncError('deviceRevoked', 'this browser was removed from the account') };
    }
    const ended = await this.sessions.admit(user, cred.deviceId);
    if (ended) return { ok: false, error: ended };
    return {
      ok: true,
      principal: {
        kind: 'user',
        userId: user.userId,
        deviceId: cred.deviceId,
        expiresAt: user.expiresAt,
        sessionId: user.sessionId,
      },
    };
  }

  private async authenticateDevice(deviceId: string, secret: string): Promise<AuthResult> {
    const device = await this.store.getDevice(deviceId);
    const presented = Buffer.from(sha256Hex(secret), 'hex');
    const stored = device?.secretHash ? Buffer.from(device.secretHash, 'hex') : null;
    if (!device || !stored || stored.length !== presented.length || !timingSafeEqual(stored, presented))
      return { ok: false, error: syncError('unauthenticated', 'unknown device or wrong secret') };
    if (device.revokedAt !== null)
      return {
        ok: false,
        error: syncError('deviceRevoked', 'this device was removed from the account; pair it again'),
      };
    return { ok: true, principal: { kind: 'device', userId: device.userId, deviceId, expiresAt: null } };
  }

  /** `Authorization: Bearer <token>` or `Authorization: Device <deviceId>:<secret>`. */
  async authenticateHeader(
    authorization: string | undefined,
    deviceIdHeader: string | undefined,
  ): Promise<AuthResult> {
    const cred = parseAuthorization(authorization, deviceIdHeader);
    if (!cred)
      return { ok: false, error: syncError('unauthenticated', 'missing or malformed Authorization header') };
    return this.authenticate(cred);
  }

  async me(userId: string): Promise<Me> {
    const user = await this.store.getUser(userId);
    return { userId, displayName: user?.displayName ?? userId, email: user?.email ?? null };
  }
}

export function parseAuthorization(
  authorization: string | undefined,
  deviceIdHeader: string | undefined,
): PresentedCredential | null {
  if (!authorization) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer?.[1]) return { kind: 'user', token: bearer[1], deviceId: deviceIdHeader || null };
  const device = /^Device\s+([A-Za-z0-9_-]{1,64}):(\S+)$/i.exec(authorization);
  if (device?.[1] && device[2]) return { kind: 'device', deviceId: device[1], secret: device[2] };
  return null;
}
