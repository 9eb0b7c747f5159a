import type { SessionTokens } from './session-tokens.js';

export interface VerifiedUser {
  userId: string;
  displayName: string;
  email: string | null;
  expiresAt: number;
}

export type VerifyResult = { ok: true; user: VerifiedUser } | { ok: false; message: string };

/** Turns a user bearer token into a user id: local session JWTs or Firebase ID tokens. */
export interface IdentityVerifier {
  readonly mode: 'local' | 'firebase';
  verify(token: string): Promise<VerifyResult>;
}

export class LocalIdentityVerifier implements IdentityVerifier {
  readonly mode = 'local' as const;
  constructor(private readonly tokens: SessionTokens) {}

  async verify(token: string): Promise<VerifyResult> {
    const claims = await this.tokens.verify(token);
    if (!claims) return { ok: false, message: 'session token invalid or expired; sign in again' };
    return {
      ok: true,
      user: { userId: claims.userId, displayName: 'Owner', email: null, expiresAt: claims.expiresAt },
    };
  }
}
