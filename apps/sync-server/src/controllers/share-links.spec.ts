import { randomBytes } from 'node:crypto';
import {
  addDays,
  epochAtLocal,
  HTTP_ROUTES,
  localDate,
  REPORT_ROUTES,
  type CreateShareLinkResponse,
  type SharedReportResponse,
  type ShareLinkList,
} from '@unknot/stretch-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOp } from '../../test/support/ops.js';
import {
  deviceAuth,
  http,
  loginOwner,
  pairDevice,
  refusedWith,
  startTestServer,
  type TestServer,
  userAuth,
} from '../../test/support/server.js';
import { ShareLinkService } from '../services/share-link.service.js';

const DAY = 86_400_000;
const reportPath = (token: string) => REPORT_ROUTES.report.replace(':token', token);
const linkPath = (id: string) => REPORT_ROUTES.shareLink.replace(':linkId', id);

describe('security: report share links', () => {
  let server: TestServer;
  let owner: { token: string; userId: string };
  let other: { token: string; userId: string };
  const today = localDate(Date.now(), 0);
  const range = { from: addDays(today, -6), to: today };
  let made: CreateShareLinkResponse;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await loginOwner(server);
    await server.services.store.ensureUser({
      userId: 'u-other',
      displayName: 'Other',
      email: null,
      createdAt: 1,
    });
    other = { userId: 'u-other', token: await server.tokenFor('u-other') };
    // two sessions pushed by a paired watch: 3 days and 1 day ago, at noon UTC (the plan: every day, UTC)
    const dev = await pairDevice(server.url, owner.token);
    const ops = [3, 1].map((ago, i) => {
      const startedAt = epochAtLocal(addDays(today, -ago), 12 * 60, 0);
      return sessionOp(dev.deviceId, i + 1, {
        startedAt,
        endedAt: startedAt + 5 * 60_000,
        timeZone: 'UTC',
        utcOffsetMinutes: 0,
      });
    });
    const push = await http(server.url, 'POST', HTTP_ROUTES.sync, {
      auth: `Device ${dev.deviceId}:${dev.secret}`,
      body: { protocolVersion: 2, ops, cursor: 0 },
    });
    expect(push.status).toBe(200);
    const res = await http<CreateShareLinkResponse>(server.url, 'POST', REPORT_ROUTES.shareLinks, {
      auth: `Bearer ${owner.token}`,
      body: range,
    });
    expect(res.status).toBe(201);
    made = res.body;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('makes a link of 32 random bytes, 30 days by default, shown once and stored only as a hash', async () => {
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.path).toBe(`/r/${made.token}`);
    expect(made.link).toMatchObject({
      range,
      status: 'active',
      lastOpenedAt: null,
      opens: 0,
      revokedAt: null,
    });
    expect(made.link.expiresAt - made.link.createdAt).toBe(30 * DAY);
    const list = await http<ShareLinkList>(server.url, 'GET', REPORT_ROUTES.shareLinks, {
      auth: `Bearer ${owner.token}`,
    });
    expect(list.body.links.map((l) => l.linkId)).toContain(made.link.linkId);
    expect(list.text).not.toContain(made.token);
    const stored = await server.services.store.shareLinks.list(owner.userId);
    expect(JSON.stringify(stored)).not.toContain(made.token);
  });

  it('opens the report signed out: that user, that range, computed by the core; never cached', async () => {
    const res = await http<SharedReportResponse>(server.url, 'GET', reportPath(made.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const r = res.body.report;
    expect(r.range).toEqual(range);
    // first day of use 3 days ago; planned (every day): −3, −2, −1 (today is open, not done); done −3, −1
    expect(r.adherence).toMatchObject({ plannedDays: 3, doneDays: 2, percent: 67, sessions: 2 });
    expect(r.sessions).toHaveLength(2);
    expect(res.body.expiresAt).toBe(made.link.expiresAt);
    const list = await http<ShareLinkList>(server.url, 'GET', REPORT_ROUTES.shareLinks, {
      auth: `Bearer ${owner.token}`,
    });
    const listed = list.body.links.find((l) => l.linkId === made.link.linkId);
    expect(listed?.opens).toBe(1);
    expect(listed?.lastOpenedAt).toBeGreaterThanOrEqual(made.link.createdAt);
  });

  it('refuses bad requests to make a link, and makes nothing', async () => {
    const before = (await server.services.store.shareLinks.list(owner.userId)).length;
    for (const body of [
      { from: '2026-02-30', to: '2026-03-01' },
      { from: today, to: addDays(today, -1) },
      { from: addDays(today, -400), to: today },
      { ...range, expiresInDays: 0 },
      { ...range, expiresInDays: 366 },
      { ...range, expiresInDays: '7' },
      [range],
    ]) {
      const res = await http(server.url, 'POST', REPORT_ROUTES.shareLinks, {
        auth: `Bearer ${owner.token}`,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'shareLinkInvalid' } });
    }
    for (const [method, path] of [
      ['POST', REPORT_ROUTES.shareLinks],
      ['GET', REPORT_ROUTES.shareLinks],
      ['DELETE', linkPath(made.link.linkId)],
    ] as const) {
      const res = await http(server.url, method, path, { body: method === 'POST' ? range : undefined });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    // a paired device's credential is not a user's
    const dev = await pairDevice(server.url, owner.token);
    const asDevice = await http(server.url, 'POST', REPORT_ROUTES.shareLinks, {
      auth: `Device ${dev.deviceId}:${dev.secret}`,
      body: range,
    });
    expect(asDevice.status).toBe(403);
    expect(await server.services.store.shareLinks.list(owner.userId)).toHaveLength(before);
  });

  it('refuses forged and malformed tokens as not known', async () => {
    const flipped = `${made.token.slice(0, -1)}${made.token.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [randomBytes(32).toString('base64url'), flipped, 'short', `${made.token}x`, '%00']) {
      const res = await http(server.url, 'GET', reportPath(encodeURIComponent(token)));
      expect(res.status, token).toBe(404);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'shareLinkNotFound' } });
    }
  });

  it('keeps a link to its owner: another account cannot list or revoke it', async () => {
    const theirs = await http<ShareLinkList>(server.url, 'GET', REPORT_ROUTES.shareLinks, {
      auth: `Bearer ${other.token}`,
    });
    expect(theirs.body.links).toEqual([]);
    const revoke = await http(server.url, 'DELETE', linkPath(made.link.linkId), {
      auth: `Bearer ${other.token}`,
    });
    expect(revoke.status).toBe(404);
    expect(revoke.body).toMatchObject({ error: { code: 'shareLinkNotFound' } });
    expect((await http(server.url, 'GET', reportPath(made.token))).status).toBe(200);
  });

  it('is no credential anywhere else: every other route and the socket refuse it', async () => {
    const routes = [
      ['GET', HTTP_ROUTES.me],
      ['GET', HTTP_ROUTES.devices],
      ['POST', HTTP_ROUTES.pairingCodes],
      ['GET', HTTP_ROUTES.export],
      ['POST', HTTP_ROUTES.sync],
      ['POST', HTTP_ROUTES.signOut],
      ['POST', HTTP_ROUTES.signOutEverywhere],
      ['DELETE', `${HTTP_ROUTES.devices}/x`],
      ['GET', REPORT_ROUTES.shareLinks],
      ['POST', REPORT_ROUTES.shareLinks],
      ['DELETE', linkPath(made.link.linkId)],
    ] as const;
    for (const [method, path] of routes)
      for (const auth of [
        `Bearer ${made.token}`,
        `Device ${made.token}:${made.token}`,
        `Device web-x:${made.token}`,
      ]) {
        const res = await http(server.url, method, path, {
          auth,
          body: method === 'POST' ? { protocolVersion: 2, cursor: 0, ...range } : undefined,
        });
        expect(res.status, `${method} ${path} ${auth.split(' ')[0]}`).toBe(401);
      }
    const login = await http(server.url, 'POST', HTTP_ROUTES.localLogin, {
      body: { loginToken: made.token },
    });
    expect(login.status).toBe(401);
    expect(await refusedWith(server.url, userAuth(made.token, 'web-abc'))).toMatchObject({
      code: 'unauthenticated',
    });
    expect(
      await refusedWith(server.url, deviceAuth({ deviceId: 'watch-x', secret: made.token })),
    ).toMatchObject({
      code: 'unauthenticated',
    });
    // still a report link, and still nothing more
    expect((await http(server.url, 'GET', reportPath(made.token))).status).toBe(200);
  });

  it('refuses a revoked link with its own code; revoking again changes nothing', async () => {
    const link = await http<CreateShareLinkResponse>(server.url, 'POST', REPORT_ROUTES.shareLinks, {
      auth: `Bearer ${owner.token}`,
      body: range,
    });
    const off = await http(server.url, 'DELETE', linkPath(link.body.link.linkId), {
      auth: `Bearer ${owner.token}`,
    });
    expect(off.status).toBe(200);
    const res = await http(server.url, 'GET', reportPath(link.body.token));
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'shareLinkRevoked' } });
    expect(JSON.stringify(res.body)).not.toContain('adherence');
    const again = await http(server.url, 'DELETE', linkPath(link.body.link.linkId), {
      auth: `Bearer ${owner.token}`,
    });
    expect(again.status).toBe(200);
    const listed = (await server.services.store.shareLinks.list(owner.userId)).find(
      (l) => l.linkId === link.body.link.linkId,
    );
    expect(listed?.opens).toBe(0);
  });

  it('refuses a link past its expiry (server time moved on)', async () => {
    const link = await http<CreateShareLinkResponse>(server.url, 'POST', REPORT_ROUTES.shareLinks, {
      auth: `Bearer ${owner.token}`,
      body: { ...range, expiresInDays: 1 },
    });
    expect(link.body.link.expiresAt - link.body.link.createdAt).toBe(DAY);
    expect((await http(server.url, 'GET', reportPath(link.body.token))).status).toBe(200);
    const real = server.services.shareLinks;
    server.services.shareLinks = new ShareLinkService(server.services.store, server.services.snapshots, {
      now: () => Date.now() + DAY + 1000,
    });
    try {
      const res = await http(server.url, 'GET', reportPath(link.body.token));
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'shareLinkExpired' } });
      const list = await http<ShareLinkList>(server.url, 'GET', REPORT_ROUTES.shareLinks, {
        auth: `Bearer ${owner.token}`,
      });
      expect(list.body.links.find((l) => l.linkId === link.body.link.linkId)?.status).toBe('expired');
    } finally {
      server.services.shareLinks = real;
    }
  });

  it('brakes the public route per client address', async () => {
    let t = 1_000_000;
    const svc = new ShareLinkService(server.services.store, server.services.snapshots, {
      now: () => t,
      openBurst: 3,
      openPerSecond: 0.5,
    });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await svc.open('x'.repeat(43), '10.0.0.1');
      codes.push('code' in r ? r.code : 'ok');
    }
    expect(codes).toEqual(['shareLinkNotFound', 'shareLinkNotFound', 'shareLinkNotFound', 'rateLimited']);
    // another address is not braked; two seconds later one more try is allowed
    expect(await svc.open('x'.repeat(43), '10.0.0.2')).toMatchObject({ code: 'shareLinkNotFound' });
    t += 2000;
    expect(await svc.open('x'.repeat(43), '10.0.0.1')).toMatchObject({ code: 'shareLinkNotFound' });
  });
});
