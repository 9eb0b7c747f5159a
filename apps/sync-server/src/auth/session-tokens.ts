import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';

const ISSUER = 'unknot-sync';
const AUDIENCE = 'unknot-dashboard';

/** HS256 session tokens for AUTH_MODE=local. */
export class SessionTokens {
  private readonly key: Uint8Array;
  /** the same secret as a KeyObject, made once: createHmac with a Buffer makes one per call */
  private readonly hmacKey: KeyObject;

  constructor(
    secret: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = new TextEncoder().encode(secret);
    this.hmacKey = createSecretKey(Buffer.from(this.key));
  }

  /** A token for the session `sessionId` (its `sid` claim); the session itself is stored by SessionService. */
  async sign(
    userId: string,
    sessionId: string,
    ttlMs = this.ttlMs,
  ): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + Math.floor(ttlMs / 1000);
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  /** The user id, session and expiry, or null for anything forged, expired or malformed. */
  async verify(token: string): Promise<{ userId: string; sessionId: string; expiresAt: number } | null> {
    const payload = verifyHs256(token, this.hmacKey, Math.floor(this.now() / 1000));
    if (!payload) return null;
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    // tokens from before server-side sessions name none: they are refused (sign in again)
    if (typeof payload.sid !== 'string' || payload.sid.length === 0) return null;
    return { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp * 1000 };
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** A base64url segment's JSON object, or null (not canonical base64url, not UTF-8, not an object). */
function segmentObject(segment: string): Record<string, unknown> | null {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return null;
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const numericOrAbsent = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));

/**
 * The claims of a compact HS256 JWT this server signed (`sign`), or null: the checks of jose's
 * `jwtVerify(token, key, { algorithms: ['HS256'], issuer, audience, currentDate })`, done
 * synchronously with node:crypto's HMAC. jose verifies through WebCrypto, whose HMAC job cost
 * ~0.7 ms of the event loop per token here — most of a socket handshake (bench/handshake-cpu.ts).
 * Stricter where jose is lenient: canonical base64url only, no `crit` or `b64` header.
 * Differential-tested against jose in session-tokens.spec.ts.
 */
export function verifyHs256(
  token: string,
  key: KeyObject | Buffer,
  nowSeconds: number,
): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, sig] = parts as [string, string, string];
  if (!SEGMENT.test(h) || !SEGMENT.test(p) || !SEGMENT.test(sig)) return null;
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== 32 || given.toString('base64url') !== sig) return null;
  const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
  if (!timingSafeEqual(given, expected)) return null;
  const header = segmentObject(h);
  if (header?.alg !== 'HS256' || 'crit' in header || 'b64' in header) return null;
  const claims = segmentObject(p);
  if (!claims) return null;
  if (claims.iss !== ISSUER) return null;
  const aud = claims.aud;
  if (!(aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE)))) return null;
  if (!numericOrAbsent(claims.iat) || !numericOrAbsent(claims.nbf) || !numericOrAbsent(claims.exp))
    return null;
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return null;
  if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) return null;
  return claims;
}

/** SESSION_SECRET if given, else a random secret generated once and kept in DATA_DIR. */
export function loadOrCreateSessionSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
