import { randomBytes } from 'node:crypto';
import {
  type AccountInfo,
  type CreatedInvitation,
  HTTP_ROUTES,
  type InvitationInfo,
  type LocalLoginResponse,
  type PasskeyInfo,
} from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  http,
  listDevices,
  loginOwner,
  pairDevice,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';
import { type PasskeyAnswer, SoftPasskey } from '../../test/support/webauthn.js';
import { sha256Hex } from '../stores/store.js';
import { PasskeyService } from './passkey.service.js';

type Options = { challenge: string; user: { id: string }; rp?: { id: string } };
const DAY = 24 * 3600_000;

describe('accounts: passkeys and invitations (AUTH_MODE=local)', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };
  let origin: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
    origin = server.url;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  /** A browser's request: same origin as the server, so the origin policy lets it through. */
  const call = <T = unknown>(method: string, path: string, body?: unknown, token?: string) =>
    http<T>(server.url, method, path, {
      body,
      headers: { origin },
      ...(token ? { auth: `Bearer ${token}` } : {}),
    });

  async function addPasskey(token: string, key = new SoftPasskey(origin)): Promise<SoftPasskey> {
    const opts = await call<Options>('POST', HTTP_ROUTES.accountPasskeyOptions, undefined, token);
    expect(opts.status).toBe(200);
    const res = await call<PasskeyInfo>(
      'POST',
      HTTP_ROUTES.accountPasskeys,
      { response: key.register(opts.body) },
      token,
    );
    expect(res.status, res.text).toBe(200);
    return key;
  }
  async function signInOptions(): Promise<Options> {
    const res = await call<Options>('POST', HTTP_ROUTES.passkeySignInOptions);
    expect(res.status).toBe(200);
    return res.body;
  }
  const signIn = (answer: PasskeyAnswer) =>
    call<LocalLoginResponse>('POST', HTTP_ROUTES.passkeySignIn, { response: answer });
  const account = async (token: string) =>
    (await call<AccountInfo>('GET', HTTP_ROUTES.account, undefined, token)).body;
  const invite = async (token: string) => {
    const res = await call<CreatedInvitation>('POST', HTTP_ROUTES.accountInvitations, undefined, token);
    expect(res.status).toBe(200);
    return res.body;
  };
  async function registerInvitee(invitationToken: string, displayName: string, key?: SoftPasskey) {
    const k = key ?? new SoftPasskey(origin);
    const opts = await call<Options>('POST', HTTP_ROUTES.invitationOptions, { invitationToken, displayName });
    if (opts.status !== 200) return { res: opts as unknown as Awaited<ReturnType<typeof signIn>>, key: k };
    const res = await call<LocalLoginResponse>('POST', HTTP_ROUTES.invitationRegister, {
      invitationToken,
      response: k.register(opts.body),
    });
    return { res, key: k };
  }

  it('the owner adds a passkey after the printed link, then signs in with it', async () => {
    expect((await call('GET', HTTP_ROUTES.authConfig)).body).toEqual({ mode: 'local', passkeys: false });
    const opts = await call<Options & { authenticatorSelection: unknown; rp: { id: string } }>(
      'POST',
      HTTP_ROUTES.accountPasskeyOptions,
      undefined,
      owner.token,
    );
    // discoverable (no user name to type at sign-in), user verification preferred, RP = the host name
    expect(opts.body.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'preferred',
    });
    expect(opts.body.rp.id).toBe('127.0.0.1');
    expect(Buffer.from(opts.body.user.id, 'base64url').toString()).toBe(owner.userId);
    const key = new SoftPasskey(origin);
    const added = await call<PasskeyInfo>(
      'POST',
      HTTP_ROUTES.accountPasskeys,
      { response: key.register(opts.body), name: ' Laptop ' },
      owner.token,
    );
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ name: 'Laptop', lastUsedAt: null, backedUp: false });
    expect((await call('GET', HTTP_ROUTES.authConfig)).body).toEqual({ mode: 'local', passkeys: true });

    const res = await signIn(key.signIn(await signInOptions()));
    expect(res.status, res.text).toBe(200);
    expect(res.body.user.userId).toBe(owner.userId);
    const info = await account(res.body.token);
    expect(info.passkeys).toEqual([
      expect.objectContaining({ name: 'Laptop', lastUsedAt: expect.any(Number) }),
    ]);
    expect(info.sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it('prints no sign-in link at a start once a passkey is registered (the command is the way back)', async () => {
    // this server started before any passkey: it printed the first-run link
    expect(server.loginUrl).not.toBeNull();
    expect(server.passkeysInUse).toBe(false);
    expect((await call('GET', HTTP_ROUTES.authConfig)).body).toEqual({ mode: 'local', passkeys: true });
    const again = await startTestServer(
      { dataDir: server.dataDir },
      { SESSION_SECRET: server.sessionSecret },
    );
    try {
      expect(again.passkeysInUse).toBe(true);
      expect(again.loginUrl).toBeNull();
      expect(again.loginToken).toBeNull();
    } finally {
      await again.dispose(); // the data dir is the first server's: kept
    }
  });
  it('refuses a forged assertion, a wrong origin or RP, and an unknown passkey — the challenge spent', async () => {
    const key = await addPasskey(owner.token);
    const stranger = new SoftPasskey(origin);
    // signed with another key
    let opts = await signInOptions();
    let res = await signIn(key.signIn(opts, { key: stranger }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'passkeyRefused' } });
    // the same challenge answered properly afterwards: already spent
    res = await signIn(key.signIn(opts));
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });
    // another site's origin in the signed client data, or another RP ID in the authenticator data
    res = await signIn(key.signIn(await signInOptions(), { origin: 'http://evil.example' }));
    expect(res.body).toMatchObject({ error: { code: 'passkeyRefused' } });
    res = await signIn(key.signIn(await signInOptions(), { rpId: 'evil.example' }));
    expect(res.body).toMatchObject({ error: { code: 'passkeyRefused' } });
    // a passkey nobody registered, and one claiming the owner's user handle
    stranger.userHandle = Buffer.from(owner.userId).toString('base64url');
    res = await signIn(stranger.signIn(await signInOptions()));
    expect(res.body).toMatchObject({ error: { code: 'passkeyRefused' } });
    // a malformed answer
    res = await call('POST', HTTP_ROUTES.passkeySignIn, { response: { id: 'x' } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'passkeyRefused' } });
    // none of it signed anyone in, and the real passkey still works
    opts = await signInOptions();
    expect((await signIn(key.signIn(opts))).status).toBe(200);
  });

  it('refuses a challenge it never issued, a replayed one, an expired one and a counter gone back', async () => {
    const key = await addPasskey(owner.token);
    let res = await signIn(key.signIn({ challenge: randomBytes(32).toString('base64url') }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });

    const answer = key.signIn(await signInOptions());
    expect((await signIn(answer)).status).toBe(200);
    res = await signIn(answer); // the very same answer again
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });

    // a fresh challenge, but the authenticator's counter did not move: a cloned key
    res = await signIn(key.signIn(await signInOptions(), { bump: false }));
    expect(res.body).toMatchObject({ error: { code: 'passkeyRefused' } });

    const at = Date.now();
    const stale = randomBytes(32).toString('base64url');
    await server.services.store.accounts.putChallenge({
      challenge: stale,
      purpose: 'signIn',
      userId: null,
      invitationHash: null,
      displayName: null,
      rpId: '127.0.0.1',
      origin,
      createdAt: at - 10 * 60_000,
      expiresAt: at - 5 * 60_000,
    });
    res = await signIn(key.signIn({ challenge: stale }));
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });
    // a registration challenge is not a sign-in one
    const reg = await call<Options>('POST', HTTP_ROUTES.accountPasskeyOptions, undefined, owner.token);
    res = await signIn(key.signIn(reg.body));
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });
  });

  it('takes passkey requests only from the dashboard’s own origin', async () => {
    const none = await http(server.url, 'POST', HTTP_ROUTES.passkeySignInOptions);
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ error: { code: 'forbidden' } });
    const foreign = await http(server.url, 'POST', HTTP_ROUTES.passkeySignInOptions, {
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('keeps passkeys apart: a challenge of one user, and removing another’s passkey, are refused', async () => {
    const other = await invitee('Cross');
    const ownerCount = (await account(owner.token)).passkeys?.length;
    const opts = await call<Options>('POST', HTTP_ROUTES.accountPasskeyOptions, undefined, owner.token);
    const key = new SoftPasskey(origin);
    const res = await call(
      'POST',
      HTTP_ROUTES.accountPasskeys,
      { response: key.register(opts.body) },
      other.token,
    );
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });
    expect((await account(owner.token)).passkeys?.length).toBe(ownerCount);
    expect((await account(other.token)).passkeys).toHaveLength(1);

    const ownerKey = await addPasskey(owner.token);
    const ownerPasskeys = (await account(owner.token)).passkeys ?? [];
    const target = ownerPasskeys[ownerPasskeys.length - 1];
    const removed = await call(
      'DELETE',
      `${HTTP_ROUTES.accountPasskeys}/${target?.passkeyId}`,
      undefined,
      other.token,
    );
    expect(removed.status).toBe(403);
    expect(removed.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await account(owner.token)).passkeys).toHaveLength(ownerPasskeys.length);
    expect((await signIn(ownerKey.signIn(await signInOptions()))).status).toBe(200);
  });

  it('a removed passkey signs in no more', async () => {
    const key = await addPasskey(owner.token);
    const list = (await account(owner.token)).passkeys ?? [];
    const mine = list[list.length - 1];
    const res = await call(
      'DELETE',
      `${HTTP_ROUTES.accountPasskeys}/${mine?.passkeyId}`,
      undefined,
      owner.token,
    );
    expect(res.status).toBe(200);
    expect((await account(owner.token)).passkeys).toHaveLength(list.length - 1);
    const after = await signIn(key.signIn(await signInOptions()));
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: 'passkeyRefused' } });
  });

  async function invitee(name: string): Promise<{ token: string; userId: string; key: SoftPasskey }> {
    const inv = await invite(owner.token);
    const { res, key } = await registerInvitee(inv.token, name);
    expect(res.status, res.text).toBe(200);
    return { token: res.body.token, userId: res.body.user.userId, key };
  }

  it('an invitation makes a new account of its own; the inviter’s data stays theirs', async () => {
    const before = Date.now();
    const inv = await invite(owner.token);
    expect(inv.expiresAt - inv.createdAt).toBe(7 * DAY);
    expect(inv.createdAt).toBeGreaterThanOrEqual(before);
    const listed = await call<InvitationInfo[]>(
      'GET',
      HTTP_ROUTES.accountInvitations,
      undefined,
      owner.token,
    );
    expect(listed.body.find((i) => i.invitationId === inv.invitationId)).toMatchObject({
      usedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(inv.token); // the token is shown once only

    const check = await call('POST', HTTP_ROUTES.invitationCheck, { invitationToken: inv.token });
    expect(check.body).toEqual({ ok: true, expiresAt: inv.expiresAt, invitedBy: 'Owner' });

    // the owner has data: a session and a paired watch
    const ownerSocket = await connectSync(server.url, userAuth(owner.token, 'web-owner-tenancy'));
    expect((await ownerSocket.push([sessionOp('web-owner-tenancy', 1)])).ok).toBe(true);
    const watch = await pairDevice(server.url, owner.token);

    const { res, key } = await registerInvitee(inv.token, '  Sam ');
    expect(res.status, res.text).toBe(200);
    const sam = res.body;
    expect(sam.user).toMatchObject({ displayName: 'Sam' });
    expect(sam.user.userId).not.toBe(owner.userId);
    expect(sam.user.userId).toMatch(/^user-/);

    // nothing of the owner's: no ops, no devices, no invitations, no passkeys, no sessions
    const samSocket = await connectSync(server.url, userAuth(sam.token, 'web-sam-tenancy'));
    const pulled = await samSocket.pull(0);
    expect(pulled.ok && pulled.ops).toEqual([]);
    expect(await listDevices(server.url, sam.token)).toEqual([]);
    expect((await call('GET', HTTP_ROUTES.accountInvitations, undefined, sam.token)).body).toEqual([]);
    const samAccount = await account(sam.token);
    expect(samAccount.passkeys).toHaveLength(1);
    expect(samAccount.sessions).toHaveLength(1);
    // and nothing of the owner's to change: their watch, their invitation
    const revokeWatch = await call(
      'DELETE',
      `${HTTP_ROUTES.devices}/${watch.deviceId}`,
      undefined,
      sam.token,
    );
    expect(revokeWatch.status).toBe(403);
    const other = await invite(owner.token);
    const revokeInv = await call(
      'DELETE',
      `${HTTP_ROUTES.accountInvitations}/${other.invitationId}`,
      undefined,
      sam.token,
    );
    expect(revokeInv.status).toBe(403);
    expect((await call('POST', HTTP_ROUTES.invitationCheck, { invitationToken: other.token })).status).toBe(
      200,
    );
    // Sam's writes land in Sam's log only
    expect((await samSocket.push([sessionOp('web-sam-tenancy', 1)])).ok).toBe(true);
    expect(await server.services.store.headSeq(sam.user.userId)).toBe(1);
    const ownerPull = await ownerSocket.pull(0);
    expect(ownerPull.ok && ownerPull.ops.map((o) => o.deviceId)).toEqual(['web-owner-tenancy']);
    ownerSocket.close();
    samSocket.close();

    // the inviter sees it used, by name; Sam signs in with the passkey later
    const after = await call<InvitationInfo[]>('GET', HTTP_ROUTES.accountInvitations, undefined, owner.token);
    expect(after.body.find((i) => i.invitationId === inv.invitationId)).toMatchObject({
      usedAt: expect.any(Number),
      usedByName: 'Sam',
    });
    const again = await signIn(key.signIn(await signInOptions()));
    expect(again.body.user?.userId).toBe(sam.user.userId);
  });

  it('refuses a used, expired, revoked or made-up invitation', async () => {
    const used = await invite(owner.token);
    expect((await registerInvitee(used.token, 'First')).res.status).toBe(200);
    let { res } = await registerInvitee(used.token, 'Second');
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ error: { code: 'invitationUsed' } });

    const token = randomBytes(32).toString('base64url');
    const at = Date.now();
    await server.services.store.accounts.createInvitation({
      invitationId: 'inv-expired',
      tokenHash: sha256Hex(token),
      createdBy: owner.userId,
      createdAt: at - 8 * DAY,
      expiresAt: at - DAY,
      usedAt: null,
      usedBy: null,
      revokedAt: null,
    });
    ({ res } = await registerInvitee(token, 'Late'));
    expect(res.body).toMatchObject({ error: { code: 'invitationExpired' } });
    expect((await call('POST', HTTP_ROUTES.invitationCheck, { invitationToken: token })).body).toMatchObject({
      error: { code: 'invitationExpired' },
    });

    const revoked = await invite(owner.token);
    expect(
      (
        await call(
          'DELETE',
          `${HTTP_ROUTES.accountInvitations}/${revoked.invitationId}`,
          undefined,
          owner.token,
        )
      ).status,
    ).toBe(200);
    ({ res } = await registerInvitee(revoked.token, 'Withdrawn'));
    expect(res.body).toMatchObject({ error: { code: 'invitationRevoked' } });

    ({ res } = await registerInvitee(randomBytes(32).toString('base64url'), 'Guess'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invitationInvalid' } });

    const named = await invite(owner.token);
    ({ res } = await registerInvitee(named.token, '   '));
    expect(res.body).toMatchObject({ error: { code: 'accountNameInvalid' } });
  });

  it('revoking an invitation between its options and its answer still stops it', async () => {
    const inv = await invite(owner.token);
    const key = new SoftPasskey(origin);
    const opts = await call<Options>('POST', HTTP_ROUTES.invitationOptions, {
      invitationToken: inv.token,
      displayName: 'Mid',
    });
    await call('DELETE', `${HTTP_ROUTES.accountInvitations}/${inv.invitationId}`, undefined, owner.token);
    const res = await call('POST', HTTP_ROUTES.invitationRegister, {
      invitationToken: inv.token,
      response: key.register(opts.body),
    });
    expect(res.body).toMatchObject({ error: { code: 'invitationRevoked' } });
  });

  it('an invitation used twice at once makes one account', async () => {
    const inv = await invite(owner.token);
    const keys = [new SoftPasskey(origin), new SoftPasskey(origin), new SoftPasskey(origin)];
    const opts = await Promise.all(
      keys.map(() =>
        call<Options>('POST', HTTP_ROUTES.invitationOptions, {
          invitationToken: inv.token,
          displayName: 'Twin',
        }),
      ),
    );
    const results = await Promise.all(
      keys.map((k, i) =>
        call('POST', HTTP_ROUTES.invitationRegister, {
          invitationToken: inv.token,
          response: k.register(opts[i]?.body as Options),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
    // the losers' passkeys made nothing: they sign in nowhere
    const losers = keys.filter((_, i) => results[i]?.status !== 200);
    for (const k of losers) expect((await signIn(k.signIn(await signInOptions()))).status).toBe(401);
  });

  it('an invitation challenge answered with another invitation’s token is refused', async () => {
    const a = await invite(owner.token);
    const b = await invite(owner.token);
    const key = new SoftPasskey(origin);
    const opts = await call<Options>('POST', HTTP_ROUTES.invitationOptions, {
      invitationToken: a.token,
      displayName: 'Swap',
    });
    const res = await call('POST', HTTP_ROUTES.invitationRegister, {
      invitationToken: b.token,
      response: key.register(opts.body),
    });
    expect(res.body).toMatchObject({ error: { code: 'challengeInvalid' } });
    expect((await call('POST', HTTP_ROUTES.invitationCheck, { invitationToken: b.token })).status).toBe(200);
  });

  it('hands out at most so many challenges a minute, signed in or not', async () => {
    let t = 1_000_000;
    const s = server.services;
    const limited = new PasskeyService(s.store, s.sessions, s.auth, s.origins, s.logger, () => t, 3);
    const ctx = { origin, host: new URL(origin).host };
    for (let i = 0; i < 3; i++) expect(await limited.signInOptions(ctx)).toHaveProperty('challenge');
    expect(await limited.signInOptions(ctx)).toMatchObject({ code: 'rateLimited' });
    expect(await limited.addOptions(owner.userId, ctx)).toMatchObject({ code: 'rateLimited' });
    t += 60_000;
    expect(await limited.signInOptions(ctx)).toHaveProperty('challenge');
  });

  it('renames the account, refusing a blank name', async () => {
    const res = await call<AccountInfo>('PATCH', HTTP_ROUTES.account, { displayName: ' Alex ' }, owner.token);
    expect(res.body.user.displayName).toBe('Alex');
    const bad = await call('PATCH', HTTP_ROUTES.account, { displayName: '\n' }, owner.token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'accountNameInvalid' } });
    expect((await account(owner.token)).user.displayName).toBe('Alex');
    await call('PATCH', HTTP_ROUTES.account, { displayName: 'Owner' }, owner.token);
  });
});
