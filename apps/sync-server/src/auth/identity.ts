import type { SessionTokens } from './session-tokens.js';

export interface VerifiedUser {
  userId: string;
  displayName: string;
  email: string | null;
  expiresAt: number;
  /**
   * The sign-in this token belongs to: a local token's `sid`, or for Firebase the user and
   * `auth_time` (every ID token refreshed from one sign-in shares it).
   */
  sessionId: string;
}

export type VerifyResult = { ok: true; user: VerifiedUser } | { ok: false; message: string };

/** Turns a user bearer token into a user id: local session JWTs or Firebase ID tokens. */
export interface IdentityVerifier {
  readonly mode: 'local' | 'firebase';
  verify(token: string): Promise<VerifyResult>;
  /** Makes the identity provider refuse every token the user holds now (sign out everywhere). */
  revokeAll(userId: string): Promise<void>;
}

export class LocalIdentityVerifier implements IdentityVerifier {
  readonly mode = 'local' as const;
  constructor(private readonly tokens: SessionTokens) {}

  async revokeAll(): Promise<void> {
    // local tokens are good only while their stored session is open; ending those is enough
  }

  async verify(token: string): Promise<VerifyResult> {
    const claims = await this.tokens.verify(token);
    if (!claims) return { ok: false, message: 'session token invalid or expired; sign in again' };
    return {
      ok: true,
      user: {
        userId: claims.userId,
        displayName: 'Owner',
        email: null,
        expiresAt: claims.expiresAt,
        sessionId: claims.sessionId,
      },
    };
  }
}
