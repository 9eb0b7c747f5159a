import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalLoginResponse, SyncError } from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import { sha256Hex, type Store } from '../stores/store.js';
import type { AuthService } from './auth.service.js';
import type { SessionTokens } from './session-tokens.js';

const OWNER_KEY = 'local.ownerUserId';

/**
 * AUTH_MODE=local: one owner account, created at first start. Each start prints a fresh one-time
 * login link (single use, expiring); opening it trades the token for a session JWT.
 */
export class LocalLoginService {
  constructor(
    private readonly store: Store,
    private readonly tokens: SessionTokens,
    private readonly auth: AuthService,
    private readonly linkTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async ensureOwner(): Promise<string> {
    const existing = await this.store.getMeta(OWNER_KEY);
    if (existing) return existing;
    const userId = `owner-${randomUUID()}`;
    await this.store.ensureUser({ userId, displayName: 'Owner', email: null, createdAt: this.now() });
    await this.store.setMeta(OWNER_KEY, userId);
    return userId;
  }

  /** A new single-use login token for the owner; only its hash is stored. */
  async issueLoginToken(): Promise<{ token: string; expiresAt: number }> {
    const userId = await this.ensureOwner();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.linkTtlMs;
    await this.store.putOneTimeToken({
      kind: 'login',
      tokenHash: sha256Hex(token),
      userId,
      createdAt: this.now(),
      expiresAt,
    });
    return { token, expiresAt };
  }

  async login(loginToken: unknown): Promise<LocalLoginResponse | SyncError> {
    if (typeof loginToken !== 'string' || loginToken.length === 0 || loginToken.length > 200)
      return syncError('unauthenticated', 'loginToken missing');
    const res = await this.store.consumeOneTimeToken('login', sha256Hex(loginToken), this.now());
    if (!res.ok)
      return syncError(
        'unauthenticated',
        res.reason === 'used'
          ? 'this login link was already used; restart the server for a new one'
          : res.reason === 'expired'
            ? 'this login link expired; restart the server for a new one'
            : 'unknown login link',
      );
    const session = await this.tokens.sign(res.userId);
    return {
      ok: true,
      token: session.token,
      expiresAt: session.expiresAt,
      user: await this.auth.me(res.userId),
    };
  }
}
