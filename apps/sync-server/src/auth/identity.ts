import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
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

/** Firebase ID tokens, checked for revocation (`verifyIdToken(token, true)`). */
export class FirebaseIdentityVerifier implements IdentityVerifier {
  readonly mode = 'firebase' as const;
  constructor(private readonly app: App) {}

  async verify(token: string): Promise<VerifyResult> {
    try {
      const decoded = await getAuth(this.app).verifyIdToken(token, true);
      return {
        ok: true,
        user: {
          userId: decoded.uid,
          displayName: typeof decoded.name === 'string' ? decoded.name : (decoded.email ?? decoded.uid),
          email: decoded.email ?? null,
          expiresAt: decoded.exp * 1000,
        },
      };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'auth/invalid-id-token';
      return { ok: false, message: `Firebase ID token refused (${code})` };
    }
  }
}
