import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalLoginResponse, SyncError } from '@unknot/stretch-model';
import { syncError } from '../errors.js';
import { sha256Hex, type Store } from '../stores/store.js';
import type { AuthService } from './auth.service.js';
import type { SessionService } from './session.service.js';

const OWNER_KEY = 'local.ownerUserId';
const NEW_LINK =
  'get a new one with `npm run sign-in-link` where the data directory is (or restart the server)';

/**
 * AUTH_MODE=local: one owner account, created at first start. Each start prints a fresh one-time
 * login link (single use, expiring), and so does `cli.js sign-in-link` beside a running server;
 * opening it trades the token for a session JWT with a stored session.
 */
export class LocalLoginService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionService,
    private readonly auth: AuthService,
    private readonly linkTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  ensureOwner(): Promise<string> {
    return ensureOwner(this.store, this.now);
  }

  /** A new single-use login token for the owner; only its hash is stored. */
  issueLoginToken(): Promise<{ token: string; expiresAt: number }> {
    return issueLoginToken(this.store, this.linkTtlMs, this.now);
  }

  async login(loginToken: unknown): Promise<LocalLoginResponse | SyncError> {
    if (typeof loginToken !== 'string' || loginToken.length === 0 || loginToken.length > 200)
      return syncError('unauthenticated', 'loginToken missing');
    const res = await this.store.consumeOneTimeToken('login', sha256Hex(loginToken), this.now());
    if (!res.ok)
      return syncError(
        'unauthenticated',
        res.reason === 'used'
          ? `this login link was already used; ${NEW_LINK}`
          : res.reason === 'expired'
            ? `this login link expired; ${NEW_LINK}`
            : 'unknown login link',
      );
    const session = await this.sessions.issue(res.userId);
    return {
      ok: true,
      token: session.token,
      expiresAt: session.expiresAt,
      user: await this.auth.me(res.userId),
    };
  }
}

/** The owner's user id, creating the owner the first time. */
export async function ensureOwner(store: Store, now: () => number = Date.now): Promise<string> {
  const existing = await store.getMeta(OWNER_KEY);
  if (existing) return existing;
  const userId = `owner-${randomUUID()}`;
  await store.ensureUser({ userId, displayName: 'Owner', email: null, createdAt: now() });
  await store.setMeta(OWNER_KEY, userId);
  return userId;
}

/**
 * A new single-use login token for the owner; only its hash is stored. Needs nothing but the
 * store, so `cli.js sign-in-link` can issue one beside a running server.
 */
export async function issueLoginToken(
  store: Store,
  linkTtlMs: number,
  now: () => number = Date.now,
): Promise<{ token: string; expiresAt: number }> {
  const userId = await ensureOwner(store, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now() + linkTtlMs;
  await store.putOneTimeToken({
    kind: 'login',
    tokenHash: sha256Hex(token),
    userId,
    createdAt: now(),
    expiresAt,
  });
  return { token, expiresAt };
}
