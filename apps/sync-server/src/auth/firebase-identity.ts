import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { sha256Hex } from '../stores/store.js';
import type { IdentityVerifier, VerifyResult } from './identity.js';

// In its own module, imported only with AUTH_MODE=firebase: firebase-admin's auth client is
// several MB of heap that a local-mode server would otherwise carry (and mark on every full GC).

/** Firebase ID tokens, checked for revocation (`verifyIdToken(token, true)`). */
export class FirebaseIdentityVerifier implements IdentityVerifier {
  readonly mode = 'firebase' as const;
  constructor(private readonly app: App) {}

  /** Revokes the user's refresh tokens: ID tokens issued before now fail `verifyIdToken(…, true)`. */
  async revokeAll(userId: string): Promise<void> {
    await getAuth(this.app).revokeRefreshTokens(userId);
  }

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
          sessionId: `fb-${sha256Hex(`${decoded.uid}:${decoded.auth_time}`).slice(0, 40)}`,
        },
      };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'auth/invalid-id-token';
      return { ok: false, message: `Firebase ID token refused (${code})` };
    }
  }
}
