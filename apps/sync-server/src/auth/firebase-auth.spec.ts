import { randomUUID } from 'node:crypto';
import { type AccountInfo, type AuthConfig, HTTP_ROUTES, type Me } from '@unknot/stretch-model';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthEmulator, startAuthEmulator } from '../../test/support/auth-emulator.js';
import { sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  http,
  listDevices,
  pairDevice,
  refusedWith,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';

describe('AUTH_MODE=firebase against the Firebase Auth emulator', () => {
  let emulator: AuthEmulator;
  let server: TestServer;

  beforeAll(async () => {
    emulator = await startAuthEmulator();
    process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
    server = await startTestServer({}, { AUTH_MODE: 'firebase', FIREBASE_PROJECT_ID: emulator.projectId });
  }, 90_000);
  afterAll(async () => {
    await server?.dispose();
    await emulator?.stop();
    delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  });

  it('tells the dashboard how to sign in', async () => {
    const res = await http<AuthConfig>(server.url, 'GET', HTTP_ROUTES.authConfig);
    expect(res.body).toEqual({
      mode: 'firebase',
      firebase: {
        apiKey: expect.any(String),
        projectId: 'demo-unknot',
        authEmulatorUrl: `http://${emulator.host}`,
      },
    });
    expect(server.loginUrl).toBeNull();
    const local = await http(server.url, 'POST', HTTP_ROUTES.localLogin, { body: { loginToken: 'x' } });
    expect(local.status).toBe(403);
  });

  it('accepts a Firebase ID token and creates the user on first sign-in', async () => {
    const email = `ada-${randomUUID().slice(0, 6)}@example.com`;
    const { uid, idToken } = await emulator.signUp(email);
    expect(await server.services.store.getUser(uid)).toBeNull();
    const me = await http<Me>(server.url, 'GET', HTTP_ROUTES.me, { auth: `Bearer ${idToken}` });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body).toMatchObject({ userId: uid, email });
    expect(await server.services.store.getUser(uid)).toMatchObject({ userId: uid, email });

    const dev = await pairDevice(server.url, idToken, 'watch');
    expect(dev.userId).toBe(uid);
    const web = await connectSync(server.url, userAuth(idToken, 'web-fb1'));
    expect(web.ready.userId).toBe(uid);
    const res = await web.push([sessionOp('web-fb1', 1)]);
    expect(res.ok).toBe(true);
    web.close();
  });

  it('keeps two Firebase users apart', async () => {
    const a = await emulator.signUp(`a-${randomUUID().slice(0, 6)}@example.com`);
    const b = await emulator.signUp(`b-${randomUUID().slice(0, 6)}@example.com`);
    await pairDevice(server.url, a.idToken);
    expect(await listDevices(server.url, b.idToken)).toEqual([]);
    expect(await listDevices(server.url, a.idToken)).toHaveLength(1);
  });

  it('shows the same account page without passkeys or invitations (sign-in is Firebase’s)', async () => {
    const email = `acc-${randomUUID().slice(0, 6)}@example.com`;
    const { uid, idToken } = await emulator.signUp(email);
    const auth = `Bearer ${idToken}`;
    const origin = server.url;
    const info = await http<AccountInfo>(server.url, 'GET', HTTP_ROUTES.account, { auth });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ user: { userId: uid, email }, mode: 'firebase', passkeys: null });
    expect(info.body.sessions).toEqual([expect.objectContaining({ current: true })]);
    const renamed = await http<AccountInfo>(server.url, 'PATCH', HTTP_ROUTES.account, {
      auth,
      body: { displayName: 'Ada L.' },
    });
    expect(renamed.body.user.displayName).toBe('Ada L.');
    for (const [method, path] of [
      ['POST', HTTP_ROUTES.accountPasskeyOptions],
      ['POST', HTTP_ROUTES.accountInvitations],
      ['GET', HTTP_ROUTES.accountInvitations],
      ['POST', HTTP_ROUTES.passkeySignInOptions],
      ['POST', HTTP_ROUTES.invitationCheck],
    ] as const) {
      const res = await http(server.url, method, path, {
        auth,
        headers: { origin },
        body: method === 'POST' ? {} : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('refuses forged, revoked and disabled users', async () => {
    const forged = await http(server.url, 'GET', HTTP_ROUTES.me, { auth: 'Bearer eyJhbGciOiJub25lIn0.e30.' });
    expect(forged.status).toBe(401);
    const app = initializeApp({ projectId: emulator.projectId }, `admin-${randomUUID()}`);
    try {
      const revoked = await emulator.signUp(`r-${randomUUID().slice(0, 6)}@example.com`);
      expect(
        (await http(server.url, 'GET', HTTP_ROUTES.me, { auth: `Bearer ${revoked.idToken}` })).status,
      ).toBe(200);
      // revocation has one-second granularity
      await new Promise((r) => setTimeout(r, 1100));
      await getAuth(app).revokeRefreshTokens(revoked.uid);
      const after = await http(server.url, 'GET', HTTP_ROUTES.me, { auth: `Bearer ${revoked.idToken}` });
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ error: { code: 'unauthenticated' } });
      expect(await refusedWith(server.url, userAuth(revoked.idToken, 'web-r'))).toMatchObject({
        code: 'unauthenticated',
      });

      const disabled = await emulator.signUp(`d-${randomUUID().slice(0, 6)}@example.com`);
      await getAuth(app).updateUser(disabled.uid, { disabled: true });
      expect(
        (await http(server.url, 'GET', HTTP_ROUTES.me, { auth: `Bearer ${disabled.idToken}` })).status,
      ).toBe(401);
    } finally {
      await deleteApp(app);
    }
  });
});
