import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { SessionTokens, verifyHs256 } from './session-tokens.js';

const SECRET = 's'.repeat(43);
const KEY = new TextEncoder().encode(SECRET);
/** 2026-12-01 12:00:00 UTC, in seconds */
const NOW = 1_796_126_400;

const b64 = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
/** A compact token with this header and payload, signed HS256 with `secret` (no library). */
function handMade(header: unknown, payload: unknown, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const good = { sub: 'u1', sid: 's1', iss: 'unknot-sync', aud: 'unknot-dashboard', iat: NOW, exp: NOW + 60 };
const HS = { alg: 'HS256', typ: 'JWT' };

async function joseAccepts(token: string): Promise<boolean> {
  try {
    await jwtVerify(token, KEY, {
      algorithms: ['HS256'],
      issuer: 'unknot-sync',
      audience: 'unknot-dashboard',
      currentDate: new Date(NOW * 1000),
    });
    return true;
  } catch {
    return false;
  }
}

describe('HS256 session tokens, verified with node:crypto', () => {
  const valid = handMade(HS, good);
  const [h, p, sig] = valid.split('.') as [string, string, string];
  // [case, token, accepted?] — each decided by the JWT rules, not by running the code
  const cases: [string, string, boolean][] = [
    ['a token as sign() makes it', valid, true],
    ['audience in a list', handMade(HS, { ...good, aud: ['x', 'unknot-dashboard'] }), true],
    ['no typ header', handMade({ alg: 'HS256' }, good), true],
    ['not before now, exactly', handMade(HS, { ...good, nbf: NOW }), true],
    ['expires this second', handMade(HS, { ...good, exp: NOW }), false],
    ['expired', handMade(HS, { ...good, exp: NOW - 1 }), false],
    ['not before a later second', handMade(HS, { ...good, nbf: NOW + 1 }), false],
    ['exp as text', handMade(HS, { ...good, exp: String(NOW + 60) }), false],
    ['iat as text', handMade(HS, { ...good, iat: 'yesterday' }), false],
    ['another issuer', handMade(HS, { ...good, iss: 'someone' }), false],
    ['no issuer', handMade(HS, { ...good, iss: undefined }), false],
    ['another audience', handMade(HS, { ...good, aud: 'other' }), false],
    ['no audience', handMade(HS, { ...good, aud: undefined }), false],
    ['signed with another secret', handMade(HS, good, 'x'.repeat(43)), false],
    ['payload changed after signing', `${h}.${b64({ ...good, sub: 'u2' })}.${sig}`, false],
    ['alg none, no signature', `${b64({ alg: 'none' })}.${p}.`, false],
    ['alg HS512 header', handMade({ alg: 'HS512' }, good), false],
    ['a crit header', handMade({ alg: 'HS256', crit: ['exp'] }, good), false],
    ['payload not an object', handMade(HS, [1, 2]), false],
    ['payload not JSON', handMade(HS, 'not json'), false],
    ['four segments', `${valid}.x`, false],
    ['two segments', `${h}.${p}`, false],
    ['signature one byte short', `${h}.${p}.${sig.slice(0, -2)}`, false],
    ['padding added to the signature', `${valid}=`, false],
    ['empty', '', false],
  ];

  it.each(cases)('%s', async (_name, token, accepted) => {
    const claims = verifyHs256(token, Buffer.from(KEY), NOW);
    expect(claims !== null).toBe(accepted);
    // jose, which the server used before, decides the same (it is laxer only on padding)
    if (!token.endsWith('=')) expect(await joseAccepts(token)).toBe(accepted);
  });

  it('accepts what sign() makes, with its user, session and expiry, and refuses it once expired', async () => {
    let now = NOW * 1000;
    const tokens = new SessionTokens(SECRET, 3_600_000, () => now);
    const { token, expiresAt } = await tokens.sign('user-1', 'session-1');
    expect(expiresAt).toBe((NOW + 3600) * 1000);
    expect(await tokens.verify(token)).toEqual({ userId: 'user-1', sessionId: 'session-1', expiresAt });
    now = expiresAt - 1000;
    expect(await tokens.verify(token)).not.toBeNull();
    now = expiresAt;
    expect(await tokens.verify(token)).toBeNull();
    // a token without a session id (from before server-side sessions) is refused
    const old = await new SignJWT({})
      .setProtectedHeader(HS)
      .setSubject('user-1')
      .setIssuer('unknot-sync')
      .setAudience('unknot-dashboard')
      .setExpirationTime(NOW + 60)
      .sign(KEY);
    now = NOW * 1000;
    expect(await tokens.verify(old)).toBeNull();
  });
});
