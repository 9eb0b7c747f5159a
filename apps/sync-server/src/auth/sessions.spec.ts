import {
  DEVICE_ID_HEADER,
  HTTP_ROUTES,
  type LocalLoginResponse,
  PROTOCOL_VERSION,
} from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOp } from '../../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  loginOwner,
  pairDevice,
  refusedWith,
  type SyncClient,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';
import { runCli } from '../cli.js';
import { SessionTokens } from './session-tokens.js';

describe('sessions end when people say so', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const me = (token: string) => http(server.url, 'GET', HTTP_ROUTES.me, { auth: `Bearer ${token}` });
  const post = (path: string, token: string) => http(server.url, 'POST', path, { auth: `Bearer ${token}` });

  function closed(c: SyncClient): Promise<void> {
    return c.socket.connected
      ? new Promise((resolve) => c.socket.once('disconnect', () => resolve()))
      : Promise.resolve();
  }

  it('signing out ends that session at once: routes, HTTP sync, sockets; other sessions go on', async () => {
    const token = await server.tokenFor(owner.userId);
    const other = await server.tokenFor(owner.userId);
    const socket = await connectSync(server.url, userAuth(token, 'web-signout'));
    const gone = closed(socket);
    expect((await socket.push([sessionOp('web-signout', 1)])).ok).toBe(true);
    const head = await server.services.store.headSeq(owner.userId);

    const res = await post(HTTP_ROUTES.signOut, token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });

    await gone;
    expect(socket.revoked).toEqual([{ code: 'unauthenticated', message: expect.any(String) }]);
    expect((await me(token)).status).toBe(401);
    expect((await me(token)).body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await refusedWith(server.url, userAuth(token, 'web-signout'))).toMatchObject({
      code: 'unauthenticated',
    });
    const viaHttp = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth: `Bearer ${token}`,
      headers: { [DEVICE_ID_HEADER]: 'web-signout' },
      body: { protocolVersion: PROTOCOL_VERSION, ops: [sessionOp('web-signout', 2)], cursor: 0 },
    });
    expect(viaHttp.status).toBe(401);
    expect(await server.services.store.headSeq(owner.userId)).toBe(head);
    // signing out again is refused (the session is gone), and the other session is untouched
    expect((await post(HTTP_ROUTES.signOut, token)).status).toBe(401);
    expect((await me(other)).status).toBe(200);
  });

  it('sign out everywhere ends every session of the user, not their paired devices or other users', async () => {
    const a = await server.tokenFor(owner.userId);
    const b = await server.tokenFor(owner.userId);
    const stranger = await server.tokenFor('someone-else');
    const watch = await pairDevice(server.url, a);
    const onA = await connectSync(server.url, userAuth(a, 'web-every-a'));
    const onB = await connectSync(server.url, userAuth(b, 'web-every-b'));
    const device = await connectSync(server.url, deviceAuth(watch));
    const strangerSocket = await connectSync(server.url, userAuth(stranger, 'web-stranger'));
    const gone = Promise.all([closed(onA), closed(onB)]);

    const res = await post(HTTP_ROUTES.signOutEverywhere, b);
    expect(res.status).toBe(200);
    // the owner's login session, the one left from the first test, a and b (hand count: 4)
    expect(res.body).toEqual({ ok: true, ended: 4 });

    await gone;
    expect(onA.revoked[0]?.code).toBe('unauthenticated');
    expect(onB.revoked[0]?.code).toBe('unauthenticated');
    for (const t of [a, b, owner.token]) expect((await me(t)).status).toBe(401);
    // the paired watch keeps syncing; another user notices nothing
    expect(device.socket.connected).toBe(true);
    expect((await device.push([sessionOp(watch.deviceId, 1)])).ok).toBe(true);
    expect(strangerSocket.socket.connected).toBe(true);
    expect((await me(stranger)).status).toBe(200);
    device.close();
    strangerSocket.close();
  });

  it('revoking a browser on the devices page ends the session that synced as it', async () => {
    const browser = await server.tokenFor(owner.userId);
    const admin = await server.tokenFor(owner.userId);
    const tab = await connectSync(server.url, userAuth(browser, 'web-revoke-me'));
    expect((await tab.push([sessionOp('web-revoke-me', 1)])).ok).toBe(true); // the device row appears
    const gone = closed(tab);

    const del = await http(server.url, 'DELETE', `${HTTP_ROUTES.devices}/web-revoke-me`, {
      auth: `Bearer ${admin}`,
    });
    expect(del.status).toBe(200);
    await gone;
    expect(tab.revoked[0]?.code).toBe('deviceRevoked');
    // the token stops working everywhere, with any replica id or none — not only as that browser
    expect((await me(browser)).status).toBe(401);
    expect(await refusedWith(server.url, userAuth(browser, 'web-fresh-id'))).toMatchObject({
      code: 'unauthenticated',
    });
    expect((await me(admin)).status).toBe(200);
  });

  it('a local session is started only for a user with a record, which a socket then never has to make', async () => {
    expect(await server.services.store.getUser('never-signed-in')).toBeNull();
    const issued = await server.services.sessions.issue('never-signed-in');
    expect(await server.services.store.getUser('never-signed-in')).toMatchObject({
      userId: 'never-signed-in',
      displayName: 'Owner',
      email: null,
    });
    const res = await me(issued.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: 'never-signed-in', displayName: 'Owner' });
    // an existing record is left as it is
    await server.services.store.ensureUser({
      userId: 'named',
      displayName: 'Ana',
      email: 'a@example.org',
      createdAt: 1,
    });
    await server.services.sessions.issue('named');
    expect(await server.services.store.getUser('named')).toMatchObject({
      displayName: 'Ana',
      email: 'a@example.org',
    });
  });

  it('refuses tokens that name no stored session (older tokens, or a session never started)', async () => {
    const tokens = new SessionTokens(server.sessionSecret, 3600_000);
    const noSession = await tokens.sign(owner.userId, 's-never-stored');
    expect((await me(noSession.token)).status).toBe(401);
    expect(await refusedWith(server.url, userAuth(noSession.token, 'web-x'))).toMatchObject({
      code: 'unauthenticated',
    });
    // a stored session of one user does not admit a token for another user naming it
    const real = await server.services.sessions.issue(owner.userId);
    const borrowed = await tokens.sign('someone-else', real.sessionId);
    expect((await me(borrowed.token)).status).toBe(401);
  });

  it('gives a signed-out owner a new sign-in link by command, while the server runs', async () => {
    let out = '';
    let err = '';
    const code = await runCli(
      ['sign-in-link'],
      {
        DATA_DIR: server.dataDir,
        SESSION_SECRET: server.sessionSecret,
        PUBLIC_URL: 'https://unknot.example.org',
      },
      (t) => {
        out += t;
      },
      (t) => {
        err += t;
      },
    );
    expect(code).toBe(0);
    expect(err).toMatch(/Single use, valid until/);
    const link = /^https:\/\/unknot\.example\.org\/login#token=([A-Za-z0-9_-]{43})\n$/.exec(out);
    expect(link).not.toBeNull();
    const login = await http<LocalLoginResponse>(server.url, 'POST', HTTP_ROUTES.localLogin, {
      body: { loginToken: link?.[1] },
    });
    expect(login.status).toBe(200);
    if (!login.body.ok) throw new Error('login failed');
    expect(login.body.user.userId).toBe(owner.userId);
    expect((await me(login.body.token)).status).toBe(200);
    // single use, like the one printed at start
    const again = await http(server.url, 'POST', HTTP_ROUTES.localLogin, { body: { loginToken: link?.[1] } });
    expect(again.status).toBe(401);
  });

  it("names a loopback server localhost in the command's link (passkeys need a host name)", async () => {
    const sink = () => undefined;
    // a loopback server's link names localhost (passkeys need a host name), on the configured port
    let printed = '';
    expect(
      await runCli(
        ['sign-in-link'],
        { DATA_DIR: server.dataDir, SESSION_SECRET: server.sessionSecret, PORT: '8799' },
        (t) => {
          printed += t;
        },
        sink,
      ),
    ).toBe(0);
    expect(printed).toMatch(/^http:\/\/localhost:8799\/login#token=[A-Za-z0-9_-]{43}\n$/);
  });

  it('the command refuses what it cannot do, and changes nothing', async () => {
    const lines: string[] = [];
    const sink = (t: string) => {
      lines.push(t);
    };
    expect(await runCli([], { DATA_DIR: server.dataDir }, sink, sink)).toBe(64);
    expect(await runCli(['sign-in-link', 'extra'], { DATA_DIR: server.dataDir }, sink, sink)).toBe(64);
    expect(await runCli(['sign-in-link'], { DATA_DIR: server.dataDir, PORT: 'x' }, sink, sink)).toBe(2);
    expect(
      await runCli(
        ['sign-in-link'],
        { DATA_DIR: server.dataDir, AUTH_MODE: 'firebase', FIREBASE_PROJECT_ID: 'p' },
        sink,
        sink,
      ),
    ).toBe(2);
    expect(lines.join('')).not.toMatch(/token=/);
  });
});
