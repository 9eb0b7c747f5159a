import { HTTP_ROUTES, type RedeemResponse } from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOp } from '../test/support/ops.js';
import {
  connectSync,
  deviceAuth,
  http,
  listDevices,
  loginOwner,
  pairDevice,
  refusedWith,
  startTestServer,
  type TestServer,
  userAuth,
} from '../test/support/server.js';
import { OriginPolicy } from './origin-policy.js';

describe('OriginPolicy', () => {
  const open = new OriginPolicy(undefined);
  const behindProxy = new OriginPolicy('https://unknot.example.org/');

  it('lets clients without an Origin header through (watch phone, Node sockets, curl)', () => {
    expect(open.allows(undefined, '127.0.0.1:8787')).toBe(true);
    expect(open.allows(undefined, undefined)).toBe(true);
  });

  it('allows the origin the request was addressed to, with or without the default port', () => {
    expect(open.allows('http://127.0.0.1:8787', '127.0.0.1:8787')).toBe(true);
    // the Vite dev server's proxy keeps the browser's Host
    expect(open.allows('http://localhost:5173', 'localhost:5173')).toBe(true);
    expect(open.allows('https://unknot.example.org', 'unknot.example.org')).toBe(true);
    expect(open.allows('https://unknot.example.org', 'unknot.example.org:443')).toBe(true);
    expect(open.allows('http://unknot.example.org', 'unknot.example.org:443')).toBe(false);
  });

  it('refuses every other origin, null and malformed ones included', () => {
    expect(open.allows('https://evil.example', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('null', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('http://127.0.0.1:8788', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('file:///tmp/x.html', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('http://evil.example@127.0.0.1:8787', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('http://127.0.0.1:8787/path', '127.0.0.1:8787')).toBe(false);
    expect(open.allows('http://127.0.0.1:8787', undefined)).toBe(false);
  });

  it('allows PUBLIC_URL even when a proxy rewrote Host', () => {
    expect(behindProxy.allows('https://unknot.example.org', '127.0.0.1:8787')).toBe(true);
    expect(behindProxy.allows('http://unknot.example.org', '127.0.0.1:8787')).toBe(false);
    expect(behindProxy.allows('https://evil.example', '127.0.0.1:8787')).toBe(false);
    expect(behindProxy.check('https://evil.example', '127.0.0.1:8787')).toMatchObject({ code: 'forbidden' });
    expect(behindProxy.check('https://unknot.example.org', 'x')).toBeNull();
  });
});

describe('CORS: only the dashboard origin, over HTTP and socket.io', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };
  const EVIL = 'https://evil.example';

  beforeAll(async () => {
    server = await startTestServer({}, { PUBLIC_URL: 'https://unknot.example.org' });
    owner = await loginOwner(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  async function newCode(): Promise<string> {
    const res = await http<{ code: string }>(server.url, 'POST', HTTP_ROUTES.pairingCodes, {
      auth: `Bearer ${owner.token}`,
    });
    return res.body.code;
  }

  it('refuses a pairing redeem from a foreign page (403 forbidden, no CORS headers), and the code stays unused', async () => {
    const code = await newCode();
    const body = { code, deviceName: 'stolen', deviceKind: 'watch' };
    for (const origin of [EVIL, 'null']) {
      const res = await http(server.url, 'POST', HTTP_ROUTES.pairingRedeem, { body, headers: { origin } });
      expect(res.status, origin).toBe(403);
      expect(res.body).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    // the preflight a browser sends first is refused the same way
    const preflight = await http(server.url, 'OPTIONS', HTTP_ROUTES.pairingRedeem, {
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // nothing was consumed or created: the code still pairs exactly one device
    expect(await listDevices(server.url, owner.token)).toEqual([]);
    const ok = await http<RedeemResponse>(server.url, 'POST', HTTP_ROUTES.pairingRedeem, { body });
    expect(ok.status).toBe(200);
    expect((await listDevices(server.url, owner.token)).map((d) => d.deviceId)).toEqual([ok.body.deviceId]);
  });

  it('refuses signed-in routes from a foreign origin even with a valid token', async () => {
    const res = await http(server.url, 'GET', HTTP_ROUTES.me, {
      auth: `Bearer ${owner.token}`,
      headers: { origin: EVIL },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('serves its own origin and PUBLIC_URL, without CORS headers (none are needed)', async () => {
    for (const origin of [server.url, 'https://unknot.example.org']) {
      const res = await http(server.url, 'GET', HTTP_ROUTES.me, {
        auth: `Bearer ${owner.token}`,
        headers: { origin },
      });
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('refuses a socket from a foreign origin in the handshake, on websocket and polling', async () => {
    const dev = await pairDevice(server.url, owner.token);
    const before = (await server.services.store.getDevice(dev.deviceId))?.lastSeenAt;
    for (const transports of [['websocket'], ['polling']] as const) {
      expect(
        await refusedWith(server.url, deviceAuth(dev), {
          headers: { origin: EVIL },
          transports: [...transports],
        }),
      ).toMatchObject({ code: 'forbidden' });
      expect(
        await refusedWith(server.url, userAuth(owner.token, 'web-evil'), {
          headers: { origin: 'null' },
          transports: [...transports],
        }),
      ).toMatchObject({ code: 'forbidden' });
    }
    await server.services.devices.flushStats();
    expect((await server.services.store.getDevice(dev.deviceId))?.lastSeenAt).toBe(before);
    expect(await server.services.store.getDevice('web-evil')).toBeNull();

    // the same clients from the dashboard's origin, or with no Origin (Node), are admitted
    const own = await connectSync(server.url, userAuth(owner.token, 'web-own'), {
      headers: { origin: server.url },
    });
    expect((await own.push([sessionOp('web-own', 1)])).ok).toBe(true);
    const node = await connectSync(server.url, deviceAuth(dev));
    expect(node.ready.deviceId).toBe(dev.deviceId);
    own.close();
    node.close();
  });
});
